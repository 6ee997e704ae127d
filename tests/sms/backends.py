"""A backend for the worker tests and the benchmark: it counts every call
per message id in a Redis hash, shared by all processes, optionally sleeping
before it counts (a slow provider). Configured by environment in the worker:
SMS_TEST_COUNTER_URL, SMS_TEST_COUNTER_KEY, SMS_TEST_DELAY_SECONDS."""

import os
import time

import redis

from sms.backends import BaseBackend, SendResult


class CountingBackend(BaseBackend):
    def __init__(self):
        self.redis = redis.Redis.from_url(os.environ["SMS_TEST_COUNTER_URL"])
        self.key = os.environ["SMS_TEST_COUNTER_KEY"]
        self.delay = float(os.environ.get("SMS_TEST_DELAY_SECONDS", "0"))

    def send(self, *, message_id, mobile, template, params, text):
        self.redis.hincrby(f"{self.key}:started", str(message_id), 1)
        time.sleep(self.delay)
        self.redis.hincrby(self.key, str(message_id), 1)
        return SendResult(provider_message_id=f"counted-{message_id}")
