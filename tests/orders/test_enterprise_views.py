"""Enterprise side: registration, 我要投保, my orders, quote answer, payment."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.models import Side, User
from insurers.models import Enterprise
from orders.models import DocumentKind, OrderState
from tests.factories import (
    EnterpriseAccountFactory,
    EnterpriseFactory,
    IndustryFactory,
    RegionFactory,
)
from tests.factories.insurers import valid_credit_code

S = OrderState
pytestmark = pytest.mark.django_db

ENTERPRISE_URLS = [
    "orders:enterprise_order",
    "orders:enterprise_accept",
    "orders:enterprise_decline",
    "orders:enterprise_payment",
    "orders:enterprise_cancel",
]


def registration(**changes):
    data = {
        "credit_code": valid_credit_code(424242),
        "name": "泉州安全建设有限公司",
        "industry": IndustryFactory().pk,
        "region": RegionFactory().pk,
        "contact_name": "陈七",
        "contact_mobile": "13900001111",
        "employee_count": "25",
        "username": "qzaq",
        "password1": "Anquan-2026-quanzhou",
        "password2": "Anquan-2026-quanzhou",
    }
    data.update(changes)
    return data


def test_registration_creates_the_enterprise_and_its_account(client):
    response = client.post(reverse("orders:register"), registration())

    assert response.status_code == 302
    user = User.objects.get(username="qzaq")
    assert user.side == Side.ENTERPRISE
    assert user.enterprise.name == "泉州安全建设有限公司"
    assert client.get(reverse("orders:apply")).status_code == 200


@pytest.mark.parametrize(
    "changes",
    [
        {"credit_code": "91350500000000000X"},
        {"password1": "123", "password2": "123"},
        {"password2": "Something-else-2026"},
        {"contact_mobile": "12345"},
        {"employee_count": "-3"},
        {"name": ""},
    ],
)
def test_bad_registrations_are_refused(client, changes):
    response = client.post(reverse("orders:register"), registration(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.filter(username="qzaq").exists()


def test_one_account_per_credit_code(client):
    existing = EnterpriseFactory()
    response = client.post(
        reverse("orders:register"), registration(credit_code=existing.credit_code)
    )
    assert response.status_code == 200
    assert Enterprise.objects.filter(credit_code=existing.credit_code).count() == 1
    assert not User.objects.filter(username="qzaq").exists()


def test_the_enterprise_login_page_links_to_registration(client):
    response = client.get(reverse("accounts:enterprise_login"))
    assert reverse("orders:register") in response.content.decode()


def test_apply(client, enterprise_user, insurer_a):
    client.force_login(enterprise_user)
    start = timezone.localdate() + datetime.timedelta(days=5)
    response = client.post(
        reverse("orders:apply"),
        {
            "insurer": insurer_a.pk,
            "headcount": enterprise_user.enterprise.employee_count,
            "death_limit": "600000",
            "start": start.isoformat(),
        },
    )
    assert response.status_code == 302
    order = enterprise_user.enterprise.orders.get()
    assert order.insurer == insurer_a
    assert order.state == S.AWAITING_QUOTE
    assert order.events.get().actor == enterprise_user


@pytest.mark.parametrize(
    "changes",
    [{"headcount": "0"}, {"start": "2000-01-01"}, {"death_limit": "-1"}],
)
def test_bad_applications_are_refused(client, enterprise_user, insurer_a, changes):
    client.force_login(enterprise_user)
    data = {"insurer": insurer_a.pk, "headcount": "50", "death_limit": "", "start": ""}
    data.update(changes)
    response = client.post(reverse("orders:apply"), data)
    assert response.status_code == 200
    assert not enterprise_user.enterprise.orders.exists()


def test_my_orders_excludes_other_enterprises(client, order_a, enterprise_user):
    other = EnterpriseAccountFactory()
    client.force_login(other)
    response = client.get(reverse("orders:enterprise_orders"))
    assert list(response.context["orders"]) == []

    client.force_login(enterprise_user)
    response = client.get(reverse("orders:enterprise_orders"))
    assert [o.pk for o in response.context["orders"]] == [order_a.pk]


@pytest.mark.parametrize("url_name", ENTERPRISE_URLS)
def test_every_order_url_is_404_for_another_enterprise(client, order_at, url_name):
    order = order_at(S.AWAITING_PAYMENT)
    client.force_login(EnterpriseAccountFactory())
    assert client.get(reverse(url_name, args=[order.pk])).status_code in (404, 405)
    assert client.post(reverse(url_name, args=[order.pk])).status_code in (404, 405)
    if url_name != "orders:enterprise_order":
        assert client.post(reverse(url_name, args=[order.pk])).status_code == 404


def test_insurer_staff_cannot_open_the_enterprise_side(client, admin_a, order_a):
    client.force_login(admin_a)
    url = reverse("orders:enterprise_order", args=[order_a.pk])
    assert client.get(url).status_code == 403


def test_order_page_explains_the_step_and_accepts_the_quote(
    client, order_at, enterprise_user
):
    order = order_at(S.QUOTED)
    client.force_login(enterprise_user)
    page = client.get(reverse("orders:enterprise_order", args=[order.pk]))
    assert page.context["next_step"]
    assert page.context["accept_form"]

    client.post(
        reverse("orders:enterprise_accept", args=[order.pk]),
        {"quote_version": 1},
        follow=True,
    )
    order.refresh_from_db()
    assert order.state == S.QUOTE_ACCEPTED

    second = client.post(
        reverse("orders:enterprise_accept", args=[order.pk]),
        {"quote_version": 1},
        follow=True,
    )
    assert [m.level_tag for m in second.context["messages"]] == ["error"]


def test_decline_needs_a_reason(client, order_at, enterprise_user):
    order = order_at(S.QUOTED)
    client.force_login(enterprise_user)
    url = reverse("orders:enterprise_decline", args=[order.pk])
    client.post(url, {"quote_version": 1, "reason": ""})
    order.refresh_from_db()
    assert order.state == S.QUOTED
    client.post(url, {"quote_version": 1, "reason": "保费偏高"})
    order.refresh_from_db()
    assert order.state == S.AWAITING_QUOTE


def png_upload():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return SimpleUploadedFile("回单.png", buffer.getvalue(), "image/png")


def payment_data(order, **changes):
    data = {
        "version": order.version,
        "file": png_upload(),
        "amount_paid": "20000",
        "payer_account": "6222000099998888",
        "bank_serial": "BS20261203001",
        "paid_on": timezone.localdate().isoformat(),
    }
    data.update(changes)
    return data


def test_payment_proof_as_an_image(client, order_at, enterprise_user):
    order = order_at(S.AWAITING_PAYMENT)
    client.force_login(enterprise_user)
    url = reverse("orders:enterprise_payment", args=[order.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, payment_data(order))

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == S.PAYMENT_SUBMITTED
    proof = order.documents.get(kind=DocumentKind.PAYMENT_PROOF)
    assert proof.content_type == "image/png"
    assert proof.file.name.endswith(".png")
    assert proof.original_name == "回单.png"


@pytest.mark.parametrize(
    "changes",
    [
        {"amount_paid": "-1"},
        {"amount_paid": "1e20"},
        {"paid_on": "2999-01-01"},
        {"bank_serial": "<script>"},
        {"file": SimpleUploadedFile("x.pdf", b"")},
        {"file": SimpleUploadedFile("x.png", b"GIF89a not really")},
    ],
)
def test_bad_payment_proofs_are_refused(
    client, order_at, enterprise_user, media_root, changes
):
    order = order_at(S.AWAITING_PAYMENT)
    files = {p for p in media_root.rglob("*") if p.is_file()}
    client.force_login(enterprise_user)
    response = client.post(
        reverse("orders:enterprise_payment", args=[order.pk]),
        payment_data(order, **changes),
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    order.refresh_from_db()
    assert order.state == S.AWAITING_PAYMENT
    assert {p for p in media_root.rglob("*") if p.is_file()} == files


def test_issued_documents_are_listed_for_the_enterprise(
    client, order_at, enterprise_user
):
    order = order_at(S.ISSUED)
    client.force_login(enterprise_user)
    page = client.get(reverse("orders:enterprise_order", args=[order.pk]))
    documents = page.context["documents"]
    assert set(documents) >= {DocumentKind.E_POLICY, DocumentKind.INVOICE}
    response = client.get(
        reverse("orders:document", args=[documents[DocumentKind.E_POLICY].pk])
    )
    assert response.status_code == 200
