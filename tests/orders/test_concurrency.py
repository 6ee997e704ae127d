"""Two people pressing the same button at once, on a real PostgreSQL."""

import threading

import pytest
from django.db import connection

from orders import workflow
from orders.models import Action, OrderState

from .conftest import apply

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*calls):
    """Run each call in its own thread (so its own connection), started
    at the same instant; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        # The exception is the result under test.
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_concurrent_approvals_give_one_transition(order_at, admin_a):
    order = order_at(OrderState.PAYMENT_SUBMITTED)
    version = order.version

    def approve():
        return workflow.approve_payment(
            order=order, user=admin_a, expected_version=version
        )

    results = run_together(approve, approve)

    refused = [r for r in results if isinstance(r, workflow.WorkflowError)]
    assert len(refused) == 1, results
    order.refresh_from_db()
    assert order.state == OrderState.AWAITING_ISSUANCE
    assert order.version == version + 1
    assert order.events.filter(action=Action.APPROVE_PAYMENT).count() == 1


def test_concurrent_applications_get_distinct_numbers(admin_a, enterprise_user):
    results = run_together(
        *[lambda: apply(enterprise_user, admin_a.insurer) for _ in range(4)]
    )
    numbers = {order.number for order in results}
    assert len(numbers) == 4, results
