"""Screens of the insurer side: 保单管理 and 指定第三方服务."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from insurers.tenancy import InsurerStaffMixin
from orders.rows import RowLinks

from .. import selectors, services
from ..forms import AssignForm, OrganizationFilterForm, PolicyFilterForm
from ..models import PolicyStatus
from . import PAGE_SIZE, paginate


class PolicyListView(InsurerStaffMixin, TemplateView):
    """保单管理: search, filters, pagination."""

    template_name = "policies/policy_list.html"
    permission_required = ("policies.view_policy",)
    per_page = PAGE_SIZE

    def get_queryset(self, form):
        policies = selectors.policies_for_insurer(self.insurer)
        if form.is_valid():
            policies = selectors.search_policies(policies, form.cleaned_data)
        return policies

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = PolicyFilterForm(self.request.GET or None)
        policies = self.get_queryset(form)
        context.update(
            paginate(self.request, policies, form=form, per_page=self.per_page)
        )
        context["may_assign"] = self.request.user.has_perm(
            "policies.assign_service_organization"
        )
        describe_rows(context["page_obj"])
        return context


# The badge colour of each status, as the status partial has them.
STATUS_BADGES = {
    PolicyStatus.IN_FORCE: "text-bg-success",
    PolicyStatus.EXPIRING: "text-bg-warning",
    PolicyStatus.EXPIRED: "text-bg-secondary",
}
STATUS_LABELS = dict(PolicyStatus.choices)


def describe_rows(policies) -> None:
    """Give each row of the page its URLs and status badge, computed once a
    page where the rows share them."""
    links = RowLinks()
    for policy in policies:
        policy.url = links.url("policies:detail", policy.pk)
        policy.assign_url = links.url("policies:assign", policy.pk)
        status = policy.status
        policy.status_badge = STATUS_BADGES.get(status, "text-bg-info")
        policy.status_label = links.label(STATUS_LABELS[status])


class UnservedListView(PolicyListView):
    """Policies in force bought but not served: no organization, or one
    behind the visits planned for the time elapsed."""

    template_name = "policies/policy_unserved.html"

    def get_queryset(self, form):
        policies = selectors.policies_for_insurer(self.insurer).unserved()
        return policies.order_by("next_visit_due_on", "id")


class PolicyDetailView(InsurerStaffMixin, TemplateView):
    template_name = "policies/policy_detail.html"
    permission_required = ("policies.view_policy",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        policy = selectors.get_policy_for_insurer(self.insurer, self.kwargs["pk"])
        context.update(
            policy=policy,
            documents=selectors.documents_of(policy),
            events=selectors.order_events_of(policy),
            assignments=selectors.assignment_history(policy),
            visits=selectors.visits_of(policy),
            may_assign=self.request.user.has_perm(
                "policies.assign_service_organization"
            ),
        )
        return context


class AssignView(InsurerStaffMixin, FormView):
    """指定第三方服务: choose an organization and confirm."""

    template_name = "policies/policy_assign.html"
    permission_required = (
        "policies.view_policy",
        "policies.assign_service_organization",
    )
    form_class = AssignForm

    def dispatch(self, request, *args, **kwargs):
        self.policy = None
        return super().dispatch(request, *args, **kwargs)

    def get_policy(self):
        if self.policy is None:
            self.policy = selectors.get_policy_for_insurer(
                self.insurer, self.kwargs["pk"]
            )
        return self.policy

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = OrganizationFilterForm(self.request.GET or None)
        filters = search.cleaned_data if search.is_valid() else {}
        organizations = selectors.organizations_for_assignment(
            self.insurer, query=filters.get("q", ""), region=filters.get("region")
        )
        listing = paginate(self.request, organizations, form=search)
        context.update(
            policy=self.get_policy(),
            search_form=search,
            organizations=listing["page_obj"],
            page_obj=listing["page_obj"],
            query=listing["query"],
        )
        return context

    def form_valid(self, form):
        policy = self.get_policy()
        try:
            services.assign_service_organization(
                policy=policy,
                organization=form.cleaned_data["organization"],
                actor=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except services.PolicyError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "%(organization)s will serve policy %(number)s; its contact is "
                "notified by SMS."
            )
            % {
                "organization": form.cleaned_data["organization"].name,
                "number": policy.number,
            },
        )
        return redirect("policies:detail", policy.pk)
