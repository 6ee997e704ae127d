"""Writes on roles, and the rules of who may grant which permission."""

import uuid

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.audit import record
from accounts.models import AuditAction

from .catalogue import ALL_GRANTS, ALL_PERMS
from .models import Role


class RoleError(Exception):
    """A change to a role refused; the message says why."""


def catalogue_permissions(perms=None):
    """Return the Permission rows of the catalogue, or of ``perms`` in it."""
    grants = [g for g in ALL_GRANTS if perms is None or g.perm in perms]
    query = Q(pk__in=[])
    for grant in grants:
        query |= Q(content_type__app_label=grant.app_label, codename=grant.codename)
    return Permission.objects.filter(query)


def perms_of_groups(groups) -> frozenset[str]:
    """Return the catalogue permissions that ``groups`` hold together."""
    rows = Permission.objects.filter(group__in=groups).values_list(
        "content_type__app_label", "codename"
    )
    return frozenset(f"{app}.{code}" for app, code in rows) & ALL_PERMS


def grantable_perms(user) -> frozenset[str]:
    """Return the catalogue permissions ``user`` holds, the only ones they
    may grant to a role or, through a role, to an account."""
    if not user.is_active:
        return frozenset()
    return frozenset(user.get_all_permissions()) & ALL_PERMS


def roles_grantable_by(actor, insurer):
    """Return the roles of ``insurer`` that ``actor`` may give an account:
    those holding only permissions the actor holds."""
    held = grantable_perms(actor)
    rows = Permission.objects.filter(group__role__insurer=insurer).values_list(
        "group__role", "content_type__app_label", "codename"
    )
    too_strong = {role for role, app, code in rows if f"{app}.{code}" not in held}
    return Role.objects.for_insurer(insurer).exclude(pk__in=too_strong)


def check_can_grant(*, actor, perms) -> None:
    """Refuse permissions outside the catalogue or not held by ``actor``."""
    if not set(perms) <= ALL_PERMS:
        raise RoleError(_("Only the permissions of the list can be granted."))
    if not set(perms) <= grantable_perms(actor):
        raise RoleError(_("You cannot grant a permission you do not hold yourself."))


@transaction.atomic
def create_role(
    *, insurer, name: str, perms, is_administrator=False, actor=None
) -> Role:
    """Create a role of ``insurer`` holding the catalogue permissions given
    (every one when ``perms`` is None). With an ``actor``, only permissions
    the actor holds may be given, and the audit log records the creation."""
    perms = ALL_PERMS if perms is None else frozenset(perms)
    if actor is not None:
        check_can_grant(actor=actor, perms=perms)
    group = Group.objects.create(name=f"role-{insurer.pk}-{uuid.uuid4().hex}")
    group.permissions.set(catalogue_permissions(perms))
    try:
        with transaction.atomic():
            role = Role.objects.create(
                insurer=insurer,
                name=name,
                group=group,
                is_administrator=is_administrator,
            )
    except IntegrityError:
        raise RoleError(_("A role with this name already exists.")) from None
    if actor is not None:
        record(
            insurer=insurer,
            actor=actor,
            action=AuditAction.ROLE_CREATED,
            target=role,
            changes={"name": [None, name], "perms_added": sorted(perms)},
        )
    return role


@transaction.atomic
def update_role(*, actor, role: Role, name: str, perms) -> Role:
    """Rename ``role`` and set its permissions. The administrator role and a
    role holding a permission the actor lacks cannot be changed."""
    role = Role.objects.select_for_update().get(pk=role.pk)
    _check_can_change(actor=actor, role=role)
    check_can_grant(actor=actor, perms=perms)
    before = perms_of_groups([role.group])
    changes = {}
    if name != role.name:
        if Role.objects.for_insurer(role.insurer).filter(name=name).exists():
            raise RoleError(_("A role with this name already exists."))
        changes["name"] = [role.name, name]
        role.name = name
        role.save(update_fields=["name"])
    after = frozenset(perms)
    if after != before:
        role.group.permissions.set(catalogue_permissions(after))
        changes["perms_added"] = sorted(after - before)
        changes["perms_removed"] = sorted(before - after)
    if changes:
        record(
            insurer=role.insurer,
            actor=actor,
            action=AuditAction.ROLE_UPDATED,
            target=role,
            changes=changes,
        )
    return role


@transaction.atomic
def delete_role(*, actor, role: Role) -> None:
    """Delete ``role``; refused while accounts still hold it."""
    role = Role.objects.select_for_update().get(pk=role.pk)
    _check_can_change(actor=actor, role=role)
    holders = role.group.user_set.filter(deleted_at__isnull=True).count()
    if holders:
        raise RoleError(
            _(
                "Accounts still holding this role: %(count)s. Give them "
                "another role first."
            )
            % {"count": holders}
        )
    group = role.group
    record(
        insurer=role.insurer,
        actor=actor,
        action=AuditAction.ROLE_DELETED,
        target=role,
        changes={"name": [role.name, None]},
    )
    role.delete()
    group.delete()


def _check_can_change(*, actor, role: Role) -> None:
    if role.is_administrator:
        raise RoleError(
            _("The administrator role holds every permission and cannot be changed.")
        )
    if not perms_of_groups([role.group]) <= grantable_perms(actor):
        raise RoleError(
            _("This role holds permissions you do not hold: you cannot change it.")
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
