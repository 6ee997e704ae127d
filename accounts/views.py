"""Sign-in and sign-out of every side."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .forms import SideAuthenticationForm
from .models import Side

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
    return render(request, "accounts/locked_out.html", status=403)
