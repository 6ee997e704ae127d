"""Sign-in and sign-out of every side, an insurer's account management,
the audit log and every account's personal center."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import Group
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView

from insurers.pagination import BoundedPaginator
from insurers.tenancy import InsurerStaffMixin, get_for_insurer_or_404

from . import services
from .audit import describe
from .forms import (
    AccountCreateForm,
    AccountFilterForm,
    AccountUpdateForm,
    AuditFilterForm,
    ProfileForm,
    SideAuthenticationForm,
)
from .models import AuditEntry, Side, SignIn, User

HOME_URL_NAMES = {
    Side.INSURER: "insurers:home",
    Side.ENTERPRISE: "orders:enterprise_home",
    Side.SERVICE: "policies:service_home",
    Side.REGULATOR: "insurers:regulator_home",
}

SIDE_TITLES = {
    Side.ENTERPRISE: gettext_lazy("Enterprise side"),
    Side.SERVICE: gettext_lazy("Service organization side"),
    Side.REGULATOR: gettext_lazy("Regulator side"),
}


class SideLoginView(LoginView):
    """The sign-in page of one side (the insurer side has one per insurer)."""

    side = ""
    form_class = SideAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = False

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(side=self.side, insurer=self.get_insurer())
        return kwargs

    def get_insurer(self):
        return None

    def get_default_redirect_url(self):
        return reverse(HOME_URL_NAMES[self.side])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["side_title"] = SIDE_TITLES.get(self.side, "")
        return context


@require_POST
def logout_view(request):
    """Sign out and go back to the sign-in page the account came from."""
    user = request.user
    target = reverse("insurers:landing")
    if user.is_authenticated:
        if user.side == Side.INSURER:
            target = reverse("insurers:login", args=[user.insurer.slug])
        elif user.side in SIDE_TITLES:
            target = reverse(f"accounts:{user.side}_login")
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect(target)


def locked_out(request, credentials=None, *args, **kwargs):
    """Answer a sign-in attempt while axes holds the lock."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=403)


def filter_query(form) -> str:
    """Return the valid, non-empty filters of ``form`` as a query string
    prefix for the pager: ``a=1&b=2&`` or empty."""
    if not form.is_valid():
        return ""
    values = {}
    for name, value in form.cleaned_data.items():
        if value not in (None, ""):
            values[name] = getattr(value, "pk", value)
    return urlencode(values) + "&" if values else ""


class AccountsMixin(InsurerStaffMixin):
    permission_required = ("accounts.manage_accounts",)


class AccountListView(AccountsMixin, ListView):
    template_name = "accounts/user_list.html"
    context_object_name = "accounts"
    paginate_by = 20

    def get_queryset(self):
        self.filters = AccountFilterForm(self.request.GET, insurer=self.insurer)
        accounts = User.objects.for_insurer(self.insurer).prefetch_related(
            Prefetch(
                "groups",
                queryset=Group.objects.filter(role__isnull=False)
                .select_related("role")
                .order_by("role__name"),
                to_attr="role_groups",
            )
        )
        if not self.filters.is_valid():
            return accounts.order_by("username")
        data = self.filters.cleaned_data
        if data["q"]:
            accounts = accounts.filter(
                Q(username__icontains=data["q"])
                | Q(real_name__icontains=data["q"])
                | Q(mobile__icontains=data["q"])
            )
        if data["role"]:
            accounts = accounts.filter(groups=data["role"].group_id)
        if data["active"]:
            accounts = accounts.filter(is_active=data["active"] == "1")
        return accounts.order_by("username")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filters"] = self.filters
        context["query"] = filter_query(self.filters)
        return context


class AccountFormMixin(AccountsMixin):
    """Create and edit share a template and turn a refused change into a
    form error."""

    template_name = "accounts/user_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(insurer=self.insurer, actor=self.request.user)
        return kwargs

    def form_valid(self, form):
        try:
            account = self.save(form.cleaned_data)
        except services.AccountError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Account %(name)s saved.") % {"name": account.display_name},
        )
        return redirect("accounts:list")


class AccountCreateView(AccountFormMixin, FormView):
    form_class = AccountCreateForm

    def save(self, data):
        return services.create_account(
            actor=self.request.user, insurer=self.insurer, **data
        )


class AccountUpdateView(AccountFormMixin, FormView):
    form_class = AccountUpdateForm

    def get_form_kwargs(self):
        self.account = get_for_insurer_or_404(
            User.objects, self.insurer, pk=self.kwargs["pk"]
        )
        kwargs = super().get_form_kwargs()
        kwargs["account"] = self.account
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["account"] = self.account
        return context

    def save(self, data):
        account = services.update_account(
            actor=self.request.user, account=self.account, **data
        )
        if account.pk == self.request.user.pk and data["new_password"]:
            update_session_auth_hash(self.request, account)
        return account


class AccountDeleteView(AccountsMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        account = get_for_insurer_or_404(User.objects, self.insurer, pk=pk)
        try:
            services.delete_account(actor=request.user, account=account)
        except services.AccountError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Account %(name)s deleted.") % {"name": account.display_name},
            )
        return redirect("accounts:list")


class AuditLogView(InsurerStaffMixin, ListView):
    """Account and role changes of the insurer, for its administrators."""

    permission_required = ("accounts.manage_accounts", "roles.manage_roles")
    template_name = "accounts/auditentry_list.html"
    context_object_name = "entries"
    paginate_by = 20
    paginator_class = BoundedPaginator

    def get_queryset(self):
        self.filters = AuditFilterForm(self.request.GET)
        entries = AuditEntry.objects.for_insurer(self.insurer)
        if self.filters.is_valid():
            data = self.filters.cleaned_data
            if data["action"]:
                entries = entries.filter(action=data["action"])
            if data["q"]:
                entries = entries.filter(
                    Q(target_name__icontains=data["q"])
                    | Q(actor_name__icontains=data["q"])
                )
        return entries

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filters"] = self.filters
        context["query"] = filter_query(self.filters)
        context["rows"] = [(e, describe(e)) for e in context["entries"]]
        return context


LAYOUTS = {
    Side.INSURER: "layouts/insurer.html",
    Side.ENTERPRISE: "layouts/enterprise.html",
    Side.SERVICE: "layouts/service.html",
    Side.REGULATOR: "layouts/regulator.html",
}
SIGN_INS_SHOWN = 20


class PersonalCenterMixin(LoginRequiredMixin):
    """Every signed-in account of a side; staff of a closed insurer are
    refused as everywhere in its back office."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.side not in LAYOUTS:
            raise PermissionDenied
        if user.is_authenticated and user.side == Side.INSURER:
            if request.insurer is None:
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render_center(self, profile_form=None, password_form=None, status=200):
        user = self.request.user
        context = {
            "layout": LAYOUTS[user.side],
            "profile_form": profile_form
            or ProfileForm(
                initial={
                    "real_name": user.real_name,
                    "mobile": user.mobile,
                    "email": user.email,
                }
            ),
            "password_form": password_form or PasswordChangeForm(user),
            "sign_ins": SignIn.objects.for_user(user)[:SIGN_INS_SHOWN],
        }
        return render(
            self.request, "accounts/user_profile.html", context, status=status
        )


class PersonalCenterView(PersonalCenterMixin, View):
    """个人中心: own profile, password and the last sign-ins."""

    def get(self, request):
        return self.render_center()

    def post(self, request):
        form = ProfileForm(request.POST)
        if not form.is_valid():
            return self.render_center(profile_form=form)
        services.update_profile(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:personal_center")


class PasswordChangeView(PersonalCenterMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        form = PasswordChangeForm(request.user, request.POST)
        if not form.is_valid():
            return self.render_center(password_form=form)
        services.change_own_password(
            user=request.user, new_password=form.cleaned_data["new_password1"]
        )
        request.user.refresh_from_db(fields=["password"])
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password is changed."))
        return redirect("accounts:personal_center")
