"""Policies issued from orders, and the service organizations that perform
accident-prevention services for them."""

import datetime
import math

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insurers.validators import validate_mobile
from orders.uploads import document_upload_to

# A policy ending within this many days is shown as expiring soon.
EXPIRING_DAYS = 30


class ServiceOrganizationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ServiceOrganization(models.Model):
    """A third party that performs accident-prevention services."""

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=40, unique=True)
    region = models.ForeignKey(
        "insurers.Region",
        models.PROTECT,
        related_name="+",
        verbose_name=_("region"),
    )
    contact_name = models.CharField(_("contact name"), max_length=50)
    contact_mobile = models.CharField(
        _("contact mobile"), max_length=11, validators=[validate_mobile]
    )
    qualification = models.CharField(_("qualification"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ServiceOrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("service organization")
        verbose_name_plural = _("service organizations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PolicyStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not yet in force")
    IN_FORCE = "in_force", _("In force")
    EXPIRING = "expiring", _("Expiring soon")
    EXPIRED = "expired", _("Expired")


class PolicyQuerySet(models.QuerySet):
    def for_insurer(self, insurer):
        return self.filter(insurer=insurer)

    def for_enterprise(self, enterprise):
        return self.filter(enterprise=enterprise)

    def for_service_organization(self, organization):
        return self.filter(service_organization=organization)

    def with_status(self, status: str, *, today: datetime.date | None = None):
        """Filter by the status the dates give, with plain date comparisons
        that the period indexes serve."""
        return self.filter(status_condition(status, today or timezone.localdate()))

    def in_force(self, *, today: datetime.date | None = None):
        """Policies covering ``today``: in force or expiring soon."""
        today = today or timezone.localdate()
        return self.filter(period_start__lte=today, period_end__gte=today)

    def unserved(self, *, today: datetime.date | None = None):
        """Policies in force that no organization serves, or whose
        organization is behind the visits planned for the time elapsed."""
        today = today or timezone.localdate()
        return self.in_force(today=today).filter(
            Q(service_organization__isnull=True) | Q(next_visit_due_on__lte=today)
        )


def status_condition(status: str, today: datetime.date) -> Q:
    soon = today + datetime.timedelta(days=EXPIRING_DAYS)
    return {
        PolicyStatus.NOT_STARTED: Q(period_start__gt=today),
        PolicyStatus.IN_FORCE: Q(period_start__lte=today, period_end__gt=soon),
        PolicyStatus.EXPIRING: Q(
            period_start__lte=today, period_end__gte=today, period_end__lte=soon
        ),
        PolicyStatus.EXPIRED: Q(period_end__lt=today),
    }[status]


def next_visit_due(
    *, period_start: datetime.date, period_end: datetime.date, planned: int, done: int
) -> datetime.date | None:
    """Return the day from which a policy with ``done`` visits is behind:
    the day a whole further planned visit's share of the period has elapsed.
    None when every planned visit is done."""
    if done >= planned:
        return None
    period_days = (period_end - period_start).days + 1
    share = math.ceil((done + 1) * period_days / planned)
    return period_start + datetime.timedelta(days=share)


class Policy(models.Model):
    """The cover an insurer issued on an order."""

    number = models.CharField(_("policy number"), max_length=50)
    insurer = models.ForeignKey(
        "insurers.Insurer",
        models.PROTECT,
        related_name="policies",
        verbose_name=_("insurer"),
    )
    enterprise = models.ForeignKey(
        "insurers.Enterprise",
        models.PROTECT,
        related_name="policies",
        verbose_name=_("enterprise"),
    )
    order = models.OneToOneField(
        "orders.Order",
        models.PROTECT,
        related_name="policy",
        verbose_name=_("order"),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    premium = models.DecimalField(_("premium (yuan)"), max_digits=14, decimal_places=2)
    death_limit_per_person = models.DecimalField(
        _("death/disability limit per person (yuan)"),
        max_digits=14,
        decimal_places=2,
    )
    medical_limit_per_person = models.DecimalField(
        _("medical limit per person (yuan)"),
        max_digits=14,
        decimal_places=2,
        default=0,
    )
    headcount = models.PositiveIntegerField(_("insured headcount"))
    service_items = models.TextField(_("prevention service items"), blank=True)
    planned_visits = models.PositiveSmallIntegerField(_("planned service visits"))
    prevention_budget = models.DecimalField(
        _("prevention budget (yuan)"), max_digits=14, decimal_places=2
    )
    issued_on = models.DateField(_("issue date"))
    service_organization = models.ForeignKey(
        ServiceOrganization,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="policies",
        verbose_name=_("service organization"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    visits_done = models.PositiveSmallIntegerField(_("visits done"), default=0)
    # Kept by the services that change the visits, so that "behind plan" is
    # one indexed comparison; see next_visit_due().
    next_visit_due_on = models.DateField(_("next visit due on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["-issued_on", "-id"]
        permissions = [
            ("assign_service_organization", _("Assign service organizations")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["insurer", "number"], name="policy_number_unique_per_insurer"
            )
        ]
        indexes = [
            # The list's whole sort (-issued_on, -id): many policies share
            # an issue day.
            models.Index(
                fields=["insurer", "-issued_on", "-id"], name="policy_insurer_sorted"
            ),
            models.Index(
                fields=["service_organization", "-issued_on"],
                name="policy_organization_issued",
            ),
            models.Index(
                fields=["service_organization", "-assigned_at"],
                name="policy_organization_assigned",
            ),
            models.Index(fields=["insurer", "period_end"], name="policy_insurer_end"),
            models.Index(
                fields=["insurer", "service_organization", "-issued_on"],
                name="policy_insurer_organization",
            ),
            models.Index(
                fields=["insurer", "next_visit_due_on"], name="policy_insurer_due"
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def status(self) -> str:
        today = timezone.localdate()
        if self.period_start > today:
            return PolicyStatus.NOT_STARTED
        if self.period_end < today:
            return PolicyStatus.EXPIRED
        if self.period_end <= today + datetime.timedelta(days=EXPIRING_DAYS):
            return PolicyStatus.EXPIRING
        return PolicyStatus.IN_FORCE

    def get_status_display(self) -> str:
        return PolicyStatus(self.status).label

    @property
    def is_in_force(self) -> bool:
        return self.status in (PolicyStatus.IN_FORCE, PolicyStatus.EXPIRING)

    @property
    def visits_expected(self) -> int:
        """Visits planned for the time elapsed so far, rounded down."""
        today = min(timezone.localdate(), self.period_end)
        if today < self.period_start or not self.planned_visits:
            return 0
        period_days = (self.period_end - self.period_start).days + 1
        elapsed = (today - self.period_start).days
        return self.planned_visits * elapsed // period_days

    @property
    def progress_percent(self) -> int:
        if not self.planned_visits:
            return 100
        return min(100, 100 * self.visits_done // self.planned_visits)


class ServiceAssignment(models.Model):
    """One assignment of a policy to a service organization: the history."""

    policy = models.ForeignKey(
        Policy, models.CASCADE, related_name="assignments", verbose_name=_("policy")
    )
    from_organization = models.ForeignKey(
        ServiceOrganization,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous organization"),
    )
    to_organization = models.ForeignKey(
        ServiceOrganization,
        models.PROTECT,
        related_name="+",
        verbose_name=_("assigned organization"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("service assignment")
        verbose_name_plural = _("service assignments")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["policy", "-created_at"], name="assignment_policy_created"
            )
        ]


class VisitKind(models.TextChoices):
    HAZARD_INSPECTION = "hazard_inspection", _("Hazard inspection")
    TRAINING = "training", _("Safety training")
    RISK_ASSESSMENT = "risk_assessment", _("Risk assessment")
    EMERGENCY_DRILL = "emergency_drill", _("Emergency drill")
    OTHER = "other", _("Other")


class ServiceVisitQuerySet(models.QuerySet):
    def for_insurer(self, insurer):
        return self.filter(policy__insurer=insurer)

    def for_enterprise(self, enterprise):
        return self.filter(policy__enterprise=enterprise)

    def for_service_organization(self, organization):
        """Visits this organization recorded on policies it still serves."""
        return self.filter(
            organization=organization, policy__service_organization=organization
        )


class ServiceVisit(models.Model):
    """One accident-prevention service performed for an insured enterprise."""

    policy = models.ForeignKey(
        Policy, models.PROTECT, related_name="visits", verbose_name=_("policy")
    )
    organization = models.ForeignKey(
        ServiceOrganization,
        models.PROTECT,
        related_name="visits",
        verbose_name=_("service organization"),
    )
    visited_on = models.DateField(_("visit date"))
    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices)
    staff = models.CharField(_("staff"), max_length=200)
    summary = models.TextField(_("work done"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ServiceVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("service visit")
        verbose_name_plural = _("service visits")
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["policy", "-visited_on"], name="visit_policy_date"),
            models.Index(
                fields=["organization", "-visited_on"], name="visit_organization_date"
            ),
        ]

    def __str__(self):
        return f"{self.policy} {self.visited_on}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class HazardLevel(models.TextChoices):
    GENERAL = "general", _("General")
    MAJOR = "major", _("Major")
    SEVERE = "severe", _("Severe")


class Hazard(models.Model):
    """A hazard found during a visit, and its rectification."""

    visit = models.ForeignKey(
        ServiceVisit, models.CASCADE, related_name="hazards", verbose_name=_("visit")
    )
    description = models.TextField(_("hazard description"))
    level = models.CharField(_("level"), max_length=10, choices=HazardLevel.choices)
    deadline = models.DateField(_("rectification deadline"))
    rectified = models.BooleanField(_("rectified"), default=False)
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ["id"]


class VisitAttachment(models.Model):
    """A PDF or photo of a visit, stored under a random name."""

    visit = models.ForeignKey(
        ServiceVisit,
        models.CASCADE,
        related_name="attachments",
        verbose_name=_("visit"),
    )
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(_("original name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("content type"), max_length=50)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    @property
    def insurer_id(self) -> int:
        """The folder document_upload_to files it under."""
        return self.visit.policy.insurer_id


class VisitNote(models.Model):
    """A remark added to a visit, the only change once it is confirmed."""

    visit = models.ForeignKey(
        ServiceVisit, models.CASCADE, related_name="notes", verbose_name=_("visit")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("visit note")
        verbose_name_plural = _("visit notes")
        ordering = ["created_at", "id"]


class PolicyEventKind(models.TextChoices):
    ASSIGNED = "assigned", _("Service organization assigned")
    VISIT_RECORDED = "visit_recorded", _("Visit recorded")
    VISIT_UPDATED = "visit_updated", _("Visit updated")
    ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
    VISIT_CONFIRMED = "visit_confirmed", _("Visit confirmed")
    VISIT_ANNOTATED = "visit_annotated", _("Note added")
    HAZARD_RECTIFIED = "hazard_rectified", _("Hazard rectified")


class PolicyEvent(models.Model):
    """Append-only audit row of every write on a policy's service."""

    policy = models.ForeignKey(
        Policy, models.CASCADE, related_name="events", verbose_name=_("policy")
    )
    visit = models.ForeignKey(
        ServiceVisit,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("visit"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PolicyEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("policy event")
        verbose_name_plural = _("policy events")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["policy", "created_at"], name="policy_event_created")
        ]
