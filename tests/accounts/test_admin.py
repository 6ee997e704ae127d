"""The operator sets up an insurer's first administrator in Django admin."""

import pytest
from django.urls import reverse

from accounts.models import AuditAction, AuditEntry, Side, User
from tests.factories import InsurerStaffFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Operator-set-2026"


@pytest.fixture
def operator(db):
    return User.objects.create_superuser("operator", password=PASSWORD)


def add_account(client, insurer, username):
    return client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": username,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
            "real_name": "首任管理员",
            "mobile": "13900001111",
            "side": Side.INSURER,
            "insurer": insurer.pk,
        },
    )


def test_first_account_of_an_insurer_becomes_its_administrator(
    client, operator, insurer_a
):
    client.force_login(operator)

    response = add_account(client, insurer_a, "first_admin")

    assert response.status_code == 302
    first = User.objects.get(username="first_admin")
    assert first.has_perm("accounts.manage_accounts")
    assert first.has_perm("orders.issue_letter")
    assert first.groups.get().role.is_administrator
    entry = AuditEntry.objects.get(action=AuditAction.ACCOUNT_UPDATED)
    assert entry.actor is None and entry.insurer == insurer_a


def test_later_accounts_get_no_role_by_themselves(client, operator, admin_a):
    client.force_login(operator)

    add_account(client, admin_a.insurer, "second")

    assert not User.objects.get(username="second").groups.exists()


def test_admin_action_gives_the_administrator_role(client, operator, insurer_a):
    staff = InsurerStaffFactory(insurer=insurer_a)
    client.force_login(operator)

    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "grant_administrator_role", "_selected_action": [staff.pk]},
    )

    assert staff.has_perm("roles.manage_roles")
