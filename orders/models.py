"""Orders: applications for cover, online or offline, and their state."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderState(models.TextChoices):
    AWAITING_QUOTE = "awaiting_quote", _("Awaiting quote")
    QUOTED = "quoted", _("Awaiting enterprise confirmation")
    QUOTE_ACCEPTED = "quote_accepted", _("Awaiting payment notice")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAYMENT_SUBMITTED = "payment_submitted", _("Awaiting payment review")
    AWAITING_ISSUANCE = "awaiting_issuance", _("Awaiting letter")
    ISSUED = "issued", _("Letter issued")
    OFFLINE_PENDING = "offline_pending", _("Awaiting supplementary entry")
    CANCELLED = "cancelled", _("Cancelled")


class OrderSource(models.TextChoices):
    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("Offline")


class OrderQuerySet(models.QuerySet):
    def for_insurer(self, insurer):
        return self.filter(insurer=insurer)

    def for_enterprise(self, enterprise):
        return self.filter(enterprise=enterprise)


class Order(models.Model):
    """One application for cover by one enterprise to one insurer."""

    number = models.CharField(_("order number"), max_length=24, unique=True)
    insurer = models.ForeignKey(
        "insurers.Insurer",
        models.PROTECT,
        related_name="orders",
        verbose_name=_("insurer"),
    )
    enterprise = models.ForeignKey(
        "insurers.Enterprise",
        models.PROTECT,
        related_name="orders",
        verbose_name=_("enterprise"),
    )
    source = models.CharField(
        _("source"),
        max_length=8,
        choices=OrderSource.choices,
        default=OrderSource.ONLINE,
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=OrderState.choices,
        default=OrderState.AWAITING_QUOTE,
    )
    headcount = models.PositiveIntegerField(_("insured headcount"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("quote_order", _("Quote orders")),
            ("upload_payment_notice", _("Upload payment notices")),
            ("review_payment", _("Review payments")),
            ("issue_letter", _("Issue letters")),
            ("create_offline_order", _("Add offline orders")),
            ("export_orders", _("Export orders")),
        ]
        indexes = [
            models.Index(
                fields=["insurer", "state", "-created_at"],
                name="order_insurer_state_created",
            ),
            models.Index(
                fields=["insurer", "-created_at"], name="order_insurer_created"
            ),
        ]

    def __str__(self):
        return self.number
