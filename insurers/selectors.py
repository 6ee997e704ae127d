"""Reads for the home pages: the work waiting for each side."""

from django.db.models import Count

from orders.models import Order, OrderState

INSURER_PENDING_STATES = (
    OrderState.AWAITING_QUOTE,
    OrderState.QUOTE_ACCEPTED,
    OrderState.PAYMENT_SUBMITTED,
    OrderState.AWAITING_ISSUANCE,
    OrderState.OFFLINE_PENDING,
)
ENTERPRISE_PENDING_STATES = (OrderState.QUOTED, OrderState.AWAITING_PAYMENT)


def pending_counts(queryset, states) -> list[dict]:
    """Return, for each state in ``states``, its label and how many orders
    of ``queryset`` are in it (zero included), in one query."""
    counts = dict(
        queryset.filter(state__in=states)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        {
            "state": state,
            "label": OrderState(state).label,
            "count": counts.get(state, 0),
        }
        for state in states
    ]


def insurer_pending(insurer) -> list[dict]:
    return pending_counts(Order.objects.for_insurer(insurer), INSURER_PENDING_STATES)


def enterprise_pending(enterprise) -> list[dict]:
    return pending_counts(
        Order.objects.for_enterprise(enterprise), ENTERPRISE_PENDING_STATES
    )


def platform_figures() -> list[dict]:
    """Orders and policies per active insurer, for the regulator."""
    from insurers.models import Insurer

    return list(
        Insurer.objects.active()
        .annotate(
            order_count=Count("orders", distinct=True),
            policy_count=Count("policies", distinct=True),
        )
        .values("name", "order_count", "policy_count")
    )
