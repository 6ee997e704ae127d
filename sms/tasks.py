"""Celery tasks of the SMS outbox: thin wrappers around sms.sending."""

from celery import shared_task

from . import sending


@shared_task(bind=True, ignore_result=True, max_retries=None)
def send_sms(self, message_id: int) -> None:
    """Send one outbox row; after a temporary failure, try again when due.

    An eager run (no broker) does not wait in-process for the retry: the row
    stays pending and the sweep sends it.
    """
    retry_at = sending.deliver(message_id=message_id)
    if retry_at is not None and not self.request.is_eager:
        raise self.retry(eta=retry_at)


@shared_task(ignore_result=True)
def sweep_sms() -> None:
    """Publish again the rows a broker outage or a dead worker left behind."""
    sending.sweep()
