"""Delivering outbox rows through the configured backend."""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .backends import PermanentError, TemporaryError, get_backend
from .models import SmsMessage, SmsStatus

logger = logging.getLogger(__name__)


def claim(*, message_id: int) -> SmsMessage | None:
    """Move a pending row to sending; return None if another worker has it."""
    with transaction.atomic():
        claimed = SmsMessage.objects.filter(
            pk=message_id, status=SmsStatus.PENDING
        ).update(
            status=SmsStatus.SENDING,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    if not claimed:
        return None
    return SmsMessage.objects.get(pk=message_id)


def deliver(*, message_id: int) -> None:
    """Send one claimed message and record the outcome."""
    message = claim(message_id=message_id)
    if message is None:
        return
    try:
        result = get_backend().send(
            mobile=message.mobile,
            template=message.template,
            params=message.params,
            text=message.text,
        )
    except (TemporaryError, PermanentError) as exc:
        logger.warning("SMS %s: provider refused: %s", message.pk, exc)
        SmsMessage.objects.filter(pk=message.pk).update(
            status=SmsStatus.FAILED, last_error=str(exc)[:1000]
        )
        return
    SmsMessage.objects.filter(pk=message.pk).update(
        status=SmsStatus.SENT,
        sent_at=timezone.now(),
        provider_message_id=result.provider_message_id,
    )
    logger.info("SMS %s: sent to %s", message.pk, message.masked_mobile)
