"""The enterprise sees its policies and visits, and confirms visits."""

import pytest
from django.urls import reverse

from policies.models import PolicyEvent, PolicyEventKind
from tests.factories import EnterpriseAccountFactory, ServiceVisitFactory

pytestmark = pytest.mark.django_db


def test_enterprise_sees_its_policy_and_its_visits(
    client, enterprise_user, served_policy, policy_b
):
    visit = ServiceVisitFactory(policy=served_policy, summary="开展了安全培训")
    client.force_login(enterprise_user)

    listing = client.get(reverse("policies:enterprise_policies"))
    page = client.get(reverse("policies:enterprise_policy", args=[served_policy.pk]))

    assert list(listing.context["page_obj"]) == [served_policy]
    assert visit.summary in page.content.decode()
    assert "确认检查" in page.content.decode()


def test_enterprise_confirms_a_visit_once(client, enterprise_user, served_policy):
    visit = ServiceVisitFactory(policy=served_policy)
    client.force_login(enterprise_user)
    url = reverse("policies:visit_confirm", args=[visit.pk])

    client.post(url)
    visit.refresh_from_db()
    confirmed_at = visit.confirmed_at
    response = client.post(url, follow=True)

    assert visit.confirmed_by == enterprise_user
    visit.refresh_from_db()
    assert visit.confirmed_at == confirmed_at
    assert "只能添加备注" in response.content.decode()
    assert (
        PolicyEvent.objects.filter(
            kind=PolicyEventKind.VISIT_CONFIRMED, actor=enterprise_user
        ).count()
        == 1
    )


def test_another_enterprises_policy_and_visit_are_404(client, served_policy):
    visit = ServiceVisitFactory(policy=served_policy)
    client.force_login(EnterpriseAccountFactory())

    assert (
        client.get(
            reverse("policies:enterprise_policy", args=[served_policy.pk])
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("policies:visit_confirm", args=[visit.pk])).status_code
        == 404
    )
    visit.refresh_from_db()
    assert visit.confirmed_at is None
