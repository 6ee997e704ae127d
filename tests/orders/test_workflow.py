"""Every move of the workflow, allowed and refused, by state and permission."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from orders import workflow
from orders.models import Action, DocumentKind, OrderSource, OrderState, QuoteStatus
from policies.models import Policy
from sms.models import SmsMessage
from tests.factories import EnterpriseAccountFactory, EnterpriseFactory
from tests.factories.orders import pdf_upload

from .conftest import ONLINE_ORDER, advance, apply, staff_with, terms_for

S = OrderState
pytestmark = pytest.mark.django_db


def last_event(order):
    return order.events.order_by("-id").first()


# The table ---------------------------------------------------------------


def test_every_move_names_a_known_permission_and_states():
    from django.contrib.auth.models import Permission

    codenames = set(
        Permission.objects.filter(content_type__app_label="orders").values_list(
            "codename", flat=True
        )
    )
    for move in workflow.MOVES:
        assert set(move.sources) <= set(S.values)
        assert move.target in S.values
        if move.permission:
            assert move.permission.split(".")[1] in codenames


def test_online_journey_writes_one_event_per_move_with_its_actor(
    order_at, admin_a, enterprise_user
):
    order = order_at(S.ISSUED)

    events = list(order.events.order_by("id"))
    assert [e.action for e in events] == [
        Action.APPLY,
        Action.QUOTE,
        Action.ACCEPT_QUOTE,
        Action.UPLOAD_PAYMENT_NOTICE,
        Action.SUBMIT_PAYMENT,
        Action.APPROVE_PAYMENT,
        Action.ISSUE_LETTER,
    ]
    assert [e.to_state for e in events] == ONLINE_ORDER
    assert [e.from_state for e in events[1:]] == ONLINE_ORDER[:-1]
    actors = {e.action: e.actor for e in events}
    assert actors[Action.QUOTE] == admin_a
    assert actors[Action.SUBMIT_PAYMENT] == enterprise_user
    assert events[1].actor_name == admin_a.display_name
    assert order.version == 6


def test_issue_creates_the_policy_and_queues_the_sms(order_at, admin_a):
    order = order_at(S.ISSUED)

    policy = Policy.objects.get(order=order)
    assert policy.number == order.policy_number
    assert policy.insurer == admin_a.insurer
    assert policy.premium == order.current_quote.premium
    templates = list(
        SmsMessage.objects.filter(order=order)
        .order_by("id")
        .values_list("template", flat=True)
    )
    assert templates == ["quote_ready", "payment_notice", "letter_issued"]
    letter = SmsMessage.objects.get(order=order, template="letter_issued")
    assert letter.mobile == order.enterprise.contact_mobile
    assert letter.policy == policy
    assert letter.params == {
        "insurer": admin_a.insurer.short_name,
        "policy_number": order.policy_number,
    }
    kinds = set(order.documents.values_list("kind", flat=True))
    assert kinds == {
        DocumentKind.PAYMENT_NOTICE,
        DocumentKind.PAYMENT_PROOF,
        DocumentKind.E_POLICY,
        DocumentKind.INVOICE,
    }


def test_order_numbers_are_readable_and_sequential(order_a, enterprise_user, admin_a):
    second = apply(enterprise_user, admin_a.insurer)
    today = timezone.localdate().strftime("%Y%m%d")

    assert order_a.number == f"AZ{today}00001"
    assert second.number == f"AZ{today}00002"


# Refusals by state --------------------------------------------------------


MOVES_FROM = {
    Action.QUOTE: S.AWAITING_QUOTE,
    Action.UPLOAD_PAYMENT_NOTICE: S.QUOTE_ACCEPTED,
    Action.APPROVE_PAYMENT: S.PAYMENT_SUBMITTED,
    Action.REJECT_PAYMENT: S.PAYMENT_SUBMITTED,
    Action.ISSUE_LETTER: S.AWAITING_ISSUANCE,
}


def staff_move(action, order, user):
    calls = {
        Action.QUOTE: lambda: workflow.quote_order(
            order=order,
            user=user,
            terms=terms_for(order.enterprise),
            expected_version=None,
        ),
        Action.UPLOAD_PAYMENT_NOTICE: lambda: workflow.upload_payment_notice(
            order=order,
            user=user,
            file=pdf_upload(),
            amount_due=Decimal("1"),
            payee_account="622200001111",
            due_on=timezone.localdate(),
            expected_version=None,
        ),
        Action.APPROVE_PAYMENT: lambda: workflow.approve_payment(
            order=order, user=user, expected_version=None
        ),
        Action.REJECT_PAYMENT: lambda: workflow.reject_payment(
            order=order, user=user, reason="金额不符", expected_version=None
        ),
        Action.ISSUE_LETTER: lambda: workflow.issue_letter(
            order=order,
            user=user,
            policy_number="PX0001",
            issued_on=timezone.localdate(),
            e_policy=pdf_upload(),
            invoice=pdf_upload(),
            expected_version=None,
        ),
    }
    return calls[action]()


WRONG_STATES = [
    (action, state)
    for action in MOVES_FROM
    for state in (S.AWAITING_QUOTE, S.QUOTE_ACCEPTED, S.PAYMENT_SUBMITTED, S.ISSUED)
    if MOVES_FROM[action] != state
]


@pytest.mark.parametrize(("action", "state"), WRONG_STATES)
def test_staff_moves_are_refused_from_a_wrong_state(
    order_at, admin_a, media_root, action, state
):
    order = order_at(state)
    events = order.events.count()
    files = sorted(p.name for p in media_root.rglob("*") if p.is_file())

    with pytest.raises(workflow.WrongState) as refused:
        staff_move(action, order, admin_a)

    order.refresh_from_db()
    assert order.state == state
    assert order.events.count() == events
    assert sorted(p.name for p in media_root.rglob("*") if p.is_file()) == files
    assert order.number in refused.value.message


@pytest.mark.parametrize(
    ("action", "perm"),
    [
        (Action.QUOTE, "orders.quote_order"),
        (Action.UPLOAD_PAYMENT_NOTICE, "orders.upload_payment_notice"),
        (Action.APPROVE_PAYMENT, "orders.review_payment"),
        (Action.REJECT_PAYMENT, "orders.review_payment"),
        (Action.ISSUE_LETTER, "orders.issue_letter"),
    ],
)
def test_staff_moves_need_their_permission(order_at, admin_a, action, perm):
    order = order_at(MOVES_FROM[action])
    everything_else = staff_with(
        admin_a.insurer,
        *{
            "orders.view_order",
            "orders.quote_order",
            "orders.upload_payment_notice",
            "orders.review_payment",
            "orders.issue_letter",
        }
        - {perm},
    )
    with pytest.raises(workflow.NotAllowed):
        staff_move(action, order, everything_else)

    allowed = staff_with(admin_a.insurer, "orders.view_order", perm)
    staff_move(action, order, allowed)
    assert last_event(order).actor == allowed


def test_staff_of_another_insurer_cannot_move_the_order(order_a, admin_b):
    with pytest.raises(workflow.NotAllowed):
        staff_move(Action.QUOTE, order_a, admin_b)
    order_a.refresh_from_db()
    assert order_a.state == S.AWAITING_QUOTE


def test_another_enterprise_cannot_answer_the_quote(order_at):
    order = order_at(S.QUOTED)
    stranger = EnterpriseAccountFactory()
    with pytest.raises(workflow.NotAllowed):
        workflow.accept_quote(order=order, user=stranger, quote_version=1)


def test_a_second_click_is_refused_and_writes_nothing(order_at, admin_a):
    order = order_at(S.PAYMENT_SUBMITTED)
    workflow.approve_payment(order=order, user=admin_a, expected_version=order.version)

    with pytest.raises(workflow.WrongState):
        workflow.approve_payment(
            order=order, user=admin_a, expected_version=order.version
        )
    assert order.events.filter(action=Action.APPROVE_PAYMENT).count() == 1


def test_a_stale_form_is_refused(order_at, admin_a):
    order = order_at(S.AWAITING_PAYMENT)
    opened_on = order.version
    workflow.upload_payment_notice(
        order=order,
        user=admin_a,
        file=pdf_upload("second.pdf"),
        amount_due=Decimal("20000"),
        payee_account="622200001111",
        due_on=timezone.localdate(),
        expected_version=opened_on,
    )

    with pytest.raises(workflow.StaleOrder) as refused:
        workflow.upload_payment_notice(
            order=order,
            user=admin_a,
            file=pdf_upload("third.pdf"),
            amount_due=Decimal("20000"),
            payee_account="622200001111",
            due_on=timezone.localdate(),
            expected_version=opened_on,
        )
    assert "重新加载" in refused.value.message or "Reload" in refused.value.message


# Quote --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"death_limit_per_person": Decimal("300000")}, "400,000"),
        ({"headcount": 7}, "50"),
        ({"prevention_budget": Decimal("5000")}, "21%"),
        ({"period_end_days": 400}, "12"),
        ({"period_start_days": 0}, "出函次日"),
    ],
)
def test_a_quote_breaking_a_rule_names_it(order_a, admin_a, changes, rule):
    today = timezone.localdate()
    if "period_end_days" in changes:
        start = today + datetime.timedelta(days=10)
        changes = {"period_end": start + datetime.timedelta(days=400)}
    if "period_start_days" in changes:
        changes = {"period_start": today, "period_end": today + datetime.timedelta(300)}

    with pytest.raises(workflow.RuleBreach) as refused:
        workflow.quote_order(
            order=order_a,
            user=admin_a,
            terms=terms_for(order_a.enterprise, **changes),
            expected_version=None,
        )
    assert len(refused.value.breaches) == 1
    assert rule in refused.value.breaches[0]
    order_a.refresh_from_db()
    assert order_a.state == S.AWAITING_QUOTE


def test_rules_come_from_the_rule_set_in_force_for_the_region(order_a, admin_a):
    from insurers.models import RuleSet

    RuleSet.objects.create(
        name="丰泽区细则",
        region=order_a.enterprise.region,
        effective_from=timezone.localdate() - datetime.timedelta(days=1),
        min_death_limit_per_person=Decimal("600000"),
    )
    with pytest.raises(workflow.RuleBreach) as refused:
        workflow.quote_order(
            order=order_a,
            user=admin_a,
            terms=terms_for(order_a.enterprise),
            expected_version=None,
        )
    assert "丰泽区细则" in refused.value.breaches[0]


def test_declining_then_requoting_makes_a_new_version(
    order_at, admin_a, enterprise_user
):
    order = order_at(S.QUOTED)
    workflow.decline_quote(
        order=order, user=enterprise_user, quote_version=1, reason="保费太高"
    )
    order.refresh_from_db()
    assert order.state == S.AWAITING_QUOTE
    assert last_event(order).note == "保费太高"

    workflow.quote_order(
        order=order,
        user=admin_a,
        terms=terms_for(order.enterprise, premium=Decimal("19500")),
        expected_version=order.version,
    )
    order.refresh_from_db()
    assert [(q.version, q.status) for q in order.quotes.order_by("version")] == [
        (1, QuoteStatus.DECLINED),
        (2, QuoteStatus.SENT),
    ]
    with pytest.raises(workflow.StaleOrder):
        workflow.accept_quote(order=order, user=enterprise_user, quote_version=1)
    workflow.accept_quote(order=order, user=enterprise_user, quote_version=2)
    order.refresh_from_db()
    assert order.current_quote.version == 2
    assert order.current_quote.status == QuoteStatus.ACCEPTED


def test_an_expired_quote_cannot_be_accepted(order_at, enterprise_user):
    order = order_at(S.QUOTED)
    order.current_quote.valid_until = timezone.localdate() - datetime.timedelta(1)
    order.current_quote.save()
    with pytest.raises(workflow.WrongState):
        workflow.accept_quote(order=order, user=enterprise_user, quote_version=1)


def test_declining_needs_a_reason(order_at, enterprise_user):
    order = order_at(S.QUOTED)
    with pytest.raises(workflow.WorkflowError):
        workflow.decline_quote(
            order=order, user=enterprise_user, quote_version=1, reason="  "
        )


# Payment ------------------------------------------------------------------


def test_rejection_returns_to_awaiting_payment_with_the_reason(order_at, admin_a):
    order = order_at(S.PAYMENT_SUBMITTED)
    workflow.reject_payment(
        order=order, user=admin_a, reason="流水号不符", expected_version=None
    )
    order.refresh_from_db()
    assert order.state == S.AWAITING_PAYMENT
    assert last_event(order).note == "流水号不符"
    sms = SmsMessage.objects.get(order=order, template="payment_rejected")
    assert sms.params["reason"] == "流水号不符"


def test_rejection_needs_a_reason(order_at, admin_a):
    order = order_at(S.PAYMENT_SUBMITTED)
    with pytest.raises(workflow.WorkflowError):
        workflow.reject_payment(
            order=order, user=admin_a, reason="", expected_version=None
        )


def test_review_warns_of_a_different_amount_and_a_reused_serial(
    order_at, admin_a, enterprise_user
):
    first = order_at(S.PAYMENT_SUBMITTED)
    second = apply(enterprise_user, admin_a.insurer)
    advance(second, S.AWAITING_PAYMENT, staff=admin_a, enterprise_user=enterprise_user)
    workflow.submit_payment(
        order=second,
        user=enterprise_user,
        file=pdf_upload("proof.pdf"),
        amount_paid=Decimal("100.00"),
        payer_account="622200003333",
        bank_serial=first.bank_serial,
        paid_on=timezone.localdate(),
        expected_version=None,
    )
    second.refresh_from_db()

    warnings = workflow.payment_warnings(second)
    assert len(warnings) == 2
    assert first.number in warnings[1]
    assert workflow.payment_warnings(first) == [
        w for w in workflow.payment_warnings(first) if second.number in w
    ]


def test_replacing_the_payment_notice_keeps_the_old_row(order_at, admin_a):
    order = order_at(S.AWAITING_PAYMENT)
    workflow.upload_payment_notice(
        order=order,
        user=admin_a,
        file=pdf_upload("new-notice.pdf"),
        amount_due=Decimal("20000"),
        payee_account="622200001111",
        due_on=timezone.localdate(),
        expected_version=None,
    )
    notices = order.documents.filter(kind=DocumentKind.PAYMENT_NOTICE)
    assert notices.count() == 2
    assert notices.filter(superseded=False).get().original_name == "new-notice.pdf"


# Issuance -----------------------------------------------------------------


def test_a_duplicate_policy_number_is_refused_without_orphan_files(
    order_at, admin_a, media_root
):
    issued = order_at(S.ISSUED)
    order = order_at(S.AWAITING_ISSUANCE)
    files_before = {p for p in media_root.rglob("*") if p.is_file()}
    assert len(files_before) == 6  # the documents of both orders, on disk

    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.issue_letter(
            order=order,
            user=admin_a,
            policy_number=issued.policy_number,
            issued_on=timezone.localdate(),
            e_policy=pdf_upload(),
            invoice=pdf_upload(),
            expected_version=None,
        )

    assert issued.policy_number in refused.value.message
    order.refresh_from_db()
    assert order.state == S.AWAITING_ISSUANCE
    assert not order.documents.filter(kind=DocumentKind.E_POLICY).exists()
    assert {p for p in media_root.rglob("*") if p.is_file()} == files_before


def test_the_same_policy_number_is_free_for_another_insurer(
    order_at, admin_b, enterprise_user
):
    issued = order_at(S.ISSUED)
    other = apply(enterprise_user, admin_b.insurer)
    advance(other, S.AWAITING_ISSUANCE, staff=admin_b, enterprise_user=enterprise_user)
    workflow.issue_letter(
        order=other,
        user=admin_b,
        policy_number=issued.policy_number,
        issued_on=timezone.localdate(),
        e_policy=pdf_upload(),
        invoice=pdf_upload(),
        expected_version=None,
    )
    other.refresh_from_db()
    assert other.state == S.ISSUED


def test_documents_are_stored_under_random_names_per_insurer(order_at, admin_a):
    order = order_at(S.AWAITING_PAYMENT)
    document = order.documents.get()
    assert document.file.name.startswith(f"documents/{admin_a.insurer_id}/")
    assert "notice" not in document.file.name
    assert document.file.name.endswith(".pdf")
    assert len(document.sha256) == 64
    assert document.page_count == 1


# Offline ------------------------------------------------------------------


@pytest.fixture
def offline_order(admin_a):
    enterprise = EnterpriseFactory()
    return workflow.create_offline_order(
        user=admin_a,
        enterprise=enterprise,
        cover=workflow.CoverRequest(
            headcount=enterprise.employee_count, death_limit=None, start=None
        ),
    )


def supplementary(order, user, *, override_reason="", **changes):
    issued_on = changes.pop("issued_on", timezone.localdate())
    return workflow.supplementary_entry(
        order=order,
        user=user,
        terms=terms_for(order.enterprise, **changes),
        policy_number="OFF-0001",
        issued_on=issued_on,
        actual_service_items=3,
        contract=pdf_upload("contract.pdf"),
        e_policy=pdf_upload("policy.pdf"),
        invoice=pdf_upload("invoice.pdf"),
        override_reason=override_reason,
        expected_version=None,
    )


def test_offline_entry_issues_directly(offline_order, admin_a):
    assert offline_order.source == OrderSource.OFFLINE
    assert offline_order.state == S.OFFLINE_PENDING
    assert last_event(offline_order).action == Action.CREATE_OFFLINE

    policy = supplementary(offline_order, admin_a)

    offline_order.refresh_from_db()
    assert offline_order.state == S.ISSUED
    assert offline_order.actual_service_items == 3
    assert policy.number == "OFF-0001"
    assert offline_order.documents.filter(kind=DocumentKind.CONTRACT).exists()
    assert SmsMessage.objects.filter(
        order=offline_order, template="letter_issued"
    ).exists()


def test_offline_order_can_create_its_enterprise(admin_a):
    from tests.factories.insurers import (
        IndustryFactory,
        RegionFactory,
        valid_credit_code,
    )

    code = valid_credit_code(987654)
    order = workflow.create_offline_order(
        user=admin_a,
        new_enterprise={
            "credit_code": code,
            "name": "线下企业有限公司",
            "industry": IndustryFactory(),
            "region": RegionFactory(),
            "contact_name": "王五",
            "contact_mobile": "13600001111",
            "employee_count": 12,
        },
        cover=workflow.CoverRequest(headcount=12, death_limit=None, start=None),
    )
    assert order.enterprise.credit_code == code


def test_offline_breach_needs_a_written_reason_kept_in_the_timeline(
    offline_order, admin_a
):
    late_start = {"period_start": timezone.localdate() - datetime.timedelta(days=5)}
    late_start["period_end"] = late_start["period_start"] + datetime.timedelta(300)
    with pytest.raises(workflow.RuleBreach):
        supplementary(offline_order, admin_a, **late_start)

    supplementary(
        offline_order, admin_a, override_reason="线下已签约，补录", **late_start
    )
    note = last_event(offline_order).note
    assert "线下已签约，补录" in note
    assert "出函次日" in note


def test_online_moves_do_not_apply_to_offline_orders(offline_order, admin_a):
    with pytest.raises(workflow.NotAllowed):
        staff_move(Action.QUOTE, offline_order, admin_a)


def test_offline_order_needs_its_permission(insurer_a, clerk_a):
    with pytest.raises(workflow.NotAllowed):
        workflow.create_offline_order(
            user=clerk_a,
            enterprise=EnterpriseFactory(),
            cover=workflow.CoverRequest(headcount=1, death_limit=None, start=None),
        )


# Cancel -------------------------------------------------------------------


@pytest.mark.parametrize("state", [S.AWAITING_QUOTE, S.QUOTED, S.AWAITING_PAYMENT])
def test_cancel_before_payment(order_at, admin_a, state):
    order = order_at(state)
    workflow.cancel_order(
        order=order, user=admin_a, reason="企业停业", expected_version=None
    )
    order.refresh_from_db()
    assert order.state == S.CANCELLED
    assert last_event(order).note == "企业停业"


@pytest.mark.parametrize("state", [S.PAYMENT_SUBMITTED, S.ISSUED])
def test_no_cancel_once_payment_is_submitted(order_at, admin_a, state):
    order = order_at(state)
    with pytest.raises(workflow.WrongState):
        workflow.cancel_order(
            order=order, user=admin_a, reason="企业停业", expected_version=None
        )


def test_enterprise_may_withdraw_before_accepting(order_at, enterprise_user):
    order = order_at(S.QUOTED)
    workflow.cancel_order(
        order=order, user=enterprise_user, reason="不再需要", expected_version=None
    )
    order.refresh_from_db()
    assert order.state == S.CANCELLED
    assert order.current_quote.status == QuoteStatus.WITHDRAWN
