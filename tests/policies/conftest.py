"""Policies of insurer A and B, and the organizations that serve them."""

import pytest

from tests.factories import ActivePolicyFactory, ServiceOrganizationFactory


@pytest.fixture
def organization(service_user):
    """The organization of the service_user persona."""
    return service_user.service_organization


@pytest.fixture
def other_organization(db):
    return ServiceOrganizationFactory(name="另一家服务机构")


@pytest.fixture
def policy_a(insurer_a, enterprise_user):
    """A policy of insurer A on the enterprise_user persona's enterprise."""
    return ActivePolicyFactory(
        order__insurer=insurer_a, order__enterprise=enterprise_user.enterprise
    )


@pytest.fixture
def policy_b(insurer_b):
    return ActivePolicyFactory(order__insurer=insurer_b)


@pytest.fixture
def served_policy(policy_a, organization):
    """policy_a, served by the service_user persona's organization."""
    policy_a.service_organization = organization
    policy_a.save(update_fields=["service_organization"])
    return policy_a
