"""The policy's service in a real browser: the insurer assigns a policy,
the service organization finds it and records a visit with a hazard, and
the insurer sees the progress."""

import pytest
from django.utils import timezone

from tests.factories import ActivePolicyFactory, ServiceAccountFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, url, username, password):
    page.context.clear_cookies()
    page.goto(url)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_assign_record_a_visit_and_see_the_progress(
    page, screenshot, admin_a, password
):
    policy = ActivePolicyFactory(
        order__insurer=admin_a.insurer,
        order__enterprise__name="泉州顺达危化品储运有限公司",
    )
    staff = ServiceAccountFactory(
        service_organization__name="泉州安评安全技术服务有限公司"
    )
    organization = staff.service_organization

    # The insurer assigns the policy from 保单管理.
    sign_in(
        page, f"/insurers/{admin_a.insurer.slug}/login/", admin_a.username, password
    )
    page.get_by_role("link", name="保单管理").click()
    row = page.get_by_test_id("policy-row").filter(has_text=policy.number)
    screenshot("policy-list")
    row.get_by_role("link", name="申请第三方服务").click()
    page.get_by_role("heading", name="指定第三方服务").wait_for()
    page.get_by_label(organization.name).check()
    screenshot("assign")
    page.get_by_role("button", name="确认").click()
    assert page.get_by_test_id("policy-organization").inner_text() == organization.name

    # The service organization signs in and finds it.
    sign_in(page, "/service/login/", staff.username, password)
    recent = page.get_by_test_id("recent-assignments")
    assert policy.number in recent.inner_text()
    screenshot("service-home")
    page.get_by_role("link", name="订单").click()
    row = page.get_by_test_id("policy-row").filter(has_text=policy.number)
    row.get_by_role("link", name="记录检查").click()

    # It records a visit with one hazard.
    today = timezone.localdate().isoformat()
    page.get_by_label("检查日期").fill(today)
    page.get_by_label("类型").select_option(label="隐患排查")
    page.get_by_label("服务人员").fill("王工、李工")
    page.get_by_label("服务内容").fill("检查仓库、配电房和消防通道。")
    hazard = page.get_by_test_id("hazard-form").first
    hazard.get_by_label("隐患描述").fill("消防通道堆放杂物")
    hazard.get_by_label("隐患等级").select_option(label="较大")
    hazard.get_by_label("整改期限").fill(today)
    screenshot("visit-form")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("检查记录已保存").wait_for()
    assert "消防通道堆放杂物" in page.get_by_test_id("hazard").first.inner_text()
    screenshot("visit")

    # The insurer sees the visit and the progress on its policy page.
    sign_in(
        page, f"/insurers/{admin_a.insurer.slug}/login/", admin_a.username, password
    )
    page.get_by_role("link", name="保单管理").click()
    page.get_by_role("link", name=policy.number).click()
    assert page.get_by_test_id("service-progress").inner_text().strip() == "1 / 4"
    assert "消防通道堆放杂物" in page.get_by_test_id("visit").inner_text()
    screenshot("insurer-policy")
