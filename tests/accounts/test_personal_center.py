"""个人中心 on every side: profile, password change with the current
password, the last sign-ins."""

import pytest
from django.urls import reverse

from accounts.models import AuditAction, AuditEntry, SignIn

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Another-pass-2027"


@pytest.mark.parametrize(
    "fixture",
    ["admin_a", "clerk_a", "enterprise_user", "service_user", "regulator_user"],
)
def test_every_side_opens_its_personal_center(request, client, fixture):
    user = request.getfixturevalue(fixture)
    client.force_login(user)

    response = client.get(reverse("accounts:personal_center"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "个人中心" in page
    assert "修改密码" in page
    assert "最近登录记录" in page
    assert user.username in page


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("accounts:personal_center"))

    assert response.status_code == 302


def test_profile_is_saved_and_audited(client, clerk_a):
    client.force_login(clerk_a)

    response = client.post(
        reverse("accounts:personal_center"),
        {"real_name": "新名字", "mobile": "13800138000", "email": "a@example.com"},
    )

    clerk_a.refresh_from_db()
    assert response.status_code == 302
    assert (clerk_a.real_name, clerk_a.mobile, clerk_a.email) == (
        "新名字",
        "13800138000",
        "a@example.com",
    )
    entry = AuditEntry.objects.get(action=AuditAction.ACCOUNT_UPDATED)
    assert entry.actor == clerk_a
    assert entry.insurer == clerk_a.insurer


def test_profile_refuses_bad_input(client, clerk_a):
    client.force_login(clerk_a)

    response = client.post(
        reverse("accounts:personal_center"),
        {"real_name": "", "mobile": "999", "email": "bad"},
    )

    assert response.status_code == 200
    assert "11 位" in response.content.decode()


def test_password_change_needs_the_current_one(client, clerk_a, password):
    client.force_login(clerk_a)
    url = reverse("accounts:password")

    wrong = client.post(
        url,
        {
            "old_password": "not-it",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    right = client.post(
        url,
        {
            "old_password": password,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert wrong.status_code == 200
    assert "旧密码不正确" in wrong.content.decode()
    assert right.status_code == 302
    clerk_a.refresh_from_db()
    assert clerk_a.check_password(NEW_PASSWORD)
    # The session survives one's own password change.
    assert client.get(reverse("accounts:personal_center")).status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.PASSWORD_CHANGED)
    assert entry.actor == clerk_a
    assert entry.changes == {}


def test_password_change_refuses_a_weak_password(client, clerk_a, password):
    client.force_login(clerk_a)

    response = client.post(
        reverse("accounts:password"),
        {"old_password": password, "new_password1": "1234", "new_password2": "1234"},
    )

    assert response.status_code == 200
    assert "密码长度太短" in response.content.decode()


def test_last_sign_ins_show_time_address_and_result(client, enterprise_user):
    SignIn.objects.create(
        user=enterprise_user, ip_address="198.51.100.4", succeeded=False
    )
    client.force_login(enterprise_user)

    page = client.get(reverse("accounts:personal_center")).content.decode()

    assert "198.51.100.4" in page
    assert "失败" in page
    assert "成功" in page


def test_sign_ins_of_others_are_not_shown(client, clerk_a, admin_a):
    SignIn.objects.create(user=admin_a, ip_address="203.0.113.9", succeeded=True)
    client.force_login(clerk_a)

    page = client.get(reverse("accounts:personal_center")).content.decode()

    assert "203.0.113.9" not in page


def test_personal_center_is_in_the_user_menu(client, enterprise_user):
    client.force_login(enterprise_user)

    page = client.get(reverse("orders:enterprise_home")).content.decode()

    assert reverse("accounts:personal_center") in page
