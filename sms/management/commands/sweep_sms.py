"""Publish again the SMS rows left unsent: Celery beat does this every
minute in production; without beat (the embedded default) run it by hand
or from cron."""

from django.core.management.base import BaseCommand

from sms.sending import sweep


class Command(BaseCommand):
    help = "Re-queue SMS messages left pending or stuck sending."

    def handle(self, *args, **options):
        published = sweep()
        self.stdout.write(f"{published} message(s) queued again.")
