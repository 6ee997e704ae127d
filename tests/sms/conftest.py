"""The SMS tests read the in-memory backend's outbox, emptied around each
test; the suite's conftest makes sending eager and in-memory unless a test is
marked ``redis`` (those start a real worker)."""

import pytest

from sms.backends import memory


@pytest.fixture(autouse=True)
def memory_backend(request):
    if request.node.get_closest_marker("redis"):
        yield None
        return
    memory.clear()
    yield memory.outbox
    memory.clear()
