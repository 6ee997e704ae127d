from django.urls import path

from .views import enterprise, files, insurer, service

app_name = "policies"

urlpatterns = [
    # Insurer side
    path("office/policies/", insurer.PolicyListView.as_view(), name="list"),
    path(
        "office/policies/unserved/", insurer.UnservedListView.as_view(), name="unserved"
    ),
    path(
        "office/policies/<int:pk>/", insurer.PolicyDetailView.as_view(), name="detail"
    ),
    path(
        "office/policies/<int:pk>/assign/", insurer.AssignView.as_view(), name="assign"
    ),
    # Service-organization side
    path("service/", service.ServiceHomeView.as_view(), name="service_home"),
    path(
        "service/policies/",
        service.ServicePolicyListView.as_view(),
        name="service_policies",
    ),
    path(
        "service/policies/<int:pk>/",
        service.ServicePolicyDetailView.as_view(),
        name="service_policy",
    ),
    path(
        "service/policies/<int:pk>/visits/new/",
        service.VisitCreateView.as_view(),
        name="visit_create",
    ),
    path("service/visits/", service.VisitListView.as_view(), name="service_visits"),
    path(
        "service/visits/<int:pk>/",
        service.VisitDetailView.as_view(),
        name="service_visit",
    ),
    path(
        "service/visits/<int:pk>/edit/",
        service.VisitUpdateView.as_view(),
        name="visit_edit",
    ),
    path(
        "service/visits/<int:pk>/attachments/",
        service.VisitAttachmentView.as_view(),
        name="visit_attach",
    ),
    path(
        "service/visits/<int:pk>/notes/",
        service.VisitNoteView.as_view(),
        name="visit_note",
    ),
    path(
        "service/hazards/<int:pk>/rectified/",
        service.HazardRectifyView.as_view(),
        name="hazard_rectify",
    ),
    # Enterprise side
    path(
        "enterprise/policies/",
        enterprise.EnterprisePolicyListView.as_view(),
        name="enterprise_policies",
    ),
    path(
        "enterprise/policies/<int:pk>/",
        enterprise.EnterprisePolicyDetailView.as_view(),
        name="enterprise_policy",
    ),
    path(
        "enterprise/visits/<int:pk>/confirm/",
        enterprise.VisitConfirmView.as_view(),
        name="visit_confirm",
    ),
    # Any side that may see the visit
    path("attachments/<int:pk>/", files.attachment, name="attachment"),
]
