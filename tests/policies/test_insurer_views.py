"""保单管理 on the insurer side: list, search, filters, page, tenancy."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from insurers.pagination import BoundedPaginator
from policies.models import PolicyStatus
from policies.views.insurer import PolicyListView
from tests.factories import (
    ActivePolicyFactory,
    HazardFactory,
    IndustryFactory,
    PolicyFactory,
    RegionFactory,
    ServiceVisitFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("policies:list")


def listed(client, **params):
    return list(client.get(LIST, params).context["page_obj"])


def test_list_shows_only_the_insurers_policies(client, admin_a, policy_a, policy_b):
    client.force_login(admin_a)

    response = client.get(LIST)

    assert list(response.context["page_obj"]) == [policy_a]
    page = response.content.decode()
    assert "保单列表" in page and "申请第三方服务" in page
    assert policy_b.number not in page


def test_list_runs_a_fixed_number_of_queries(
    client, admin_a, organization, enterprise_user, monkeypatch
):
    def policies(count):
        ActivePolicyFactory.create_batch(
            count,
            order__insurer=admin_a.insurer,
            order__enterprise=enterprise_user.enterprise,
            order__created_by=enterprise_user,
            service_organization=organization,
        )

    def queries_for_a_page_of(per_page):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST, {"status": PolicyStatus.IN_FORCE})
        assert len(response.context["page_obj"]) == per_page
        return len(queries)

    client.force_login(admin_a)
    policies(10)
    client.get(LIST)  # the filter choices, read once per process
    monkeypatch.setattr(PolicyListView, "per_page", 10)
    ten = queries_for_a_page_of(10)
    policies(90)
    monkeypatch.setattr(PolicyListView, "per_page", 100)
    hundred = queries_for_a_page_of(100)

    # Session, account, insurer, permissions; count and page; the session's
    # update and its savepoints (the filter choices are read once).
    assert ten == hundred <= 10


def test_search_by_number_enterprise_name_and_credit_code(client, admin_a, insurer_a):
    wanted = ActivePolicyFactory(
        order__insurer=insurer_a, order__enterprise__name="泉州顺达危化品储运有限公司"
    )
    ActivePolicyFactory(order__insurer=insurer_a)
    client.force_login(admin_a)

    assert listed(client, q=wanted.number) == [wanted]
    assert listed(client, q="顺达危化") == [wanted]
    assert listed(client, q=wanted.enterprise.credit_code.lower()) == [wanted]


def test_filters_status_industry_region_assignment_and_organization(
    client, admin_a, insurer_a, organization
):
    today = timezone.localdate()
    mining = IndustryFactory(code="non-coal-mining", name="非煤矿山")
    jinjiang = RegionFactory(code="350582", name="晋江市")
    future = PolicyFactory(order__insurer=insurer_a)
    served = ActivePolicyFactory(
        order__insurer=insurer_a,
        order__enterprise__industry=mining,
        order__enterprise__region=jinjiang,
        service_organization=organization,
    )
    expired = PolicyFactory(
        order__insurer=insurer_a,
        period_start=today - datetime.timedelta(days=400),
        period_end=today - datetime.timedelta(days=35),
    )
    client.force_login(admin_a)

    assert listed(client, status="not_started") == [future]
    assert listed(client, status="expired") == [expired]
    assert listed(client, industry=mining.pk) == [served]
    assert listed(client, region=jinjiang.pk) == [served]
    assert listed(client, assigned="yes") == [served]
    assert set(listed(client, assigned="no")) == {future, expired}
    assert listed(client, organization=organization.pk) == [served]


def test_hostile_filters_are_ignored_not_500(client, admin_a, policy_a):
    client.force_login(admin_a)

    response = client.get(LIST, {"status": "nope", "region": "x' OR 1=1", "page": "-3"})

    assert response.status_code == 200


def test_list_paginates_by_20_and_keeps_filters(client, admin_a, insurer_a):
    ActivePolicyFactory.create_batch(25, order__insurer=insurer_a)
    client.force_login(admin_a)

    response = client.get(LIST, {"status": "in_force"})

    assert len(response.context["page_obj"]) == 20
    assert "status=in_force&amp;page=2" in response.content.decode()


def test_policy_page_shows_data_assignments_visits_and_progress(
    client, admin_a, served_policy
):
    visit = ServiceVisitFactory(policy=served_policy)
    HazardFactory(visit=visit, description="配电箱未接地")
    served_policy.visits_done = 1
    served_policy.save()
    client.force_login(admin_a)

    response = client.get(reverse("policies:detail", args=[served_policy.pk]))

    page = response.content.decode()
    assert served_policy.number in page
    assert served_policy.service_organization.name in page
    assert "配电箱未接地" in page
    assert "1 / 4" in page
    assert 'data-testid="timeline"' in page


def test_unserved_list(client, admin_a, insurer_a, served_policy, policy_b):
    on_track = ActivePolicyFactory(order__insurer=insurer_a, visits_done=2)
    on_track.service_organization = served_policy.service_organization
    on_track.next_visit_due_on = None
    on_track.save()
    client.force_login(admin_a)

    response = client.get(reverse("policies:unserved"))

    assert list(response.context["page_obj"]) == [served_policy]
    assert "已投保未服务" in response.content.decode()


@pytest.mark.parametrize("name", ["policies:detail", "policies:assign"])
def test_another_insurers_policy_is_a_404(client, admin_a, policy_b, name):
    client.force_login(admin_a)

    assert client.get(reverse(name, args=[policy_b.pk])).status_code == 404


@pytest.mark.parametrize(
    "url",
    [LIST, reverse("policies:unserved"), reverse("policies:detail", args=[1])],
)
def test_staff_without_view_policy_are_refused(client, clerk_a, url):
    client.force_login(clerk_a)

    assert client.get(url).status_code == 403


def test_other_sides_are_refused(client, enterprise_user, service_user):
    for user in (enterprise_user, service_user):
        client.force_login(user)
        assert client.get(LIST).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(LIST).status_code == 302


def test_past_the_bounded_count_the_list_says_more_and_pages_on(
    client, admin_a, enterprise_user, monkeypatch
):
    monkeypatch.setattr(BoundedPaginator, "count_limit", 2)
    ActivePolicyFactory.create_batch(
        3,
        order__insurer=admin_a.insurer,
        order__enterprise=enterprise_user.enterprise,
        order__created_by=enterprise_user,
    )
    client.force_login(admin_a)

    first = client.get(LIST, {"per_page": 10})
    second = client.get(LIST, {"per_page": 10, "page": 2})

    assert "超过2份保单" in first.content.decode()
    assert len(first.context["page_obj"]) == 3
    assert not first.context["page_obj"].has_next()
    assert second.context["page_obj"].number == 1
