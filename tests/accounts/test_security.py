"""What an auditor checks: sign-in lockout and unlock, password hashing and
rules, idle and browser-close session expiry, the sign-in history."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import SignIn

pytestmark = pytest.mark.django_db

LOCKED = "登录已暂时锁定"


def login_url(user):
    return reverse("insurers:login", args=[user.insurer.slug])


def fail(client, user, times):
    for _ in range(times):
        client.post(login_url(user), {"username": user.username, "password": "wrong"})


def test_four_failures_still_let_the_right_password_in(client, admin_a, password):
    fail(client, admin_a, 4)

    response = client.post(
        login_url(admin_a), {"username": admin_a.username, "password": password}
    )

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()  # reset on success


def test_five_failures_lock_even_the_right_password(client, admin_a, password):
    fail(client, admin_a, 5)

    response = client.post(
        login_url(admin_a), {"username": admin_a.username, "password": password}
    )

    assert response.status_code == 403
    assert LOCKED in response.content.decode()
    assert "15 分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lock_is_per_username_and_address(client, admin_a, clerk_a, password):
    fail(client, admin_a, 5)

    other_user = client.post(
        login_url(clerk_a), {"username": clerk_a.username, "password": password}
    )
    client.logout()
    other_address = client.post(
        login_url(admin_a),
        {"username": admin_a.username, "password": password},
        REMOTE_ADDR="10.1.2.3",
    )

    assert other_user.status_code == 302
    assert other_address.status_code == 302


def test_lock_lifts_after_the_cool_off(client, admin_a, password):
    fail(client, admin_a, 5)
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)

    AccessAttempt.objects.update(
        attempt_time=timezone.now() - timedelta(minutes=15, seconds=1)
    )
    response = client.post(
        login_url(admin_a), {"username": admin_a.username, "password": password}
    )

    assert response.status_code == 302


def test_an_operator_can_lift_the_lock(client, admin_a, password):
    fail(client, admin_a, 5)

    reset(username=admin_a.username)
    response = client.post(
        login_url(admin_a), {"username": admin_a.username, "password": password}
    )

    assert response.status_code == 302


def test_refused_accounts_count_as_failures(client, admin_a, insurer_b, password):
    url = reverse("insurers:login", args=[insurer_b.slug])
    for _ in range(5):
        client.post(url, {"username": admin_a.username, "password": password})

    response = client.post(url, {"username": admin_a.username, "password": password})

    assert response.status_code == 403
    assert SignIn.objects.filter(user=admin_a, succeeded=False).count() >= 5


@pytest.mark.argon2
def test_passwords_are_hashed_with_argon2(admin_a):
    assert admin_a.password.startswith("argon2$")


@pytest.mark.parametrize("weak", ["short7!", "12345678", "password", "admin_a_1"])
def test_weak_passwords_are_refused(admin_a, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, admin_a)


def test_session_settings_idle_30_minutes_and_browser_close():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_session_cookie_dies_with_the_browser(client, admin_a, password):
    response = client.post(
        login_url(admin_a), {"username": admin_a.username, "password": password}
    )

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""


def test_each_request_pushes_the_idle_expiry_back(client, admin_a):
    client.force_login(admin_a)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )

    client.get(reverse("insurers:home"))

    expiry = Session.objects.get(pk=key).expire_date
    assert expiry > timezone.now() + timedelta(minutes=29)


def test_an_idle_session_expires(client, admin_a):
    client.force_login(admin_a)
    Session.objects.filter(pk=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get(reverse("insurers:home"))

    assert response.status_code == 302
    assert response.url == reverse("insurers:picker")


def test_sign_in_history_records_success_and_failure_without_password(
    client, admin_a, password
):
    fail(client, admin_a, 1)
    client.post(
        login_url(admin_a),
        {"username": admin_a.username, "password": password},
        REMOTE_ADDR="192.0.2.7",
    )

    rows = list(SignIn.objects.for_user(admin_a).values())
    assert [r["succeeded"] for r in rows] == [True, False]
    assert rows[0]["ip_address"] == "192.0.2.7"
    assert password not in str(rows) and "wrong" not in str(rows)


def test_an_unknown_username_records_nothing(client, insurer_a):
    client.post(
        reverse("insurers:login", args=[insurer_a.slug]),
        {"username": "nobody", "password": "whatever"},
    )

    assert not SignIn.objects.exists()
