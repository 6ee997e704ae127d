"""Fill the database with the demo data of every app; safe to run again."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from insurers.demo import DEMO_PASSWORD

# Each module has seed(stdout) and LOGINS, rows of (username, side,
# organization, what the account may do); later modules build on earlier ones.
DEMO_MODULES = ["insurers.demo", "orders.demo", "policies.demo"]


class Command(BaseCommand):
    help = "Create or complete the demo data of every app."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, port, **options):
        logins = []
        for name in DEMO_MODULES:
            module = import_module(name)
            with transaction.atomic():
                module.seed(self.stdout)
            logins.extend(module.LOGINS)
        self.stdout.write(
            self.style.SUCCESS(
                f"\nOpen http://127.0.0.1:{port}/ and sign in with password "
                f"{DEMO_PASSWORD}:"
            )
        )
        for username, side, organization, scope in logins:
            self.stdout.write(f"  {username:<18} {side:<10} {organization}: {scope}")
