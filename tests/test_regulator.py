"""The regulator's read-only figures across insurers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrderFactory, PolicyFactory

pytestmark = pytest.mark.django_db


def test_regulator_sees_each_insurers_figures(
    client, regulator_user, insurer_a, insurer_b, django_assert_max_num_queries
):
    today = timezone.localdate()
    OrderFactory.create_batch(2, insurer=insurer_a)
    PolicyFactory(
        order__insurer=insurer_a,
        period_start=today - datetime.timedelta(days=10),
        period_end=today + datetime.timedelta(days=300),
    )
    PolicyFactory(order__insurer=insurer_b)
    client.force_login(regulator_user)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("insurers:regulator_home"))

    rows = {row["name"]: row for row in response.context["figures"]}
    assert rows[insurer_a.name]["order_count"] == 3
    assert rows[insurer_a.name]["waiting_count"] == 2
    assert rows[insurer_a.name]["in_force_count"] == 1
    assert rows[insurer_a.name]["unserved_count"] == 1
    assert rows[insurer_b.name]["in_force_count"] == 0
    assert "监管端" in response.content.decode()


def test_insurer_staff_cannot_open_the_regulator_side(client, admin_a):
    client.force_login(admin_a)

    assert client.get(reverse("insurers:regulator_home")).status_code == 403
