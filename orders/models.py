"""Orders: applications for cover, online or offline, and their state."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .uploads import document_upload_to

MONEY = {"max_digits": 14, "decimal_places": 2}


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


class Action(models.TextChoices):
    """What happened to an order; the timeline shows these labels."""

    APPLY = "apply", _("Apply for cover")
    CREATE_OFFLINE = "create_offline", _("Add offline order")
    QUOTE = "quote", _("Quote")
    ACCEPT_QUOTE = "accept_quote", _("Accept quote")
    DECLINE_QUOTE = "decline_quote", _("Decline quote")
    UPLOAD_PAYMENT_NOTICE = "upload_payment_notice", _("Upload payment notice")
    SUBMIT_PAYMENT = "submit_payment", _("Upload payment proof")
    APPROVE_PAYMENT = "approve_payment", _("Payment review: approved")
    REJECT_PAYMENT = "reject_payment", _("Payment review: rejected")
    ISSUE_LETTER = "issue_letter", _("Issue letter")
    SUPPLEMENTARY_ENTRY = "supplementary_entry", _("Supplementary policy entry")
    CANCEL = "cancel", _("Cancel")


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
    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        help_text=_("Raised by every move, so a stale form can be detected."),
    )
    headcount = models.PositiveIntegerField(_("insured headcount"))

    # What the enterprise asked for.
    requested_death_limit = models.DecimalField(
        _("wanted death/disability limit per person (yuan)"),
        null=True,
        blank=True,
        **MONEY,
    )
    requested_start = models.DateField(_("wanted start date"), null=True, blank=True)
    current_quote = models.ForeignKey(
        "Quote",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current quote"),
    )

    # Payment notice (付款通知书).
    amount_due = models.DecimalField(_("amount due"), null=True, blank=True, **MONEY)
    payee_account = models.CharField(_("payee account"), max_length=100, blank=True)
    payment_due_on = models.DateField(_("payment due date"), null=True, blank=True)

    # Payment proof (付款凭证).
    amount_paid = models.DecimalField(_("amount paid"), null=True, blank=True, **MONEY)
    payer_account = models.CharField(_("payer account"), max_length=100, blank=True)
    bank_serial = models.CharField(
        _("bank serial number"), max_length=64, blank=True, db_index=True
    )
    paid_on = models.DateField(_("paid date"), null=True, blank=True)

    # Issuance (出函).
    policy_number = models.CharField(_("policy number"), max_length=50, blank=True)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    actual_service_items = models.PositiveIntegerField(
        _("actual number of service items"), null=True, blank=True
    )

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
            # Each index ends with the list's whole sort (-created_at, -id),
            # so a page is an index scan that stops after its rows.
            models.Index(
                fields=["insurer", "state", "-created_at", "-id"],
                name="order_insurer_state_sorted",
            ),
            models.Index(
                fields=["insurer", "-created_at", "-id"], name="order_insurer_sorted"
            ),
            models.Index(
                fields=["insurer", "source", "-created_at", "-id"],
                name="order_insurer_source_sorted",
            ),
            models.Index(
                fields=["enterprise", "-created_at"], name="order_enterprise_created"
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_offline(self) -> bool:
        return self.source == OrderSource.OFFLINE


class QuoteStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Quote(models.Model):
    """One version of the insurer's offer; frozen once sent."""

    order = models.ForeignKey(
        Order, models.CASCADE, related_name="quotes", verbose_name=_("order")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=QuoteStatus.choices, default="sent"
    )
    premium = models.DecimalField(
        _("premium (yuan)"), validators=[MinValueValidator(0)], **MONEY
    )
    rate = models.DecimalField(
        _("rate (‰)"), max_digits=8, decimal_places=4, validators=[MinValueValidator(0)]
    )
    death_limit_per_person = models.DecimalField(
        _("death/disability limit per person (yuan)"), **MONEY
    )
    medical_limit_per_person = models.DecimalField(
        _("medical limit per person (yuan)"), **MONEY
    )
    headcount = models.PositiveIntegerField(_("insured headcount"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    service_items = models.TextField(_("prevention service items"))
    planned_visits = models.PositiveIntegerField(_("number of prevention visits"))
    prevention_budget = models.DecimalField(_("prevention budget (yuan)"), **MONEY)
    valid_until = models.DateField(_("quote valid until"))
    note = models.TextField(_("note"), blank=True)
    decline_reason = models.TextField(_("decline reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("quoted by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["order", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "version"], name="quote_one_per_order_version"
            )
        ]

    def __str__(self):
        return f"{self.order.number} v{self.version}"


class DocumentKind(models.TextChoices):
    PAYMENT_NOTICE = "payment_notice", _("Payment notice")
    PAYMENT_PROOF = "payment_proof", _("Payment proof")
    E_POLICY = "e_policy", _("E-policy")
    INVOICE = "invoice", _("Invoice")
    CONTRACT = "contract", _("Contract")


class DocumentQuerySet(models.QuerySet):
    def for_insurer(self, insurer):
        return self.filter(insurer=insurer)

    def for_enterprise(self, enterprise):
        return self.filter(order__enterprise=enterprise)

    def current(self):
        """The latest file of each kind: replaced files stay as rows."""
        return self.filter(superseded=False)


class Document(models.Model):
    """One uploaded file of an order, stored under a random name."""

    order = models.ForeignKey(
        Order, models.PROTECT, related_name="documents", verbose_name=_("order")
    )
    insurer = models.ForeignKey(
        "insurers.Insurer",
        models.PROTECT,
        related_name="+",
        verbose_name=_("insurer"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    superseded = models.BooleanField(_("replaced"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["order", "kind", "-uploaded_at", "-id"]
        indexes = [
            models.Index(fields=["order", "kind"], name="document_order_kind"),
        ]

    def __str__(self):
        return self.original_name

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


class OrderEvent(models.Model):
    """One line of an order's append-only timeline."""

    order = models.ForeignKey(
        Order, models.CASCADE, related_name="events", verbose_name=_("order")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=100)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    from_state = models.CharField(
        _("from state"), max_length=20, choices=OrderState.choices, blank=True
    )
    to_state = models.CharField(
        _("to state"), max_length=20, choices=OrderState.choices
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["order", "created_at", "id"]
        indexes = [
            models.Index(fields=["order", "created_at"], name="orderevent_order_time"),
        ]

    def __str__(self):
        return f"{self.order_id} {self.action}"

    @property
    def action_label(self) -> str:
        return self.get_action_display()
