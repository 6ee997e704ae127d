"""Writes on the SMS outbox."""

import logging

from django.db import transaction

from .models import SmsMessage
from .templates import render

logger = logging.getLogger(__name__)


def queue_sms(
    *, mobile: str, template: str, params: dict, insurer=None, order=None, policy=None
) -> SmsMessage:
    """Write an SMS row in the caller's transaction; it is sent on commit."""
    message = SmsMessage.objects.create(
        insurer=insurer,
        mobile=mobile,
        template=template,
        params=params,
        text=render(template, params),
        order=order,
        policy=policy,
    )
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_id: int) -> None:
    from .tasks import send_sms

    send_sms.delay(message_id)
