"""Writes on accounts: an insurer's staff, the personal center, sign-ins.

Two rules guard every change an administrator makes to a staff account:
nobody hands out or takes over more power than they hold themselves, and an
insurer always keeps at least one active account with its administrator
role.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from roles.models import Role
from roles.services import ensure_administrator_role, grantable_perms, perms_of_groups

from .audit import record
from .models import AuditAction, Side, SignIn, User

logger = logging.getLogger(__name__)

PROFILE_FIELDS = ["real_name", "mobile", "email"]
STAFF_FIELDS = ["username", *PROFILE_FIELDS, "is_active"]


class AccountError(Exception):
    """A change to an account refused; the message says why."""


def check_can_manage(*, actor, account: User) -> None:
    """Refuse when ``account`` holds a permission that ``actor`` lacks, so
    that no one can take over a more powerful account."""
    if not perms_of_groups(account.groups.all()) <= grantable_perms(actor):
        raise AccountError(
            _("This account holds permissions you do not hold: you cannot change it.")
        )


@transaction.atomic
def create_account(
    *,
    actor,
    insurer,
    username: str,
    real_name: str,
    mobile: str,
    email: str,
    roles,
    is_active: bool,
    password: str,
) -> User:
    """Create a staff account of ``insurer`` with the roles given."""
    _check_roles(actor=actor, insurer=insurer, roles=roles)
    account = User(
        username=username,
        real_name=real_name,
        mobile=mobile,
        email=email,
        is_active=is_active,
        side=Side.INSURER,
        insurer=insurer,
    )
    account.set_password(password)
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:
        raise AccountError(_("This username is already taken.")) from None
    account.groups.set([role.group for role in roles])
    after = _snapshot(account)
    record(
        insurer=insurer,
        actor=actor,
        action=AuditAction.ACCOUNT_CREATED,
        target=account,
        changes={field: [None, value] for field, value in after.items()},
    )
    logger.info("Account %s created by %s", account.pk, actor.pk)
    return account


@transaction.atomic
def update_account(
    *,
    actor,
    account: User,
    username: str,
    real_name: str,
    mobile: str,
    email: str,
    roles,
    is_active: bool,
    new_password: str = "",
) -> User:
    """Change a staff account; a new password is set only when given."""
    admin_role = _lock_administrator_role(account.insurer)
    account = User.objects.select_for_update().get(pk=account.pk)
    check_can_manage(actor=actor, account=account)
    _check_roles(actor=actor, insurer=account.insurer, roles=roles)
    if account.pk == actor.pk and not is_active:
        raise AccountError(_("You cannot deactivate your own account."))
    keeps_admin = is_active and admin_role in roles
    if not keeps_admin and _is_last_administrator(account, admin_role):
        raise AccountError(
            _("This is the last administrator of your company: it must stay.")
        )

    before = _snapshot(account)
    for field, value in {
        "username": username,
        "real_name": real_name,
        "mobile": mobile,
        "email": email,
        "is_active": is_active,
    }.items():
        setattr(account, field, value)
    fields = list(STAFF_FIELDS)
    if new_password:
        account.set_password(new_password)
        fields.append("password")
    try:
        with transaction.atomic():
            account.save(update_fields=fields)
    except IntegrityError:
        raise AccountError(_("This username is already taken.")) from None
    account.groups.set([role.group for role in roles])

    _record_changes(actor=actor, account=account, before=before)
    if new_password:
        _record_password_change(actor=actor, account=account)
    return account


@transaction.atomic
def delete_account(*, actor, account: User) -> None:
    """Delete a staff account: it can no longer sign in and leaves the
    lists, while the row stays so that every timeline keeps its name."""
    admin_role = _lock_administrator_role(account.insurer)
    account = User.objects.select_for_update().get(pk=account.pk)
    if account.pk == actor.pk:
        raise AccountError(_("You cannot delete your own account."))
    check_can_manage(actor=actor, account=account)
    if _is_last_administrator(account, admin_role):
        raise AccountError(
            _("This is the last administrator of your company: it must stay.")
        )

    account.deleted_at = timezone.now()
    account.is_active = False
    account.save(update_fields=["deleted_at", "is_active"])
    account.groups.clear()
    record(
        insurer=account.insurer,
        actor=actor,
        action=AuditAction.ACCOUNT_DELETED,
        target=account,
    )
    logger.info("Account %s deleted by %s", account.pk, actor.pk)


@transaction.atomic
def grant_administrator_role(*, account: User, actor=None) -> None:
    """Give an insurer's account the administrator role; the operator's way
    to set up an insurer's first administrator (``actor`` None)."""
    if account.side != Side.INSURER:
        raise AccountError(_("Only an insurer's account can be its administrator."))
    role = ensure_administrator_role(insurer=account.insurer)
    account = User.objects.select_for_update().get(pk=account.pk)
    if account.groups.filter(pk=role.group_id).exists():
        return
    before = _snapshot(account)
    account.groups.add(role.group)
    _record_changes(actor=actor, account=account, before=before)


@transaction.atomic
def update_profile(*, user: User, real_name: str, mobile: str, email: str) -> User:
    """Change one's own name, mobile and email from the personal center."""
    user = User.objects.select_for_update().get(pk=user.pk)
    before = _snapshot(user)
    user.real_name, user.mobile, user.email = real_name, mobile, email
    user.save(update_fields=PROFILE_FIELDS)
    _record_changes(actor=user, account=user, before=before)
    return user


@transaction.atomic
def change_own_password(*, user: User, new_password: str) -> None:
    """Set one's own password; the form has checked the current one."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    _record_password_change(actor=user, account=user)


def record_sign_in(*, user: User, ip_address: str | None, succeeded: bool) -> None:
    """Remember one sign-in attempt on ``user`` for their personal center."""
    SignIn.objects.create(user=user, ip_address=ip_address, succeeded=succeeded)


def _check_roles(*, actor, insurer, roles) -> None:
    for role in roles:
        if role.insurer_id != insurer.pk:
            raise AccountError(_("Choose only roles of your own company."))
    if not perms_of_groups([r.group for r in roles]) <= grantable_perms(actor):
        raise AccountError(
            _("You cannot give a role holding permissions you do not hold yourself.")
        )


def _lock_administrator_role(insurer) -> Role:
    # Every change that could remove an administrator takes this lock first,
    # so two administrators removing each other at once cannot both succeed.
    role = ensure_administrator_role(insurer=insurer)
    return Role.objects.select_for_update().get(pk=role.pk)


def _is_last_administrator(account: User, admin_role: Role) -> bool:
    holders = admin_role.group.user_set.filter(is_active=True, deleted_at__isnull=True)
    if not holders.filter(pk=account.pk).exists():
        return False
    return not holders.exclude(pk=account.pk).exists()


def _snapshot(account: User) -> dict:
    # The audit log keeps the mobile masked, as everywhere outside the form.
    roles = Role.objects.filter(group__user=account).order_by("name")
    return {
        "username": account.username,
        "real_name": account.real_name,
        "mobile": account.masked_mobile if account.mobile else "",
        "email": account.email,
        "is_active": account.is_active,
        "roles": [role.name for role in roles],
    }


def _record_changes(*, actor, account: User, before: dict) -> None:
    after = _snapshot(account)
    changes = {f: [before[f], after[f]] for f in after if before[f] != after[f]}
    if changes:
        record(
            insurer=account.insurer,
            actor=actor,
            action=AuditAction.ACCOUNT_UPDATED,
            target=account,
            changes=changes,
        )


def _record_password_change(*, actor, account: User) -> None:
    record(
        insurer=account.insurer,
        actor=actor,
        action=AuditAction.PASSWORD_CHANGED,
        target=account,
    )
