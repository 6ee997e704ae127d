"""Policy status from the dates, and the "behind plan" arithmetic."""

import datetime

import pytest
from django.utils import timezone

from policies.models import Policy, PolicyStatus, next_visit_due
from tests.factories import PolicyFactory, ServiceOrganizationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.mark.parametrize(
    ("start", "end", "status"),
    [
        (days(1), days(365), PolicyStatus.NOT_STARTED),
        (days(-10), days(31), PolicyStatus.IN_FORCE),
        (days(-10), days(30), PolicyStatus.EXPIRING),
        (days(-300), days(0), PolicyStatus.EXPIRING),
        (days(-365), days(-1), PolicyStatus.EXPIRED),
    ],
)
def test_status_property_and_queryset_filter_agree(start, end, status):
    policy = PolicyFactory(period_start=start, period_end=end)

    assert policy.status == status
    for other in PolicyStatus:
        found = Policy.objects.with_status(other).filter(pk=policy.pk).exists()
        assert found == (other == status)


def test_next_visit_due_is_when_a_whole_visit_share_has_elapsed():
    start = datetime.date(2026, 1, 1)
    end = datetime.date(2026, 12, 31)  # 365 days, 4 visits: one each 91.25 days

    assert next_visit_due(period_start=start, period_end=end, planned=4, done=0) == (
        start + datetime.timedelta(days=92)
    )
    assert next_visit_due(period_start=start, period_end=end, planned=4, done=3) == (
        start + datetime.timedelta(days=365)
    )
    assert next_visit_due(period_start=start, period_end=end, planned=4, done=4) is None
    assert next_visit_due(period_start=start, period_end=end, planned=0, done=0) is None


def test_unserved_lists_unassigned_and_behind_policies_in_force():
    organization_policy = {"service_organization": ServiceOrganizationFactory()}
    behind = PolicyFactory(
        period_start=days(-200), period_end=days(165), **organization_policy
    )
    on_track = PolicyFactory(
        period_start=days(-200),
        period_end=days(165),
        visits_done=3,
        **organization_policy,
    )
    unassigned = PolicyFactory(period_start=days(-5), period_end=days(360))
    not_started = PolicyFactory(period_start=days(3), period_end=days(300))
    expired = PolicyFactory(period_start=days(-400), period_end=days(-35))

    found = set(Policy.objects.unserved())

    assert found == {behind, unassigned}
    assert on_track.visits_expected == 2
    assert not_started not in found and expired not in found
