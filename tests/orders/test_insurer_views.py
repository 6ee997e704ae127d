"""订单管理 screens: tenancy, permissions, the list's queries and each move."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from orders.models import Action, OrderSource, OrderState
from policies.models import Policy
from tests.factories import EnterpriseFactory, OrderFactory, QuoteFactory
from tests.factories.insurers import valid_credit_code
from tests.factories.orders import pdf_bytes

from .conftest import staff_with

S = OrderState
pytestmark = pytest.mark.django_db

ORDER_URLS = [
    "orders:detail",
    "orders:quote",
    "orders:payment_notice",
    "orders:review",
    "orders:issue",
    "orders:supplementary_entry",
    "orders:cancel",
]


def pdf_file(name="file.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_bytes(), "application/pdf")


def test_list_shows_only_the_insurers_orders(client, admin_a, admin_b, order_a):
    theirs = OrderFactory(insurer=admin_b.insurer)
    client.force_login(admin_a)

    response = client.get(reverse("orders:list"))

    assert response.status_code == 200
    numbers = [o.number for o in response.context["orders"]]
    assert numbers == [order_a.number]
    assert theirs.number not in response.content.decode()


@pytest.mark.parametrize("url_name", ORDER_URLS)
def test_every_order_url_is_404_for_another_insurer(client, admin_b, order_a, url_name):
    client.force_login(admin_b)
    assert client.get(reverse(url_name, args=[order_a.pk])).status_code == 404
    if url_name != "orders:detail":
        assert client.post(reverse(url_name, args=[order_a.pk])).status_code == 404


def test_documents_are_404_for_another_insurer_and_enterprise(
    client, order_at, admin_b
):
    from tests.factories import EnterpriseAccountFactory

    document = order_at(S.AWAITING_PAYMENT).documents.get()
    url = reverse("orders:document", args=[document.pk])
    for outsider in (admin_b, EnterpriseAccountFactory()):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_a_document_opens_inline_for_staff_and_its_enterprise(
    client, order_at, clerk_a, enterprise_user
):
    document = order_at(S.AWAITING_PAYMENT).documents.get()
    url = reverse("orders:document", args=[document.pk])
    for reader in (clerk_a, enterprise_user):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    response = client.get(url + "?download=1")
    assert response["Content-Disposition"].startswith("attachment")


def test_staff_without_view_permission_is_refused(client, admin_a, order_a):
    nobody = staff_with(admin_a.insurer, "orders.quote_order")
    client.force_login(nobody)
    assert client.get(reverse("orders:list")).status_code == 403


def test_the_clerk_sees_no_action_and_cannot_open_one(client, clerk_a, order_a):
    client.force_login(clerk_a)
    response = client.get(reverse("orders:list"))
    assert response.context["orders"][0].buttons == []
    assert 'data-testid="action-' not in response.content.decode()
    assert client.get(reverse("orders:quote", args=[order_a.pk])).status_code == 403


def test_rows_show_the_actions_of_their_state_and_role(client, order_at, admin_a):
    orders = {state: order_at(state) for state in (S.AWAITING_QUOTE, S.QUOTE_ACCEPTED)}
    orders[S.OFFLINE_PENDING] = OrderFactory(
        insurer=admin_a.insurer, source=OrderSource.OFFLINE, state=S.OFFLINE_PENDING
    )
    client.force_login(admin_a)
    rows = {o.pk: o for o in client.get(reverse("orders:list")).context["orders"]}

    def labels(state):
        return [button["label"] for button in rows[orders[state].pk].buttons]

    assert labels(S.AWAITING_QUOTE) == ["报价"]
    assert labels(S.QUOTE_ACCEPTED) == ["上传付款通知书"]
    assert labels(S.OFFLINE_PENDING) == ["出函"]
    offline = orders[S.OFFLINE_PENDING]
    offline_button = rows[offline.pk].buttons[0]
    assert offline_button["url"] == reverse(
        "orders:supplementary_entry", args=[offline.pk]
    )
    assert rows[offline.pk].url == reverse("orders:detail", args=[offline.pk])


def test_the_list_runs_the_same_few_queries_for_10_to_100_rows(client, admin_a):
    for state in (S.AWAITING_QUOTE, S.QUOTED, S.AWAITING_PAYMENT):
        for _ in range(35):
            order = OrderFactory(
                insurer=admin_a.insurer, state=state, enterprise=EnterpriseFactory()
            )
            if state != S.AWAITING_QUOTE:
                QuoteFactory(order=order)
    client.force_login(admin_a)
    client.get(reverse("orders:list"))  # the filter choices, once per process

    def queries_for(per_page):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("orders:list"), {"per_page": per_page})
        assert len(response.context["orders"]) == per_page
        # Savepoints wrap the session's save only because the test runs
        # in a transaction; they are not queries of the page.
        sql = [q["sql"][:60] for q in queries]
        return [q for q in sql if not q.startswith(("SAVEPOINT", "RELEASE"))]

    small, large = queries_for(10), queries_for(100)
    # Session, user, insurer, two permission queries, the bounded count,
    # the page with its joins, the session's update.
    assert len(small) == len(large) <= 8, "\n".join(small)


def test_the_page_size_is_held_between_10_and_100(client, admin_a):
    for _ in range(12):
        OrderFactory(insurer=admin_a.insurer)
    client.force_login(admin_a)

    def size(per_page):
        response = client.get(reverse("orders:list"), {"per_page": per_page})
        return response.context["paginator"].per_page

    assert [size(5), size(1000), size("x"), size(50)] == [10, 100, 20, 50]
    response = client.get(reverse("orders:list"), {"per_page": 5, "state": "bogus"})
    assert "每页条数" in response.content.decode()
    quoted = client.get(reverse("orders:list"), {"per_page": 5, "state": S.QUOTED})
    assert quoted.context["filters"].is_valid()
    assert len(quoted.context["orders"]) == 0


def test_search_and_filters(client, admin_a, order_at):
    first = order_at(S.AWAITING_QUOTE)
    other = OrderFactory(
        insurer=admin_a.insurer,
        enterprise=EnterpriseFactory(name="晋江鞋业有限公司"),
        state=S.QUOTED,
    )
    client.force_login(admin_a)

    def numbers(**params):
        response = client.get(reverse("orders:list"), params)
        return {o.number for o in response.context["orders"]}

    assert numbers(q=first.number) == {first.number}
    assert numbers(q="晋江鞋业") == {other.number}
    assert numbers(q=other.enterprise.credit_code) == {other.number}
    assert numbers(q=other.enterprise.contact_mobile) == {other.number}
    assert numbers(state=S.QUOTED) == {other.number}
    assert numbers(source=OrderSource.OFFLINE) == set()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert numbers(date_from=tomorrow.isoformat()) == set()
    assert numbers(sort="number") == {first.number, other.number}
    assert numbers(state="bogus") == {first.number, other.number}


def quote_data(order, **changes):
    start = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "version": order.version,
        "premium": "20000",
        "rate": "2.5",
        "death_limit_per_person": "500000",
        "medical_limit_per_person": "50000",
        "headcount": order.enterprise.employee_count,
        "period_start": start.isoformat(),
        "period_end": (start + datetime.timedelta(days=364)).isoformat(),
        "service_items": "隐患排查",
        "planned_visits": "4",
        "prevention_budget": "4000",
        "valid_until": (timezone.localdate() + datetime.timedelta(30)).isoformat(),
        "note": "",
    }
    data.update(changes)
    return data


def test_quote_through_the_screen(client, admin_a, order_a):
    client.force_login(admin_a)
    url = reverse("orders:quote", args=[order_a.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, quote_data(order_a))

    assert response.status_code == 302
    order_a.refresh_from_db()
    assert order_a.state == S.QUOTED
    assert order_a.events.last().actor == admin_a


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"premium": "-5"}, "0.01"),
        ({"premium": "999999999999"}, ""),
        ({"period_end": "2020-01-01"}, "结束"),
        ({"death_limit_per_person": "100000"}, "400,000"),
        ({"version": ""}, "重新加载"),
        ({"premium": "abc"}, ""),
    ],
)
def test_bad_quotes_are_refused_and_change_nothing(
    client, admin_a, order_a, changes, message
):
    client.force_login(admin_a)
    response = client.post(
        reverse("orders:quote", args=[order_a.pk]), quote_data(order_a, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors
    order_a.refresh_from_db()
    assert order_a.state == S.AWAITING_QUOTE


def test_a_stale_quote_form_says_so(client, admin_a, order_a):
    client.force_login(admin_a)
    data = quote_data(order_a)
    client.post(
        reverse("orders:cancel", args=[order_a.pk]),
        {"version": order_a.version, "reason": "重复订单"},
    )

    response = client.post(
        reverse("orders:quote", args=[order_a.pk]), data, follow=True
    )

    assert "已取消" in response.content.decode()
    order_a.refresh_from_db()
    assert order_a.state == S.CANCELLED


def test_payment_notice_refuses_a_fake_pdf(client, admin_a, order_at, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    order = order_at(S.QUOTE_ACCEPTED)
    client.force_login(admin_a)
    response = client.post(
        reverse("orders:payment_notice", args=[order.pk]),
        {
            "version": order.version,
            "file": SimpleUploadedFile("notice.pdf", b"MZ\x90\x00 not a pdf"),
            "amount_due": "20000",
            "payee_account": "6222000011112222",
            "due_on": (timezone.localdate() + datetime.timedelta(7)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "PDF" in response.content.decode()
    assert not any(p.is_file() for p in media_root.rglob("*"))


def test_review_screen_approves_and_rejects(client, admin_a, order_at):
    order = order_at(S.PAYMENT_SUBMITTED)
    client.force_login(admin_a)
    url = reverse("orders:review", args=[order.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "20000" in page.content.decode()

    missing_reason = client.post(
        url, {"version": order.version, "decision": "reject", "reason": ""}
    )
    assert missing_reason.status_code == 200
    client.post(url, {"version": order.version, "decision": "approve"})
    order.refresh_from_db()
    assert order.state == S.AWAITING_ISSUANCE


def test_issue_screen(client, admin_a, order_at):
    order = order_at(S.AWAITING_ISSUANCE)
    client.force_login(admin_a)
    response = client.post(
        reverse("orders:issue", args=[order.pk]),
        {
            "version": order.version,
            "policy_number": "PAQ2026001",
            "issued_on": timezone.localdate().isoformat(),
            "e_policy": pdf_file("policy.pdf"),
            "invoice": pdf_file("invoice.pdf"),
        },
    )
    assert response.status_code == 302
    assert Policy.objects.get(order=order).number == "PAQ2026001"


def test_offline_order_then_supplementary_entry(client, admin_a):
    client.force_login(admin_a)
    code = valid_credit_code(55501)
    enterprise_fields = {
        "credit_code": code,
        "name": "线下新企业有限公司",
        "industry": EnterpriseFactory().industry.pk,
        "region": EnterpriseFactory().region.pk,
        "contact_name": "赵六",
        "contact_mobile": "13500001234",
        "employee_count": "30",
        "headcount": "30",
    }
    response = client.post(reverse("orders:offline_new"), enterprise_fields)
    assert response.status_code == 302
    order = admin_a.insurer.orders.get()
    assert order.source == OrderSource.OFFLINE
    assert order.enterprise.credit_code == code

    start = timezone.localdate() + datetime.timedelta(days=3)
    data = quote_data(order, period_start=start.isoformat())
    data["period_end"] = (start + datetime.timedelta(days=364)).isoformat()
    data.update(
        policy_number="OFF-2026-1",
        issued_on=timezone.localdate().isoformat(),
        actual_service_items="4",
        contract=pdf_file("contract.pdf"),
        e_policy=pdf_file("policy.pdf"),
        invoice=pdf_file("invoice.pdf"),
        override_reason="",
    )
    response = client.post(reverse("orders:supplementary_entry", args=[order.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    order.refresh_from_db()
    assert order.state == S.ISSUED
    assert order.events.last().action == Action.SUPPLEMENTARY_ENTRY


def test_offline_order_form_requires_a_valid_code(client, admin_a):
    client.force_login(admin_a)
    response = client.post(
        reverse("orders:offline_new"), {"credit_code": "123456789012345678"}
    )
    assert response.status_code == 200
    assert "统一社会信用代码" in response.content.decode()


def test_order_page_shows_data_documents_and_timeline(client, admin_a, order_at):
    order = order_at(S.AWAITING_PAYMENT)
    client.force_login(admin_a)
    response = client.get(reverse("orders:detail", args=[order.pk]))
    content = response.content.decode()
    assert order.enterprise.credit_code in content
    assert reverse("orders:document", args=[order.documents.get().pk]) in content
    assert 'data-testid="timeline"' in content
    assert str(Decimal("20000.00")) in content


def test_export_streams_the_filtered_orders_as_csv(client, admin_a, admin_b, order_at):
    quoted = order_at(S.QUOTED)
    order_at(S.AWAITING_QUOTE)
    OrderFactory(insurer=admin_b.insurer, state=S.QUOTED)
    client.force_login(admin_a)

    response = client.get(reverse("orders:export"), {"state": S.QUOTED})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("\ufeff订单号")
    assert len(lines) == 2
    assert lines[1].startswith(quoted.number)


def test_export_needs_its_permission(client, clerk_a):
    client.force_login(clerk_a)
    assert client.get(reverse("orders:export")).status_code == 403
    assert (
        'data-testid="export"'
        not in client.get(reverse("orders:list")).content.decode()
    )
