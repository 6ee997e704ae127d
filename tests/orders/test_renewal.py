"""A renewal continues the cover in force, with neither gap nor overlap."""

import datetime

import pytest
from django.utils import timezone

from orders import workflow
from orders.models import OrderState
from tests.factories import PolicyFactory

from .conftest import terms_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def current_policy(order_a):
    today = timezone.localdate()
    return PolicyFactory(
        order__insurer=order_a.insurer,
        order__enterprise=order_a.enterprise,
        period_start=today - datetime.timedelta(days=300),
        period_end=today + datetime.timedelta(days=64),
    )


@pytest.mark.parametrize("shift_days", [-5, 0, 7])
def test_a_renewal_must_start_the_day_after_the_current_cover(
    order_a, admin_a, current_policy, shift_days
):
    start = current_policy.period_end + datetime.timedelta(days=1 + shift_days)
    terms = terms_for(
        order_a.enterprise,
        period_start=start,
        period_end=start + datetime.timedelta(days=364),
    )

    if shift_days == 0:
        workflow.quote_order(
            order=order_a, user=admin_a, terms=terms, expected_version=None
        )
        order_a.refresh_from_db()
        assert order_a.state == OrderState.QUOTED
        return

    with pytest.raises(workflow.RuleBreach) as refused:
        workflow.quote_order(
            order=order_a, user=admin_a, terms=terms, expected_version=None
        )
    expected = (current_policy.period_end + datetime.timedelta(days=1)).isoformat()
    assert expected in refused.value.breaches[0]
    order_a.refresh_from_db()
    assert order_a.state == OrderState.AWAITING_QUOTE


def test_an_expired_policy_does_not_bind_the_new_period(order_a, admin_a):
    today = timezone.localdate()
    PolicyFactory(
        order__insurer=order_a.insurer,
        order__enterprise=order_a.enterprise,
        period_start=today - datetime.timedelta(days=400),
        period_end=today - datetime.timedelta(days=36),
    )

    workflow.quote_order(
        order=order_a,
        user=admin_a,
        terms=terms_for(order_a.enterprise),
        expected_version=None,
    )

    order_a.refresh_from_db()
    assert order_a.state == OrderState.QUOTED
