"""短信记录: the SMS log of the insurer back office and 重新发送."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from roles.services import create_role
from sms.models import SmsMessage, SmsResend, SmsStatus
from tests.factories import InsurerStaffFactory, OrderFactory
from tests.factories.sms import SmsMessageFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("sms:list")


def resend_url(message):
    return reverse("sms:resend", args=[message.pk])


def listed_ids(response):
    return [m.pk for m in response.context["sms_messages"]]


@pytest.fixture
def message_a(insurer_a):
    return SmsMessageFactory(
        order=OrderFactory(insurer=insurer_a), mobile="13812345678"
    )


@pytest.fixture
def message_b(insurer_b):
    return SmsMessageFactory(order=OrderFactory(insurer=insurer_b))


@pytest.fixture
def viewer_a(insurer_a):
    """Staff of insurer A who may read the SMS log but not resend."""
    role = create_role(
        insurer=insurer_a, name="短信查看", perms={"sms.view_smsmessage"}
    )
    return InsurerStaffFactory(username="sms_viewer_a", insurer=insurer_a, roles=[role])


def test_the_log_lists_only_the_insurers_own_messages_masked(
    client, admin_a, message_a, message_b
):
    client.force_login(admin_a)
    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert listed_ids(response) == [message_a.pk]
    page = response.content.decode()
    assert "短信记录" in page
    assert "138****5678" in page
    assert "13812345678" not in page
    assert message_a.order.number in page


def test_the_log_is_in_the_insurer_navigation(client, admin_a, clerk_a):
    client.force_login(admin_a)
    assert LIST_URL in client.get(reverse("insurers:home")).content.decode()
    client.force_login(clerk_a)
    assert LIST_URL not in client.get(reverse("insurers:home")).content.decode()


def test_the_log_needs_its_permission(client, clerk_a, enterprise_user):
    client.force_login(clerk_a)
    assert client.get(LIST_URL).status_code == 403
    client.force_login(enterprise_user)
    assert client.get(LIST_URL).status_code == 403


def test_filters_by_status_and_searches_by_order_number(client, admin_a, insurer_a):
    sent = SmsMessageFactory(
        order=OrderFactory(insurer=insurer_a, number="AZ2026120300001"),
        status=SmsStatus.SENT,
    )
    failed = SmsMessageFactory(
        order=OrderFactory(insurer=insurer_a, number="AZ2026120300002"),
        status=SmsStatus.FAILED,
    )
    client.force_login(admin_a)

    assert listed_ids(client.get(LIST_URL, {"status": "failed"})) == [failed.pk]
    assert listed_ids(client.get(LIST_URL, {"q": "az2026120300001"})) == [sent.pk]
    both = listed_ids(client.get(LIST_URL, {"q": "AZ20261203"}))
    assert sorted(both) == sorted([sent.pk, failed.pk])


def test_filters_by_local_date_range(client, admin_a, insurer_a):
    old = SmsMessageFactory(order=OrderFactory(insurer=insurer_a))
    new = SmsMessageFactory(order=OrderFactory(insurer=insurer_a))
    day = datetime.date(2026, 11, 2)
    late_evening = datetime.datetime(
        2026, 11, 2, 23, 30, tzinfo=timezone.get_current_timezone()
    )
    SmsMessage.objects.filter(pk=old.pk).update(created_at=late_evening)
    client.force_login(admin_a)

    response = client.get(LIST_URL, {"date_from": day, "date_to": day})
    assert listed_ids(response) == [old.pk]
    response = client.get(LIST_URL, {"date_from": day + datetime.timedelta(days=1)})
    assert listed_ids(response) == [new.pk]


def test_wrong_filters_are_named_and_ignored(client, admin_a, message_a):
    client.force_login(admin_a)
    response = client.get(
        LIST_URL, {"date_from": "2026-12-05", "date_to": "2026-12-01", "status": "x"}
    )
    assert response.status_code == 200
    assert listed_ids(response) == [message_a.pk]
    assert "开始日期不能晚于结束日期" in response.content.decode()


def test_the_log_pages_by_twenty_in_few_queries(
    client, admin_a, insurer_a, django_assert_max_num_queries
):
    order = OrderFactory(insurer=insurer_a)
    SmsMessageFactory.create_batch(25, order=order)
    client.force_login(admin_a)

    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL, {"status": "pending"})
    assert len(listed_ids(response)) == 20
    assert "page=2" in response.content.decode()
    assert "status=pending&amp;page=2" in response.content.decode()
    assert len(listed_ids(client.get(LIST_URL, {"page": 2}))) == 5


def test_resend_puts_a_failed_message_back_and_records_who(
    client, admin_a, insurer_a, memory_backend, django_capture_on_commit_callbacks
):
    message = SmsMessageFactory(
        order=OrderFactory(insurer=insurer_a),
        status=SmsStatus.FAILED,
        attempts=5,
        last_error="Aliyun isv.BUSINESS_LIMIT_CONTROL: 触发流控",
    )
    client.force_login(admin_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url(message))

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == SmsStatus.SENT
    assert message.attempts == 1
    resend = SmsResend.objects.get(message=message)
    assert resend.resent_by == admin_a
    assert resend.previous_error.startswith("Aliyun isv.BUSINESS_LIMIT_CONTROL")
    assert [m["message_id"] for m in memory_backend] == [message.pk]

    page = client.get(LIST_URL).content.decode()
    assert "重新发送" in page
    assert admin_a.display_name in page


def test_resend_is_offered_on_failed_messages_only(client, admin_a, insurer_a):
    SmsMessageFactory(order=OrderFactory(insurer=insurer_a), status=SmsStatus.FAILED)
    SmsMessageFactory(order=OrderFactory(insurer=insurer_a), status=SmsStatus.SENT)
    client.force_login(admin_a)
    page = client.get(LIST_URL).content.decode()
    assert page.count('data-testid="sms-resend-button"') == 1


def test_resend_refuses_a_message_that_did_not_fail(client, admin_a, message_a):
    client.force_login(admin_a)
    response = client.post(resend_url(message_a), follow=True)
    assert "只有发送失败的短信可以重新发送" in response.content.decode()
    assert not SmsResend.objects.exists()


def test_resend_needs_its_permission(client, viewer_a, insurer_a):
    message = SmsMessageFactory(
        order=OrderFactory(insurer=insurer_a), status=SmsStatus.FAILED
    )
    client.force_login(viewer_a)
    assert client.get(LIST_URL).status_code == 200
    assert (
        'data-testid="sms-resend-button"' not in client.get(LIST_URL).content.decode()
    )
    assert client.post(resend_url(message)).status_code == 403
    message.refresh_from_db()
    assert message.status == SmsStatus.FAILED


def test_resend_of_another_insurers_message_is_404(client, admin_a, insurer_b):
    message = SmsMessageFactory(
        order=OrderFactory(insurer=insurer_b), status=SmsStatus.FAILED
    )
    client.force_login(admin_a)
    assert client.post(resend_url(message)).status_code == 404
    message.refresh_from_db()
    assert message.status == SmsStatus.FAILED


def test_resend_accepts_post_only(client, admin_a, message_a):
    client.force_login(admin_a)
    assert client.get(resend_url(message_a)).status_code == 405


def test_the_operator_admin_shows_the_outbox_masked_and_read_only(
    admin_client, message_a
):
    changelist = admin_client.get(reverse("admin:sms_smsmessage_changelist"))
    assert changelist.status_code == 200
    assert "138****5678" in changelist.content.decode()
    assert "13812345678" not in changelist.content.decode()
    change_url = reverse("admin:sms_smsmessage_change", args=[message_a.pk])
    page = admin_client.get(change_url).content.decode()
    assert "13812345678" not in page
    assert admin_client.get(reverse("admin:sms_smsmessage_add")).status_code == 403


def test_resend_returns_to_the_filtered_list(client, admin_a, insurer_a):
    message = SmsMessageFactory(
        order=OrderFactory(insurer=insurer_a), status=SmsStatus.FAILED
    )
    client.force_login(admin_a)
    response = client.post(resend_url(message), {"query": "status=failed&q=AZ&"})
    assert response.url == f"{LIST_URL}?status=failed&q=AZ"
    response = client.post(resend_url(message), {"query": "//evil.example/"})
    assert response.url.startswith(f"{LIST_URL}?")


def test_a_provider_failure_is_visible_in_the_log(client, admin_a, insurer_a):
    SmsMessageFactory(
        order=OrderFactory(insurer=insurer_a),
        status=SmsStatus.FAILED,
        attempts=5,
        last_error="TimeoutError: read timed out",
    )
    client.force_login(admin_a)
    page = client.get(LIST_URL).content.decode()
    assert "失败" in page
    assert "TimeoutError: read timed out" in page


def test_a_long_log_is_counted_only_up_to_the_bound(
    client, admin_a, insurer_a, monkeypatch
):
    from insurers.pagination import BoundedPaginator

    monkeypatch.setattr(BoundedPaginator, "count_limit", 3)
    SmsMessageFactory.create_batch(5, insurer=insurer_a)
    client.force_login(admin_a)

    page = client.get(reverse("sms:list")).content.decode()

    assert "超过3条短信" in page
