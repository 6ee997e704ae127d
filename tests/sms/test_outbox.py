"""The outbox on the eager path: queueing, claiming, retries, the sweep."""

import datetime
import logging
import re

import pytest
from django.db import transaction
from django.utils import timezone

from sms import sending
from sms.backends import PermanentError, TemporaryError
from sms.models import SmsMessage, SmsStatus
from sms.services import SmsError, queue_sms
from tests.factories import OrderFactory
from tests.factories.sms import SmsMessageFactory

pytestmark = pytest.mark.django_db


def queue_letter(order, **overrides):
    arguments = {
        "mobile": order.enterprise.contact_mobile,
        "template": "letter_issued",
        "params": {"policy_number": "PAQ2026000001"},
        "insurer": order.insurer,
        "order": order,
        **overrides,
    }
    return queue_sms(**arguments)


class FlakyBackend:
    """Fails with the exceptions given, one per call, then sends."""

    errors: list = []
    calls = 0

    def __init__(self):
        pass

    def send(self, **kwargs):
        type(self).calls += 1
        if self.errors:
            raise self.errors.pop(0)
        from sms.backends import SendResult

        return SendResult(provider_message_id="flaky-ok")


@pytest.fixture
def flaky(settings):
    settings.SMS_BACKEND = "tests.sms.test_outbox.FlakyBackend"
    FlakyBackend.errors = []
    FlakyBackend.calls = 0
    return FlakyBackend


def test_queued_in_a_transaction_is_sent_once_after_commit(
    memory_backend, django_capture_on_commit_callbacks
):
    order = OrderFactory(insurer__short_name="甲财险")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            message = queue_letter(order)
            assert memory_backend == []

    message.refresh_from_db()
    assert message.status == SmsStatus.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert message.provider_message_id == f"memory-{message.pk}"
    assert len(memory_backend) == 1
    sent = memory_backend[0]
    assert sent["message_id"] == message.pk
    assert sent["text"] == (
        "【甲财险】您的安全生产责任保险已出函，保单号PAQ2026000001，"
        "可登录企业端下载电子保单。"
    )


def test_nothing_is_written_or_sent_when_the_transaction_rolls_back(
    memory_backend, django_capture_on_commit_callbacks
):
    order = OrderFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            queue_letter(order)
            raise RuntimeError("the issuance failed")

    assert callbacks == []
    assert memory_backend == []
    assert not SmsMessage.objects.exists()


def test_queue_fills_the_insurer_short_name_and_keeps_parameters_as_text():
    order = OrderFactory(insurer__short_name="乙财险")
    message = queue_letter(order, params={"policy_number": 12345})
    assert message.params == {"policy_number": "12345", "insurer": "乙财险"}
    assert message.text.startswith("【乙财险】")
    assert message.next_attempt_at is not None


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"mobile": "12345678901"}, "123****8901"),
        ({"mobile": "1380000123"}, "138****0123"),
        ({"template": "no_such"}, "no_such"),
        ({"params": {}}, "policy_number"),
    ],
)
def test_queue_refuses_a_wrong_mobile_template_or_parameters(overrides, error):
    order = OrderFactory()
    with pytest.raises(SmsError, match=re.escape(error)):
        queue_letter(order, **overrides)
    assert not SmsMessage.objects.exists()


def test_a_second_delivery_of_the_same_message_does_nothing(memory_backend):
    message = SmsMessageFactory()
    sending.deliver(message_id=message.pk)
    sending.deliver(message_id=message.pk)

    message.refresh_from_db()
    assert message.status == SmsStatus.SENT
    assert message.attempts == 1
    assert len(memory_backend) == 1


def test_claim_takes_only_a_pending_row():
    message = SmsMessageFactory()
    assert sending.claim(message_id=message.pk).status == SmsStatus.SENDING
    assert sending.claim(message_id=message.pk) is None
    assert sending.claim(message_id=0) is None


def test_temporary_failures_retry_with_backoff_then_fail(flaky, settings):
    settings.SMS_MAX_ATTEMPTS = 3
    settings.SMS_RETRY_BASE_SECONDS = 30
    flaky.errors = [TemporaryError("busy"), TimeoutError("read"), TemporaryError("x")]
    message = SmsMessageFactory()

    before = timezone.now()
    retry_at = sending.deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == SmsStatus.PENDING
    assert message.last_error == "busy"
    assert retry_at == message.next_attempt_at
    assert retry_at - before >= datetime.timedelta(seconds=30)

    retry_at = sending.deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.last_error == "TimeoutError: read"
    assert retry_at - before >= datetime.timedelta(seconds=60)

    assert sending.deliver(message_id=message.pk) is None
    message.refresh_from_db()
    assert message.status == SmsStatus.FAILED
    assert message.attempts == 3
    assert flaky.calls == 3


def test_a_permanent_error_fails_at_once(flaky):
    flaky.errors = [PermanentError("isv.MOBILE_NUMBER_ILLEGAL")]
    message = SmsMessageFactory()
    assert sending.deliver(message_id=message.pk) is None
    message.refresh_from_db()
    assert message.status == SmsStatus.FAILED
    assert message.attempts == 1
    assert message.last_error == "isv.MOBILE_NUMBER_ILLEGAL"


def test_an_unexpected_error_is_retried_and_never_shows_the_number(flaky, caplog):
    message = SmsMessageFactory(mobile="13812345678")
    flaky.errors = [ValueError("bad number 13812345678")]
    with caplog.at_level(logging.INFO):
        sending.deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == SmsStatus.PENDING
    assert message.last_error == "ValueError: bad number 138****5678"
    assert "13812345678" not in caplog.text


def test_logs_show_the_mobile_masked(memory_backend, caplog):
    message = SmsMessageFactory(mobile="13912345678")
    with caplog.at_level(logging.INFO):
        sending.deliver(message_id=message.pk)
    assert "139****5678" in caplog.text
    assert "13912345678" not in caplog.text


def test_backoff_doubles_up_to_the_cap(settings):
    settings.SMS_RETRY_BASE_SECONDS = 30
    settings.SMS_RETRY_MAX_SECONDS = 100
    waits = [sending.backoff(n).total_seconds() for n in (1, 2, 3, 4)]
    assert waits == [30, 60, 100, 100]


def test_the_eager_task_leaves_a_retry_to_the_sweep(
    flaky, django_capture_on_commit_callbacks
):
    flaky.errors = [TemporaryError("busy")]
    order = OrderFactory()
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_letter(order)
    message.refresh_from_db()
    assert message.status == SmsStatus.PENDING
    assert flaky.calls == 1


class TestSweep:
    def test_sends_a_pending_row_long_past_due(self, memory_backend, settings):
        settings.SMS_SWEEP_GRACE_SECONDS = 60
        now = timezone.now()
        due = SmsMessageFactory(next_attempt_at=now - datetime.timedelta(seconds=61))
        recent = SmsMessageFactory(next_attempt_at=now - datetime.timedelta(seconds=5))
        later = SmsMessageFactory(next_attempt_at=now + datetime.timedelta(minutes=5))

        assert sending.sweep(now=now) == 1
        assert [m["message_id"] for m in memory_backend] == [due.pk]
        for message in (recent, later):
            message.refresh_from_db()
            assert message.status == SmsStatus.PENDING

    def test_releases_a_row_stuck_sending_and_sends_it(self, memory_backend, settings):
        settings.SMS_SENDING_TIMEOUT_SECONDS = 300
        now = timezone.now()
        stuck = SmsMessageFactory(
            status=SmsStatus.SENDING,
            attempts=1,
            claimed_at=now - datetime.timedelta(seconds=301),
        )
        busy = SmsMessageFactory(
            status=SmsStatus.SENDING,
            attempts=1,
            claimed_at=now - datetime.timedelta(seconds=10),
        )

        assert sending.sweep(now=now) == 1
        stuck.refresh_from_db()
        busy.refresh_from_db()
        assert stuck.status == SmsStatus.SENT
        assert stuck.attempts == 2
        assert busy.status == SmsStatus.SENDING
        assert len(memory_backend) == 1

    def test_fails_a_stuck_row_whose_attempts_are_used_up(
        self, memory_backend, settings
    ):
        settings.SMS_MAX_ATTEMPTS = 2
        stuck = SmsMessageFactory(
            status=SmsStatus.SENDING,
            attempts=2,
            claimed_at=timezone.now() - datetime.timedelta(hours=1),
        )
        assert sending.sweep() == 0
        stuck.refresh_from_db()
        assert stuck.status == SmsStatus.FAILED
        assert stuck.last_error
        assert memory_backend == []

    def test_leaves_finished_rows_alone(self, memory_backend):
        old = timezone.now() - datetime.timedelta(days=1)
        SmsMessageFactory(status=SmsStatus.SENT, next_attempt_at=old)
        SmsMessageFactory(status=SmsStatus.FAILED, next_attempt_at=old)
        assert sending.sweep() == 0
        assert memory_backend == []

    def test_stops_at_the_first_broker_failure(self, monkeypatch, settings):
        settings.SMS_SWEEP_GRACE_SECONDS = 0
        old = timezone.now() - datetime.timedelta(minutes=5)
        first, second = SmsMessageFactory.create_batch(2, next_attempt_at=old)
        calls = []
        monkeypatch.setattr(
            "sms.sending.enqueue", lambda pk: calls.append(pk) and False
        )
        assert sending.sweep() == 0
        assert len(calls) == 1
        first.refresh_from_db()
        assert first.next_attempt_at == old

    def test_the_management_command_runs_it(self, memory_backend, settings):
        from django.core.management import call_command

        settings.SMS_SWEEP_GRACE_SECONDS = 0
        SmsMessageFactory(
            next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
        )
        call_command("sweep_sms")
        assert len(memory_backend) == 1


def test_a_broker_failure_at_commit_leaves_the_row_pending(
    monkeypatch, memory_backend, django_capture_on_commit_callbacks, caplog
):
    from kombu.exceptions import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError(
            "Error 111 connecting to 127.0.0.1:1. Connection refused."
        )

    monkeypatch.setattr("sms.tasks.send_sms.apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_letter(OrderFactory())
    message.refresh_from_db()
    assert message.status == SmsStatus.PENDING
    assert memory_backend == []
    assert "left for the sweep" in caplog.text


class StallingBackend:
    """Worker A's call stalls; meanwhile the sweep takes A for dead and
    worker B sends the message; then A's call times out."""

    calls = 0

    def send(self, *, message_id, **kwargs):
        from sms.backends import SendResult

        type(self).calls += 1
        if type(self).calls == 1:
            later = timezone.now() + datetime.timedelta(hours=1)
            sending.release_stuck(now=later)
            sending.deliver(message_id=message_id)
            raise TemporaryError("worker A timed out")
        return SendResult(provider_message_id="worker-b")


def test_a_stale_claim_cannot_overwrite_the_outcome_of_a_newer_one(settings):
    settings.SMS_BACKEND = "tests.sms.test_outbox.StallingBackend"
    message = SmsMessageFactory()

    assert sending.deliver(message_id=message.pk) is None

    message.refresh_from_db()
    assert message.status == SmsStatus.SENT
    assert message.attempts == 2
    assert message.provider_message_id == "worker-b"
    assert message.last_error == ""
