import factory
from stdnum.cn import uscc

from insurers.models import Enterprise, Industry, Insurer, Region


def valid_credit_code(n: int) -> str:
    body = f"91350500{n:08d}Y"
    return body + uscc.calc_check_digit(body)


class InsurerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Insurer
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"测试财产保险公司{n}")
    short_name = factory.Sequence(lambda n: f"测试{n}")
    slug = factory.Sequence(lambda n: f"insurer-{n}")
    brand_colour = "#336699"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = "350503"
    name = "丰泽区"


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ["code"]

    code = "construction"
    name = "建筑施工"


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业有限公司{n}")
    credit_code = factory.Sequence(valid_credit_code)
    industry = factory.SubFactory(IndustryFactory)
    region = factory.SubFactory(RegionFactory)
    address = "测试路1号"
    contact_name = "张三"
    contact_mobile = factory.Sequence(lambda n: f"138{n:08d}")
    employee_count = 50
