"""Demo orders in every state, moved through the real workflow, and staff
accounts with the limited roles of an insurer's order desk.

Idempotent: an insurer that already has online orders is left alone.
"""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)

from accounts.models import Side, User
from insurers.demo import ENTERPRISES, account, credit_code
from insurers.models import Enterprise, Insurer
from roles.models import Role
from roles.services import create_role

from . import workflow
from .models import Order, OrderSource, OrderState
from .uploads import PDF_OR_IMAGE, validate_upload

S = OrderState

# username, role name, permissions, what the account may do
STAFF = [
    (
        "anxin_sales",
        "业务员",
        {
            "orders.view_order",
            "orders.quote_order",
            "orders.upload_payment_notice",
            "orders.create_offline_order",
        },
        "报价、上传付款通知书、新增线下订单",
    ),
    (
        "anxin_finance",
        "财务",
        {"orders.view_order", "orders.review_payment"},
        "支付审核",
    ),
    ("anxin_issuer", "出单员", {"orders.view_order", "orders.issue_letter"}, "出函"),
]

# enterprise index, account name of the enterprise side
ENTERPRISE_ACCOUNTS = [
    (0, "enterprise_demo"),
    (1, "enterprise_demo2"),
    (6, "enterprise_demo3"),
]

# insurer slug, enterprise index, state to reach
ORDERS = [
    ("anxin", 0, S.AWAITING_QUOTE),
    ("anxin", 0, S.QUOTED),
    ("anxin", 0, S.AWAITING_PAYMENT),
    ("anxin", 0, S.ISSUED),
    ("anxin", 1, S.QUOTE_ACCEPTED),
    ("anxin", 1, S.PAYMENT_SUBMITTED),
    ("anxin", 1, S.AWAITING_ISSUANCE),
    ("anxin", 6, S.CANCELLED),
    ("anxin", 6, S.AWAITING_QUOTE),
    ("minan", 0, S.PAYMENT_SUBMITTED),
    ("minan", 6, S.QUOTED),
    ("taiping", 1, S.AWAITING_QUOTE),
]

# insurer slug, enterprise index: offline orders waiting for their entry
OFFLINE = [("anxin", 4), ("minan", 5)]

STEPS = [
    S.QUOTED,
    S.QUOTE_ACCEPTED,
    S.AWAITING_PAYMENT,
    S.PAYMENT_SUBMITTED,
    S.AWAITING_ISSUANCE,
    S.ISSUED,
]

LOGINS = [
    *(
        (username, "保险端", "安信财险", f"{role}：{scope}")
        for username, role, _p, scope in STAFF
    ),
    ("enterprise_demo2", "企业端", ENTERPRISES[1][0], "投保、确认报价、上传付款凭证"),
    ("enterprise_demo3", "企业端", ENTERPRISES[6][0], "投保、确认报价、上传付款凭证"),
]


def demo_pdf(title: str) -> SimpleUploadedFile:
    """A one-page A4 PDF with a title line, drawn with pypdf alone."""
    writer = PdfWriter()
    page = PageObject.create_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    content = DecodedStreamObject()
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    content.set_data(f"BT /F1 20 Tf 72 760 Td ({text}) Tj ET".encode("ascii"))
    page = writer.add_page(page)
    page.replace_contents(content)
    buffer = io.BytesIO()
    writer.write(buffer)

    upload = SimpleUploadedFile(f"{title}.pdf", buffer.getvalue(), "application/pdf")
    upload.upload_info = validate_upload(upload, allow=PDF_OR_IMAGE)
    return upload


def seed(stdout) -> None:
    staff = seed_staff()
    enterprise_users = seed_enterprise_accounts()
    created = 0
    for slug in ("anxin", "minan", "taiping"):
        insurer = Insurer.objects.get(slug=slug)
        if (
            Order.objects.for_insurer(insurer)
            .filter(source=OrderSource.ONLINE)
            .exists()
        ):
            continue
        admin = User.objects.get(username=f"{slug}_admin")
        for order_slug, index, state in ORDERS:
            if order_slug == slug:
                order = workflow.apply_for_cover(
                    user=enterprise_users[index],
                    insurer=insurer,
                    cover=workflow.CoverRequest(
                        headcount=enterprise_users[index].enterprise.employee_count,
                        death_limit=Decimal("500000"),
                        start=timezone.localdate() + datetime.timedelta(days=7),
                    ),
                )
                walk(
                    order,
                    state,
                    staff=staff.get(slug, {}),
                    admin=admin,
                    enterprise_user=enterprise_users[index],
                )
                created += 1
        for offline_slug, index in OFFLINE:
            if offline_slug == slug:
                enterprise = _enterprise(index)
                workflow.create_offline_order(
                    user=admin,
                    enterprise=enterprise,
                    cover=workflow.CoverRequest(
                        headcount=enterprise.employee_count,
                        death_limit=Decimal("400000"),
                        start=timezone.localdate() + datetime.timedelta(days=3),
                    ),
                )
                created += 1
    stdout.write(f"Demo orders: {created} created.")


def seed_staff() -> dict:
    """Staff of 安信 with limited roles; returns {slug: {role name: user}}."""
    insurer = Insurer.objects.get(slug="anxin")
    people = {}
    for username, role_name, perms, _scope in STAFF:
        role = Role.objects.filter(insurer=insurer, name=role_name).first()
        if role is None:
            role = create_role(insurer=insurer, name=role_name, perms=perms)
        user = account(
            username,
            real_name=f"安信{role_name}",
            side=Side.INSURER,
            insurer=insurer,
        )
        user.groups.add(role.group)
        people[role_name] = user
    return {"anxin": people}


def seed_enterprise_accounts() -> dict:
    users = {}
    for index, username in ENTERPRISE_ACCOUNTS:
        enterprise = _enterprise(index)
        users[index] = account(
            username,
            real_name=enterprise.contact_name,
            mobile=enterprise.contact_mobile,
            side=Side.ENTERPRISE,
            enterprise=enterprise,
        )
    return users


def _enterprise(index: int) -> Enterprise:
    region = ENTERPRISES[index][2]
    return Enterprise.objects.get(credit_code=credit_code(index + 1, region))


def walk(order, state, *, staff, admin, enterprise_user) -> None:
    """Move a fresh online order, step by step, to ``state``."""
    if state == S.CANCELLED:
        workflow.cancel_order(
            order=order,
            user=enterprise_user,
            reason="已在其他保险公司投保",
            expected_version=None,
        )
        return
    sales = staff.get("业务员", admin)
    finance = staff.get("财务", admin)
    issuer = staff.get("出单员", admin)
    today = timezone.localdate()
    moves = {
        S.QUOTED: lambda: workflow.quote_order(
            order=order, user=sales, terms=demo_terms(order), expected_version=None
        ),
        S.QUOTE_ACCEPTED: lambda: workflow.accept_quote(
            order=order, user=enterprise_user, quote_version=1
        ),
        S.AWAITING_PAYMENT: lambda: workflow.upload_payment_notice(
            order=order,
            user=sales,
            file=demo_pdf(f"Payment notice {order.number}"),
            amount_due=demo_premium(order),
            payee_account="3501 0000 1234 5678",
            due_on=today + datetime.timedelta(days=10),
            expected_version=None,
        ),
        S.PAYMENT_SUBMITTED: lambda: workflow.submit_payment(
            order=order,
            user=enterprise_user,
            file=demo_pdf(f"Bank receipt {order.number}"),
            amount_paid=demo_premium(order),
            payer_account="6222 0213 0000 8888",
            bank_serial=f"BK{order.number}",
            paid_on=today,
            expected_version=None,
        ),
        S.AWAITING_ISSUANCE: lambda: workflow.approve_payment(
            order=order, user=finance, expected_version=None
        ),
        S.ISSUED: lambda: workflow.issue_letter(
            order=order,
            user=issuer,
            policy_number=f"{order.insurer.slug[:2].upper()}D{order.number[2:]}",
            issued_on=today,
            e_policy=demo_pdf(f"E-policy {order.number}"),
            invoice=demo_pdf(f"Invoice {order.number}"),
            expected_version=None,
        ),
    }
    for step in STEPS:
        if step not in moves or _reached(order, state):
            break
        moves[step]()
        order.refresh_from_db()


def _reached(order, state) -> bool:
    order.refresh_from_db()
    return order.state == state


def demo_premium(order) -> Decimal:
    return Decimal(order.headcount) * Decimal("180.00")


def demo_terms(order) -> workflow.QuoteTerms:
    start = timezone.localdate() + datetime.timedelta(days=7)
    premium = demo_premium(order)
    return workflow.QuoteTerms(
        premium=premium,
        rate=Decimal("1.8"),
        death_limit_per_person=Decimal("500000"),
        medical_limit_per_person=Decimal("50000"),
        headcount=order.enterprise.employee_count,
        period_start=start,
        period_end=start + datetime.timedelta(days=364),
        service_items="隐患排查治理、安全生产培训、应急演练",
        planned_visits=4,
        prevention_budget=(premium * Decimal("0.2")).quantize(Decimal("0.01")),
        valid_until=timezone.localdate() + datetime.timedelta(days=30),
        note="演示报价",
    )
