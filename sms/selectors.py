"""Reads of the SMS log."""

import datetime

from django.utils import timezone

from .models import SmsMessage


def messages_for_insurer(insurer, *, filters: dict):
    """Return the insurer's messages matching the log's filters, newest
    first, with what each row shows fetched up front."""
    messages = (
        SmsMessage.objects.for_insurer(insurer)
        .select_related("order", "policy")
        .prefetch_related("resends__resent_by")
    )
    if number := filters.get("q", "").strip().upper():
        messages = messages.filter(order__number__startswith=number)
    if status := filters.get("status"):
        messages = messages.filter(status=status)
    # Whole local days as a range on the column, so the index serves it.
    if start := filters.get("date_from"):
        messages = messages.filter(created_at__gte=_local_midnight(start))
    if end := filters.get("date_to"):
        next_day = end + datetime.timedelta(days=1)
        messages = messages.filter(created_at__lt=_local_midnight(next_day))
    return messages.order_by("-created_at", "-id")


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
