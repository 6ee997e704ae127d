import threading
import uuid

from . import BaseBackend, SendResult

outbox: list[dict] = []
_lock = threading.Lock()


class MemoryBackend(BaseBackend):
    """Keep each message in ``outbox`` (tests)."""

    def send(self, *, mobile, template, params, text):
        with _lock:
            outbox.append(
                {"mobile": mobile, "template": template, "params": params, "text": text}
            )
        return SendResult(provider_message_id=f"memory-{uuid.uuid4().hex[:12]}")
