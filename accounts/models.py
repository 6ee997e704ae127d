"""The user model: one login of one side of the platform."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
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
        indexes = [
            models.Index(fields=["insurer", "username"], name="user_insurer_username")
        ]
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

    def _get_session_auth_hash(self, secret=None):
        # Django signs only the password hash; signing the active flag too
        # ends the open sessions of an account the moment it is disabled or
        # deleted, since the sign-in backend lets inactive accounts through.
        return salted_hmac(
            "accounts.User.session_auth_hash",
            f"{self.password}:{self.is_active}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class SignInQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class SignIn(models.Model):
    """One sign-in attempt on an existing account, shown in its personal
    center. The password is never stored. Rows are kept for good; a periodic
    purge of old rows would bound the table."""

    user = models.ForeignKey(
        User, models.CASCADE, related_name="sign_ins", verbose_name=_("account")
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    succeeded = models.BooleanField(_("succeeded"))

    objects = SignInQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"], name="signin_user_at")]


class AuditAction(models.TextChoices):
    ACCOUNT_CREATED = "account_created", _("Account created")
    ACCOUNT_UPDATED = "account_updated", _("Account changed")
    ACCOUNT_DELETED = "account_deleted", _("Account deleted")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    ROLE_CREATED = "role_created", _("Role created")
    ROLE_UPDATED = "role_updated", _("Role changed")
    ROLE_DELETED = "role_deleted", _("Role deleted")


class AuditEntryQuerySet(models.QuerySet):
    def for_insurer(self, insurer):
        return self.filter(insurer=insurer)


class AuditEntry(models.Model):
    """Who changed which account or role of an insurer, when, and what.

    ``changes`` maps a field name to ``[old, new]``; a password change is
    recorded by the action alone, never with a value. The names of the actor
    and of the target are copied so that the entry reads the same after
    either is deleted.
    """

    insurer = models.ForeignKey(
        "insurers.Insurer",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("insurer"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        User,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    actor_name = models.CharField(_("changed by"), max_length=150)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction)
    target_id = models.BigIntegerField(_("target id"))
    target_name = models.CharField(_("target"), max_length=150)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["insurer", "-at"], name="auditentry_insurer_at"),
            models.Index(
                fields=["insurer", "action", "-at"], name="auditentry_insurer_action"
            ),
        ]
