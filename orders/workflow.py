"""The order workflow: the table of allowed moves and one function per move.

Nothing else changes an order's state. Every move checks the actor's side,
tenant and permission, locks the order, re-checks its state (and, for a
form, the version the form was opened on), writes the change and one
OrderEvent, and queues its SMS in the same transaction (sent on commit).
"""

import contextlib
import dataclasses
import datetime
import logging
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Side
from insurers.models import Enterprise
from policies.models import Policy
from policies.services import create_policy
from sms.services import queue_sms

from . import rules
from .models import (
    Action,
    Document,
    DocumentKind,
    Order,
    OrderEvent,
    OrderSource,
    OrderState,
    Quote,
    QuoteStatus,
)

logger = logging.getLogger(__name__)

S = OrderState
BEFORE_PAYMENT = (
    S.AWAITING_QUOTE,
    S.QUOTED,
    S.QUOTE_ACCEPTED,
    S.AWAITING_PAYMENT,
    S.OFFLINE_PENDING,
)


@dataclasses.dataclass(frozen=True)
class Move:
    """One allowed move: who may make it, from where, to where.

    ``url_name`` is the screen that makes the move and ``label`` the button
    that opens it; moves sharing a screen (approve and reject) share both.
    """

    action: str
    sources: tuple[str, ...]
    target: str
    side: str
    permission: str | None
    label: str
    url_name: str
    order_source: str | None = None
    on_list: bool = True


MOVES: tuple[Move, ...] = (
    Move(
        Action.QUOTE,
        (S.AWAITING_QUOTE,),
        S.QUOTED,
        Side.INSURER,
        "orders.quote_order",
        gettext_lazy("Quote"),
        "orders:quote",
        OrderSource.ONLINE,
    ),
    Move(
        Action.ACCEPT_QUOTE,
        (S.QUOTED,),
        S.QUOTE_ACCEPTED,
        Side.ENTERPRISE,
        None,
        gettext_lazy("Accept quote"),
        "orders:enterprise_order",
    ),
    Move(
        Action.DECLINE_QUOTE,
        (S.QUOTED,),
        S.AWAITING_QUOTE,
        Side.ENTERPRISE,
        None,
        gettext_lazy("Decline quote"),
        "orders:enterprise_order",
    ),
    Move(
        Action.UPLOAD_PAYMENT_NOTICE,
        (S.QUOTE_ACCEPTED, S.AWAITING_PAYMENT),
        S.AWAITING_PAYMENT,
        Side.INSURER,
        "orders.upload_payment_notice",
        gettext_lazy("Upload payment notice"),
        "orders:payment_notice",
        OrderSource.ONLINE,
    ),
    Move(
        Action.SUBMIT_PAYMENT,
        (S.AWAITING_PAYMENT,),
        S.PAYMENT_SUBMITTED,
        Side.ENTERPRISE,
        None,
        gettext_lazy("Upload payment proof"),
        "orders:enterprise_payment",
    ),
    Move(
        Action.APPROVE_PAYMENT,
        (S.PAYMENT_SUBMITTED,),
        S.AWAITING_ISSUANCE,
        Side.INSURER,
        "orders.review_payment",
        gettext_lazy("Payment review"),
        "orders:review",
    ),
    Move(
        Action.REJECT_PAYMENT,
        (S.PAYMENT_SUBMITTED,),
        S.AWAITING_PAYMENT,
        Side.INSURER,
        "orders.review_payment",
        gettext_lazy("Payment review"),
        "orders:review",
    ),
    Move(
        Action.ISSUE_LETTER,
        (S.AWAITING_ISSUANCE,),
        S.ISSUED,
        Side.INSURER,
        "orders.issue_letter",
        gettext_lazy("Issue letter"),
        "orders:issue",
        OrderSource.ONLINE,
    ),
    Move(
        Action.SUPPLEMENTARY_ENTRY,
        (S.OFFLINE_PENDING,),
        S.ISSUED,
        Side.INSURER,
        "orders.issue_letter",
        gettext_lazy("Issue letter"),
        "orders:supplementary_entry",
        OrderSource.OFFLINE,
    ),
    Move(
        Action.CANCEL,
        BEFORE_PAYMENT,
        S.CANCELLED,
        Side.INSURER,
        "orders.quote_order",
        gettext_lazy("Cancel"),
        "orders:cancel",
        on_list=False,
    ),
    Move(
        Action.CANCEL,
        (S.AWAITING_QUOTE, S.QUOTED),
        S.CANCELLED,
        Side.ENTERPRISE,
        None,
        gettext_lazy("Cancel"),
        "orders:enterprise_cancel",
        on_list=False,
    ),
)


# Errors -------------------------------------------------------------------


class WorkflowError(Exception):
    """A move refused; the message is for the user, in their language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(WorkflowError):
    pass


class WrongState(WorkflowError):
    pass


class StaleOrder(WorkflowError):
    pass


class RuleBreach(WorkflowError):
    def __init__(self, breaches: list[str]):
        super().__init__(
            _("The quote breaks the rules: %(rules)s") % {"rules": "；".join(breaches)}
        )
        self.breaches = breaches


# The table, read ----------------------------------------------------------


def find_move(order: Order, user, action: str) -> Move | None:
    """Return the move ``action`` of ``user``'s side that fits the order's
    source, whatever its state."""
    for move in MOVES:
        if move.action != action or move.side != user.side:
            continue
        if move.order_source in (None, order.source):
            return move
    return None


def allowed_moves(order: Order, user) -> list[Move]:
    """Moves the user may make on the order now; no query when the user's
    permissions are cached."""
    return [
        move
        for move in MOVES
        if move.side == user.side
        and order.state in move.sources
        and move.order_source in (None, order.source)
        and (move.permission is None or user.has_perm(move.permission))
        and _owns(order, user)
    ]


def list_buttons(order: Order, user) -> list[Move]:
    """One button per screen the user may open on a row of the list."""
    seen, buttons = set(), []
    for move in allowed_moves(order, user):
        if move.on_list and move.url_name not in seen:
            seen.add(move.url_name)
            buttons.append(move)
    return buttons


def _owns(order: Order, user) -> bool:
    if user.side == Side.INSURER:
        return order.insurer_id == user.insurer_id
    if user.side == Side.ENTERPRISE:
        return order.enterprise_id == user.enterprise_id
    return False


# The guard every move goes through ---------------------------------------


def _check(order: Order, user, action: str, expected_version: int | None) -> Move:
    move = find_move(order, user, action)
    if move is None or not _owns(order, user):
        raise NotAllowed(_("You may not do this on this order."))
    if move.permission and not user.has_perm(move.permission):
        raise NotAllowed(_("Your role does not allow this action."))
    if order.state not in move.sources:
        raise WrongState(
            _(
                "Order %(number)s is now “%(state)s”: “%(action)s” is not "
                "possible in this state."
            )
            % {
                "number": order.number,
                "state": order.get_state_display(),
                "action": Action(action).label,
            }
        )
    if expected_version is not None and expected_version != order.version:
        raise StaleOrder(
            _(
                "Order %(number)s changed after you opened this page (it is now "
                "“%(state)s”). Reload the page and check it again."
            )
            % {"number": order.number, "state": order.get_state_display()}
        )
    return move


@contextlib.contextmanager
def _locked(order: Order, user, action: str, expected_version: int | None):
    """Lock the order row and check the move; yield the locked order."""
    with transaction.atomic():
        locked = (
            Order.objects.select_for_update(of=("self",))
            .select_related("insurer", "enterprise")
            .get(pk=order.pk)
        )
        move = _check(locked, user, action, expected_version)
        yield locked, move


def _record(order: Order, user, move: Move, *, fields=(), note: str = "") -> None:
    """Move the order to the move's target and write the event."""
    from_state = order.state
    order.state = move.target
    order.version += 1
    order.save(update_fields=["state", "version", "updated_at", *fields])
    OrderEvent.objects.create(
        order=order,
        actor=user,
        actor_name=user.display_name[:100],
        action=move.action,
        from_state=from_state,
        to_state=move.target,
        note=note,
    )
    logger.info(
        "Order %s: %s by user %s, %s -> %s",
        order.number,
        move.action,
        user.pk,
        from_state,
        move.target,
    )


@contextlib.contextmanager
def _files_removed_on_failure():
    """Yield a list to which stored file names are appended; if the block
    fails, those files are deleted so that no orphan file stays."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def _add_document(order: Order, user, kind: str, file, stored: list) -> Document:
    """Store a validated upload as the current document of its kind; the
    previous one stays, marked as replaced."""
    info = file.upload_info
    order.documents.filter(kind=kind, superseded=False).update(superseded=True)
    document = Document(
        order=order,
        insurer_id=order.insurer_id,
        kind=kind,
        original_name=(file.name or "")[-200:],
        content_type=info.content_type,
        size=info.size,
        sha256=info.sha256,
        page_count=info.page_count,
        uploaded_by=user,
    )
    document.file.save(file.name, file, save=False)
    stored.append(document.file.name)
    document.save()
    return document


def _sms(order: Order, template: str, policy=None, **params) -> None:
    queue_sms(
        mobile=order.enterprise.contact_mobile,
        template=template,
        params={"insurer": order.insurer.short_name, **params},
        insurer=order.insurer,
        order=order,
        policy=policy,
    )


# Creating orders ----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class CoverRequest:
    headcount: int
    death_limit: Decimal | None
    start: datetime.date | None


def next_order_number(today: datetime.date) -> str:
    """Return the next free number of the day, e.g. AZ2026120300001."""
    prefix = "AZ" + today.strftime("%Y%m%d")
    last = (
        Order.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{sequence:05d}"


def _create_order(*, user, insurer, enterprise, cover, source, state, action):
    """Insert an order under a fresh number; a number taken concurrently
    raises IntegrityError in the savepoint and the next one is tried."""
    today = timezone.localdate()
    for _attempt in range(10):
        try:
            with transaction.atomic():
                order = Order.objects.create(
                    number=next_order_number(today),
                    insurer=insurer,
                    enterprise=enterprise,
                    source=source,
                    state=state,
                    headcount=cover.headcount,
                    requested_death_limit=cover.death_limit,
                    requested_start=cover.start,
                    created_by=user,
                )
                break
        except IntegrityError:
            continue
    else:
        raise WorkflowError(_("The order could not be numbered; try again."))

    OrderEvent.objects.create(
        order=order,
        actor=user,
        actor_name=user.display_name[:100],
        action=action,
        from_state="",
        to_state=state,
    )
    logger.info("Order %s: created (%s) by user %s", order.number, source, user.pk)
    return order


@transaction.atomic
def apply_for_cover(*, user, insurer, cover: CoverRequest) -> Order:
    """我要投保: the enterprise of ``user`` applies to ``insurer``."""
    if user.side != Side.ENTERPRISE or not insurer.is_active:
        raise NotAllowed(_("You may not do this on this order."))
    return _create_order(
        user=user,
        insurer=insurer,
        enterprise=user.enterprise,
        cover=cover,
        source=OrderSource.ONLINE,
        state=S.AWAITING_QUOTE,
        action=Action.APPLY,
    )


def create_offline_order(
    *, user, enterprise=None, new_enterprise: dict | None = None, cover: CoverRequest
) -> Order:
    """新增线下订单: an order signed outside the platform, for an existing
    enterprise or one created here from ``new_enterprise`` field values; it
    waits for its supplementary entry."""
    if user.side != Side.INSURER or not user.has_perm("orders.create_offline_order"):
        raise NotAllowed(_("Your role does not allow this action."))
    try:
        with transaction.atomic():
            if enterprise is None:
                enterprise = Enterprise.objects.create(**new_enterprise)
            return _offline_order(user, enterprise, cover)
    except IntegrityError as error:
        raise WorkflowError(
            _(
                "An enterprise with this credit code was registered meanwhile; "
                "submit again."
            )
        ) from error


def _offline_order(user, enterprise, cover):
    return _create_order(
        user=user,
        insurer=user.insurer,
        enterprise=enterprise,
        cover=cover,
        source=OrderSource.OFFLINE,
        state=S.OFFLINE_PENDING,
        action=Action.CREATE_OFFLINE,
    )


# Quote --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class QuoteTerms:
    premium: Decimal
    rate: Decimal
    death_limit_per_person: Decimal
    medical_limit_per_person: Decimal
    headcount: int
    period_start: datetime.date
    period_end: datetime.date
    service_items: str
    planned_visits: int
    prevention_budget: Decimal
    valid_until: datetime.date
    note: str = ""


def _new_quote(order: Order, user, terms: QuoteTerms, status: str) -> Quote:
    last = order.quotes.aggregate(last=Max("version"))["last"] or 0
    order.quotes.filter(status=QuoteStatus.SENT).update(status=QuoteStatus.WITHDRAWN)
    return Quote.objects.create(
        order=order,
        version=last + 1,
        status=status,
        created_by=user,
        **dataclasses.asdict(terms),
    )


def quote_order(
    *, order: Order, user, terms: QuoteTerms, expected_version: int | None
) -> Quote:
    """报价: send a new quote version to the enterprise."""
    breaches = rules.breaches(order.enterprise, terms, issued_on=None)
    if breaches:
        raise RuleBreach(breaches)

    with _locked(order, user, Action.QUOTE, expected_version) as (locked, move):
        quote = _new_quote(locked, user, terms, QuoteStatus.SENT)
        locked.current_quote = quote
        _record(
            locked,
            user,
            move,
            fields=["current_quote"],
            note=_("Quote version %(version)s, premium %(premium)s yuan.")
            % {"version": quote.version, "premium": quote.premium},
        )
        _sms(locked, "quote_ready", order_number=locked.number)
    return quote


def accept_quote(*, order: Order, user, quote_version: int) -> Order:
    """The enterprise accepts one specific, still valid, quote version."""
    with _locked(order, user, Action.ACCEPT_QUOTE, None) as (locked, move):
        quote = _sent_quote(locked, quote_version)
        if quote.valid_until < timezone.localdate():
            raise WrongState(
                _("This quote expired on %(date)s; ask the insurer for a new one.")
                % {"date": quote.valid_until.isoformat()}
            )
        quote.status = QuoteStatus.ACCEPTED
        quote.save(update_fields=["status"])
        _record(
            locked,
            user,
            move,
            note=_("Quote version %(version)s accepted.") % {"version": quote.version},
        )
    return locked


def decline_quote(*, order: Order, user, quote_version: int, reason: str) -> Order:
    """The enterprise declines the quote; the insurer may quote again."""
    reason = _required_reason(reason)
    with _locked(order, user, Action.DECLINE_QUOTE, None) as (locked, move):
        quote = _sent_quote(locked, quote_version)
        quote.status = QuoteStatus.DECLINED
        quote.decline_reason = reason
        quote.save(update_fields=["status", "decline_reason"])
        _record(locked, user, move, note=reason)
    return locked


def _sent_quote(order: Order, version: int) -> Quote:
    quote = order.current_quote
    if quote is None or quote.version != version or quote.status != QuoteStatus.SENT:
        raise StaleOrder(
            _("This quote was replaced by a newer one. Reload the page and check it.")
        )
    return quote


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("Give a reason."))
    return reason[:1000]


# Payment ------------------------------------------------------------------


def upload_payment_notice(
    *,
    order: Order,
    user,
    file,
    amount_due: Decimal,
    payee_account: str,
    due_on: datetime.date,
    expected_version: int | None,
) -> Document:
    """上传付款通知书: the PDF plus amount, payee account and due date."""
    with _files_removed_on_failure() as stored:
        action = Action.UPLOAD_PAYMENT_NOTICE
        with _locked(order, user, action, expected_version) as (locked, move):
            document = _add_document(
                locked, user, DocumentKind.PAYMENT_NOTICE, file, stored
            )
            locked.amount_due = amount_due
            locked.payee_account = payee_account
            locked.payment_due_on = due_on
            _record(
                locked,
                user,
                move,
                fields=["amount_due", "payee_account", "payment_due_on"],
                note=_("Amount due %(amount)s yuan, due %(date)s.")
                % {"amount": amount_due, "date": due_on.isoformat()},
            )
            _sms(locked, "payment_notice", order_number=locked.number)
    return document


def submit_payment(
    *,
    order: Order,
    user,
    file,
    amount_paid: Decimal,
    payer_account: str,
    bank_serial: str,
    paid_on: datetime.date,
    expected_version: int | None,
) -> Document:
    """The enterprise uploads its proof of payment."""
    with _files_removed_on_failure() as stored:
        action = Action.SUBMIT_PAYMENT
        with _locked(order, user, action, expected_version) as (locked, move):
            document = _add_document(
                locked, user, DocumentKind.PAYMENT_PROOF, file, stored
            )
            locked.amount_paid = amount_paid
            locked.payer_account = payer_account
            locked.bank_serial = bank_serial
            locked.paid_on = paid_on
            _record(
                locked,
                user,
                move,
                fields=["amount_paid", "payer_account", "bank_serial", "paid_on"],
                note=_("Paid %(amount)s yuan on %(date)s, bank serial %(serial)s.")
                % {
                    "amount": amount_paid,
                    "date": paid_on.isoformat(),
                    "serial": bank_serial,
                },
            )
    return document


def payment_warnings(order: Order) -> list[str]:
    """What the reviewer should look at twice before approving."""
    warnings = []
    quote = order.current_quote
    if quote and order.amount_paid is not None and order.amount_paid != quote.premium:
        warnings.append(
            _(
                "The amount paid (%(paid)s) differs from the quoted premium "
                "(%(premium)s)."
            )
            % {"paid": order.amount_paid, "premium": quote.premium}
        )
    if order.bank_serial:
        others = (
            Order.objects.for_insurer(order.insurer)
            .filter(bank_serial=order.bank_serial)
            .exclude(pk=order.pk)
            .values_list("number", flat=True)[:5]
        )
        if others:
            warnings.append(
                _("The bank serial number was already used on order %(numbers)s.")
                % {"numbers": "、".join(others)}
            )
    return warnings


def approve_payment(*, order: Order, user, expected_version: int | None) -> Order:
    """支付审核 通过: the order waits for its letter."""
    with _locked(order, user, Action.APPROVE_PAYMENT, expected_version) as (
        locked,
        move,
    ):
        _record(locked, user, move)
    return locked


def reject_payment(
    *, order: Order, user, reason: str, expected_version: int | None
) -> Order:
    """支付审核 驳回: the enterprise must upload a new proof."""
    reason = _required_reason(reason)
    with _locked(order, user, Action.REJECT_PAYMENT, expected_version) as (
        locked,
        move,
    ):
        _record(locked, user, move, note=reason)
        _sms(locked, "payment_rejected", order_number=locked.number, reason=reason)
    return locked


# Issuance -----------------------------------------------------------------


def _check_policy_number(order: Order, number: str) -> None:
    taken = (
        Policy.objects.filter(insurer_id=order.insurer_id, number=number).exists()
        or Order.objects.for_insurer(order.insurer)
        .filter(policy_number=number)
        .exclude(pk=order.pk)
        .exists()
    )
    if taken:
        raise _duplicate_number(number)


def _issue(locked: Order, user, move, *, quote, number, issued_on, note=""):
    """Create the policy, record the move and queue the SMS."""
    locked.policy_number = number
    locked.issued_on = issued_on
    policy = create_policy(
        order=locked,
        number=number,
        period_start=quote.period_start,
        period_end=quote.period_end,
        premium=quote.premium,
        death_limit_per_person=quote.death_limit_per_person,
        medical_limit_per_person=quote.medical_limit_per_person,
        headcount=quote.headcount,
        service_items=quote.service_items,
        planned_visits=quote.planned_visits,
        prevention_budget=quote.prevention_budget,
        issued_on=issued_on,
    )
    _record(
        locked,
        user,
        move,
        fields=["policy_number", "issued_on", "actual_service_items", "current_quote"],
        note=note or _("Policy number %(number)s.") % {"number": number},
    )
    _sms(locked, "letter_issued", policy=policy, policy_number=number)
    return policy


def _duplicate_number(number: str) -> WorkflowError:
    return WorkflowError(
        _("Policy number %(number)s is already used by this insurer.")
        % {"number": number}
    )


def issue_letter(
    *,
    order: Order,
    user,
    policy_number: str,
    issued_on: datetime.date,
    e_policy,
    invoice,
    expected_version: int | None,
) -> Policy:
    """出函: the policy number, e-policy and invoice; the order becomes a
    Policy and the enterprise contact gets an SMS."""
    try:
        with _files_removed_on_failure() as stored:
            action = Action.ISSUE_LETTER
            with _locked(order, user, action, expected_version) as (locked, move):
                _check_policy_number(locked, policy_number)
                quote = locked.current_quote
                _add_document(locked, user, DocumentKind.E_POLICY, e_policy, stored)
                _add_document(locked, user, DocumentKind.INVOICE, invoice, stored)
                return _issue(
                    locked,
                    user,
                    move,
                    quote=quote,
                    number=policy_number,
                    issued_on=issued_on,
                )
    except IntegrityError as error:
        raise _duplicate_number(policy_number) from error


def supplementary_entry(
    *,
    order: Order,
    user,
    terms: QuoteTerms,
    policy_number: str,
    issued_on: datetime.date,
    actual_service_items: int,
    contract,
    e_policy,
    invoice,
    override_reason: str = "",
    expected_version: int | None,
) -> Policy:
    """保单信息补录: issue an offline order directly. A rule breach may be
    overridden only with a written reason, which the timeline keeps."""
    breaches = rules.breaches(order.enterprise, terms, issued_on=issued_on)
    override_reason = (override_reason or "").strip()[:1000]
    if breaches and not override_reason:
        raise RuleBreach(breaches)
    note = _("Policy number %(number)s.") % {"number": policy_number}
    if breaches:
        note += "\n" + _("Rules overridden: %(rules)s. Reason: %(reason)s") % {
            "rules": "；".join(breaches),
            "reason": override_reason,
        }

    try:
        with _files_removed_on_failure() as stored:
            action = Action.SUPPLEMENTARY_ENTRY
            with _locked(order, user, action, expected_version) as (locked, move):
                _check_policy_number(locked, policy_number)
                quote = _new_quote(locked, user, terms, QuoteStatus.ACCEPTED)
                locked.current_quote = quote
                locked.actual_service_items = actual_service_items
                _add_document(locked, user, DocumentKind.CONTRACT, contract, stored)
                _add_document(locked, user, DocumentKind.E_POLICY, e_policy, stored)
                _add_document(locked, user, DocumentKind.INVOICE, invoice, stored)
                return _issue(
                    locked,
                    user,
                    move,
                    quote=quote,
                    number=policy_number,
                    issued_on=issued_on,
                    note=note,
                )
    except IntegrityError as error:
        raise _duplicate_number(policy_number) from error


# Cancel -------------------------------------------------------------------


def cancel_order(
    *, order: Order, user, reason: str, expected_version: int | None
) -> Order:
    """取消, with a reason, before any payment is submitted."""
    reason = _required_reason(reason)
    with _locked(order, user, Action.CANCEL, expected_version) as (locked, move):
        locked.quotes.filter(status=QuoteStatus.SENT).update(
            status=QuoteStatus.WITHDRAWN
        )
        _record(locked, user, move, note=reason)
    return locked
