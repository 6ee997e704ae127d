"""The SMS outbox: one row per message, written with the event causing it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from insurers.validators import mask_mobile, validate_mobile


class SmsStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class SmsMessageQuerySet(models.QuerySet):
    def for_insurer(self, insurer):
        return self.filter(insurer=insurer)


class SmsMessage(models.Model):
    insurer = models.ForeignKey(
        "insurers.Insurer",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="sms_messages",
        verbose_name=_("insurer"),
    )
    mobile = models.CharField(_("mobile"), max_length=11, validators=[validate_mobile])
    template = models.CharField(_("template"), max_length=40)
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
            models.Index(fields=["status", "next_attempt_at"], name="sms_due"),
        ]

    def __str__(self):
        return f"{self.template} -> {self.masked_mobile}"

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)
