"""角色管理: the roles of the insurer of the request."""

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from insurers.tenancy import InsurerStaffMixin, get_for_insurer_or_404

from . import services
from .catalogue import CATALOGUE
from .forms import RoleForm
from .models import Role


class RolesMixin(InsurerStaffMixin):
    permission_required = ("roles.manage_roles",)


def summary(perms) -> list[tuple[str, list[str]]]:
    """Return ``perms`` as (module label, [grant labels]) in catalogue
    order, leaving out modules without any."""
    rows = []
    for module in CATALOGUE:
        labels = [g.label for g in module.grants if g.perm in perms]
        if labels:
            rows.append((module.label, labels))
    return rows


class RoleListView(RolesMixin, ListView):
    template_name = "roles/role_list.html"
    context_object_name = "roles"
    paginate_by = 20

    def get_queryset(self):
        permissions = Permission.objects.select_related("content_type")
        return (
            Role.objects.for_insurer(self.insurer)
            .select_related("group")
            .annotate(
                account_count=Count(
                    "group__user", filter=Q(group__user__deleted_at__isnull=True)
                )
            )
            .prefetch_related(
                Prefetch("group__permissions", permissions, to_attr="perm_rows")
            )
            .order_by("-is_administrator", "name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            (role, summary({_perm(p) for p in role.group.perm_rows}))
            for role in context["roles"]
        ]
        return context


def _perm(permission: Permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


class RoleFormMixin(RolesMixin):
    template_name = "roles/role_form.html"
    form_class = RoleForm
    role = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(insurer=self.insurer, actor=self.request.user, role=self.role)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["role"] = self.role
        return context

    def form_valid(self, form):
        try:
            role = self.save(form.cleaned_data)
        except services.RoleError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Role %(name)s saved.") % {"name": role})
        return redirect("roles:list")


class RoleCreateView(RoleFormMixin, FormView):
    def save(self, data):
        return services.create_role(
            actor=self.request.user,
            insurer=self.insurer,
            name=data["name"],
            perms=data["perms"],
        )


class RoleUpdateView(RoleFormMixin, FormView):
    def get_form_kwargs(self):
        self.role = get_for_insurer_or_404(
            Role.objects.select_related("group"), self.insurer, pk=self.kwargs["pk"]
        )
        return super().get_form_kwargs()

    def save(self, data):
        return services.update_role(
            actor=self.request.user,
            role=self.role,
            name=data["name"],
            perms=data["perms"],
        )


class RoleDeleteView(RolesMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        role = get_for_insurer_or_404(Role.objects, self.insurer, pk=pk)
        try:
            services.delete_role(actor=request.user, role=role)
        except services.RoleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Role %(name)s deleted.") % {"name": role})
        return redirect("roles:list")
