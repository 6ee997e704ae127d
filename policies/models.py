"""Policies issued from orders, and the service organizations that perform
accident-prevention services for them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from insurers.validators import validate_mobile


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


class PolicyQuerySet(models.QuerySet):
    def for_insurer(self, insurer):
        return self.filter(insurer=insurer)

    def for_enterprise(self, enterprise):
        return self.filter(enterprise=enterprise)

    def for_service_organization(self, organization):
        return self.filter(service_organization=organization)


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
            models.Index(
                fields=["insurer", "-issued_on"], name="policy_insurer_issued"
            ),
            models.Index(
                fields=["service_organization", "-issued_on"],
                name="policy_organization_issued",
            ),
        ]

    def __str__(self):
        return self.number
