"""Demo data of the platform's reference data and of an account per side.

Every demo account has the password ``DEMO_PASSWORD``. Each function is
idempotent: it finds what an earlier run made and leaves it alone.
"""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont
from stdnum.cn import uscc

from accounts.models import Side, User
from policies.models import ServiceOrganization
from roles.services import ensure_administrator_role

from .models import Enterprise, Industry, Insurer, Region

DEMO_PASSWORD = "demo12345"  # noqa: S105 - documented demo password

INSURERS = [
    # slug, name, short name, colour, initials
    ("anxin", "安信财产保险股份有限公司", "安信财险", "#c0392b", "AX"),
    ("minan", "闽安财产保险股份有限公司", "闽安保险", "#1f6feb", "MA"),
    ("taiping", "泰平财产保险股份有限公司", "泰平财险", "#16825d", "TP"),
]

ENTERPRISES = [
    # name, industry code, region code, employees, contact, mobile
    (
        "泉州顺达危化品储运有限公司",
        "hazardous-chemicals",
        "350505",
        86,
        "陈建华",
        "13805951001",
    ),
    (
        "晋江宏远建筑工程有限公司",
        "construction",
        "350582",
        240,
        "林志强",
        "13905952002",
    ),
    ("安溪金岭矿业有限公司", "non-coal-mining", "350524", 132, "王海峰", "13705953003"),
    ("德化瑞丰烟花爆竹有限公司", "fireworks", "350526", 45, "黄丽娟", "15805954004"),
    ("石狮海通渔业有限公司", "fishery", "350581", 60, "蔡明辉", "13605955005"),
    (
        "南安鑫达金属制品有限公司",
        "metal-smelting",
        "350583",
        178,
        "郑国荣",
        "18805956006",
    ),
    ("丰泽捷运物流有限公司", "transport", "350503", 95, "许文斌", "13305957007"),
]

SERVICE_ORGANIZATIONS = [
    ("泉州安评安全技术服务有限公司", "QZ-AP-001", "350503", "吴晓东", "13905958101"),
    (
        "福建闽泰安全生产技术咨询有限公司",
        "FJ-MT-002",
        "350582",
        "李秀英",
        "13805958202",
    ),
]


LOGINS = [
    *(
        (f"{slug}_admin", "保险端", short, "管理员，全部权限")
        for slug, _n, short, _c, _i in INSURERS
    ),
    ("enterprise_demo", "企业端", ENTERPRISES[0][0], "投保、确认报价、上传付款凭证"),
    (
        "service_demo1",
        "服务机构端",
        SERVICE_ORGANIZATIONS[0][0],
        "查看指派保单、记录检查",
    ),
    (
        "service_demo2",
        "服务机构端",
        SERVICE_ORGANIZATIONS[1][0],
        "查看指派保单、记录检查",
    ),
    ("regulator_demo", "监管端", "泉州市应急管理局", "只读统计"),
]


def credit_code(serial: int, region_code: str) -> str:
    """Return a well-formed unified social credit code for a demo company."""
    body = f"91{region_code}{serial:08d}X"
    return body + uscc.calc_check_digit(body)


def make_logo(initials: str, colour: str) -> bytes:
    """Draw a square PNG logo: white initials on the brand colour."""
    image = Image.new("RGB", (160, 160), colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=72)
    draw.text((80, 80), initials, fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def account(username: str, **fields) -> User:
    """Return the demo account ``username``, creating it the first time."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, **fields)
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def seed_insurers() -> list[Insurer]:
    insurers = []
    for position, (slug, name, short, colour, initials) in enumerate(INSURERS):
        insurer, created = Insurer.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "short_name": short,
                "brand_colour": colour,
                "display_order": position,
            },
        )
        if not insurer.logo:
            insurer.logo.save(f"{slug}.png", ContentFile(make_logo(initials, colour)))
        admin_role = ensure_administrator_role(insurer=insurer)
        admin = account(
            f"{slug}_admin",
            real_name=f"{short}管理员",
            mobile=f"1390000{position:04d}",
            side=Side.INSURER,
            insurer=insurer,
        )
        admin.groups.add(admin_role.group)
        insurers.append(insurer)
    return insurers


def seed_enterprises() -> list[Enterprise]:
    industries = {i.code: i for i in Industry.objects.all()}
    regions = {r.code: r for r in Region.objects.all()}
    enterprises = []
    for serial, row in enumerate(ENTERPRISES, start=1):
        name, industry, region, employees, contact, mobile = row
        enterprise, _ = Enterprise.objects.get_or_create(
            credit_code=credit_code(serial, region),
            defaults={
                "name": name,
                "industry": industries[industry],
                "region": regions[region],
                "address": f"{regions[region].name}工业路{serial}号",
                "contact_name": contact,
                "contact_mobile": mobile,
                "employee_count": employees,
            },
        )
        enterprises.append(enterprise)
    account(
        "enterprise_demo",
        real_name=enterprises[0].contact_name,
        mobile=enterprises[0].contact_mobile,
        side=Side.ENTERPRISE,
        enterprise=enterprises[0],
    )
    return enterprises


def seed_service_organizations() -> list[ServiceOrganization]:
    regions = {r.code: r for r in Region.objects.all()}
    organizations = []
    for position, (name, code, region, contact, mobile) in enumerate(
        SERVICE_ORGANIZATIONS, start=1
    ):
        organization, _ = ServiceOrganization.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "region": regions[region],
                "contact_name": contact,
                "contact_mobile": mobile,
                "qualification": "安全生产技术服务机构乙级资质",
            },
        )
        account(
            f"service_demo{position}",
            real_name=contact,
            mobile=mobile,
            side=Side.SERVICE,
            service_organization=organization,
        )
        organizations.append(organization)
    return organizations


def seed(stdout) -> None:
    seed_insurers()
    seed_enterprises()
    seed_service_organizations()
    account("regulator_demo", real_name="泉州市应急管理局", side=Side.REGULATOR)
    stdout.write("Reference data, insurers and an account per side are ready.")
