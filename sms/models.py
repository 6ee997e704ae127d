"""The SMS outbox: one row per message, written with the event causing it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from insurers.validators import mask_mobile, validate_mobile

from .texts import SmsTemplate


class SmsStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class SmsMessageQuerySet(models.QuerySet):
    def for_insurer(self, insurer):
        return self.filter(insurer=insurer)


class SmsMessage(models.Model):
    """One message to one mobile, and where its delivery stands.

    ``attempts`` counts the claims of the row; ``next_attempt_at`` is when a
    pending row is due (the sweep re-queues it once that is long past).
    """

    insurer = models.ForeignKey(
        "insurers.Insurer",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="sms_messages",
        verbose_name=_("insurer"),
    )
    mobile = models.CharField(_("mobile"), max_length=11, validators=[validate_mobile])
    template = models.CharField(
        _("template"), max_length=40, choices=SmsTemplate.choices
    )
    params = models.JSONField(_("parameters"), default=dict)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SmsStatus.choices,
        default=SmsStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    provider_message_id = models.CharField(
        _("provider message id"), max_length=100, blank=True
    )
    last_error = models.TextField(_("last error"), blank=True)
    order = models.ForeignKey(
        "orders.Order",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="sms_messages",
        verbose_name=_("order"),
    )
    policy = models.ForeignKey(
        "policies.Policy",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="sms_messages",
        verbose_name=_("policy"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = SmsMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        ordering = ["-created_at", "-id"]
        permissions = [("resend_sms", _("Resend SMS"))]
        indexes = [
            models.Index(fields=["insurer", "-created_at"], name="sms_insurer_created"),
            models.Index(
                fields=["insurer", "status", "-created_at"],
                name="sms_insurer_status_created",
            ),
            # The sweep reads only unfinished rows: partial indexes stay small
            # however many messages were sent.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="sms_pending_due",
            ),
            models.Index(
                fields=["claimed_at"],
                condition=Q(status="sending"),
                name="sms_sending_claimed",
            ),
        ]

    def __str__(self):
        return f"{self.get_template_display()} -> {self.masked_mobile}"

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)


class SmsResend(models.Model):
    """A failed message put back in the outbox by a member of staff."""

    message = models.ForeignKey(
        SmsMessage,
        models.CASCADE,
        related_name="resends",
        verbose_name=_("SMS message"),
    )
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("resent by"),
    )
    resent_at = models.DateTimeField(_("resent at"), auto_now_add=True)
    previous_error = models.TextField(_("previous error"), blank=True)

    class Meta:
        verbose_name = _("SMS resend")
        verbose_name_plural = _("SMS resends")
        ordering = ["-resent_at", "-id"]
