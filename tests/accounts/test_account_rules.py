"""The rules guarding staff accounts: no privilege escalation, no self
removal, never without an administrator, and an audit entry per change."""

import pytest

from accounts import services
from accounts.models import AuditAction, AuditEntry
from roles.services import create_role, ensure_administrator_role
from tests.factories import InsurerStaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def account_manager(insurer_a):
    """Staff who may manage accounts and view orders, nothing more."""
    role = create_role(
        insurer=insurer_a,
        name="人事",
        perms={"accounts.manage_accounts", "orders.view_order"},
    )
    return InsurerStaffFactory(username="manager_a", insurer=insurer_a, roles=[role])


def update(actor, account, **changes):
    fields = {
        "username": account.username,
        "real_name": account.real_name,
        "mobile": account.mobile,
        "email": account.email,
        "is_active": account.is_active,
        "roles": [g.role for g in account.groups.all()],
    }
    fields.update(changes)
    return services.update_account(actor=actor, account=account, **fields)


def test_admin_cannot_deactivate_or_delete_themselves(admin_a):
    second = InsurerStaffFactory(
        insurer=admin_a.insurer,
        roles=[ensure_administrator_role(insurer=admin_a.insurer)],
    )

    with pytest.raises(services.AccountError, match="不能停用自己"):
        update(admin_a, admin_a, is_active=False)
    with pytest.raises(services.AccountError, match="不能删除自己"):
        services.delete_account(actor=admin_a, account=admin_a)

    admin_a.refresh_from_db()
    assert admin_a.is_active and admin_a.deleted_at is None
    assert second.is_active


def test_last_administrator_cannot_lose_the_role(admin_a, clerk_a):
    clerk_role = clerk_a.groups.get().role

    with pytest.raises(services.AccountError, match="最后一个管理员"):
        update(admin_a, admin_a, roles=[clerk_role])

    assert admin_a.groups.filter(role__is_administrator=True).exists()


def test_last_administrator_cannot_be_deleted_or_deactivated_by_another(
    admin_a, insurer_a
):
    # A second administrator whose role is being removed by the first one
    # is fine; the last one standing is not.
    admin_role = ensure_administrator_role(insurer=insurer_a)
    second = InsurerStaffFactory(insurer=insurer_a, roles=[admin_role])

    services.delete_account(actor=second, account=admin_a)

    with pytest.raises(services.AccountError, match="最后一个管理员"):
        update(second, second, roles=[])


def test_a_disabled_administrator_does_not_count(admin_a, insurer_a):
    admin_role = ensure_administrator_role(insurer=insurer_a)
    InsurerStaffFactory(insurer=insurer_a, roles=[admin_role], is_active=False)

    with pytest.raises(services.AccountError, match="最后一个管理员"):
        update(admin_a, admin_a, roles=[])


def test_a_manager_cannot_give_a_role_with_more_power(account_manager, insurer_a):
    admin_role = ensure_administrator_role(insurer=insurer_a)
    payer = create_role(insurer=insurer_a, name="财务", perms={"orders.review_payment"})

    for role in (admin_role, payer):
        with pytest.raises(services.AccountError, match="没有的权限"):
            services.create_account(
                actor=account_manager,
                insurer=insurer_a,
                username=f"escalate{role.pk}",
                real_name="越权",
                mobile="13900000000",
                email="",
                roles=[role],
                is_active=True,
                password="Long-enough-77",
            )


def test_a_manager_cannot_take_over_a_more_powerful_account(
    account_manager, admin_a, password
):
    with pytest.raises(services.AccountError, match="您没有的权限"):
        update(account_manager, admin_a, new_password="Taken-over-2026")
    with pytest.raises(services.AccountError, match="您没有的权限"):
        services.delete_account(actor=account_manager, account=admin_a)

    admin_a.refresh_from_db()
    assert admin_a.check_password(password)
    assert admin_a.deleted_at is None


def test_a_manager_may_manage_a_less_powerful_account(account_manager, clerk_a):
    update(account_manager, clerk_a, real_name="改名")

    clerk_a.refresh_from_db()
    assert clerk_a.real_name == "改名"


def test_a_role_of_another_insurer_is_refused_by_the_service(admin_a, admin_b):
    foreign = ensure_administrator_role(insurer=admin_b.insurer)

    with pytest.raises(services.AccountError, match="本公司的角色"):
        update(admin_a, admin_a, roles=[foreign])


def test_every_change_is_audited_with_the_actor_and_never_the_password(
    admin_a, clerk_a
):
    update(admin_a, clerk_a, mobile="13711112222", new_password="Secret-pass-2026")
    services.delete_account(actor=admin_a, account=clerk_a)

    entries = AuditEntry.objects.for_insurer(admin_a.insurer)
    assert set(entries.values_list("action", flat=True)) == {
        AuditAction.ACCOUNT_UPDATED,
        AuditAction.PASSWORD_CHANGED,
        AuditAction.ACCOUNT_DELETED,
    }
    assert {e.actor for e in entries} == {admin_a}
    assert {e.actor_name for e in entries} == {admin_a.display_name}
    changed = entries.get(action=AuditAction.ACCOUNT_UPDATED)
    assert changed.changes == {
        "mobile": ["139****" + clerk_a.mobile[-4:], "137****2222"]
    }
    assert "Secret-pass-2026" not in str(list(entries.values()))
    assert "argon2" not in str(list(entries.values()))


def test_deleted_account_keeps_its_name_for_timelines(admin_a, clerk_a):
    services.delete_account(actor=admin_a, account=clerk_a)

    clerk_a.refresh_from_db()
    assert str(clerk_a) == clerk_a.real_name
    assert clerk_a not in type(clerk_a).objects.for_insurer(admin_a.insurer)


def test_deactivating_an_account_ends_its_open_sessions(client, admin_a, clerk_a):
    from django.urls import reverse

    client.force_login(clerk_a)
    assert client.get(reverse("insurers:home")).status_code == 200

    update(admin_a, clerk_a, is_active=False)

    assert client.get(reverse("insurers:home")).status_code == 302
