"""The lists' search box: what the text is decides the one index it uses.

An OR of every possible meaning (number, credit code, mobile, name) cannot
use any single index, so the text is classified first:

- 18 characters with a right check digit: a unified social credit code,
  exact on its unique index;
- 11 digits starting with 1: a contact mobile, exact on its index;
- letters then at least six digits: an order or policy number, exact or
  prefix on its unique index;
- anything else: part of an enterprise name, with ``contains`` (Chinese has
  no case, and ``icontains`` would wrap the column in UPPER(), which no
  index matches).

On PostgreSQL a name of three characters or more is served by the pg_trgm
GIN index on the enterprise name; two characters, the common Chinese
search (a brand such as 豪东), by a GIN index on ``text_bigrams(name)``,
both created by ``orders/migrations/0004_name_search_indexes.py``. On
SQLite the plain ``contains`` filter scans, which is fine for small data.
A single character is also a plain scan, on any database.
"""

import re

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import BooleanField, F, Func, Q, Value

from insurers.models import Enterprise
from insurers.validators import MOBILE_RE, normalize_credit_code, validate_credit_code

NUMBER_RE = re.compile(r"^[A-Z]{1,4}\d{6,}$")


class ContainsBigrams(Func):
    """``text_bigrams(column) @> text_bigrams(term)``: every two-character
    substring of the term is one of the column's; the GIN index on
    ``text_bigrams(name)`` answers it."""

    template = "text_bigrams(%(expressions)s)"
    arg_joiner = ") @> text_bigrams("
    output_field = BooleanField()


def credit_code_of(text: str) -> str | None:
    """The text as a credit code, or None when it is not a valid one."""
    code = normalize_credit_code(text).upper()
    if len(code) != 18:
        return None
    try:
        validate_credit_code(code)
    except ValidationError:
        return None
    return code


def is_number(text: str) -> bool:
    return bool(NUMBER_RE.match(text.upper()))


def is_mobile(text: str) -> bool:
    return bool(MOBILE_RE.match(text))


def enterprises_named(text: str):
    """Enterprises whose name contains ``text``, through an index where the
    database has one."""
    enterprises = Enterprise.objects.filter(name__contains=text)
    if connection.vendor == "postgresql" and len(text) == 2:
        enterprises = enterprises.filter(ContainsBigrams(F("name"), Value(text)))
    return enterprises


def enterprises_matching(text: str):
    """Enterprises the search text designates, by credit code, mobile or
    name (one index each)."""
    if code := credit_code_of(text):
        return Enterprise.objects.filter(credit_code=code)
    if is_mobile(text):
        return Enterprise.objects.filter(contact_mobile=text)
    return enterprises_named(text)


def enterprise_condition(text: str, *, prefix: str = "enterprise") -> Q:
    """A filter on rows that point to an enterprise, as a subquery of the
    matching enterprises' ids."""
    return Q(**{f"{prefix}__in": enterprises_matching(text).values("pk")})


def number_condition(text: str, *, field: str = "number") -> Q:
    """An order or policy number, whole or its beginning."""
    return Q(**{f"{field}__startswith": text.upper()})


def search(rows, text: str, *, number_field: str = "number"):
    """Filter ``rows`` (orders or policies) by the search box's text."""
    text = text.strip()
    if not text:
        return rows
    if is_number(text) and not credit_code_of(text):
        return rows.filter(number_condition(text, field=number_field))
    return rows.filter(enterprise_condition(text))
