"""Writes on policies: creation at issuance, assignment of a service
organization, and the service visits that organization records."""

import datetime
import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sms.services import queue_sms

from .models import (
    Hazard,
    Policy,
    PolicyEvent,
    PolicyEventKind,
    ServiceAssignment,
    ServiceOrganization,
    ServiceVisit,
    VisitAttachment,
    VisitNote,
    next_visit_due,
)

logger = logging.getLogger(__name__)


class PolicyError(Exception):
    """A write refused; the message is shown to the user as it is."""


class AssignmentRefused(PolicyError):
    pass


class VisitRefused(PolicyError):
    pass


def create_policy(
    *,
    order,
    number: str,
    period_start: datetime.date,
    period_end: datetime.date,
    premium: Decimal,
    death_limit_per_person: Decimal,
    medical_limit_per_person: Decimal,
    headcount: int,
    service_items: str,
    planned_visits: int,
    prevention_budget: Decimal,
    issued_on: datetime.date,
) -> Policy:
    """Create the policy of an order being issued; the caller holds the
    order's lock and has checked the number is free within the insurer."""
    policy = Policy.objects.create(
        order=order,
        insurer_id=order.insurer_id,
        enterprise_id=order.enterprise_id,
        number=number,
        period_start=period_start,
        period_end=period_end,
        premium=premium,
        death_limit_per_person=death_limit_per_person,
        medical_limit_per_person=medical_limit_per_person,
        headcount=headcount,
        service_items=service_items,
        planned_visits=planned_visits,
        prevention_budget=prevention_budget,
        issued_on=issued_on,
        next_visit_due_on=next_visit_due(
            period_start=period_start,
            period_end=period_end,
            planned=planned_visits,
            done=0,
        ),
    )
    logger.info("Order %s: policy %s created", order.number, policy.pk)
    return policy


# Assignment


def assign_service_organization(
    *, policy: Policy, organization: ServiceOrganization, actor, reason: str = ""
) -> ServiceAssignment:
    """Assign ``organization`` to serve ``policy``, keep the history and
    notify the organization's contact by SMS."""
    reason = reason.strip()
    with transaction.atomic():
        policy = Policy.objects.select_for_update().get(pk=policy.pk)
        organization = ServiceOrganization.objects.get(pk=organization.pk)
        _check_assignment(policy, organization, actor, reason)

        assignment = ServiceAssignment.objects.create(
            policy=policy,
            from_organization_id=policy.service_organization_id,
            to_organization=organization,
            actor=actor,
            reason=reason,
        )
        policy.service_organization = organization
        policy.assigned_at = assignment.created_at
        policy.save(update_fields=["service_organization", "assigned_at"])
        _record(policy, PolicyEventKind.ASSIGNED, actor, note=organization.name)
        _notify_organization(policy, organization)

    logger.info("Policy %s: assigned to organization %s", policy.pk, organization.pk)
    return assignment


def _check_assignment(policy, organization, actor, reason: str) -> None:
    if policy.insurer_id != actor.insurer_id:
        raise AssignmentRefused(_("This policy belongs to another insurer."))
    if not organization.is_active:
        raise AssignmentRefused(
            _("%(name)s is no longer active and cannot be assigned.")
            % {"name": organization.name}
        )
    if policy.service_organization_id == organization.pk:
        raise AssignmentRefused(
            _("%(name)s already serves this policy.") % {"name": organization.name}
        )
    if policy.service_organization_id and not reason:
        raise AssignmentRefused(
            _("Give the reason for changing the service organization.")
        )


def _notify_organization(policy: Policy, organization: ServiceOrganization) -> None:
    queue_sms(
        mobile=organization.contact_mobile,
        template="organization_assigned",
        params={
            "insurer": policy.insurer.short_name,
            "policy_number": policy.number,
            "enterprise": policy.enterprise.name,
        },
        insurer=policy.insurer,
        policy=policy,
    )


# Service visits


def record_visit(
    *,
    policy: Policy,
    organization: ServiceOrganization,
    actor,
    visited_on: datetime.date,
    kind: str,
    staff: str,
    summary: str,
    hazards: list[dict],
) -> ServiceVisit:
    """Record a visit of ``organization`` on a policy it serves, with the
    hazards found (dicts of Hazard fields)."""
    with transaction.atomic():
        policy = Policy.objects.select_for_update().get(pk=policy.pk)
        if policy.service_organization_id != organization.pk:
            raise VisitRefused(_("Your organization does not serve this policy."))
        check_visit_date(policy, visited_on)

        visit = ServiceVisit.objects.create(
            policy=policy,
            organization=organization,
            visited_on=visited_on,
            kind=kind,
            staff=staff,
            summary=summary,
            recorded_by=actor,
        )
        Hazard.objects.bulk_create(Hazard(visit=visit, **h) for h in hazards)
        _count_visit(policy)
        _record(policy, PolicyEventKind.VISIT_RECORDED, actor, visit=visit)

    logger.info("Policy %s: visit %s recorded", policy.pk, visit.pk)
    return visit


def check_visit_date(policy: Policy, visited_on: datetime.date) -> None:
    """Refuse a visit date outside the policy period or in the future."""
    if visited_on > timezone.localdate():
        raise VisitRefused(_("The visit date cannot be in the future."))
    if not policy.period_start <= visited_on <= policy.period_end:
        raise VisitRefused(
            _("The visit date must be within the policy period, %(start)s to %(end)s.")
            % {"start": policy.period_start, "end": policy.period_end}
        )


def _count_visit(policy: Policy) -> None:
    policy.visits_done += 1
    policy.next_visit_due_on = next_visit_due(
        period_start=policy.period_start,
        period_end=policy.period_end,
        planned=policy.planned_visits,
        done=policy.visits_done,
    )
    policy.save(update_fields=["visits_done", "next_visit_due_on"])


def update_visit(
    *,
    visit: ServiceVisit,
    actor,
    visited_on: datetime.date,
    kind: str,
    staff: str,
    summary: str,
    hazards: list[dict],
) -> ServiceVisit:
    """Change a visit the enterprise has not confirmed; its hazards are
    replaced by ``hazards``."""
    with transaction.atomic():
        visit = _lock_unconfirmed(visit)
        check_visit_date(visit.policy, visited_on)

        visit.visited_on = visited_on
        visit.kind = kind
        visit.staff = staff
        visit.summary = summary
        visit.save(
            update_fields=["visited_on", "kind", "staff", "summary", "updated_at"]
        )
        visit.hazards.all().delete()
        Hazard.objects.bulk_create(Hazard(visit=visit, **h) for h in hazards)
        _record(visit.policy, PolicyEventKind.VISIT_UPDATED, actor, visit=visit)

    logger.info("Visit %s: updated", visit.pk)
    return visit


def _lock_unconfirmed(visit: ServiceVisit) -> ServiceVisit:
    visit = (
        ServiceVisit.objects.select_for_update()
        .select_related("policy")
        .get(pk=visit.pk)
    )
    if visit.is_confirmed:
        raise VisitRefused(
            _("The enterprise has confirmed this visit: it can only be annotated.")
        )
    return visit


def add_attachment(*, visit: ServiceVisit, actor, file) -> VisitAttachment:
    """Attach a file validated by orders.uploads (``file.upload_info``)."""
    info = file.upload_info
    with transaction.atomic():
        visit = _lock_unconfirmed(visit)
        attachment = VisitAttachment(
            visit=visit,
            original_name=file.name[-200:],
            size=info.size,
            sha256=info.sha256,
            content_type=info.content_type,
            uploaded_by=actor,
        )
        attachment.file.save(file.name, file, save=False)
        attachment.save()
        _record(
            visit.policy,
            PolicyEventKind.ATTACHMENT_ADDED,
            actor,
            visit=visit,
            note=attachment.original_name,
        )

    logger.info("Visit %s: attachment %s added", visit.pk, attachment.pk)
    return attachment


def confirm_visit(*, visit: ServiceVisit, actor) -> ServiceVisit:
    """The insured enterprise confirms the visit took place as recorded."""
    with transaction.atomic():
        visit = _lock_unconfirmed(visit)
        if visit.policy.enterprise_id != actor.enterprise_id:
            raise VisitRefused(_("Only the insured enterprise can confirm a visit."))

        visit.confirmed_at = timezone.now()
        visit.confirmed_by = actor
        visit.save(update_fields=["confirmed_at", "confirmed_by"])
        _record(visit.policy, PolicyEventKind.VISIT_CONFIRMED, actor, visit=visit)

    logger.info("Visit %s: confirmed", visit.pk)
    return visit


def annotate_visit(*, visit: ServiceVisit, actor, text: str) -> VisitNote:
    """Add a remark to a visit, confirmed or not."""
    text = text.strip()
    if not text:
        raise VisitRefused(_("Write the note first."))
    with transaction.atomic():
        note = VisitNote.objects.create(visit=visit, author=actor, text=text)
        _record(visit.policy, PolicyEventKind.VISIT_ANNOTATED, actor, visit=visit)
    return note


def rectify_hazard(*, hazard: Hazard, actor, rectified_on: datetime.date) -> Hazard:
    """Record that a hazard was rectified; allowed after confirmation, since
    rectification follows the visit."""
    with transaction.atomic():
        hazard = (
            Hazard.objects.select_for_update()
            .select_related("visit__policy")
            .get(pk=hazard.pk)
        )
        if hazard.rectified:
            raise VisitRefused(_("This hazard is already recorded as rectified."))
        if not hazard.visit.visited_on <= rectified_on <= timezone.localdate():
            raise VisitRefused(
                _("The rectification date must be between the visit and today.")
            )

        hazard.rectified = True
        hazard.rectified_on = rectified_on
        hazard.save(update_fields=["rectified", "rectified_on"])
        _record(
            hazard.visit.policy,
            PolicyEventKind.HAZARD_RECTIFIED,
            actor,
            visit=hazard.visit,
            note=hazard.description[:100],
        )
    return hazard


def _record(policy, kind, actor, *, visit=None, note: str = "") -> PolicyEvent:
    return PolicyEvent.objects.create(
        policy=policy, visit=visit, kind=kind, actor=actor, note=note
    )
