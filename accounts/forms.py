from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from insurers.validators import validate_mobile
from roles.models import Role
from roles.services import roles_grantable_by

from .models import AuditAction, Side, User

# Django 5.2 reworded its minimum-length message and its Chinese catalogue
# has not caught up; naming the message here puts it in this app's catalogue
# until Django ships the translation.
PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)


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
        username = self.fields["username"]
        # AuthenticationForm sets max_length after the field is built, so no
        # validator enforces it: an over-long name would reach the database.
        username.validators.append(MaxLengthValidator(username.max_length))
        username.widget.attrs["placeholder"] = _("Username")
        self.fields["password"].widget.attrs["placeholder"] = _("Password")

    def confirm_login_allowed(self, user):
        try:
            if user.deleted_at is not None or not self._belongs_here(user):
                raise forms.ValidationError(
                    self.error_messages["invalid_login"],
                    code="invalid_login",
                    params={"username": self.username_field.verbose_name},
                )
            super().confirm_login_allowed(user)
        except forms.ValidationError:
            # A refused account counts as a failed sign-in, for the lockout
            # and for the account's sign-in history alike.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.get_username()},
                request=self.request,
            )
            raise

    def _belongs_here(self, user) -> bool:
        if user.side != self.side:
            return False
        if self.side == Side.INSURER:
            return user.insurer_id == self.insurer.pk
        if self.side == Side.SERVICE:
            return user.service_organization.is_active
        return True


class StaffAccountForm(forms.Form):
    """The fields of an insurer's staff account that its administrators set.

    Only the insurer's roles that the acting user may give are offered, so
    the id of another insurer's role, or of a role more powerful than the
    actor, is an invalid choice.
    """

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    real_name = forms.CharField(label=_("real name"), max_length=50)
    mobile = forms.CharField(
        label=_("mobile"), max_length=11, validators=[validate_mobile]
    )
    email = forms.EmailField(label=_("email"), required=False, max_length=254)
    roles = forms.ModelMultipleChoiceField(
        label=_("roles"),
        queryset=Role.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one role.")},
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, insurer, actor, account=None, **kwargs):
        self.account = account
        if account is not None:
            kwargs["initial"] = {**initial_of(account), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields["roles"].queryset = roles_grantable_by(actor, insurer)

    def clean_username(self):
        username = self.cleaned_data["username"]
        taken = User.objects.filter(username__iexact=username)
        if self.account is not None:
            taken = taken.exclude(pk=self.account.pk)
        if taken.exists():
            raise forms.ValidationError(_("This username is already taken."))
        return username

    def check_password(self, field: str) -> str:
        # Password fields come last, so the fields the similarity check
        # compares against are already clean.
        password = self.cleaned_data.get(field, "")
        if password:
            user = User(
                username=self.cleaned_data.get("username", ""),
                real_name=self.cleaned_data.get("real_name", ""),
                email=self.cleaned_data.get("email", ""),
            )
            password_validation.validate_password(password, user)
        return password


class AccountCreateForm(StaffAccountForm):
    password = forms.CharField(
        label=_("Password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )

    def clean_password(self):
        return self.check_password("password")


class AccountUpdateForm(StaffAccountForm):
    new_password = forms.CharField(
        label=_("New password"),
        max_length=128,
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to keep the current password."),
    )

    def clean_new_password(self):
        return self.check_password("new_password")


def initial_of(account: User) -> dict:
    return {
        "username": account.username,
        "real_name": account.real_name,
        "mobile": account.mobile,
        "email": account.email,
        "is_active": account.is_active,
        "roles": list(Role.objects.filter(group__user=account)),
    }


class AccountFilterForm(forms.Form):
    """Search and filters of the account list; bad values are ignored."""

    q = forms.CharField(
        label=_("Search"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    role = forms.ModelChoiceField(
        label=_("role"),
        queryset=Role.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            ("1", _("Active")),
            ("0", pgettext_lazy("account status", "Disabled")),
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, insurer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = Role.objects.for_insurer(insurer)
        self.fields["q"].widget.attrs["placeholder"] = _("Username, name or mobile")


class AuditFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    action = forms.ChoiceField(
        label=_("action"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All")), *AuditAction.choices]
        self.fields["q"].widget.attrs["placeholder"] = _("Account, role or who")


class ProfileForm(forms.Form):
    real_name = forms.CharField(label=_("real name"), max_length=50)
    mobile = forms.CharField(
        label=_("mobile"), max_length=11, required=False, validators=[validate_mobile]
    )
    email = forms.EmailField(label=_("email"), required=False, max_length=254)
