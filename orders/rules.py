"""The regulation's limits a quote must respect, read from the rule set in
force for the enterprise's region on the start date."""

import calendar
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from insurers.models import RuleSet


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def _plain(number) -> str:
    text = str(number)
    return text.rstrip("0").rstrip(".") if "." in text else text


def rule_set_for(enterprise, on: datetime.date) -> RuleSet:
    """The rule set in force, or the regulation's defaults when the operator
    has entered none."""
    rule_set = RuleSet.objects.in_force(region=enterprise.region, on=on)
    return rule_set or RuleSet(name=_("Regulation defaults"), effective_from=on)


def breaches(enterprise, terms, *, issued_on: datetime.date | None) -> list[str]:
    """Return the rules ``terms`` break, each named in the user's language.

    ``issued_on`` is the issue date of an offline entry; a quote is checked
    against tomorrow, the earliest a policy may start.
    """
    rule_set = rule_set_for(enterprise, terms.period_start)
    found = []

    if terms.death_limit_per_person < rule_set.min_death_limit_per_person:
        found.append(
            _("the death/disability limit per person must be at least %(minimum)s yuan")
            % {"minimum": f"{rule_set.min_death_limit_per_person:,.0f}"}
        )

    if terms.headcount != enterprise.employee_count:
        found.append(
            _(
                "every employee must be insured: the headcount must equal the "
                "enterprise's %(count)s employees"
            )
            % {"count": enterprise.employee_count}
        )

    longest_end = add_months(terms.period_start, rule_set.max_period_months)
    if terms.period_end >= longest_end:
        found.append(
            _("the policy period is at most %(months)s months")
            % {"months": rule_set.max_period_months}
        )

    earliest = (issued_on or timezone.localdate()) + datetime.timedelta(days=1)
    if terms.period_start < earliest:
        found.append(
            _("the policy period starts no earlier than the day after issuance")
        )

    share = rule_set.max_prevention_share
    if terms.prevention_budget * 100 > terms.premium * share:
        found.append(
            _("the prevention budget is at most %(share)s%% of the premium")
            % {"share": _plain(share)}
        )

    return [
        _("rule set “%(name)s”: %(rule)s") % {"name": rule_set.name, "rule": rule}
        for rule in found
    ]
