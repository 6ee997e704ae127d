"""Personas and switches shared by the whole suite.

Personas: the administrator and a limited staff member of insurer A, the
administrator of insurer B, an enterprise, a service organization and the
regulator. Tests marked ``postgres`` or ``redis`` skip without the service,
unless REQUIRE_SERVICES=1 (CI), where a missing service fails them.
"""

import os

import pytest
from django.conf import settings

from config.celery import app as celery_app
from roles.services import create_role, ensure_administrator_role

from .factories import (
    EnterpriseAccountFactory,
    InsurerFactory,
    InsurerStaffFactory,
    RegulatorAccountFactory,
    ServiceAccountFactory,
)
from .factories.accounts import PASSWORD

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
HAS_REDIS = bool(os.environ.get("REDIS_URL"))


def pytest_collection_modifyitems(config, items):
    missing = {
        "postgres": None if ON_POSTGRES else "needs DATABASE_URL on PostgreSQL",
        "redis": None if HAS_REDIS else "needs REDIS_URL",
    }
    for item in items:
        for marker, reason in missing.items():
            if reason and item.get_closest_marker(marker):
                if REQUIRE_SERVICES:
                    item.add_marker(pytest.mark.usefixtures("_fail_missing_service"))
                else:
                    item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    """Argon2 is deliberately slow; only tests marked argon2 pay for it."""
    if request.node.get_closest_marker("argon2") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _eager_memory_sms_unless_marked_redis(request, settings):
    """Tests send SMS through the in-memory backend, eagerly, as the embedded
    default does; only tests marked redis talk to the broker, so that no test
    leaves tasks queued in Redis for nobody."""
    if request.node.get_closest_marker("redis"):
        yield
        return
    settings.SMS_BACKEND = "sms.backends.memory.MemoryBackend"
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def _fail_missing_service(request):
    pytest.fail("REQUIRE_SERVICES=1 but the service this test needs is missing")


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def insurer_a(db):
    return InsurerFactory(slug="insurer-a", name="甲财产保险公司", short_name="甲财险")


@pytest.fixture
def insurer_b(db):
    return InsurerFactory(slug="insurer-b", name="乙财产保险公司", short_name="乙财险")


@pytest.fixture
def admin_a(insurer_a):
    role = ensure_administrator_role(insurer=insurer_a)
    return InsurerStaffFactory(username="admin_a", insurer=insurer_a, roles=[role])


@pytest.fixture
def clerk_a(insurer_a):
    """Staff of insurer A who may only view orders."""
    role = create_role(insurer=insurer_a, name="查看员", perms={"orders.view_order"})
    return InsurerStaffFactory(username="clerk_a", insurer=insurer_a, roles=[role])


@pytest.fixture
def admin_b(insurer_b):
    role = ensure_administrator_role(insurer=insurer_b)
    return InsurerStaffFactory(username="admin_b", insurer=insurer_b, roles=[role])


@pytest.fixture
def enterprise_user(db):
    return EnterpriseAccountFactory(username="enterprise_user")


@pytest.fixture
def service_user(db):
    return ServiceAccountFactory(username="service_user")


@pytest.fixture
def regulator_user(db):
    return RegulatorAccountFactory(username="regulator_user")
