"""Reads for the home pages: the work waiting for each side."""

from django.db.models import Count, Sum

from orders.models import Order, OrderState

from .models import Insurer

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
    """Per active insurer: orders, orders waiting for the insurer, policies
    in force, their premium, and those bought but not served.

    Each figure is one grouped query over its own table; joining orders and
    policies in one query would multiply their rows.
    """
    from policies.models import Policy

    insurers = list(Insurer.objects.active().values("pk", "name"))
    orders = _grouped(Order.objects.all(), n=Count("pk"))
    waiting = _grouped(
        Order.objects.filter(state__in=INSURER_PENDING_STATES), n=Count("pk")
    )
    in_force = _grouped(
        Policy.objects.in_force(), n=Count("pk"), premium=Sum("premium")
    )
    unserved = _grouped(Policy.objects.unserved(), n=Count("pk"))
    return [
        {
            "name": insurer["name"],
            "order_count": orders.get(insurer["pk"], {}).get("n", 0),
            "waiting_count": waiting.get(insurer["pk"], {}).get("n", 0),
            "in_force_count": in_force.get(insurer["pk"], {}).get("n", 0),
            "in_force_premium": in_force.get(insurer["pk"], {}).get("premium") or 0,
            "unserved_count": unserved.get(insurer["pk"], {}).get("n", 0),
        }
        for insurer in insurers
    ]


def _grouped(queryset, **aggregates) -> dict[int, dict]:
    rows = queryset.values("insurer_id").annotate(**aggregates).order_by()
    return {row.pop("insurer_id"): row for row in rows}
