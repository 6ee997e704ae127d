"""The landing page, the insurer picker, each insurer's sign-in page and the
insurer and regulator home pages."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView

from accounts.models import Side
from accounts.views import SideLoginView

from . import selectors
from .models import Insurer
from .tenancy import InsurerStaffMixin, RegulatorMixin


class LandingView(TemplateView):
    template_name = "insurers/landing.html"


class PickerView(TemplateView):
    template_name = "insurers/insurer_picker.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["insurers"] = Insurer.objects.active()
        return context


class InsurerLoginView(SideLoginView):
    """The branded sign-in page of one active insurer."""

    side = Side.INSURER
    template_name = "insurers/insurer_login.html"

    def get_insurer(self):
        if not hasattr(self, "_insurer"):
            self._insurer = get_object_or_404(
                Insurer, slug=self.kwargs["slug"], is_active=True
            )
        return self._insurer

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["insurer"] = self.get_insurer()
        return context


@cache_control(public=True, max_age=3600)
def logo(request, slug):
    """Serve an active insurer's logo; logos are public by nature."""
    insurer = get_object_or_404(Insurer, slug=slug, is_active=True)
    if not insurer.logo:
        raise Http404
    return FileResponse(insurer.logo.open("rb"))


class HomeView(InsurerStaffMixin, TemplateView):
    template_name = "insurers/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pending"] = selectors.insurer_pending(self.insurer)
        return context


class RegulatorHomeView(RegulatorMixin, TemplateView):
    template_name = "insurers/regulator_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = selectors.platform_figures()
        return context


def csrf_failure(request, reason=""):
    """A form posted without a valid CSRF token: explain, never a bare 403."""
    message = _(
        "The page has expired or was opened elsewhere. Go back, reload the "
        "page and submit again."
    )
    return render(request, "403_csrf.html", {"message": message}, status=403)
