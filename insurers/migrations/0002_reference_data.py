"""Seed the high-risk industries named by the 2025 implementing measures,
Quanzhou's districts and counties, and the platform-wide default rule set."""

import datetime
from decimal import Decimal

from django.db import migrations

INDUSTRIES = [
    ("coal-mining", "煤矿"),
    ("non-coal-mining", "非煤矿山"),
    ("hazardous-chemicals", "危险化学品"),
    ("fireworks", "烟花爆竹"),
    ("transport", "交通运输"),
    ("construction", "建筑施工"),
    ("civil-explosives", "民用爆炸物品"),
    ("metal-smelting", "金属冶炼"),
    ("fishery", "渔业生产"),
]

REGIONS = [
    ("350502", "鲤城区"),
    ("350503", "丰泽区"),
    ("350504", "洛江区"),
    ("350505", "泉港区"),
    ("350521", "惠安县"),
    ("350524", "安溪县"),
    ("350525", "永春县"),
    ("350526", "德化县"),
    ("350581", "石狮市"),
    ("350582", "晋江市"),
    ("350583", "南安市"),
]


def seed(apps, schema_editor):
    Industry = apps.get_model("insurers", "Industry")
    Region = apps.get_model("insurers", "Region")
    RuleSet = apps.get_model("insurers", "RuleSet")
    for order, (code, name) in enumerate(INDUSTRIES):
        Industry.objects.update_or_create(
            code=code, defaults={"name": name, "display_order": order}
        )
    for code, name in REGIONS:
        Region.objects.update_or_create(code=code, defaults={"name": name})
    RuleSet.objects.get_or_create(
        region=None,
        effective_from=datetime.date(2025, 1, 1),
        defaults={
            "name": "安责险实施办法（2025）默认规则",
            "min_death_limit_per_person": Decimal("400000"),
            "max_prevention_share": Decimal("21"),
            "max_period_months": 12,
            "max_commission_share": Decimal("5"),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("insurers", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
