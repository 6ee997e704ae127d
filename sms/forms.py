"""The filter bar of the SMS log."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SmsStatus


class SmsFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Order number"),
        required=False,
        max_length=24,
        widget=forms.TextInput(attrs={"placeholder": _("Order number or its start")}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *SmsStatus.choices],
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
        self.fields["status"].widget.attrs["class"] = "form-select form-select-sm"

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The start date must not be after the end date.")
            )
        return data
