"""Orders at every step, moved through the workflow as users would."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from orders import workflow
from orders.models import OrderState
from roles.services import create_role
from tests.factories import InsurerStaffFactory
from tests.factories.orders import pdf_upload


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": None},
        },
    }
    return tmp_path / "media"


@pytest.fixture
def media_root(_media_in_tmp):
    return _media_in_tmp


def staff_with(insurer, *perms, username=None):
    role = create_role(
        insurer=insurer, name=f"角色{uuid.uuid4().hex[:8]}", perms={*perms}
    )
    kwargs = {"username": username} if username else {}
    return InsurerStaffFactory(insurer=insurer, roles=[role], **kwargs)


def terms_for(enterprise, **changes) -> workflow.QuoteTerms:
    start = timezone.localdate() + datetime.timedelta(days=10)
    values = {
        "premium": Decimal("20000.00"),
        "rate": Decimal("2.5"),
        "death_limit_per_person": Decimal("500000.00"),
        "medical_limit_per_person": Decimal("50000.00"),
        "headcount": enterprise.employee_count,
        "period_start": start,
        "period_end": start + datetime.timedelta(days=364),
        "service_items": "隐患排查、安全培训",
        "planned_visits": 4,
        "prevention_budget": Decimal("4000.00"),
        "valid_until": timezone.localdate() + datetime.timedelta(days=30),
        "note": "",
    }
    values.update(changes)
    return workflow.QuoteTerms(**values)


def apply(enterprise_user, insurer):
    return workflow.apply_for_cover(
        user=enterprise_user,
        insurer=insurer,
        cover=workflow.CoverRequest(
            headcount=enterprise_user.enterprise.employee_count,
            death_limit=Decimal("500000"),
            start=timezone.localdate() + datetime.timedelta(days=10),
        ),
    )


def advance(order, state, *, staff, enterprise_user):
    """Move an online order through the workflow until it reaches ``state``."""
    steps = {
        OrderState.AWAITING_QUOTE: None,
        OrderState.QUOTED: lambda o: workflow.quote_order(
            order=o, user=staff, terms=terms_for(o.enterprise), expected_version=None
        ),
        OrderState.QUOTE_ACCEPTED: lambda o: workflow.accept_quote(
            order=o, user=enterprise_user, quote_version=o.current_quote.version
        ),
        OrderState.AWAITING_PAYMENT: lambda o: workflow.upload_payment_notice(
            order=o,
            user=staff,
            file=pdf_upload("notice.pdf"),
            amount_due=Decimal("20000.00"),
            payee_account="6222000011112222",
            due_on=timezone.localdate() + datetime.timedelta(days=7),
            expected_version=None,
        ),
        OrderState.PAYMENT_SUBMITTED: lambda o: workflow.submit_payment(
            order=o,
            user=enterprise_user,
            file=pdf_upload("proof.pdf"),
            amount_paid=Decimal("20000.00"),
            payer_account="6222000033334444",
            bank_serial=f"SN{o.pk:08d}",
            paid_on=timezone.localdate(),
            expected_version=None,
        ),
        OrderState.AWAITING_ISSUANCE: lambda o: workflow.approve_payment(
            order=o, user=staff, expected_version=None
        ),
        OrderState.ISSUED: lambda o: workflow.issue_letter(
            order=o,
            user=staff,
            policy_number=f"PN{o.pk:08d}",
            issued_on=timezone.localdate(),
            e_policy=pdf_upload("policy.pdf"),
            invoice=pdf_upload("invoice.pdf"),
            expected_version=None,
        ),
    }
    for step_state, step in steps.items():
        order.refresh_from_db()
        if order.state == state:
            return order
        if step is not None and _comes_after(step_state, order.state):
            step(order)
    order.refresh_from_db()
    assert order.state == state
    return order


ONLINE_ORDER = [
    OrderState.AWAITING_QUOTE,
    OrderState.QUOTED,
    OrderState.QUOTE_ACCEPTED,
    OrderState.AWAITING_PAYMENT,
    OrderState.PAYMENT_SUBMITTED,
    OrderState.AWAITING_ISSUANCE,
    OrderState.ISSUED,
]


def _comes_after(state, current) -> bool:
    return ONLINE_ORDER.index(state) == ONLINE_ORDER.index(current) + 1


@pytest.fixture
def order_a(admin_a, enterprise_user):
    """An online order of enterprise_user to insurer A, awaiting its quote."""
    return apply(enterprise_user, admin_a.insurer)


@pytest.fixture
def order_at(admin_a, enterprise_user):
    """Build an online order of insurer A at the state given."""

    def build(state):
        order = apply(enterprise_user, admin_a.insurer)
        return advance(order, state, staff=admin_a, enterprise_user=enterprise_user)

    return build
