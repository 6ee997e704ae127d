"""A real Celery worker on real Redis, started by the test as a subprocess.

The worker reads the same PostgreSQL test database (SQLite test databases
live in memory, out of its reach) and consumes a queue of its own, so that
parallel runs never take each other's tasks. Its backend counts every
provider call in Redis database 13 (tests/sms/backends.py).
"""

import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
import redis
from django.db import connection, transaction
from django.utils import timezone

from config.celery import app as celery_app
from sms import sending
from sms.models import SmsMessage, SmsStatus
from sms.services import queue_sms
from tests.factories import PolicyFactory

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

BASE_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS = BASE_DIR / "test-artifacts"
COUNTER_DB = 13
WAIT_SECONDS = 20


def redis_url(db: int) -> str:
    """REDIS_URL's server with database ``db``."""
    return urlunsplit(urlsplit(os.environ["REDIS_URL"])._replace(path=f"/{db}"))


def worker_database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


class Worker:
    """One ``celery worker --pool solo`` process on one queue."""

    def __init__(self, *, queue: str, counter_key: str, delay: float):
        ARTIFACTS.mkdir(exist_ok=True)
        self.log_path = ARTIFACTS / f"celery-{queue}-{uuid.uuid4().hex[:6]}.log"
        env = {
            **os.environ,
            "DEBUG": "1",
            "PYTHONPATH": str(BASE_DIR),
            "DATABASE_URL": worker_database_url(),
            "CONN_MAX_AGE": "0",
            "SMS_BACKEND": "tests.sms.backends.CountingBackend",
            "SMS_TEST_COUNTER_URL": redis_url(COUNTER_DB),
            "SMS_TEST_COUNTER_KEY": counter_key,
            "SMS_TEST_DELAY_SECONDS": str(delay),
        }
        command = [
            *(sys.executable, "-m", "celery", "-A", "config", "worker"),
            *("--pool", "solo", "--queues", queue, "--loglevel", "INFO"),
            *("--hostname", f"{queue}-{uuid.uuid4().hex[:6]}@%h"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
                command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if b" ready." in self.log_path.read_bytes():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        pytest.fail(f"the worker did not start:\n{self.log_path.read_text()}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def counter():
    """Provider calls per message id, as counted by the workers."""
    client = redis.Redis.from_url(redis_url(COUNTER_DB))
    key = f"sms-test-sends-{uuid.uuid4().hex}"
    yield client, key
    client.delete(key, f"{key}:started")


@pytest.fixture
def start_worker(settings, counter):
    """Start workers on a queue of this test; stop them and drop the queue
    (and any unacknowledged message of it) afterwards."""
    queue = f"sms-test-{uuid.uuid4().hex[:8]}"
    settings.SMS_QUEUE = queue
    workers = []

    def start(*, delay: float = 0) -> Worker:
        worker = Worker(queue=queue, counter_key=counter[1], delay=delay)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
    _drop_queue(queue)


def _drop_queue(queue: str) -> None:
    broker = redis.Redis.from_url(os.environ["REDIS_URL"])
    broker.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    for tag, payload in broker.hgetall("unacked").items():
        if queue.encode() in payload:
            broker.hdel("unacked", tag)
            broker.zrem("unacked_index", tag)


def sends(counter, message) -> int:
    client, key = counter
    return int(client.hget(key, str(message.pk)) or 0)


def wait_for(predicate, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def wait_until_sent(message) -> SmsMessage:
    def sent():
        message.refresh_from_db()
        return message.status == SmsStatus.SENT

    wait_for(sent, f"SMS {message.pk} to be sent")
    return message


def issue_letter_sms() -> SmsMessage:
    """What issuing a letter does: the policy and its SMS in one
    transaction, the task published on commit."""
    with transaction.atomic():
        policy = PolicyFactory()
        return queue_sms(
            mobile=policy.enterprise.contact_mobile,
            template="letter_issued",
            params={"policy_number": policy.number},
            insurer=policy.insurer,
            order=policy.order,
            policy=policy,
        )


def test_a_letter_sms_is_sent_exactly_once(start_worker, counter):
    start_worker()
    message = issue_letter_sms()

    wait_until_sent(message)
    assert message.attempts == 1
    assert message.provider_message_id == f"counted-{message.pk}"

    # A second delivery of the same task finds the row sent and does nothing.
    sending.enqueue(message.pk)
    time.sleep(1)
    message.refresh_from_db()
    assert message.attempts == 1
    assert sends(counter, message) == 1


def test_a_broker_down_at_queue_time_is_made_good_by_the_sweep(
    start_worker, counter, settings, monkeypatch
):
    task = celery_app.tasks["sms.tasks.send_sms"]
    publish = task.apply_async
    dead_broker = celery_app.connection_for_write("redis://127.0.0.1:1/14")
    with monkeypatch.context() as patch:
        patch.setattr(
            task,
            "apply_async",
            lambda *args, **kwargs: publish(*args, connection=dead_broker, **kwargs),
        )
        message = issue_letter_sms()
    message.refresh_from_db()
    assert message.status == SmsStatus.PENDING

    start_worker()
    time.sleep(0.5)
    message.refresh_from_db()
    assert message.status == SmsStatus.PENDING
    assert sends(counter, message) == 0

    settings.SMS_SWEEP_GRACE_SECONDS = 0
    assert sending.sweep() == 1
    wait_until_sent(message)
    assert sends(counter, message) == 1


def test_a_worker_killed_while_sending_ends_sent_exactly_once(
    start_worker, counter, settings
):
    client, key = counter
    slow = start_worker(delay=30)
    message = issue_letter_sms()
    wait_for(
        lambda: client.hget(f"{key}:started", str(message.pk)),
        "the provider call to start",
    )
    slow.kill()
    message.refresh_from_db()
    assert message.status == SmsStatus.SENDING
    assert sends(counter, message) == 0

    start_worker()
    settings.SMS_SENDING_TIMEOUT_SECONDS = 0
    assert sending.sweep(now=timezone.now() + datetime.timedelta(seconds=1)) == 1
    wait_until_sent(message)
    assert message.attempts == 2
    assert sends(counter, message) == 1
