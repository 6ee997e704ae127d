"""Screens of the service-organization side: its policies (订单) and the
visits it records (检查管理)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from insurers.tenancy import ServiceOrganizationMixin

from .. import selectors, services
from ..forms import (
    AttachmentForm,
    HazardFormSet,
    NoteForm,
    PolicyFilterForm,
    RectifyForm,
    VisitForm,
)
from . import paginate

RECENT_ASSIGNMENTS = 5


class ServiceHomeView(ServiceOrganizationMixin, TemplateView):
    template_name = "policies/service_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        policies = selectors.policies_for_organization(self.organization)
        context.update(
            assigned_count=policies.count(),
            in_force_count=policies.in_force().count(),
            behind_count=policies.unserved().count(),
            recent=policies[:RECENT_ASSIGNMENTS],
        )
        return context


class ServicePolicyListView(ServiceOrganizationMixin, TemplateView):
    """订单: exactly the policies assigned to this organization."""

    template_name = "policies/service_policy_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = PolicyFilterForm(self.request.GET or None)
        policies = selectors.policies_for_organization(self.organization)
        if form.is_valid():
            filters = {k: form.cleaned_data.get(k) for k in ("q", "status")}
            policies = selectors.search_policies(policies, filters)
        context.update(paginate(self.request, policies, form=form))
        return context


class ServicePolicyDetailView(ServiceOrganizationMixin, TemplateView):
    template_name = "policies/service_policy_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        policy = selectors.get_policy_for_organization(
            self.organization, self.kwargs["pk"]
        )
        context.update(policy=policy, visits=selectors.visits_of(policy))
        return context


class VisitListView(ServiceOrganizationMixin, TemplateView):
    """检查管理: the visits this organization recorded."""

    template_name = "policies/servicevisit_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visits = selectors.visits_for_organization(self.organization)
        query = self.request.GET.get("q", "").strip()[:100]
        if query:
            visits = visits.filter(
                Q(policy__number=query) | Q(policy__enterprise__name__contains=query)
            )
        context.update(paginate(self.request, visits))
        context["q"] = query
        if query:
            context["query"] = urlencode({"q": query}) + "&"
        return context


class VisitFormMixin:
    """The visit form and its hazard formset, shown and validated together."""

    template_name = "policies/servicevisit_form.html"

    def forms(self, policy, initial=None, hazards=None):
        data = self.request.POST if self.request.method == "POST" else None
        return (
            VisitForm(data, policy=policy, initial=initial),
            HazardFormSet(data, initial=hazards, prefix="hazards"),
        )

    def render_forms(self, policy, form, formset, visit=None):
        context = {
            "policy": policy,
            "form": form,
            "formset": formset,
            "visit": visit,
        }
        return self.render_to_response(self.get_context_data(**context))


class VisitCreateView(ServiceOrganizationMixin, VisitFormMixin, TemplateView):
    def get_policy(self):
        return selectors.get_policy_for_organization(
            self.organization, self.kwargs["pk"]
        )

    def get(self, request, *args, **kwargs):
        policy = self.get_policy()
        return self.render_forms(policy, *self.forms(policy))

    def post(self, request, *args, **kwargs):
        policy = self.get_policy()
        form, formset = self.forms(policy)
        if not (form.is_valid() and formset.is_valid()):
            return self.render_forms(policy, form, formset)
        try:
            visit = services.record_visit(
                policy=policy,
                organization=self.organization,
                actor=request.user,
                hazards=formset.hazards(),
                **form.cleaned_data,
            )
        except services.PolicyError as error:
            form.add_error(None, str(error))
            return self.render_forms(policy, form, formset)
        messages.success(request, _("The visit is recorded."))
        return redirect("policies:service_visit", visit.pk)


class VisitUpdateView(ServiceOrganizationMixin, VisitFormMixin, TemplateView):
    def get_visit(self):
        return selectors.get_visit_for_organization(
            self.organization, self.kwargs["pk"]
        )

    def get(self, request, *args, **kwargs):
        visit = self.get_visit()
        if visit.is_confirmed:
            return self.refuse_confirmed(visit)
        initial = {
            f: getattr(visit, f) for f in ("visited_on", "kind", "staff", "summary")
        }
        hazards = list(
            visit.hazards.values(
                "description", "level", "deadline", "rectified", "rectified_on"
            )
        )
        form, formset = self.forms(visit.policy, initial, hazards)
        return self.render_forms(visit.policy, form, formset, visit)

    def post(self, request, *args, **kwargs):
        visit = self.get_visit()
        form, formset = self.forms(visit.policy)
        if not (form.is_valid() and formset.is_valid()):
            return self.render_forms(visit.policy, form, formset, visit)
        try:
            services.update_visit(
                visit=visit,
                actor=request.user,
                hazards=formset.hazards(),
                **form.cleaned_data,
            )
        except services.PolicyError as error:
            form.add_error(None, str(error))
            return self.render_forms(visit.policy, form, formset, visit)
        messages.success(request, _("The visit is saved."))
        return redirect("policies:service_visit", visit.pk)

    def refuse_confirmed(self, visit):
        messages.error(
            self.request,
            _("The enterprise has confirmed this visit: it can only be annotated."),
        )
        return redirect("policies:service_visit", visit.pk)


class VisitDetailView(ServiceOrganizationMixin, TemplateView):
    template_name = "policies/servicevisit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit = selectors.get_visit_for_organization(
            self.organization, self.kwargs["pk"]
        )
        context.update(
            visit=visit,
            policy=visit.policy,
            hazards=visit.hazards.all(),
            attachments=visit.attachments.all(),
            notes=visit.notes.select_related("author"),
            attachment_form=kwargs.get("attachment_form") or AttachmentForm(),
            note_form=kwargs.get("note_form") or NoteForm(),
            rectify_form=RectifyForm(),
        )
        return context


class VisitAttachmentView(ServiceOrganizationMixin, View):
    """Upload one attachment to an unconfirmed visit."""

    def post(self, request, pk):
        visit = selectors.get_visit_for_organization(self.organization, pk)
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            for error in form.errors.get("file", []):
                messages.error(request, error)
            return redirect("policies:service_visit", visit.pk)
        try:
            services.add_attachment(
                visit=visit, actor=request.user, file=form.cleaned_data["file"]
            )
        except services.PolicyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The attachment is uploaded."))
        return redirect("policies:service_visit", visit.pk)


class VisitNoteView(ServiceOrganizationMixin, View):
    def post(self, request, pk):
        visit = selectors.get_visit_for_organization(self.organization, pk)
        form = NoteForm(request.POST)
        if form.is_valid():
            services.annotate_visit(
                visit=visit, actor=request.user, text=form.cleaned_data["text"]
            )
            messages.success(request, _("The note is added."))
        else:
            messages.error(request, _("Write the note first."))
        return redirect("policies:service_visit", visit.pk)


class HazardRectifyView(ServiceOrganizationMixin, View):
    def post(self, request, pk):
        hazard = selectors.get_hazard_for_organization(self.organization, pk)
        form = RectifyForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Enter the date it was rectified."))
            return redirect("policies:service_visit", hazard.visit_id)
        try:
            services.rectify_hazard(
                hazard=hazard,
                actor=request.user,
                rectified_on=form.cleaned_data["rectified_on"],
            )
        except services.PolicyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The hazard is recorded as rectified."))
        return redirect("policies:service_visit", hazard.visit_id)
