"""The service organization's side: its policies, its visits, and the
visits it may not record."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from orders.uploads import PDF_OR_IMAGE, validate_upload
from policies import services
from policies.models import (
    HazardLevel,
    PolicyEvent,
    PolicyEventKind,
    ServiceVisit,
    VisitKind,
)
from tests.factories import (
    ActivePolicyFactory,
    HazardFactory,
    ServiceAccountFactory,
    ServiceVisitFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def visit_data(visited_on=None, **extra):
    data = {
        "visited_on": (visited_on or TODAY).isoformat(),
        "kind": VisitKind.HAZARD_INSPECTION,
        "staff": "王工、李工",
        "summary": "检查仓库、配电房和消防通道。",
        "hazards-TOTAL_FORMS": "2",
        "hazards-INITIAL_FORMS": "0",
        "hazards-MIN_NUM_FORMS": "0",
        "hazards-MAX_NUM_FORMS": "30",
    }
    data.update(extra)
    return data


def hazard_fields(index=0, **fields):
    values = {
        "description": "消防通道堆放杂物",
        "level": HazardLevel.MAJOR,
        "deadline": (TODAY + datetime.timedelta(days=10)).isoformat(),
        **fields,
    }
    return {f"hazards-{index}-{key}": value for key, value in values.items()}


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, format="PNG")
    return buffer.getvalue()


# Lists


def test_home_and_orders_show_exactly_the_assigned_policies(
    client, service_user, served_policy, policy_b, insurer_a
):
    ActivePolicyFactory(order__insurer=insurer_a)  # unassigned
    ActivePolicyFactory(
        order__insurer=insurer_a,
        service_organization=ServiceAccountFactory().service_organization,
    )
    client.force_login(service_user)

    home = client.get(reverse("policies:service_home"))
    orders = client.get(reverse("policies:service_policies"))

    assert list(home.context["recent"]) == [served_policy]
    assert home.context["assigned_count"] == 1
    assert list(orders.context["page_obj"]) == [served_policy]
    page = orders.content.decode()
    assert served_policy.enterprise.contact_name in page
    assert "计划服务次数" in page and "已完成次数" in page


def test_another_organizations_policy_and_visit_are_404(
    client, service_user, policy_a, policy_b
):
    stranger = ServiceAccountFactory().service_organization
    policy_a.service_organization = stranger
    policy_a.save()
    visit = ServiceVisitFactory(policy=policy_a)
    hazard = HazardFactory(visit=visit)
    client.force_login(service_user)

    for url in [
        reverse("policies:service_policy", args=[policy_a.pk]),
        reverse("policies:visit_create", args=[policy_a.pk]),
        reverse("policies:service_visit", args=[visit.pk]),
        reverse("policies:visit_edit", args=[visit.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        reverse("policies:visit_create", args=[policy_a.pk]),
        reverse("policies:visit_edit", args=[visit.pk]),
        reverse("policies:visit_attach", args=[visit.pk]),
        reverse("policies:visit_note", args=[visit.pk]),
        reverse("policies:hazard_rectify", args=[hazard.pk]),
    ]:
        assert client.post(url, visit_data()).status_code == 404, url
    assert ServiceVisit.objects.count() == 1


def test_other_sides_cannot_open_the_service_side(client, admin_a, enterprise_user):
    for user in (admin_a, enterprise_user):
        client.force_login(user)
        assert client.get(reverse("policies:service_policies")).status_code == 403


# Recording a visit


def test_record_a_visit_with_a_hazard(client, service_user, served_policy):
    client.force_login(service_user)

    response = client.post(
        reverse("policies:visit_create", args=[served_policy.pk]),
        visit_data(**hazard_fields()),
    )

    assert response.status_code == 302
    visit = ServiceVisit.objects.get()
    assert visit.organization == service_user.service_organization
    assert visit.recorded_by == service_user
    assert [h.description for h in visit.hazards.all()] == ["消防通道堆放杂物"]
    served_policy.refresh_from_db()
    assert served_policy.visits_done == 1
    event = PolicyEvent.objects.get(kind=PolicyEventKind.VISIT_RECORDED)
    assert (event.actor, event.visit) == (service_user, visit)


@pytest.mark.parametrize(
    ("visited_on", "message"),
    [
        (TODAY + datetime.timedelta(days=1), "检查日期不能晚于今天"),
        (TODAY - datetime.timedelta(days=200), "检查日期须在保险期间内"),
    ],
)
def test_visit_date_outside_the_period_or_in_the_future_is_refused(
    client, service_user, served_policy, visited_on, message
):
    client.force_login(service_user)

    response = client.post(
        reverse("policies:visit_create", args=[served_policy.pk]),
        visit_data(visited_on),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ServiceVisit.objects.exists()


def test_service_refuses_a_visit_by_an_organization_not_assigned(
    served_policy, other_organization
):
    actor = ServiceAccountFactory(service_organization=other_organization)

    with pytest.raises(services.VisitRefused):
        services.record_visit(
            policy=served_policy,
            organization=other_organization,
            actor=actor,
            visited_on=TODAY,
            kind=VisitKind.TRAINING,
            staff="张三",
            summary="培训",
            hazards=[],
        )
    assert not ServiceVisit.objects.exists()


def test_incomplete_hazard_is_a_form_error(client, service_user, served_policy):
    client.force_login(service_user)

    response = client.post(
        reverse("policies:visit_create", args=[served_policy.pk]),
        visit_data(**hazard_fields(deadline="")),
    )

    assert response.status_code == 200
    assert not ServiceVisit.objects.exists()


def test_edit_until_confirmed_then_only_annotate(
    client, service_user, enterprise_user, served_policy
):
    visit = ServiceVisitFactory(policy=served_policy, recorded_by=service_user)
    client.force_login(service_user)
    edit = reverse("policies:visit_edit", args=[visit.pk])

    response = client.post(edit, visit_data(staff="赵工"))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.staff == "赵工"

    services.confirm_visit(visit=visit, actor=enterprise_user)
    response = client.post(edit, visit_data(staff="钱工"))
    assert "只能添加备注" in response.content.decode()
    visit.refresh_from_db()
    assert visit.staff == "赵工"

    client.post(reverse("policies:visit_note", args=[visit.pk]), {"text": "已复查"})
    assert visit.notes.get().author == service_user
    assert PolicyEvent.objects.filter(
        kind=PolicyEventKind.VISIT_ANNOTATED, actor=service_user
    ).exists()


def test_rectify_a_hazard_after_confirmation(
    client, service_user, enterprise_user, served_policy
):
    visit = ServiceVisitFactory(policy=served_policy)
    hazard = HazardFactory(visit=visit)
    services.confirm_visit(visit=visit, actor=enterprise_user)
    client.force_login(service_user)

    client.post(
        reverse("policies:hazard_rectify", args=[hazard.pk]),
        {"rectified_on": TODAY.isoformat()},
    )

    hazard.refresh_from_db()
    assert hazard.rectified and hazard.rectified_on == TODAY
    assert PolicyEvent.objects.filter(
        kind=PolicyEventKind.HAZARD_RECTIFIED, actor=service_user
    ).exists()


# Attachments


def test_upload_a_photo_and_download_it_by_who_may_see_it(
    client,
    service_user,
    admin_a,
    enterprise_user,
    admin_b,
    served_policy,
    tmp_path,
    settings,
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    visit = ServiceVisitFactory(policy=served_policy)
    client.force_login(service_user)

    client.post(
        reverse("policies:visit_attach", args=[visit.pk]),
        {"file": SimpleUploadedFile("现场照片.png", png_bytes(), "image/png")},
    )

    attachment = visit.attachments.get()
    assert attachment.original_name == "现场照片.png"
    assert "现场照片" not in attachment.file.name
    url = reverse("policies:attachment", args=[attachment.pk])
    for user, status in [
        (service_user, 200),
        (admin_a, 200),
        (enterprise_user, 200),
        (admin_b, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_a_file_that_is_not_what_it_claims_is_refused(
    client, service_user, served_policy
):
    visit = ServiceVisitFactory(policy=served_policy)
    client.force_login(service_user)

    response = client.post(
        reverse("policies:visit_attach", args=[visit.pk]),
        {
            "file": SimpleUploadedFile(
                "报告.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"
            )
        },
        follow=True,
    )

    assert "PDF" in response.content.decode()
    assert not visit.attachments.exists()


def test_a_replaced_organization_loses_the_policy_and_its_visits(
    client, service_user, admin_a, served_policy, other_organization
):
    visit = ServiceVisitFactory(policy=served_policy)
    services.assign_service_organization(
        policy=served_policy,
        organization=other_organization,
        actor=admin_a,
        reason="服务不到位",
    )
    client.force_login(service_user)

    assert (
        client.get(reverse("policies:service_policies"))
        .context["page_obj"]
        .paginator.count
        == 0
    )
    for url in [
        reverse("policies:service_policy", args=[served_policy.pk]),
        reverse("policies:service_visit", args=[visit.pk]),
    ]:
        assert client.get(url).status_code == 404


def test_attachment_is_a_404_to_other_organizations_and_staff_without_view(
    client, clerk_a, served_policy, tmp_path, settings
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    visit = ServiceVisitFactory(policy=served_policy)
    upload = SimpleUploadedFile("照片.png", png_bytes(), "image/png")
    upload.upload_info = validate_upload(upload, allow=PDF_OR_IMAGE)
    attachment = services.add_attachment(
        visit=visit, actor=visit.recorded_by, file=upload
    )
    url = reverse("policies:attachment", args=[attachment.pk])

    assert client.get(url).status_code == 302  # to sign in
    for user in (ServiceAccountFactory(), clerk_a):
        client.force_login(user)
        assert client.get(url).status_code == 404
    assert PolicyEvent.objects.filter(
        kind=PolicyEventKind.ATTACHMENT_ADDED, actor=visit.recorded_by
    ).exists()
