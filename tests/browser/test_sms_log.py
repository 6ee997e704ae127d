"""短信记录 in a real browser: the log, a filter, and 重新发送 confirmed."""

import pytest

from sms.models import SmsStatus
from tests.factories import OrderFactory
from tests.factories.sms import SmsMessageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, user, password):
    page.goto(f"/insurers/{user.insurer.slug}/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.get_by_test_id("user-name").wait_for()


def test_staff_read_the_log_and_resend_a_failed_message(
    page, screenshot, admin_a, password
):
    SmsMessageFactory(
        order=OrderFactory(insurer=admin_a.insurer), status=SmsStatus.SENT
    )
    failed = SmsMessageFactory(
        order=OrderFactory(insurer=admin_a.insurer),
        status=SmsStatus.FAILED,
        attempts=5,
        last_error="Aliyun isv.BUSINESS_LIMIT_CONTROL: 触发小时级流控",
    )
    sign_in(page, admin_a, password)

    page.get_by_role("link", name="短信记录").click()
    page.get_by_test_id("sms-row").first.wait_for()
    assert page.get_by_test_id("sms-row").count() == 2
    screenshot("log")

    page.get_by_label("状态").select_option("failed")
    page.get_by_test_id("filter-search").click()
    page.wait_for_url("**status=failed**")
    assert page.get_by_test_id("sms-row").count() == 1

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("sms-resend-button").click()
    page.get_by_text("的短信将重新发送").wait_for()
    assert "status=failed" in page.url
    assert page.get_by_test_id("sms-row").count() == 0
    failed.refresh_from_db()
    assert failed.status == SmsStatus.SENT

    page.get_by_test_id("filter-reset").click()
    page.get_by_test_id("sms-resend").wait_for()
    screenshot("resent")
