"""Filter choices from reference tables, built once per process.

Industries, regions and service organizations change only through the
operator, while every list page renders them: a ModelChoiceField would
read the table on each page view (and again to validate the choice). Here
each table is read the first time a form needs it and kept in this
process; saving or deleting a row empties the cache of that process
(``orders.apps``). Another process keeps its copy until it restarts, so an
operator's new region shows in every worker's filter after a deploy or a
restart; a stale copy only affects the dropdown, never which rows a list
shows.
"""

from functools import partial

from django import forms
from django.utils import translation

_CHOICES: dict[type, list[tuple[int, str]]] = {}


def reference_choices(model) -> list[tuple[int, str]]:
    """(pk, label) of every row of ``model``, in its default order."""
    if model not in _CHOICES:
        _CHOICES[model] = [(row.pk, str(row)) for row in model.objects.all()]
    return _CHOICES[model]


def forget_choices(sender, **kwargs) -> None:
    """Receiver of post_save and post_delete of a reference model."""
    _CHOICES.pop(sender, None)


def _with_empty(model, empty_label):
    return [("", empty_label), *reference_choices(model)]


class ReferenceChoiceField(forms.TypedChoiceField):
    """A choice of a reference row, cleaned to its pk (an int), without a
    query per form once the process has loaded the table."""

    def __init__(self, model, *, empty_label, **kwargs):
        kwargs.setdefault("widget", RememberedSelect)
        super().__init__(
            choices=partial(_with_empty, model, empty_label),
            coerce=int,
            empty_value=None,
            **kwargs,
        )


class RememberedSelect(forms.Select):
    """A select that renders each (name, value, choices, language) once per
    process: a filter bar's selects are the same HTML on almost every page
    view, and the template rendering of their options is the largest share
    of a list's render time after the rows."""

    _rendered: dict[tuple, str] = {}
    LIMIT = 1000

    def render(self, name, value, attrs=None, renderer=None):
        key = (
            name,
            str(value),
            tuple((str(key), str(label)) for key, label in self.choices),
            tuple(sorted({**self.attrs, **(attrs or {})}.items())),
            translation.get_language(),
        )
        html = self._rendered.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            if len(self._rendered) < self.LIMIT:
                self._rendered[key] = html
        return html
