"""The user model: one login of one side of the platform."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from insurers.validators import mask_mobile, validate_mobile


class Side(models.TextChoices):
    INSURER = "insurer", _("Insurer")
    ENTERPRISE = "enterprise", _("Enterprise")
    SERVICE = "service", _("Service organization")
    REGULATOR = "regulator", _("Regulator")
    OPERATOR = "operator", _("Platform operator")


class AccountQuerySet(models.QuerySet):
    def for_insurer(self, insurer):
        """Staff accounts of one insurer; deleted accounts are left out."""
        return self.filter(side=Side.INSURER, insurer=insurer, deleted_at__isnull=True)


class AccountManager(UserManager.from_queryset(AccountQuerySet)):
    pass


class User(AbstractUser):
    """A login of one side, tied to the organization it acts for."""

    real_name = models.CharField(_("real name"), max_length=50, blank=True)
    mobile = models.CharField(
        _("mobile"), max_length=11, blank=True, validators=[validate_mobile]
    )
    side = models.CharField(
        _("side"), max_length=12, choices=Side.choices, default=Side.OPERATOR
    )
    insurer = models.ForeignKey(
        "insurers.Insurer",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("insurer"),
    )
    enterprise = models.ForeignKey(
        "insurers.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name=_("enterprise"),
    )
    service_organization = models.ForeignKey(
        "policies.ServiceOrganization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name=_("service organization"),
    )
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    objects = AccountManager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        permissions = [("manage_accounts", _("Manage accounts"))]
        constraints = [
            models.CheckConstraint(
                name="user_organization_matches_side",
                condition=(
                    Q(
                        side=Side.INSURER,
                        insurer__isnull=False,
                        enterprise__isnull=True,
                        service_organization__isnull=True,
                    )
                    | Q(
                        side=Side.ENTERPRISE,
                        insurer__isnull=True,
                        enterprise__isnull=False,
                        service_organization__isnull=True,
                    )
                    | Q(
                        side=Side.SERVICE,
                        insurer__isnull=True,
                        enterprise__isnull=True,
                        service_organization__isnull=False,
                    )
                    | Q(
                        side__in=[Side.REGULATOR, Side.OPERATOR],
                        insurer__isnull=True,
                        enterprise__isnull=True,
                        service_organization__isnull=True,
                    )
                ),
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.real_name or self.username

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)
