"""Validators and formatters shared by every side of the platform."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


def validate_mobile(value: str) -> None:
    """Accept a mainland mobile number: 11 digits starting with 1[3-9]."""
    if not MOBILE_RE.match(value or ""):
        raise ValidationError(
            _("Enter a mainland mobile number of 11 digits, such as 13800001234."),
            code="invalid_mobile",
        )


def validate_credit_code(value: str) -> None:
    """Accept a unified social credit code whose check digit is right."""
    try:
        uscc.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _(
                "Enter a valid unified social credit code: 18 characters "
                "with a correct check digit."
            ),
            code="invalid_credit_code",
        ) from exc


def normalize_credit_code(value: str) -> str:
    return uscc.compact(value or "")


def validate_colour(value: str) -> None:
    if not COLOUR_RE.match(value or ""):
        raise ValidationError(
            _("Enter a colour as # and six hexadecimal digits, such as #1f6feb."),
            code="invalid_colour",
        )


def mask_mobile(value: str) -> str:
    """Return a mobile number with its middle four digits hidden."""
    if not value or len(value) < 8:
        return "****"
    return f"{value[:3]}****{value[-4:]}"
