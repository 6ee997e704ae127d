"""Word lists and composers for generated Chinese enterprise and person
names, credit codes and mobile numbers. Every list is written for the
benchmark; none is taken from a real register."""

import random

from stdnum.cn import uscc

# Distinctive two-character brand names are composed from these.
BRAND_SYLLABLES = (
    "宏远鑫达华盛顺通恒泰金源兴隆瑞丰永安昌明海天信诚嘉利荣发新立博福佳和"
    "振长联正中建伟豪大东方益宝汇合润晟鼎祥凯旭峰阳光辉锦程"
)

INDUSTRY_WORDS = {
    "coal-mining": ["煤业", "煤矿", "矿业"],
    "non-coal-mining": ["矿业", "石材开采", "采石", "石英砂矿"],
    "hazardous-chemicals": ["危化品储运", "化工", "石化", "化学品贸易", "燃气"],
    "fireworks": ["烟花爆竹", "花炮", "烟花制造"],
    "transport": ["物流", "运输", "货运", "客运", "港口装卸"],
    "construction": ["建筑工程", "建设集团", "建工", "市政工程", "路桥工程"],
    "civil-explosives": ["民爆器材", "爆破工程"],
    "metal-smelting": ["金属制品", "冶金", "铸造", "钢铁", "不锈钢"],
    "fishery": ["渔业", "水产", "远洋渔业", "海洋捕捞"],
}

# Share of insured enterprises per industry and region (relative weights).
INDUSTRY_WEIGHTS = {
    "construction": 30,
    "transport": 18,
    "hazardous-chemicals": 15,
    "metal-smelting": 12,
    "non-coal-mining": 8,
    "fishery": 7,
    "fireworks": 4,
    "coal-mining": 4,
    "civil-explosives": 2,
}
REGION_WEIGHTS = {
    "350582": 20,
    "350583": 14,
    "350521": 12,
    "350581": 10,
    "350524": 9,
    "350503": 8,
    "350502": 7,
    "350505": 7,
    "350504": 5,
    "350525": 4,
    "350526": 4,
}

COMPANY_SUFFIXES = ["有限公司"] * 14 + ["股份有限公司"] * 3 + ["有限责任公司"] * 3

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾蔡潘田董袁"
GIVEN_SYLLABLES = "建国华明丽娟志强海峰秀英文斌晓东伟芳军红玉兰俊杰静怡思远家豪春梅"

INSURER_PREFIXES = [
    "安信",
    "闽安",
    "泰平",
    "华盛",
    "中联",
    "永安",
    "鼎和",
    "众诚",
    "长江",
    "东海",
    "海峡",
    "民丰",
    "锦泰",
    "信达",
    "恒邦",
    "金盛",
    "瑞和",
    "富邦",
    "兴业",
    "润福",
]

SERVICE_WORDS = ["安全技术服务", "安全生产技术咨询", "安全评价", "应急技术服务"]

CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
MOBILE_PREFIXES = ["13", "15", "18", "17", "19", "14", "16"]


def brand(rng: random.Random) -> str:
    first, second = rng.sample(BRAND_SYLLABLES, 2)
    return first + second


def enterprise_name(
    rng: random.Random, *, place: str, industry_code: str, brand_name: str
) -> str:
    """Return a name such as 晋江宏远建筑工程有限公司."""
    words = INDUSTRY_WORDS.get(industry_code, ["实业"])
    return place + brand_name + rng.choice(words) + rng.choice(COMPANY_SUFFIXES)


def place_name(region_name: str) -> str:
    """Return the place part of a name: 晋江 for 晋江市."""
    return region_name[:-1] if len(region_name) > 2 else region_name


def address(rng: random.Random, region_name: str) -> str:
    return f"{region_name}{brand(rng)}路{rng.randrange(1, 999)}号"


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choices(GIVEN_SYLLABLES, k=rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**9):09d}"


def credit_code(serial: int, region_code: str, rng: random.Random) -> str:
    """Return a unified social credit code, unique per ``serial`` (below
    10**8), whose check digit is right."""
    scrambled = (serial * 7_919 + 104_729) % 10**8
    body = f"91{region_code}{scrambled:08d}{rng.choice(CODE_ALPHABET)}"
    return body + uscc.calc_check_digit(body)
