"""Writes on the SMS outbox: queueing a message and resending a failed one."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from insurers.validators import mask_mobile, validate_mobile

from .models import SmsMessage, SmsResend, SmsStatus
from .texts import TEXTS, render, required_params

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """A write on the outbox refused; the message says why."""


def queue_sms(
    *, mobile: str, template: str, params: dict, insurer=None, order=None, policy=None
) -> SmsMessage:
    """Write an SMS row in the caller's transaction; it is sent on commit.

    ``params`` fill the template's placeholders; the ``insurer`` placeholder
    defaults to the short name of ``insurer``. A wrong mobile, template or
    parameter set is a programming error: SmsError, and the caller's
    transaction rolls back.
    """
    params = _checked_params(
        mobile=mobile, template=template, params=params, insurer=insurer
    )
    message = SmsMessage.objects.create(
        insurer=insurer,
        mobile=mobile,
        template=template,
        params=params,
        text=render(template, params),
        order=order,
        policy=policy,
        next_attempt_at=timezone.now(),
    )
    logger.info("SMS %s: queued %s to %s", message.pk, template, message.masked_mobile)
    enqueue_on_commit(message.pk)
    return message


def _checked_params(*, mobile, template, params, insurer) -> dict:
    try:
        validate_mobile(mobile)
    except ValidationError as exc:
        raise SmsError(
            _("The mobile number %(mobile)s is not valid.")
            % {"mobile": mask_mobile(mobile)}
        ) from exc
    if template not in TEXTS:
        raise SmsError(
            _("There is no SMS template %(template)s.") % {"template": template}
        )

    params = {key: str(value) for key, value in params.items()}
    if insurer is not None:
        params.setdefault("insurer", insurer.short_name)
    missing = required_params(template) - params.keys()
    if missing:
        raise SmsError(
            _("The SMS template %(template)s needs %(names)s.")
            % {"template": template, "names": ", ".join(sorted(missing))}
        )
    return params


def resend_sms(*, message: SmsMessage, actor) -> SmsMessage:
    """Put a failed message back in the outbox with a fresh set of attempts
    and record who did it; it is sent on commit."""
    with transaction.atomic():
        message = SmsMessage.objects.select_for_update().get(pk=message.pk)
        if message.status != SmsStatus.FAILED:
            raise SmsError(_("Only a failed message can be sent again."))

        SmsResend.objects.create(
            message=message, resent_by=actor, previous_error=message.last_error
        )
        message.status = SmsStatus.PENDING
        message.attempts = 0
        message.next_attempt_at = timezone.now()
        message.save(update_fields=["status", "attempts", "next_attempt_at"])
        enqueue_on_commit(message.pk)

    logger.info("SMS %s: resent by user %s", message.pk, actor.pk)
    return message


def enqueue_on_commit(message_id: int) -> None:
    """Hand the message to Celery once the caller's transaction commits.

    The callback is robust: a broker that is down cannot turn a committed
    business change into an error page, and the row waits for the sweep.
    """
    transaction.on_commit(lambda: enqueue(message_id), robust=True)


def enqueue(message_id: int) -> bool:
    """Publish the send task of one message; return False if the broker is
    unreachable (the sweep will publish it again)."""
    from .tasks import send_sms

    try:
        send_sms.apply_async((message_id,), queue=settings.SMS_QUEUE)
    except (OperationalError, OSError):
        logger.warning("SMS %s: broker unreachable, left for the sweep", message_id)
        return False
    except Exception:
        logger.exception(
            "SMS %s: could not be enqueued, left for the sweep", message_id
        )
        return False
    return True
