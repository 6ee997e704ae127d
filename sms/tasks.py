"""Celery tasks of the SMS outbox: thin wrappers around sms.sending."""

from celery import shared_task

from . import sending


@shared_task(ignore_result=True)
def send_sms(message_id: int) -> None:
    sending.deliver(message_id=message_id)
