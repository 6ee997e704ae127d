from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import Side


class SideAuthenticationForm(AuthenticationForm):
    """Sign-in on one side's page; for the insurer side, on one insurer's.

    An account of another side or another insurer gets the same message as a
    wrong password, so a login page reveals nothing about other tenants.
    """

    error_messages = {
        "invalid_login": _(
            "The username or password is wrong. Both may be case-sensitive."
        ),
        "inactive": _("This account is disabled. Ask your administrator."),
    }

    def __init__(self, request=None, *args, side: str, insurer=None, **kwargs):
        self.side = side
        self.insurer = insurer
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs["placeholder"] = _("Username")
        self.fields["password"].widget.attrs["placeholder"] = _("Password")

    def confirm_login_allowed(self, user):
        if user.deleted_at is not None or not self._belongs_here(user):
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )
        super().confirm_login_allowed(user)

    def _belongs_here(self, user) -> bool:
        if user.side != self.side:
            return False
        if self.side == Side.INSURER:
            return user.insurer_id == self.insurer.pk
        if self.side == Side.SERVICE:
            return user.service_organization.is_active
        return True
