"""SMS throughput: messages queued through Redis to Celery worker processes.

Writes 10,000 outbox rows, starts two ``celery worker --pool solo``
processes with the in-memory backend, publishes one task per row and times
until every row is sent. The in-memory backend keeps its list per process,
so the backend used here also counts every provider call per message id in
a Redis hash (database 13); a message called more than once is a duplicate.
Prints messages per second and duplicates (must be 0). Rows, queue and
counters are removed afterwards.

    createdb -h 127.0.0.1 -U postgres epolicy_bench   # once
    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/epolicy_bench \\
        REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python -m bench.sms_throughput

It refuses a database whose name does not contain ``bench``.
"""

import argparse
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from sms.backends.memory import MemoryBackend

BASE_DIR = Path(__file__).resolve().parent.parent
COUNTER_DB = 13


class CountingMemoryBackend(MemoryBackend):
    """The in-memory backend, plus a count of calls per message in Redis."""

    def __init__(self):
        import redis

        self.redis = redis.Redis.from_url(os.environ["SMS_BENCH_COUNTER_URL"])
        self.key = os.environ["SMS_BENCH_COUNTER_KEY"]

    def send(self, *, message_id, **kwargs):
        result = super().send(message_id=message_id, **kwargs)
        self.redis.hincrby(self.key, str(message_id), 1)
        return result


def redis_url(db: int) -> str:
    return urlunsplit(urlsplit(os.environ["REDIS_URL"])._replace(path=f"/{db}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=900)
    args = parser.parse_args()

    if not os.environ.get("REDIS_URL"):
        sys.exit("REDIS_URL is required: the messages go through Redis.")
    queue = f"sms-bench-{uuid.uuid4().hex[:8]}"
    counter_key = f"sms-bench-sends-{uuid.uuid4().hex[:8]}"
    os.environ["SMS_QUEUE"] = queue
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if (
        connection.vendor != "postgresql"
        or "bench" not in connection.settings_dict["NAME"]
    ):
        sys.exit("Use a PostgreSQL database whose name contains 'bench'.")
    call_command("migrate", verbosity=0)

    workers = [start_worker(queue, counter_key) for _ in range(args.workers)]
    try:
        run(args, queue, counter_key)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
        clean_up(queue, counter_key)


def start_worker(queue: str, counter_key: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": str(BASE_DIR),
        "SMS_BACKEND": "bench.sms_throughput.CountingMemoryBackend",
        "SMS_BENCH_COUNTER_URL": redis_url(COUNTER_DB),
        "SMS_BENCH_COUNTER_KEY": counter_key,
        "LOG_LEVEL": "WARNING",
    }
    command = [
        *(sys.executable, "-m", "celery", "-A", "config", "worker"),
        *("--pool", "solo", "--queues", queue, "--loglevel", "WARNING"),
        *("--hostname", f"{queue}-{uuid.uuid4().hex[:6]}@%h"),
        *("--without-gossip", "--without-mingle", "--without-heartbeat"),
    ]
    return subprocess.Popen(command, cwd=BASE_DIR, env=env)


def run(args, queue: str, counter_key: str) -> None:
    import redis
    from django.db.models import Sum
    from django.utils import timezone

    from sms.models import SmsMessage, SmsStatus
    from sms.services import enqueue
    from sms.texts import render

    params = {"insurer": "测试财险", "policy_number": "PBENCH0001"}
    text = render("letter_issued", params)
    now = timezone.now()
    rows = SmsMessage.objects.bulk_create(
        [
            SmsMessage(
                mobile=f"139{n:08d}",
                template="letter_issued",
                params=params,
                text=text,
                next_attempt_at=now,
            )
            for n in range(args.messages)
        ],
        batch_size=1000,
    )
    ids = [row.pk for row in rows]
    mine = SmsMessage.objects.filter(pk__gte=min(ids), pk__lte=max(ids))
    time.sleep(3)  # the workers connect to the broker

    started = time.monotonic()
    for message_id in ids:
        enqueue(message_id)
    published = time.monotonic() - started

    deadline = started + args.timeout
    while mine.filter(status=SmsStatus.SENT).count() < len(ids):
        if time.monotonic() > deadline:
            print("Timed out before every message was sent.")
            break
        time.sleep(0.5)
    elapsed = time.monotonic() - started

    counts = redis.Redis.from_url(redis_url(COUNTER_DB)).hgetall(counter_key)
    calls = sum(int(value) for value in counts.values())
    duplicates = sum(int(value) - 1 for value in counts.values() if int(value) > 1)
    sent = mine.filter(status=SmsStatus.SENT).count()
    claims = mine.aggregate(total=Sum("attempts"))["total"]
    mine.delete()

    print(f"messages            {len(ids)}")
    print(f"worker processes    {args.workers} (celery --pool solo)")
    print(f"published in        {published:.1f} s ({len(ids) / published:.0f}/s)")
    print(f"all sent in         {elapsed:.1f} s")
    print(f"throughput          {sent / elapsed:.0f} messages per second")
    print(f"sent                {sent}")
    print(f"provider calls      {calls} (claims {claims})")
    print(f"duplicates          {duplicates}")


def clean_up(queue: str, counter_key: str) -> None:
    import redis

    redis.Redis.from_url(redis_url(COUNTER_DB)).delete(counter_key)
    broker = redis.Redis.from_url(os.environ["REDIS_URL"])
    broker.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")


if __name__ == "__main__":
    main()
