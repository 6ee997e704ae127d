"""Reads of policies and visits for each side, one door per side."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Side
from orders import search

from .models import (
    Hazard,
    Policy,
    ServiceAssignment,
    ServiceOrganization,
    ServiceVisit,
    VisitAttachment,
)

LIST_RELATED = ("enterprise__industry", "enterprise__region", "service_organization")


def policies_for_insurer(insurer) -> QuerySet:
    return Policy.objects.for_insurer(insurer).select_related(*LIST_RELATED)


def get_policy_for_insurer(insurer, pk) -> Policy:
    """Fetch one policy of ``insurer``; another insurer's is a 404."""
    return get_object_or_404(
        policies_for_insurer(insurer).select_related("order", "insurer"), pk=pk
    )


def search_policies(queryset: QuerySet, filters: dict) -> QuerySet:
    """Apply the list's search and filters (cleaned data of the filter form);
    each is a comparison the policy and enterprise indexes serve."""
    if query := filters.get("q"):
        queryset = search.search(queryset, query)
    if filters.get("status"):
        queryset = queryset.with_status(filters["status"])
    if filters.get("industry"):
        queryset = queryset.filter(enterprise__industry=filters["industry"])
    if filters.get("region"):
        queryset = queryset.filter(enterprise__region=filters["region"])
    if filters.get("assigned") == "yes":
        queryset = queryset.filter(service_organization__isnull=False)
    elif filters.get("assigned") == "no":
        queryset = queryset.filter(service_organization__isnull=True)
    if filters.get("organization"):
        queryset = queryset.filter(service_organization=filters["organization"])
    return queryset


def organizations_for_assignment(insurer, *, query: str = "", region=None):
    """Active organizations, each with how many of this insurer's policies
    in force it already serves, in one query."""
    today = timezone.localdate()
    serving = Q(
        policies__insurer=insurer,
        policies__period_start__lte=today,
        policies__period_end__gte=today,
    )
    organizations = ServiceOrganization.objects.active().select_related("region")
    if query:
        organizations = organizations.filter(
            Q(name__contains=query) | Q(code__iexact=query)
        )
    if region:
        organizations = organizations.filter(region=region)
    return organizations.annotate(
        serving_count=Count("policies", filter=serving)
    ).order_by("name", "pk")


def assignment_history(policy) -> QuerySet:
    return ServiceAssignment.objects.filter(policy=policy).select_related(
        "from_organization", "to_organization", "actor"
    )


def visits_of(policy) -> QuerySet:
    """Visits of one policy with their hazards, attachments and notes."""
    return (
        ServiceVisit.objects.filter(policy=policy)
        .select_related("organization", "recorded_by", "confirmed_by")
        .prefetch_related("hazards", "attachments", "notes__author")
    )


# Service-organization side


def policies_for_organization(organization) -> QuerySet:
    return (
        Policy.objects.for_service_organization(organization)
        .select_related("enterprise", "insurer")
        .order_by("-assigned_at", "-id")
    )


def get_policy_for_organization(organization, pk) -> Policy:
    return get_object_or_404(policies_for_organization(organization), pk=pk)


def visits_for_organization(organization) -> QuerySet:
    return ServiceVisit.objects.for_service_organization(organization).select_related(
        "policy__enterprise"
    )


def get_visit_for_organization(organization, pk) -> ServiceVisit:
    return get_object_or_404(
        visits_for_organization(organization).select_related("policy"), pk=pk
    )


def get_hazard_for_organization(organization, pk) -> Hazard:
    return get_object_or_404(
        Hazard.objects.filter(visit__in=visits_for_organization(organization)),
        pk=pk,
    )


# Enterprise side


def policies_for_enterprise(enterprise) -> QuerySet:
    return Policy.objects.for_enterprise(enterprise).select_related(
        "insurer", "service_organization"
    )


def get_policy_for_enterprise(enterprise, pk) -> Policy:
    return get_object_or_404(policies_for_enterprise(enterprise), pk=pk)


def get_visit_for_enterprise(enterprise, pk) -> ServiceVisit:
    return get_object_or_404(
        ServiceVisit.objects.for_enterprise(enterprise).select_related("policy"),
        pk=pk,
    )


# Attachments: who may download one


def attachment_for(user, pk) -> VisitAttachment:
    """Fetch an attachment this user may see: the organization that serves
    the policy, the insurer's staff who may view policies, the enterprise.
    Anyone else gets a 404."""
    visits = ServiceVisit.objects.none()
    if user.side == Side.SERVICE:
        visits = ServiceVisit.objects.for_service_organization(
            user.service_organization
        )
    elif user.side == Side.INSURER and user.has_perm("policies.view_policy"):
        visits = ServiceVisit.objects.for_insurer(user.insurer)
    elif user.side == Side.ENTERPRISE:
        visits = ServiceVisit.objects.for_enterprise(user.enterprise)
    return get_object_or_404(VisitAttachment.objects.filter(visit__in=visits), pk=pk)


# The order behind a policy

POLICY_DOCUMENT_KINDS = ("e_policy", "invoice", "contract")


def documents_of(policy) -> QuerySet:
    """The current e-policy, invoice and contract of the policy's order."""
    return policy.order.documents.current().filter(kind__in=POLICY_DOCUMENT_KINDS)


def order_events_of(policy) -> QuerySet:
    return policy.order.events.all()
