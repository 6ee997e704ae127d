"""Screens of the service-organization side."""

from django.views.generic import TemplateView

from insurers.tenancy import ServiceOrganizationMixin

from ..models import Policy


class ServiceHomeView(ServiceOrganizationMixin, TemplateView):
    template_name = "policies/service_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assigned_count"] = Policy.objects.for_service_organization(
            self.organization
        ).count()
        return context
