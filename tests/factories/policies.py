import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from orders.models import OrderState
from policies.models import (
    Hazard,
    HazardLevel,
    Policy,
    ServiceOrganization,
    ServiceVisit,
    VisitKind,
    next_visit_due,
)

from .insurers import RegionFactory
from .orders import OrderFactory


class ServiceOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceOrganization

    name = factory.Sequence(lambda n: f"测试安全技术服务有限公司{n}")
    code = factory.Sequence(lambda n: f"SO-{n:04d}")
    region = factory.SubFactory(RegionFactory)
    contact_name = "李四"
    contact_mobile = factory.Sequence(lambda n: f"137{n:08d}")


class PolicyFactory(factory.django.DjangoModelFactory):
    """A policy on an issued order of the same insurer and enterprise."""

    class Meta:
        model = Policy

    order = factory.SubFactory(OrderFactory, state=OrderState.ISSUED)
    insurer = factory.SelfAttribute("order.insurer")
    enterprise = factory.SelfAttribute("order.enterprise")
    number = factory.Sequence(lambda n: f"PAQ{n:010d}")
    period_start = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=1)
    )
    period_end = factory.LazyAttribute(
        lambda o: o.period_start + datetime.timedelta(days=364)
    )
    premium = Decimal("20000.00")
    death_limit_per_person = Decimal("500000.00")
    medical_limit_per_person = Decimal("50000.00")
    headcount = factory.SelfAttribute("order.headcount")
    service_items = "隐患排查、安全培训"
    planned_visits = 4
    prevention_budget = Decimal("4000.00")
    issued_on = factory.LazyFunction(timezone.localdate)
    next_visit_due_on = factory.LazyAttribute(
        lambda o: next_visit_due(
            period_start=o.period_start,
            period_end=o.period_end,
            planned=o.planned_visits,
            done=o.visits_done,
        )
    )
    visits_done = 0


class ActivePolicyFactory(PolicyFactory):
    """A policy in force since 100 days."""

    period_start = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=100)
    )
    issued_on = factory.LazyAttribute(
        lambda o: o.period_start - datetime.timedelta(days=1)
    )


class ServiceVisitFactory(factory.django.DjangoModelFactory):
    """A visit of the policy's own organization, inside its period."""

    class Meta:
        model = ServiceVisit

    policy = factory.SubFactory(
        ActivePolicyFactory,
        service_organization=factory.SubFactory(ServiceOrganizationFactory),
    )
    organization = factory.SelfAttribute("policy.service_organization")
    visited_on = factory.LazyAttribute(lambda o: o.policy.period_start)
    kind = VisitKind.HAZARD_INSPECTION
    staff = "王工"
    summary = "检查了仓库和消防设施。"
    recorded_by = factory.SubFactory(
        "tests.factories.accounts.ServiceAccountFactory",
        service_organization=factory.SelfAttribute("..organization"),
    )


class HazardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hazard

    visit = factory.SubFactory(ServiceVisitFactory)
    description = "消防通道堆放杂物"
    level = HazardLevel.GENERAL
    deadline = factory.LazyAttribute(
        lambda o: o.visit.visited_on + datetime.timedelta(days=15)
    )
