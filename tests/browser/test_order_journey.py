"""The order workflow in a real browser, across the enterprise and insurer
sides: apply, quote, accept, notice, proof, approve, issue; then an
offline order through its supplementary entry."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.models import Order, OrderState
from tests.browser.conftest import ARTIFACTS
from tests.factories.insurers import (
    IndustryFactory,
    RegionFactory,
    valid_credit_code,
)
from tests.factories.orders import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pdf_path(tmp_path):
    def make(name):
        path = tmp_path / name
        path.write_bytes(pdf_bytes())
        return str(path)

    return make


@pytest.fixture
def staff_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 1366, "height": 860},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()


@pytest.fixture
def staff_shot(staff_page, request):
    """Save a full-page screenshot of the insurer-side page."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(step: str):
        path = ARTIFACTS / f"{request.node.name}-{step}.png"
        staff_page.screenshot(path=str(path), full_page=True)

    return take


def sign_in_staff(page, user, password):
    page.goto(reverse("insurers:login", args=[user.insurer.slug]))
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.get_by_test_id("user-name").wait_for()


def sign_in_enterprise(page, user, password):
    page.goto(reverse("accounts:enterprise_login"))
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.get_by_test_id("user-name").wait_for()


def fill(page, values: dict):
    for name, value in values.items():
        page.locator(f'[name="{name}"]').fill(str(value))


def staff_action(page, order, label):
    page.goto(reverse("orders:list"))
    row = page.get_by_test_id("order-row").filter(has_text=order.number)
    row.get_by_role("link", name=label, exact=True).click()


def state_of(order):
    order.refresh_from_db()
    return order.state


def test_online_order_from_application_to_letter(
    page,
    staff_page,
    screenshot,
    staff_shot,
    admin_a,
    enterprise_user,
    password,
    pdf_path,
):
    page.on("dialog", lambda dialog: dialog.accept())
    today = timezone.localdate()
    start = today + datetime.timedelta(days=10)

    # 我要投保, on the enterprise side.
    sign_in_enterprise(page, enterprise_user, password)
    page.get_by_role("link", name="我要投保").first.click()
    page.locator('[name="insurer"]').select_option(str(admin_a.insurer.pk))
    fill(page, {"death_limit": "500000", "start": start.isoformat()})
    screenshot("apply")
    page.get_by_test_id("confirm").click()
    page.get_by_test_id("next-step").wait_for()
    order = Order.objects.get(enterprise=enterprise_user.enterprise)
    assert order.state == OrderState.AWAITING_QUOTE

    # 报价, on the insurer side.
    sign_in_staff(staff_page, admin_a, password)
    staff_page.get_by_role("link", name="订单管理").click()
    staff_page.get_by_test_id("order-row").first.wait_for()
    staff_shot("list-staff")
    staff_action(staff_page, order, "报价")
    fill(
        staff_page,
        {
            "premium": "20000",
            "rate": "2.5",
            "death_limit_per_person": "300000",
            "medical_limit_per_person": "50000",
            "period_end": (start + datetime.timedelta(days=364)).isoformat(),
            "service_items": "隐患排查、安全培训",
            "planned_visits": "4",
            "prevention_budget": "4000",
            "valid_until": (today + datetime.timedelta(days=30)).isoformat(),
        },
    )
    staff_page.get_by_test_id("confirm").click()
    staff_page.get_by_text("每人伤亡责任限额不得低于400,000元").wait_for()
    staff_shot("quote-rule-breach")
    fill(staff_page, {"death_limit_per_person": "500000"})
    staff_page.get_by_test_id("confirm").click()
    staff_page.get_by_text("报价已发送").wait_for()
    assert state_of(order) == OrderState.QUOTED

    # The enterprise accepts the quote.
    page.goto(reverse("orders:enterprise_order", args=[order.pk]))
    page.get_by_test_id("quote-answer").wait_for()
    screenshot("quote-received")
    page.get_by_test_id("accept").click()
    page.get_by_text("已接受报价").first.wait_for()
    assert state_of(order) == OrderState.QUOTE_ACCEPTED

    # 上传付款通知书: a fake PDF first, then a real one.
    staff_action(staff_page, order, "上传付款通知书")
    fake = pdf_path("fake.pdf")
    with open(fake, "wb") as handle:
        handle.write(b"MZ this is not a PDF")
    staff_page.locator('[name="file"]').set_input_files(fake)
    fill(
        staff_page,
        {
            "payee_account": "6222000011112222",
            "due_on": (today + datetime.timedelta(days=7)).isoformat(),
        },
    )
    staff_page.get_by_test_id("confirm").click()
    staff_page.get_by_text("文件不是PDF文档").wait_for()
    staff_page.locator('[name="file"]').set_input_files(pdf_path("付款通知书.pdf"))
    staff_page.get_by_test_id("confirm").click()
    staff_page.get_by_text("付款通知书已上传").wait_for()
    assert state_of(order) == OrderState.AWAITING_PAYMENT

    # The enterprise pays and uploads its proof.
    page.goto(reverse("orders:enterprise_order", args=[order.pk]))
    page.get_by_test_id("open-payment_notice").wait_for()
    page.get_by_test_id("pay").click()
    page.locator('[name="file"]').set_input_files(pdf_path("回单.pdf"))
    fill(
        page,
        {
            "payer_account": "6222000033334444",
            "bank_serial": "BS2026120300017",
            "paid_on": today.isoformat(),
        },
    )
    screenshot("payment-proof")
    page.get_by_test_id("confirm").click()
    page.get_by_text("付款凭证已提交").wait_for()
    assert state_of(order) == OrderState.PAYMENT_SUBMITTED

    # 支付审核 通过.
    staff_action(staff_page, order, "支付审核")
    staff_page.get_by_test_id("approve").wait_for()
    staff_shot("review-staff")
    staff_page.get_by_test_id("approve").click()
    staff_page.get_by_text("支付审核已通过").wait_for()
    assert state_of(order) == OrderState.AWAITING_ISSUANCE

    # 出函.
    staff_action(staff_page, order, "出函")
    fill(staff_page, {"policy_number": "PAQ2026000123", "issued_on": today.isoformat()})
    staff_page.locator('[name="e_policy"]').set_input_files(pdf_path("电子保单.pdf"))
    staff_page.locator('[name="invoice"]').set_input_files(pdf_path("发票.pdf"))
    staff_page.get_by_test_id("confirm").click()
    staff_page.get_by_text("已出函，投保联系人将收到短信").wait_for()
    staff_shot("issued-staff")
    assert state_of(order) == OrderState.ISSUED
    assert order.policy.number == "PAQ2026000123"

    # The enterprise sees the letter and its documents.
    page.goto(reverse("orders:enterprise_order", args=[order.pk]))
    page.get_by_test_id("open-e_policy").wait_for()
    assert page.get_by_test_id("policy-number").inner_text() == "PAQ2026000123"
    screenshot("issued-enterprise")


def test_offline_order_through_its_supplementary_entry(
    staff_page, staff_shot, admin_a, password, pdf_path
):
    today = timezone.localdate()
    start = today + datetime.timedelta(days=5)
    industry, region = IndustryFactory(), RegionFactory()
    sign_in_staff(staff_page, admin_a, password)
    staff_page.goto(reverse("orders:list"))
    staff_page.get_by_role("link", name="新增线下订单").click()

    code = valid_credit_code(777001)
    fill(
        staff_page,
        {
            "credit_code": code,
            "name": "泉州线下签约制造有限公司",
            "contact_name": "苏八",
            "contact_mobile": "13700001111",
            "employee_count": "40",
            "headcount": "40",
        },
    )
    staff_page.locator('[name="industry"]').select_option(str(industry.pk))
    staff_page.locator('[name="region"]').select_option(str(region.pk))
    staff_page.get_by_test_id("confirm").click()

    staff_page.get_by_text("保单信息补录").first.wait_for()
    fill(
        staff_page,
        {
            "policy_number": "OFF2026000777",
            "issued_on": today.isoformat(),
            "premium": "8000",
            "rate": "2",
            "death_limit_per_person": "500000",
            "medical_limit_per_person": "50000",
            "period_start": start.isoformat(),
            "period_end": (start + datetime.timedelta(days=364)).isoformat(),
            "service_items": "隐患排查",
            "planned_visits": "4",
            "prevention_budget": "1600",
            "actual_service_items": "4",
        },
    )
    staff_page.locator('[name="contract"]').set_input_files(pdf_path("合同.pdf"))
    staff_page.locator('[name="e_policy"]').set_input_files(pdf_path("保单.pdf"))
    staff_page.locator('[name="invoice"]').set_input_files(pdf_path("电子发票.pdf"))
    staff_shot("offline-entry")
    staff_page.get_by_test_id("confirm").click()
    staff_page.get_by_text("保单信息已补录并出函").wait_for()
    staff_shot("offline-issued")
    order = Order.objects.get(enterprise__credit_code=code)
    assert order.state == OrderState.ISSUED
    assert order.policy.number == "OFF2026000777"


def test_an_enterprise_registers_from_the_login_page(page, screenshot, insurer_a):
    industry, region = IndustryFactory(), RegionFactory()
    page.goto(reverse("accounts:enterprise_login"))
    page.get_by_test_id("register-link").click()

    fill(
        page,
        {
            "credit_code": valid_credit_code(880011),
            "name": "泉州新注册化工有限公司",
            "contact_name": "周九",
            "contact_mobile": "13800009999",
            "employee_count": "18",
            "username": "xinzhuce",
            "password1": "Zhuce-2026-quanzhou",
            "password2": "Zhuce-2026-quanzhou",
        },
    )
    page.locator('[name="industry"]').select_option(str(industry.pk))
    page.locator('[name="region"]').select_option(str(region.pk))
    screenshot("form")
    page.get_by_test_id("register").click()

    page.get_by_text("企业注册成功").wait_for()
    assert page.locator('[name="headcount"]').input_value() == "18"
    screenshot("apply")
