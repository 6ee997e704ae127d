"""Screens of the enterprise side."""

from django.views.generic import TemplateView

from insurers import selectors
from insurers.tenancy import EnterpriseMixin


class EnterpriseHomeView(EnterpriseMixin, TemplateView):
    template_name = "orders/enterprise_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending"] = selectors.enterprise_pending(self.enterprise)
        return context
