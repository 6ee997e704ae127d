"""Screens of the enterprise side: its policies, the service received, and
the confirmation of each visit."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from insurers.tenancy import EnterpriseMixin

from .. import selectors, services
from . import paginate


class EnterprisePolicyListView(EnterpriseMixin, TemplateView):
    template_name = "policies/enterprise_policy_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        policies = selectors.policies_for_enterprise(self.enterprise)
        context.update(paginate(self.request, policies))
        return context


class EnterprisePolicyDetailView(EnterpriseMixin, TemplateView):
    template_name = "policies/enterprise_policy_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        policy = selectors.get_policy_for_enterprise(self.enterprise, self.kwargs["pk"])
        context.update(policy=policy, visits=selectors.visits_of(policy))
        return context


class VisitConfirmView(EnterpriseMixin, View):
    """The enterprise confirms a visit; afterwards it is only annotated."""

    def post(self, request, pk):
        visit = selectors.get_visit_for_enterprise(self.enterprise, pk)
        try:
            services.confirm_visit(visit=visit, actor=request.user)
        except services.PolicyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("You confirmed the visit."))
        return redirect("policies:enterprise_policy", visit.policy_id)
