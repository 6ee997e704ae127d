import sys
import uuid

from insurers.validators import mask_mobile

from . import BaseBackend, SendResult


class ConsoleBackend(BaseBackend):
    """Print each message to standard output (development)."""

    def send(self, *, mobile, template, params, text):
        sys.stdout.write(f"[SMS to {mask_mobile(mobile)}] {text}\n")
        sys.stdout.flush()
        return SendResult(provider_message_id=f"console-{uuid.uuid4().hex[:12]}")
