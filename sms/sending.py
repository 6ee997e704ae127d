"""Delivering outbox rows through the configured backend, and the sweep.

What this guarantees:

- One claim at a time. Only a pending row moves to sending, in one
  conditional UPDATE, so a task delivered twice, a Celery retry and a sweep
  racing each other lead to one provider call per claim; the later ones find
  the row no longer pending and do nothing.
- Nothing is lost. Until a row is sent or failed, the sweep publishes it
  again when it is pending long past its due time (broker down at queue
  time, task lost) and releases it when it has been sending longer than
  ``SMS_SENDING_TIMEOUT_SECONDS`` (worker killed mid-call).

What it cannot guarantee: a worker that dies after the provider accepted a
message and before the outcome was written leaves the row sending; once
released it is sent again, and the recipient gets it twice unless the
provider drops a repeated idempotency key. Every backend receives the message
id as that key. The Aliyun backend passes it as OutId, which Aliyun returns
in delivery receipts but does not deduplicate on, so with Aliyun that window
(the length of one provider call) remains and shows in the receipts.
"""

import datetime
import logging
import traceback

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .backends import PermanentError, SendResult, TemporaryError, get_backend
from .models import SmsMessage, SmsStatus
from .services import enqueue

logger = logging.getLogger(__name__)

ERROR_MAX_LENGTH = 1000


def claim(*, message_id: int) -> SmsMessage | None:
    """Move a pending row to sending; return None if it is not pending."""
    claimed = SmsMessage.objects.filter(pk=message_id, status=SmsStatus.PENDING).update(
        status=SmsStatus.SENDING,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    return SmsMessage.objects.get(pk=message_id)


def deliver(*, message_id: int) -> datetime.datetime | None:
    """Send one pending message and record the outcome; return when to try
    again after a temporary failure, else None."""
    message = claim(message_id=message_id)
    if message is None:
        logger.info("SMS %s: not pending, nothing to send", message_id)
        return None

    try:
        result = get_backend().send(
            message_id=message.pk,
            mobile=message.mobile,
            template=message.template,
            params=message.params,
            text=message.text,
        )
    except PermanentError as exc:
        _record_failure(message, _error_text(message, exc))
        return None
    except (TemporaryError, TimeoutError, ConnectionError) as exc:
        return _record_temporary_failure(message, _error_text(message, exc))
    except Exception as exc:
        error = _error_text(message, exc)
        # The frames without the exception's text, which may hold the number.
        logger.error(
            "SMS %s: unexpected error from the backend: %s\n%s",
            message.pk,
            error,
            "".join(traceback.format_tb(exc.__traceback__)),
        )
        return _record_temporary_failure(message, error)

    _record_sent(message, result)
    return None


def _claimed(message: SmsMessage):
    """The row as long as this claim still holds it."""
    return SmsMessage.objects.filter(
        pk=message.pk, status=SmsStatus.SENDING, attempts=message.attempts
    )


def _record_sent(message: SmsMessage, result: SendResult) -> None:
    # Recorded even if the claim was released meanwhile: the message did go.
    updated = (
        SmsMessage.objects.filter(pk=message.pk)
        .exclude(status=SmsStatus.SENT)
        .update(
            status=SmsStatus.SENT,
            sent_at=timezone.now(),
            provider_message_id=result.provider_message_id[:100],
            last_error="",
        )
    )
    if updated:
        logger.info("SMS %s: sent to %s", message.pk, message.masked_mobile)
    else:
        logger.warning("SMS %s: provider accepted it a second time", message.pk)


def _record_failure(message: SmsMessage, error: str) -> None:
    if _claimed(message).update(status=SmsStatus.FAILED, last_error=error):
        logger.warning("SMS %s: failed: %s", message.pk, error)


def _record_temporary_failure(
    message: SmsMessage, error: str
) -> datetime.datetime | None:
    if message.attempts >= settings.SMS_MAX_ATTEMPTS:
        _record_failure(message, error)
        return None

    retry_at = timezone.now() + backoff(message.attempts)
    if not _claimed(message).update(
        status=SmsStatus.PENDING, next_attempt_at=retry_at, last_error=error
    ):
        return None
    logger.warning(
        "SMS %s: attempt %s failed, next at %s: %s",
        message.pk,
        message.attempts,
        retry_at.isoformat(),
        error,
    )
    return retry_at


def backoff(attempts: int) -> datetime.timedelta:
    """Return the wait after the ``attempts``-th failed attempt: doubling
    from SMS_RETRY_BASE_SECONDS, capped at SMS_RETRY_MAX_SECONDS."""
    seconds = settings.SMS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.SMS_RETRY_MAX_SECONDS))


def _error_text(message: SmsMessage, exc: Exception) -> str:
    """The error as stored and logged: never the full mobile number."""
    if isinstance(exc, TemporaryError | PermanentError) and str(exc):
        text = str(exc)
    else:
        text = f"{type(exc).__name__}: {exc}"
    return text.replace(message.mobile, message.masked_mobile)[:ERROR_MAX_LENGTH]


def sweep(*, now: datetime.datetime | None = None) -> int:
    """Release rows stuck sending and publish again the pending rows long
    past due; return how many tasks were published."""
    now = now or timezone.now()
    released = release_stuck(now=now)
    due_before = now - datetime.timedelta(seconds=settings.SMS_SWEEP_GRACE_SECONDS)
    overdue = SmsMessage.objects.filter(
        status=SmsStatus.PENDING, next_attempt_at__lte=due_before
    ).order_by("next_attempt_at")
    ids = released + list(
        overdue.values_list("pk", flat=True)[: settings.SMS_SWEEP_BATCH]
    )

    published = []
    for message_id in dict.fromkeys(ids):
        if not enqueue(message_id):
            break
        published.append(message_id)

    # The next sweep leaves these alone for another grace period.
    SmsMessage.objects.filter(pk__in=published, status=SmsStatus.PENDING).update(
        next_attempt_at=now
    )
    if ids:
        logger.info(
            "SMS sweep: %s released, %s published of %s due",
            len(released),
            len(published),
            len(ids),
        )
    return len(published)


def release_stuck(*, now: datetime.datetime) -> list[int]:
    """Put back to pending the rows sending since before the timeout (their
    worker is taken for dead), or fail them when attempts are used up;
    return the ids put back."""
    cutoff = now - datetime.timedelta(seconds=settings.SMS_SENDING_TIMEOUT_SECONDS)
    stuck = SmsMessage.objects.filter(status=SmsStatus.SENDING, claimed_at__lte=cutoff)
    error = _("The sending worker stopped before recording the outcome.")

    exhausted = stuck.filter(attempts__gte=settings.SMS_MAX_ATTEMPTS)
    failed = exhausted.update(status=SmsStatus.FAILED, last_error=error)
    if failed:
        logger.warning("SMS sweep: %s failed, their last attempt was lost", failed)

    ids = list(stuck.values_list("pk", flat=True)[: settings.SMS_SWEEP_BATCH])
    stuck.filter(pk__in=ids).update(
        status=SmsStatus.PENDING, next_attempt_at=now, last_error=error
    )
    return ids
