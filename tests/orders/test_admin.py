"""The operator's admin shows orders read-only."""

import pytest
from django.urls import reverse

from orders.models import OrderState

pytestmark = pytest.mark.django_db


def test_the_operator_reads_orders_but_cannot_change_them(admin_client, order_at):
    order = order_at(OrderState.AWAITING_PAYMENT)

    listing = admin_client.get(reverse("admin:orders_order_changelist"))
    page = admin_client.get(reverse("admin:orders_order_change", args=[order.pk]))

    assert listing.status_code == 200
    assert order.number in listing.content.decode()
    assert page.status_code == 200
    assert admin_client.get(reverse("admin:orders_order_add")).status_code == 403
