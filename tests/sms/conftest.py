"""The SMS tests send through the in-memory backend, eagerly, unless a test
is marked ``redis`` (those start a real worker)."""

import pytest

from config.celery import app as celery_app
from sms.backends import memory


@pytest.fixture(autouse=True)
def memory_backend(request, settings):
    if request.node.get_closest_marker("redis"):
        yield None
        return
    settings.SMS_BACKEND = "sms.backends.memory.MemoryBackend"
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    memory.clear()
    yield memory.outbox
    memory.clear()
    celery_app.conf.task_always_eager = eager
