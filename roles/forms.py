"""The role form: a name and the catalogue permissions, one group of
checkboxes per module."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .catalogue import CATALOGUE
from .models import Role
from .services import grantable_perms, perms_of_groups


class RoleForm(forms.Form):
    """Only the catalogue permissions the acting user holds are offered, so
    a posted permission outside them is an invalid choice."""

    name = forms.CharField(label=_("role name"), max_length=50)

    def __init__(self, *args, insurer, actor, role=None, **kwargs):
        self.insurer = insurer
        self.role = role
        super().__init__(*args, **kwargs)
        held = grantable_perms(actor)
        current = perms_of_groups([role.group]) if role is not None else set()
        if role is not None:
            self.fields["name"].initial = role.name
        for module in CATALOGUE:
            choices = [(g.perm, g.label) for g in module.grants if g.perm in held]
            if not choices:
                continue
            self.fields[f"perms_{module.key}"] = forms.MultipleChoiceField(
                label=module.label,
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[perm for perm, _label in choices if perm in current],
            )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Role.objects.for_insurer(self.insurer).filter(name=name)
        if self.role is not None:
            taken = taken.exclude(pk=self.role.pk)
        if taken.exists():
            raise forms.ValidationError(_("A role with this name already exists."))
        return name

    def clean(self):
        cleaned = super().clean()
        perms = set()
        for field in self.fields:
            if field.startswith("perms_"):
                perms.update(cleaned.get(field) or ())
        if not perms and not self.errors:
            raise forms.ValidationError(_("Choose at least one permission."))
        cleaned["perms"] = frozenset(perms)
        return cleaned
