"""The demo data holds orders in every state and can be seeded twice."""

import io

import pytest
from django.core.management import call_command

from orders.models import Order, OrderState

pytestmark = pytest.mark.django_db


def test_demo_orders_cover_every_state_and_reseeding_adds_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    count = Order.objects.count()

    states = set(Order.objects.values_list("state", flat=True))
    assert states == set(OrderState.values)
    anxin = Order.objects.filter(
        insurer__slug="anxin", enterprise__accounts__username="enterprise_demo"
    )
    assert anxin.count() >= 4

    call_command("seed_demo", stdout=io.StringIO())
    assert Order.objects.count() == count
