"""SMS provider backends behind one small interface."""

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
    def send(self, *, mobile: str, template: str, params: dict, text: str):
        raise NotImplementedError


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()
