"""Roles: named sets of catalogue permissions inside one insurer."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleQuerySet(models.QuerySet):
    def for_insurer(self, insurer):
        return self.filter(insurer=insurer)


class Role(models.Model):
    """A role of one insurer, backed by a Django group that holds its
    permissions so that ``user.has_perm`` works unchanged."""

    insurer = models.ForeignKey(
        "insurers.Insurer",
        models.CASCADE,
        related_name="roles",
        verbose_name=_("insurer"),
    )
    name = models.CharField(_("role name"), max_length=50)
    group = models.OneToOneField(Group, models.PROTECT, related_name="role")
    is_administrator = models.BooleanField(_("administrator"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["-is_administrator", "name"]
        permissions = [("manage_roles", _("Manage roles"))]
        constraints = [
            models.UniqueConstraint(
                fields=["insurer", "name"], name="role_name_unique_per_insurer"
            )
        ]

    def __str__(self):
        return self.name
