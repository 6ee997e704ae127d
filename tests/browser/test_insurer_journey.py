"""The insurer journey in a real browser: landing, picker, login, home."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_insurer_staff_reach_their_back_office(page, screenshot, admin_a, password):
    page.goto("/")
    screenshot("landing")
    page.get_by_role("link", name="保险端").click()

    page.get_by_text("保险公司选择").first.wait_for()
    screenshot("picker")
    page.get_by_test_id("insurer-card").filter(has_text=admin_a.insurer.name).click()

    assert page.get_by_test_id("insurer-name").inner_text() == admin_a.insurer.name
    page.get_by_label("用户名").fill(admin_a.username)
    page.get_by_label("密码").fill(password)
    screenshot("login")
    page.get_by_role("button", name="登录").click()

    page.get_by_text("待办事项").wait_for()
    assert page.get_by_test_id("user-name").inner_text() == admin_a.real_name
    assert page.get_by_test_id("insurer-name").inner_text() == admin_a.insurer.name
    assert page.get_by_test_id("pending-awaiting_quote").inner_text().endswith("0")
    screenshot("home")


def test_wrong_tenant_is_refused_in_the_browser(page, admin_a, insurer_b, password):
    page.goto(f"/insurers/{insurer_b.slug}/login/")
    page.get_by_label("用户名").fill(admin_a.username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()

    page.get_by_text("用户名或密码错误").wait_for()
