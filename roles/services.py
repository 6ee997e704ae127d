"""Writes on roles."""

import uuid

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from .catalogue import ALL_GRANTS
from .models import Role


def catalogue_permissions(perms=None):
    """Return the Permission rows of the catalogue, or of ``perms`` in it."""
    grants = [g for g in ALL_GRANTS if perms is None or g.perm in perms]
    query = Q(pk__in=[])
    for grant in grants:
        query |= Q(content_type__app_label=grant.app_label, codename=grant.codename)
    return Permission.objects.filter(query)


@transaction.atomic
def create_role(*, insurer, name: str, perms, is_administrator=False) -> Role:
    """Create a role of ``insurer`` holding the catalogue permissions given."""
    group = Group.objects.create(name=f"role-{insurer.pk}-{uuid.uuid4().hex}")
    group.permissions.set(catalogue_permissions(perms))
    return Role.objects.create(
        insurer=insurer, name=name, group=group, is_administrator=is_administrator
    )


def ensure_administrator_role(*, insurer) -> Role:
    """Return the insurer's administrator role, creating it with every
    catalogue permission the first time."""
    role = Role.objects.filter(insurer=insurer, is_administrator=True).first()
    if role is None:
        with translation.override(settings.LANGUAGE_CODE):
            name = _("Administrator")
        role = create_role(
            insurer=insurer,
            name=name,
            perms=None,
            is_administrator=True,
        )
    return role
