"""Tenancy: which insurer a request acts for, and the guards of each side.

Every request gets ``request.insurer``: the active insurer of a signed-in
insurer-side account, else None. Views of a side inherit ``SideRequiredMixin``
(or one of its subclasses below); queries of tenant data go through the
``for_insurer(insurer)`` queryset methods beside each model, so that an
object of another insurer is simply not found and answers 404.
"""

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect

from accounts.models import Side


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.insurer = insurer_of(request.user)
        return self.get_response(request)


def insurer_of(user):
    """Return the active insurer an account acts for, or None."""
    if not user.is_authenticated or user.side != Side.INSURER:
        return None
    insurer = user.insurer
    return insurer if insurer.is_active else None


def get_for_insurer_or_404(queryset, insurer, **lookup):
    """Fetch one object of ``insurer``; another tenant's object is a 404."""
    return get_object_or_404(queryset.for_insurer(insurer), **lookup)


LOGIN_URL_NAMES = {
    Side.INSURER: "insurers:picker",
    Side.ENTERPRISE: "accounts:enterprise_login",
    Side.SERVICE: "accounts:service_login",
    Side.REGULATOR: "accounts:regulator_login",
}


class SideRequiredMixin(AccessMixin):
    """Let in only signed-in accounts of ``side`` holding every permission of
    ``permission_required`` (a tuple of "app.codename" strings)."""

    side: str = ""
    permission_required: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect(LOGIN_URL_NAMES[self.side])
        if user.side != self.side or not self.organization_is_active(request):
            raise PermissionDenied
        if not user.has_perms(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def organization_is_active(self, request) -> bool:
        return True


class InsurerStaffMixin(SideRequiredMixin):
    """Views of the insurer back office; ``self.insurer`` is the tenant."""

    side = Side.INSURER

    def organization_is_active(self, request) -> bool:
        self.insurer = request.insurer
        return self.insurer is not None


class EnterpriseMixin(SideRequiredMixin):
    """Views of the enterprise side; ``self.enterprise`` is the account's."""

    side = Side.ENTERPRISE

    def organization_is_active(self, request) -> bool:
        self.enterprise = request.user.enterprise
        return True


class ServiceOrganizationMixin(SideRequiredMixin):
    """Views of the service-organization side."""

    side = Side.SERVICE

    def organization_is_active(self, request) -> bool:
        self.organization = request.user.service_organization
        return self.organization.is_active


class RegulatorMixin(SideRequiredMixin):
    side = Side.REGULATOR
