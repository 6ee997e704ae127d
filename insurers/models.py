"""The platform's reference data: insurers (tenants), enterprises, regions,
industries and the rule sets that quotes must respect."""

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .validators import validate_colour, validate_credit_code, validate_mobile


class InsurerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True).order_by("display_order", "name")


class Insurer(models.Model):
    """An insurance company: the tenant that owns staff, orders and policies."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=20)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#1f6feb",
        validators=[validate_colour],
    )
    is_active = models.BooleanField(_("active"), default=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    objects = InsurerQuerySet.as_manager()

    class Meta:
        verbose_name = _("insurer")
        verbose_name_plural = _("insurers")
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name


class Region(models.Model):
    """An administrative division (district or county)."""

    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Industry(models.Model):
    """A high-risk industry in which the insurance is compulsory."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["display_order", "code"]

    def __str__(self):
        return self.name


class Enterprise(models.Model):
    """An insured enterprise, identified by its unified social credit code."""

    name = models.CharField(_("enterprise name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    industry = models.ForeignKey(
        Industry, models.PROTECT, verbose_name=_("industry"), related_name="+"
    )
    region = models.ForeignKey(
        Region, models.PROTECT, verbose_name=_("region"), related_name="+"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=50)
    contact_mobile = models.CharField(
        _("contact mobile"), max_length=11, validators=[validate_mobile]
    )
    employee_count = models.PositiveIntegerField(
        _("employee count"),
        validators=[MinValueValidator(1), MaxValueValidator(1_000_000)],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]
        indexes = [
            # The lists' search by contact mobile is an exact match.
            models.Index(fields=["contact_mobile"], name="enterprise_contact_mobile"),
        ]

    def __str__(self):
        return self.name


class RuleSetQuerySet(models.QuerySet):
    def in_force(self, *, region: Region | None, on: datetime.date):
        """Return the rule set for a region on a date: the region's own rule
        set if it has one in force, else the platform-wide one."""
        candidates = self.filter(effective_from__lte=on).filter(
            Q(region=region) | Q(region__isnull=True)
        )
        return candidates.order_by(
            models.F("region").asc(nulls_last=True), "-effective_from"
        ).first()


class RuleSet(models.Model):
    """Limits from the regulation that a quote must respect, as data."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("region"),
        help_text=_("Leave empty for the rule set of every region."),
    )
    effective_from = models.DateField(_("effective from"))
    min_death_limit_per_person = models.DecimalField(
        _("minimum death/disability limit per person (yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("400000"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    max_prevention_share = models.DecimalField(
        _("maximum prevention budget share of premium (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("21"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    max_period_months = models.PositiveSmallIntegerField(
        _("maximum policy period (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    max_commission_share = models.DecimalField(
        _("maximum commission share of premium (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    objects = RuleSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "effective_from"],
                name="ruleset_one_per_region_and_date",
            )
        ]

    def __str__(self):
        return self.name
