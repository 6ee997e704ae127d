"""Forms of the policy screens; each validates on the server."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insurers.models import Industry, Region
from orders.choices import ReferenceChoiceField, RememberedSelect
from orders.uploads import PDF_OR_IMAGE, UploadField

from .models import HazardLevel, PolicyStatus, ServiceOrganization, VisitKind

YES_NO = [("", _("All")), ("yes", _("Assigned")), ("no", _("Not assigned"))]


class FilterFormMixin:
    """Bootstrap classes on the widgets of a bar of filters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if is_select else "form-control"


class PolicyFilterForm(FilterFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"placeholder": _("Policy number, enterprise or credit code")}
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + PolicyStatus.choices,
        widget=RememberedSelect,
    )
    industry = ReferenceChoiceField(
        Industry, label=_("Industry"), required=False, empty_label=_("All")
    )
    region = ReferenceChoiceField(
        Region, label=_("Region"), required=False, empty_label=_("All")
    )
    assigned = forms.ChoiceField(
        label=_("Service organization assigned"),
        required=False,
        choices=YES_NO,
        widget=RememberedSelect,
    )
    organization = ReferenceChoiceField(
        ServiceOrganization,
        label=_("Service organization"),
        required=False,
        empty_label=_("All"),
    )

    def clean_q(self):
        return self.cleaned_data["q"].strip()


class OrganizationFilterForm(FilterFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Name or code")}),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.all(),
        empty_label=_("All"),
    )

    def clean_q(self):
        return self.cleaned_data["q"].strip()


class AssignForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Service organization"),
        queryset=ServiceOrganization.objects.all(),
        error_messages={
            "required": _("Choose a service organization."),
            "invalid_choice": _("Choose a service organization from the list."),
        },
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        help_text=_("Required when the policy already has a service organization."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class VisitForm(forms.Form):
    visited_on = forms.DateField(
        label=_("Visit date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=VisitKind.choices)
    staff = forms.CharField(
        label=_("Staff"),
        max_length=200,
        help_text=_("Names of the staff who performed the service."),
    )
    summary = forms.CharField(
        label=_("Work done"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, policy, **kwargs):
        self.policy = policy
        super().__init__(*args, **kwargs)

    def clean_visited_on(self):
        visited_on = self.cleaned_data["visited_on"]
        if visited_on > timezone.localdate():
            raise forms.ValidationError(_("The visit date cannot be in the future."))
        if not self.policy.period_start <= visited_on <= self.policy.period_end:
            raise forms.ValidationError(
                _(
                    "The visit date must be within the policy period, %(start)s to "
                    "%(end)s."
                ),
                params={
                    "start": self.policy.period_start,
                    "end": self.policy.period_end,
                },
            )
        return visited_on


class HazardForm(forms.Form):
    description = forms.CharField(
        label=_("Hazard description"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # An empty first choice keeps an untouched extra block unchanged, so
    # the formset skips it instead of asking for its description.
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", "---------"), *HazardLevel.choices]
    )
    deadline = forms.DateField(
        label=_("Rectification deadline"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    rectified = forms.BooleanField(label=_("Rectified"), required=False)
    rectified_on = forms.DateField(
        label=_("Rectified on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("rectified") and not data.get("rectified_on"):
            self.add_error("rectified_on", _("Enter the date it was rectified."))
        if not data.get("rectified"):
            data["rectified_on"] = None
        rectified_on = data.get("rectified_on")
        if rectified_on and rectified_on > timezone.localdate():
            self.add_error(
                "rectified_on", _("The rectification date cannot be in the future.")
            )
        return data


class BaseHazardFormSet(forms.BaseFormSet):
    def hazards(self) -> list[dict]:
        """The hazards filled in, as dicts of Hazard fields."""
        return [
            {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


HazardFormSet = forms.formset_factory(
    HazardForm,
    formset=BaseHazardFormSet,
    extra=2,
    max_num=30,
    validate_max=True,
    can_delete=True,
)


class AttachmentForm(forms.Form):
    file = UploadField(
        label=_("Attachment (PDF or photo)"),
        allow=PDF_OR_IMAGE,
        error_messages={"required": _("Choose a file to upload.")},
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RectifyForm(forms.Form):
    rectified_on = forms.DateField(
        label=_("Rectified on"), widget=forms.DateInput(attrs={"type": "date"})
    )
