"""The Celery application; without REDIS_URL every task runs eagerly."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("epolicy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def close_old_connections(sender=None, **kwargs):
    """Treat each task like a web request: drop a database connection that
    broke or outlived CONN_MAX_AGE, keep a healthy one.

    Celery's own handling would open a new connection for every task (many
    milliseconds each); CELERY_DB_REUSE_MAX turns it off. An eager task runs
    inside the caller's request and leaves its connection alone.
    """
    if sender is not None and sender.request.is_eager:
        return
    from django.db import close_old_connections

    close_old_connections()
