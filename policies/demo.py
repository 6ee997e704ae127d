"""Demo policies in every status, some served with visits, some not.

The orders demo issues today's policies through the workflow; these are
offline orders issued in the past, written through the models with their
documents, so that the policy screens have a year of history to show.
Idempotent: a policy number that exists is left alone.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Side, User
from insurers.demo import ENTERPRISES, SERVICE_ORGANIZATIONS, credit_code
from insurers.models import Enterprise, Insurer
from orders.demo import demo_pdf
from orders.models import (
    Action,
    Document,
    DocumentKind,
    Order,
    OrderEvent,
    OrderSource,
    OrderState,
)
from orders.uploads import PDF_ONLY, validate_upload

from . import services
from .models import (
    HazardLevel,
    Policy,
    PolicyEventKind,
    ServiceOrganization,
    VisitKind,
)

LOGINS = []

# insurer slug, enterprise index, days since the start, period days,
# organization index (None: not assigned), visits done
POLICIES = [
    ("anxin", 0, 120, 365, 0, 2),  # in force, on plan
    ("anxin", 1, 200, 365, 0, 0),  # in force, behind plan
    ("anxin", 2, 345, 365, 1, 4),  # expiring soon, served
    ("anxin", 3, 60, 365, None, 0),  # in force, nobody serves it
    ("anxin", 4, -5, 365, None, 0),  # not yet in force
    ("anxin", 5, 400, 365, 0, 3),  # expired
    ("minan", 6, 90, 365, 1, 1),  # in force, served
    ("minan", 0, 30, 365, None, 0),  # in force, nobody serves it
    ("taiping", 1, 10, 365, 1, 0),  # in force, just assigned
]

VISIT_KINDS = [
    VisitKind.HAZARD_INSPECTION,
    VisitKind.TRAINING,
    VisitKind.RISK_ASSESSMENT,
    VisitKind.EMERGENCY_DRILL,
]


def seed(stdout) -> None:
    today = timezone.localdate()
    created = 0
    for serial, row in enumerate(POLICIES, start=1):
        slug, enterprise_index, since, days, organization_index, visits = row
        insurer = Insurer.objects.get(slug=slug)
        number = f"P{slug.upper()[:2]}{today.year}{serial:06d}"
        if Policy.objects.filter(insurer=insurer, number=number).exists():
            continue
        start = today - datetime.timedelta(days=since)
        policy = _issued_policy(
            insurer, _enterprise(enterprise_index), number, serial, start, days
        )
        if organization_index is not None:
            _serve(policy, organization_index, visits)
        _backdate(policy)
        created += 1
    stdout.write(f"Demo policies: {created} created.")


def _enterprise(index: int) -> Enterprise:
    region = ENTERPRISES[index][2]
    return Enterprise.objects.get(credit_code=credit_code(index + 1, region))


def _issued_policy(insurer, enterprise, number, serial, start, days) -> Policy:
    admin = User.objects.get(username=f"{insurer.slug}_admin")
    issued_on = start - datetime.timedelta(days=3)
    order = Order.objects.create(
        number=f"DM{issued_on:%Y%m%d}{serial:05d}",
        insurer=insurer,
        enterprise=enterprise,
        source=OrderSource.OFFLINE,
        state=OrderState.ISSUED,
        headcount=enterprise.employee_count,
        policy_number=number,
        issued_on=issued_on,
        created_by=admin,
    )
    for action, from_state, to_state in [
        (Action.CREATE_OFFLINE, "", OrderState.OFFLINE_PENDING),
        (Action.SUPPLEMENTARY_ENTRY, OrderState.OFFLINE_PENDING, OrderState.ISSUED),
    ]:
        OrderEvent.objects.create(
            order=order,
            actor=admin,
            actor_name=admin.display_name,
            action=action,
            from_state=from_state,
            to_state=to_state,
        )
    _attach_documents(order, admin)
    premium = Decimal(enterprise.employee_count * 150)
    return services.create_policy(
        order=order,
        number=number,
        period_start=start,
        period_end=start + datetime.timedelta(days=days - 1),
        premium=premium,
        death_limit_per_person=Decimal("500000"),
        medical_limit_per_person=Decimal("50000"),
        headcount=enterprise.employee_count,
        service_items="隐患排查、安全培训、风险评估、应急演练",
        planned_visits=4,
        prevention_budget=(premium * Decimal("0.2")).quantize(Decimal("1")),
        issued_on=issued_on,
    )


def _attach_documents(order: Order, admin: User) -> None:
    for kind, title in [
        (DocumentKind.E_POLICY, "E-policy"),
        (DocumentKind.INVOICE, "Invoice"),
        (DocumentKind.CONTRACT, "Contract"),
    ]:
        file = demo_pdf(f"{title} {order.policy_number}")
        info = validate_upload(file, allow=PDF_ONLY)
        document = Document(
            order=order,
            insurer=order.insurer,
            kind=kind,
            original_name=f"{title}-{order.policy_number}.pdf",
            content_type=info.content_type,
            size=info.size,
            sha256=info.sha256,
            page_count=info.page_count,
            uploaded_by=admin,
        )
        document.file.save(document.original_name, file, save=False)
        document.save()


def _serve(policy: Policy, organization_index: int, visits: int) -> None:
    code = SERVICE_ORGANIZATIONS[organization_index][1]
    organization = ServiceOrganization.objects.get(code=code)
    admin = User.objects.get(username=f"{policy.insurer.slug}_admin")
    services.assign_service_organization(
        policy=policy, organization=organization, actor=admin
    )
    staff = User.objects.get(username=f"service_demo{organization_index + 1}")
    period_days = (policy.period_end - policy.period_start).days
    for index in range(visits):
        visited_on = policy.period_start + datetime.timedelta(
            days=10 + index * period_days // 4
        )
        visit = services.record_visit(
            policy=policy,
            organization=organization,
            actor=staff,
            visited_on=min(visited_on, timezone.localdate()),
            kind=VISIT_KINDS[index % len(VISIT_KINDS)],
            staff=f"{staff.real_name}、陈工",
            summary="检查生产现场、仓库与消防设施，核对安全管理台账。",
            hazards=_hazards(visited_on) if index == 0 else [],
        )
        if index < visits - 1:
            _confirm(visit)


def _backdate(policy: Policy) -> None:
    """Put the order's timeline and the assignment at the issue date, as if
    they had happened then; the rows were written today."""
    issued_at = timezone.make_aware(
        datetime.datetime.combine(policy.issued_on, datetime.time(10))
    )
    policy.order.events.update(created_at=issued_at)
    policy.assignments.update(created_at=issued_at)
    policy.events.filter(kind=PolicyEventKind.ASSIGNED).update(created_at=issued_at)
    Policy.objects.filter(pk=policy.pk, assigned_at__isnull=False).update(
        assigned_at=issued_at
    )


def _hazards(visited_on: datetime.date) -> list[dict]:
    return [
        {
            "description": "消防通道堆放杂物，影响疏散",
            "level": HazardLevel.MAJOR,
            "deadline": visited_on + datetime.timedelta(days=15),
            "rectified": True,
            "rectified_on": visited_on + datetime.timedelta(days=9),
        },
        {
            "description": "配电箱未张贴警示标识",
            "level": HazardLevel.GENERAL,
            "deadline": visited_on + datetime.timedelta(days=30),
            "rectified": False,
            "rectified_on": None,
        },
    ]


def _confirm(visit) -> None:
    """Confirm by an account of the enterprise, when it has one."""
    account = User.objects.filter(
        side=Side.ENTERPRISE, enterprise=visit.policy.enterprise
    ).first()
    if account is not None:
        services.confirm_visit(visit=visit, actor=account)
