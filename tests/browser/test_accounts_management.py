"""账号管理 and 角色管理 in a real browser: an administrator creates a role
and an account, changes its password with the pencil, the new account sees
only its role's modules, and the administrator deletes it."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_PASSWORD = "First-pass-2026"
NEW_PASSWORD = "Second-pass-2026"


def sign_in(page, insurer, username, password):
    page.goto(f"/insurers/{insurer.slug}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.get_by_test_id("user-name").wait_for()


def sign_out(page):
    page.get_by_test_id("user-name").click()
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("button", name="登录").wait_for()


def nav_labels(page):
    return [t.strip() for t in page.locator(".app-nav .nav-link").all_inner_texts()]


def test_admin_creates_role_and_account_then_deletes_it(
    page, screenshot, admin_a, password
):
    insurer = admin_a.insurer
    sign_in(page, insurer, admin_a.username, password)

    page.locator(".app-nav").get_by_role("link", name="角色管理").click()
    page.get_by_role("link", name="新增").click()
    page.get_by_label("角色名称").fill("业务员")
    page.locator('input[value="orders.view_order"]').check()
    page.locator('input[value="orders.quote_order"]').check()
    screenshot("role-form")
    page.get_by_role("button", name="提交").click()
    page.get_by_text("角色 业务员 已保存").wait_for()
    screenshot("role-list")

    page.locator(".app-nav").get_by_role("link", name="账号管理").click()
    page.get_by_role("link", name="新增").click()
    page.get_by_label("用户名").fill("salesman")
    page.get_by_label("姓名").fill("李业务")
    page.get_by_label("手机号").fill("13912340000")
    page.locator("#id_password").fill(FIRST_PASSWORD)
    page.get_by_label("业务员").check()
    screenshot("account-form")
    page.get_by_role("button", name="提交").click()
    row = page.locator('[data-testid="account-row"][data-username="salesman"]')
    row.wait_for()
    assert "业务员" in row.inner_text()
    screenshot("account-list")

    row.get_by_role("link", name="编辑").click()
    new_password = page.get_by_label("新密码")
    assert not new_password.is_visible()
    page.get_by_test_id("edit-password").click()
    page.locator("#new-password.collapse.show").wait_for()
    new_password.fill(NEW_PASSWORD)
    screenshot("account-edit-password")
    page.get_by_role("button", name="提交").click()
    page.get_by_text("账号 李业务 已保存").wait_for()
    sign_out(page)

    sign_in(page, insurer, "salesman", NEW_PASSWORD)
    labels = nav_labels(page)
    screenshot("salesman-home")
    assert "订单管理" in labels
    for hidden in ("账号管理", "角色管理", "保单管理", "短信记录"):
        assert hidden not in labels
    page.goto("/office/accounts/")
    assert "您无权打开此页面" in page.content()
    page.goto("/office/")
    sign_out(page)

    sign_in(page, insurer, admin_a.username, password)
    page.goto("/office/accounts/")
    row = page.locator('[data-testid="account-row"][data-username="salesman"]')
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="删除").click()
    page.get_by_text("账号 李业务 已删除").wait_for()
    assert row.count() == 0
    screenshot("account-deleted")


def test_staff_change_their_password_in_the_personal_center(
    page, screenshot, clerk_a, password
):
    sign_in(page, clerk_a.insurer, clerk_a.username, password)

    page.get_by_test_id("user-name").click()
    page.get_by_role("link", name="个人中心").click()
    page.get_by_test_id("sign-in-row").first.wait_for()
    assert "成功" in page.get_by_test_id("sign-in-row").first.inner_text()
    page.locator("#id_old_password").fill(password)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="修改密码").click()
    page.get_by_text("密码已修改").wait_for()
    screenshot("personal-center")

    sign_out(page)
    sign_in(page, clerk_a.insurer, clerk_a.username, NEW_PASSWORD)
