"""指定第三方服务: the assignment service, its history and its screen."""

import pytest
from django.urls import reverse

from policies import services
from policies.models import PolicyEvent, PolicyEventKind, ServiceAssignment
from sms.models import SmsMessage
from tests.factories import ActivePolicyFactory, ServiceOrganizationFactory

pytestmark = pytest.mark.django_db


def test_assignment_records_history_event_and_sms(
    policy_a, admin_a, organization, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        services.assign_service_organization(
            policy=policy_a, organization=organization, actor=admin_a
        )

    policy_a.refresh_from_db()
    assert policy_a.service_organization == organization
    assert policy_a.assigned_at is not None
    row = ServiceAssignment.objects.get(policy=policy_a)
    assert (row.from_organization, row.to_organization, row.actor) == (
        None,
        organization,
        admin_a,
    )
    event = PolicyEvent.objects.get(policy=policy_a)
    assert (event.kind, event.actor) == (PolicyEventKind.ASSIGNED, admin_a)
    sms = SmsMessage.objects.get(policy=policy_a)
    assert sms.mobile == organization.contact_mobile
    assert sms.template == "organization_assigned"
    assert policy_a.number in sms.text and policy_a.enterprise.name in sms.text


def test_changing_the_organization_needs_a_reason_and_keeps_history(
    served_policy, admin_a, organization, other_organization
):
    with pytest.raises(services.AssignmentRefused, match="原因"):
        services.assign_service_organization(
            policy=served_policy, organization=other_organization, actor=admin_a
        )
    served_policy.refresh_from_db()
    assert served_policy.service_organization == organization

    services.assign_service_organization(
        policy=served_policy,
        organization=other_organization,
        actor=admin_a,
        reason="原机构人手不足",
    )

    row = ServiceAssignment.objects.get(policy=served_policy)
    assert row.from_organization == organization
    assert row.to_organization == other_organization
    assert row.reason == "原机构人手不足"


def test_inactive_organization_is_refused(policy_a, admin_a):
    closed = ServiceOrganizationFactory(is_active=False, name="已停业机构")

    with pytest.raises(services.AssignmentRefused, match="已停业机构"):
        services.assign_service_organization(
            policy=policy_a, organization=closed, actor=admin_a
        )

    policy_a.refresh_from_db()
    assert policy_a.service_organization is None
    assert not ServiceAssignment.objects.exists()
    assert not SmsMessage.objects.exists()


def test_another_insurers_policy_is_refused(policy_b, admin_a, organization):
    with pytest.raises(services.AssignmentRefused):
        services.assign_service_organization(
            policy=policy_b, organization=organization, actor=admin_a
        )
    assert not ServiceAssignment.objects.exists()


def test_assign_page_lists_organizations_with_their_load(
    client, admin_a, policy_a, organization, django_assert_max_num_queries
):
    ActivePolicyFactory.create_batch(
        3, order__insurer=admin_a.insurer, service_organization=organization
    )
    ServiceOrganizationFactory.create_batch(5)
    client.force_login(admin_a)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("policies:assign", args=[policy_a.pk]))

    page = response.content.decode()
    assert "指定第三方服务" in page
    assert organization.name in page
    serving = {o.pk: o.serving_count for o in response.context["organizations"]}
    assert serving[organization.pk] == 3


def test_assign_page_filters_by_region_and_name(client, admin_a, policy_a):
    here = ServiceOrganizationFactory(name="丰泽安评", region__code="350503")
    there = ServiceOrganizationFactory(
        name="晋江安评", region__code="350582", region__name="晋江市"
    )
    client.force_login(admin_a)
    url = reverse("policies:assign", args=[policy_a.pk])

    by_region = client.get(url, {"region": there.region_id}).context["organizations"]
    by_name = client.get(url, {"q": "丰泽"}).context["organizations"]

    assert list(by_region) == [there]
    assert list(by_name) == [here]


def test_assign_through_the_page(client, admin_a, policy_a, organization):
    client.force_login(admin_a)

    response = client.post(
        reverse("policies:assign", args=[policy_a.pk]),
        {"organization": organization.pk},
    )

    assert response.status_code == 302
    policy_a.refresh_from_db()
    assert policy_a.service_organization == organization


def test_change_without_reason_shows_the_chinese_error(
    client, admin_a, served_policy, other_organization
):
    client.force_login(admin_a)

    response = client.post(
        reverse("policies:assign", args=[served_policy.pk]),
        {"organization": other_organization.pk},
    )

    assert response.status_code == 200
    assert "请填写更换服务机构的原因" in response.content.decode()
    assert not ServiceAssignment.objects.exists()


def test_assign_posting_an_unknown_organization_is_a_form_error(
    client, admin_a, policy_a
):
    client.force_login(admin_a)

    response = client.post(
        reverse("policies:assign", args=[policy_a.pk]), {"organization": "999999"}
    )

    assert response.status_code == 200
    assert "请从列表中选择服务机构" in response.content.decode()


def test_assign_needs_its_permission(client, insurer_a, policy_a, organization):
    from roles.services import create_role
    from tests.factories import InsurerStaffFactory

    role = create_role(insurer=insurer_a, name="只读", perms={"policies.view_policy"})
    viewer = InsurerStaffFactory(insurer=insurer_a, roles=[role])
    client.force_login(viewer)
    url = reverse("policies:assign", args=[policy_a.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"organization": organization.pk}).status_code == 403
    listing = client.get(reverse("policies:list")).content.decode()
    assert "申请第三方服务" not in listing


def test_assign_on_another_insurers_policy_is_a_404(
    client, admin_a, policy_b, organization
):
    client.force_login(admin_a)
    url = reverse("policies:assign", args=[policy_b.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"organization": organization.pk}).status_code == 404
    policy_b.refresh_from_db()
    assert policy_b.service_organization is None


def test_the_organization_choice_is_paginated(client, admin_a, policy_a):
    ServiceOrganizationFactory.create_batch(25)
    client.force_login(admin_a)
    url = reverse("policies:assign", args=[policy_a.pk])

    first = client.get(url)
    second = client.get(url, {"page": 2})

    assert len(first.context["organizations"]) == 20
    assert len(second.context["organizations"]) >= 5
    first_ids = {o.pk for o in first.context["organizations"]}
    assert first_ids.isdisjoint(o.pk for o in second.context["organizations"])
