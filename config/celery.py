"""The Celery application; without REDIS_URL every task runs eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("epolicy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
