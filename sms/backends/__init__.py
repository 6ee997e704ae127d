"""SMS provider backends behind one small interface.

A backend sends one message and returns the provider's message id, or
raises TemporaryError (try again later) or PermanentError (never will).
``message_id`` is the outbox row's id: a backend passes it to the provider as
the idempotency key where the provider has one.
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


class TemporaryError(Exception):
    """The provider could not take the message now; try again later."""


class PermanentError(Exception):
    """The provider refused the message; retrying will not help."""


@dataclass(frozen=True)
class SendResult:
    provider_message_id: str


class BaseBackend:
    def send(
        self, *, message_id: int, mobile: str, template: str, params: dict, text: str
    ) -> SendResult:
        raise NotImplementedError


def get_backend() -> BaseBackend:
    """Return the backend named by settings.SMS_BACKEND, one per process."""
    return _backend(settings.SMS_BACKEND)


@functools.cache
def _backend(path: str) -> BaseBackend:
    return import_string(path)()
