"""Keep each message in a list of this process (tests)."""

import threading

from . import BaseBackend, SendResult

outbox: list[dict] = []
_lock = threading.Lock()


class MemoryBackend(BaseBackend):
    def send(self, *, message_id, mobile, template, params, text):
        with _lock:
            outbox.append(
                {
                    "message_id": message_id,
                    "mobile": mobile,
                    "template": template,
                    "params": params,
                    "text": text,
                }
            )
        return SendResult(provider_message_id=f"memory-{message_id}")


def clear() -> None:
    with _lock:
        outbox.clear()
