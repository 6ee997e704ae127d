"""The sign-in journey of every side, and the bad input it must survive."""

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def login(client, url, username, password):
    return client.post(url, {"username": username, "password": password})


def test_landing_names_the_four_sides(client):
    page = client.get(reverse("insurers:landing")).content.decode()

    assert "安全生产责任保险监管平台" in page
    for side in ("保险端", "企业端", "服务机构端", "监管端"):
        assert side in page


def test_picker_lists_active_insurers_in_display_order(client, insurer_a, insurer_b):
    insurer_a.display_order = 2
    insurer_a.save()
    insurer_b.display_order = 1
    insurer_b.save()
    hidden = type(insurer_a).objects.create(
        name="停业保险公司", short_name="停业", slug="closed", is_active=False
    )

    page = client.get(reverse("insurers:picker")).content.decode()

    assert "保险公司选择" in page
    assert page.index(insurer_b.name) < page.index(insurer_a.name)
    assert hidden.name not in page


def test_insurer_admin_signs_in_and_lands_on_home(client, admin_a, password):
    url = reverse("insurers:login", args=[admin_a.insurer.slug])

    response = login(client, url, "admin_a", password)

    assert response.status_code == 302
    assert response.url == reverse("insurers:home")
    home = client.get(response.url).content.decode()
    assert admin_a.insurer.name in home
    assert admin_a.real_name in home
    assert "待报价" in home


def test_account_of_insurer_a_cannot_sign_in_on_insurer_b_page(
    client, admin_a, insurer_b, password
):
    url = reverse("insurers:login", args=[insurer_b.slug])

    wrong_tenant = login(client, url, "admin_a", password)
    wrong_password = login(client, url, "admin_a", "not-the-password")

    assert wrong_tenant.status_code == 200
    assert "_auth_user_id" not in client.session
    message = "用户名或密码错误"
    assert message in wrong_tenant.content.decode()
    assert message in wrong_password.content.decode()


@pytest.mark.parametrize("slug", ["no-such-insurer", "closed"])
def test_unknown_or_inactive_insurer_pages_are_404(client, insurer_a, slug):
    type(insurer_a).objects.create(
        name="停业保险公司", short_name="停业", slug="closed", is_active=False
    )

    assert client.get(reverse("insurers:login", args=[slug])).status_code == 404
    assert client.get(reverse("insurers:logo", args=[slug])).status_code == 404


def test_staff_of_a_deactivated_insurer_lose_the_back_office(client, admin_a):
    client.force_login(admin_a)
    admin_a.insurer.is_active = False
    admin_a.insurer.save()

    assert client.get(reverse("insurers:home")).status_code == 403


def test_disabled_account_is_told_so(client, admin_a, password):
    admin_a.is_active = False
    admin_a.save()
    url = reverse("insurers:login", args=[admin_a.insurer.slug])

    response = login(client, url, "admin_a", password)

    assert "该账号已停用" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_deleted_account_cannot_sign_in(client, admin_a, password):
    from django.utils import timezone

    User.objects.filter(pk=admin_a.pk).update(deleted_at=timezone.now())
    url = reverse("insurers:login", args=[admin_a.insurer.slug])

    response = login(client, url, "admin_a", password)

    assert "用户名或密码错误" in response.content.decode()


def test_over_long_username_gets_a_form_error(client, insurer_a):
    url = reverse("insurers:login", args=[insurer_a.slug])

    response = login(client, url, "x" * 5000, "whatever")

    assert response.status_code == 200
    assert "5000" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_post_without_csrf_token_gets_a_chinese_page(insurer_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    url = reverse("insurers:login", args=[insurer_a.slug])

    response = client.post(url, {"username": "a", "password": "b"})

    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


@pytest.mark.parametrize(
    ("fixture", "login_url", "home_url"),
    [
        ("enterprise_user", "accounts:enterprise_login", "orders:enterprise_home"),
        ("service_user", "accounts:service_login", "policies:service_home"),
        ("regulator_user", "accounts:regulator_login", "insurers:regulator_home"),
    ],
)
def test_other_sides_sign_in_on_their_own_page(
    request, client, password, fixture, login_url, home_url
):
    user = request.getfixturevalue(fixture)

    response = login(client, reverse(login_url), user.username, password)

    assert response.status_code == 302
    assert response.url == reverse(home_url)
    assert client.get(response.url).status_code == 200


def test_an_account_of_one_side_cannot_sign_in_on_another(
    client, enterprise_user, password
):
    response = login(
        client, reverse("accounts:service_login"), enterprise_user.username, password
    )

    assert "用户名或密码错误" in response.content.decode()


def test_other_sides_cannot_open_the_insurer_back_office(client, enterprise_user):
    client.force_login(enterprise_user)

    assert client.get(reverse("insurers:home")).status_code == 403


def test_anonymous_visitor_is_sent_to_the_side_login(client):
    response = client.get(reverse("insurers:home"))

    assert response.status_code == 302
    assert response.url == reverse("insurers:picker")


def test_logout_returns_to_the_insurer_login(client, admin_a):
    client.force_login(admin_a)

    response = client.post(reverse("accounts:logout"))

    assert response.url == reverse("insurers:login", args=[admin_a.insurer.slug])
    assert "_auth_user_id" not in client.session


def test_english_is_switchable(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/"}, follow=True
    )

    assert "Work-safety liability insurance supervision platform" in (
        response.content.decode()
    )


def test_an_english_browser_still_gets_chinese_until_english_is_chosen(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert "安全生产责任保险监管平台" in page.content.decode()
    assert page.headers["Content-Language"] == "zh-hans"
