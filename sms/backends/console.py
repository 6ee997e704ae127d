"""Print each message on standard output (the embedded default)."""

import sys

from insurers.validators import mask_mobile

from . import BaseBackend, SendResult


class ConsoleBackend(BaseBackend):
    def send(self, *, message_id, mobile, template, params, text):
        sys.stdout.write(f"[SMS {message_id} to {mask_mobile(mobile)}] {text}\n")
        sys.stdout.flush()
        return SendResult(provider_message_id=f"console-{message_id}")
