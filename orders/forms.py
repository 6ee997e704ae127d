"""Forms of the order screens: they parse and check input, nothing more."""

import datetime
from decimal import Decimal

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from insurers.models import Enterprise, Industry, Insurer, Region
from insurers.pagination import per_page_of
from insurers.validators import (
    normalize_credit_code,
    validate_credit_code,
    validate_mobile,
)

from .choices import ReferenceChoiceField, RememberedSelect
from .models import OrderSource, OrderState
from .uploads import PDF_ONLY, PDF_OR_IMAGE, UploadField
from .workflow import CoverRequest, QuoteTerms

ABSURD_AMOUNT = Decimal("10000000000")  # ten billion yuan
ABSURD_LIMIT = Decimal("100000000")  # one hundred million yuan per person
ACCOUNT_RE = RegexValidator(
    r"^[0-9A-Za-z \-]{6,40}$",
    _("Enter an account number of 6 to 40 digits or letters."),
)
SERIAL_RE = RegexValidator(
    r"^[0-9A-Za-z\-]{4,64}$",
    _("Enter the bank serial number: 4 to 64 digits or letters."),
)


def money(label, *, minimum=Decimal("0.01"), maximum=ABSURD_AMOUNT, **kwargs):
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        min_value=minimum,
        max_value=maximum,
        **kwargs,
    )


def day(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        **kwargs,
    )


def reason_field(label):
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        strip=True,
    )


class VersionedForm(forms.Form):
    """A form on one order: it carries the version the page showed, so a
    move made meanwhile by someone else is detected."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": _("The form is incomplete; reload the page.")},
    )

    def clean(self):
        data = super().clean()
        # A hidden field's error would not show beside any input.
        if "version" in self.errors:
            self.add_error(None, _("The form is incomplete; reload the page."))
        return data


# Insurer side -------------------------------------------------------------


class CoverTermsForm(VersionedForm):
    premium = money(_("Premium (yuan)"))
    rate = forms.DecimalField(
        label=_("Rate (‰)"),
        max_digits=8,
        decimal_places=4,
        min_value=Decimal("0.0001"),
        max_value=Decimal("1000"),
    )
    death_limit_per_person = money(
        _("Death/disability limit per person (yuan)"), maximum=ABSURD_LIMIT
    )
    medical_limit_per_person = money(
        _("Medical limit per person (yuan)"),
        minimum=Decimal("0"),
        maximum=ABSURD_LIMIT,
    )
    headcount = forms.IntegerField(
        label=_("Insured headcount"), min_value=1, max_value=1_000_000
    )
    period_start = day(_("Period start"))
    period_end = day(_("Period end"))
    service_items = forms.CharField(
        label=_("Prevention service items"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("For example: safety training, hazard inspection, drills."),
    )
    planned_visits = forms.IntegerField(
        label=_("Number of prevention visits"), min_value=0, max_value=1000
    )
    prevention_budget = money(_("Prevention budget (yuan)"), minimum=Decimal("0"))

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", _("The period must end after it starts."))
        premium, budget = data.get("premium"), data.get("prevention_budget")
        if premium is not None and budget is not None and budget > premium:
            self.add_error(
                "prevention_budget",
                _("The prevention budget cannot exceed the premium."),
            )
        return data

    def terms(self, **extra) -> QuoteTerms:
        names = [f.name for f in QuoteTerms.__dataclass_fields__.values()]
        values = {
            name: self.cleaned_data[name] for name in names if name in self.cleaned_data
        }
        values.update(extra)
        return QuoteTerms(**values)


class QuoteForm(CoverTermsForm):
    valid_until = day(_("Quote valid until"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )

    def clean_valid_until(self):
        value = self.cleaned_data["valid_until"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The quote must be valid today or later."))
        return value


class PaymentNoticeForm(VersionedForm):
    file = UploadField(label=_("Payment notice (PDF)"), allow=PDF_ONLY)
    amount_due = money(_("Amount due (yuan)"))
    payee_account = forms.CharField(
        label=_("Payee account"), max_length=40, validators=[ACCOUNT_RE]
    )
    due_on = day(_("Payment due date"))

    def clean_due_on(self):
        value = self.cleaned_data["due_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return value


class ReviewForm(VersionedForm):
    APPROVE, REJECT = "approve", "reject"

    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Reason for rejection"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REJECT and not data.get("reason"):
            self.add_error("reason", _("Give the reason for the rejection."))
        return data


class IssueLetterForm(VersionedForm):
    policy_number = forms.CharField(
        label=_("Policy number"),
        max_length=50,
        validators=[
            RegexValidator(
                r"^[0-9A-Za-z\-]{4,50}$",
                _("Enter the policy number: 4 to 50 digits, letters or -."),
            )
        ],
    )
    issued_on = day(_("Issue date"))
    e_policy = UploadField(label=_("E-policy (PDF)"), allow=PDF_ONLY)
    invoice = UploadField(label=_("Invoice (PDF)"), allow=PDF_ONLY)

    def clean_issued_on(self):
        value = self.cleaned_data["issued_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The issue date cannot be in the future."))
        return value


class SupplementaryEntryForm(CoverTermsForm, IssueLetterForm):
    actual_service_items = forms.IntegerField(
        label=_("Actual number of service items"), min_value=0, max_value=1000
    )
    contract = UploadField(label=_("Contract (PDF)"), allow=PDF_ONLY)
    override_reason = forms.CharField(
        label=_("Reason for overriding a rule"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_(
            "Only if the entry breaks a rule of the regulation; the timeline keeps it."
        ),
    )

    field_order = [
        "policy_number",
        "issued_on",
        "premium",
        "rate",
        "death_limit_per_person",
        "medical_limit_per_person",
        "headcount",
        "period_start",
        "period_end",
        "service_items",
        "planned_visits",
        "prevention_budget",
        "actual_service_items",
        "contract",
        "e_policy",
        "invoice",
        "override_reason",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invoice"].label = _("E-invoice (PDF)")

    def terms(self) -> QuoteTerms:
        return super().terms(valid_until=self.cleaned_data["issued_on"], note="")


class CancelForm(VersionedForm):
    reason = reason_field(_("Reason for cancelling"))


class CoverRequestForm(forms.Form):
    headcount = forms.IntegerField(
        label=_("Insured headcount"), min_value=1, max_value=1_000_000
    )
    death_limit = money(
        _("Wanted death/disability limit per person (yuan)"),
        minimum=Decimal("1"),
        maximum=ABSURD_LIMIT,
        required=False,
    )
    start = day(_("Wanted start date"), required=False)

    def clean_start(self):
        value = self.cleaned_data.get("start")
        today = timezone.localdate()
        if value and not today < value <= today + datetime.timedelta(days=366):
            raise forms.ValidationError(
                _("Choose a start date after today and within a year.")
            )
        return value

    def cover(self) -> CoverRequest:
        data = self.cleaned_data
        return CoverRequest(
            headcount=data["headcount"],
            death_limit=data.get("death_limit"),
            start=data.get("start"),
        )


class EnterpriseDataForm(forms.Form):
    """The fields that describe an enterprise, shared by the offline order
    and self-registration."""

    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        min_length=18,
        validators=[validate_credit_code],
    )
    name = forms.CharField(label=_("Enterprise name"), max_length=200, required=False)
    industry = forms.ModelChoiceField(
        label=_("Industry"), queryset=Industry.objects.all(), required=False
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False
    )
    contact_name = forms.CharField(
        label=_("Contact name"), max_length=50, required=False
    )
    contact_mobile = forms.CharField(
        label=_("Contact mobile"),
        max_length=11,
        required=False,
        validators=[validate_mobile],
    )
    employee_count = forms.IntegerField(
        label=_("Employee count"), min_value=1, max_value=1_000_000, required=False
    )

    ENTERPRISE_FIELDS = (
        "name",
        "industry",
        "region",
        "contact_name",
        "contact_mobile",
        "employee_count",
    )

    def clean_credit_code(self):
        return normalize_credit_code(self.cleaned_data["credit_code"]).upper()

    def require_enterprise_fields(self, data) -> None:
        for name in self.ENTERPRISE_FIELDS:
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, _("This field is required."))

    def enterprise_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.ENTERPRISE_FIELDS}


class OfflineOrderForm(EnterpriseDataForm, CoverRequestForm):
    """新增线下订单: an existing enterprise found by its code, or a new one."""

    field_order = ["credit_code", *EnterpriseDataForm.ENTERPRISE_FIELDS]

    def clean(self):
        data = super().clean()
        code = data.get("credit_code")
        self.enterprise = Enterprise.objects.filter(credit_code=code).first()
        if code and self.enterprise is None:
            self.require_enterprise_fields(data)
        return data


class OrderFilterForm(forms.Form):
    SORTS = {
        "-created": ("-created_at", "-id"),
        "created": ("created_at", "id"),
        "number": ("number",),
        "-number": ("-number",),
    }

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "placeholder": _(
                    "Order number, enterprise name, credit code or contact mobile"
                )
            }
        ),
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *OrderState.choices],
        widget=RememberedSelect,
    )
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[("", _("Online and offline")), *OrderSource.choices],
        widget=RememberedSelect,
    )
    industry = ReferenceChoiceField(
        Industry, label=_("Industry"), required=False, empty_label=_("All industries")
    )
    region = ReferenceChoiceField(
        Region, label=_("Region"), required=False, empty_label=_("All regions")
    )
    date_from = day(_("Created from"), required=False)
    date_to = day(_("Created to"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("-created", _("Newest first")),
            ("created", _("Oldest first")),
            ("number", _("Order number ascending")),
            ("-number", _("Order number descending")),
        ],
        widget=RememberedSelect,
    )
    # Held within 10 to 100 rather than refused, so that a wrong size never
    # drops the other filters; the view reads the same rule.
    per_page = forms.CharField(
        label=_("Rows per page"),
        required=False,
        max_length=3,
        widget=forms.NumberInput(attrs={"min": 10, "max": 100, "step": 10}),
    )

    def clean_per_page(self) -> int:
        return per_page_of(self.cleaned_data)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = (
                "form-select"
                if isinstance(field, forms.ChoiceField)
                else "form-control"
            )
            field.widget.attrs["class"] = css


# Enterprise side ----------------------------------------------------------


class ApplyForm(CoverRequestForm):
    """我要投保."""

    insurer = forms.ModelChoiceField(
        label=_("Insurer"), queryset=Insurer.objects.active(), empty_label=None
    )
    field_order = ["insurer", "headcount", "death_limit", "start"]


class QuoteAnswerForm(forms.Form):
    quote_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DeclineQuoteForm(QuoteAnswerForm):
    reason = reason_field(_("Reason for declining"))


class PaymentProofForm(VersionedForm):
    file = UploadField(
        label=_("Proof of payment (PDF, JPG or PNG)"), allow=PDF_OR_IMAGE
    )
    amount_paid = money(_("Amount paid (yuan)"))
    payer_account = forms.CharField(
        label=_("Payer account"), max_length=40, validators=[ACCOUNT_RE]
    )
    bank_serial = forms.CharField(
        label=_("Bank serial number"), max_length=64, validators=[SERIAL_RE]
    )
    paid_on = day(_("Paid date"))

    def clean_paid_on(self):
        value = self.cleaned_data["paid_on"]
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError(_("The paid date cannot be in the future."))
        if value < today - datetime.timedelta(days=366):
            raise forms.ValidationError(_("The paid date is more than a year ago."))
        return value


class RegistrationForm(EnterpriseDataForm):
    """Self-registration of an enterprise: every field is required."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.ENTERPRISE_FIELDS:
            self.fields[name].required = True

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            probe = User(
                username=data.get("username", ""),
                real_name=data.get("contact_name") or "",
            )
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data

    def enterprise_values(self) -> dict:
        return {
            "credit_code": self.cleaned_data["credit_code"],
            **super().enterprise_values(),
        }
