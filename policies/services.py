"""Writes on policies."""

import datetime
import logging
from decimal import Decimal

from .models import Policy

logger = logging.getLogger(__name__)


def create_policy(
    *,
    order,
    number: str,
    period_start: datetime.date,
    period_end: datetime.date,
    premium: Decimal,
    death_limit_per_person: Decimal,
    medical_limit_per_person: Decimal,
    headcount: int,
    service_items: str,
    planned_visits: int,
    prevention_budget: Decimal,
    issued_on: datetime.date,
) -> Policy:
    """Create the policy of an order being issued; the caller holds the
    order's lock and has checked the number is free within the insurer."""
    policy = Policy.objects.create(
        order=order,
        insurer_id=order.insurer_id,
        enterprise_id=order.enterprise_id,
        number=number,
        period_start=period_start,
        period_end=period_end,
        premium=premium,
        death_limit_per_person=death_limit_per_person,
        medical_limit_per_person=medical_limit_per_person,
        headcount=headcount,
        service_items=service_items,
        planned_visits=planned_visits,
        prevention_budget=prevention_budget,
        issued_on=issued_on,
    )
    logger.info("Order %s: policy %s created", order.number, policy.pk)
    return policy
