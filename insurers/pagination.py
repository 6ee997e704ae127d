"""A paginator for lists of a million rows.

Django's Paginator runs ``COUNT(*)`` over the whole list on every page view
and fetches a page with ``OFFSET``, joining every skipped row.
``BoundedPaginator`` does neither:

- it counts at most ``count_limit`` + 1 rows
  (``SELECT COUNT(*) FROM (... LIMIT 1001)``); past that the total is shown
  as "1000+" and ``count_is_exact`` is False;
- it still serves any page number: it fetches one row more than the page
  and there is a next page when that row exists;
- for a queryset, the page's ids are chosen in a subquery that reads only
  the sort index (``id IN (SELECT id ... ORDER BY ... LIMIT 21 OFFSET n)``),
  so the joins of ``select_related`` touch the page's rows only.

It keeps the Paginator interface that ``includes/pagination.html`` and the
views use (``get_page``, ``page_obj.has_next``, ``paginator.count``), so a
list switches by naming it instead of Paginator. Orphans are not supported:
the last page is whatever remains.
"""

from math import ceil

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_LIMIT = 1000
PER_PAGE = 20
PER_PAGE_RANGE = (10, 100)
# A hostile page number must not become an OFFSET the database refuses.
MAX_PAGE = 1_000_000


def per_page_of(query, default: int = PER_PAGE) -> int:
    """The page size asked by ``?per_page=``, held within 10 to 100; the
    default when absent or not a number."""
    try:
        asked = int(query.get("per_page", default))
    except (TypeError, ValueError):
        return default
    low, high = PER_PAGE_RANGE
    return min(max(asked, low), high)


class BoundedPaginator(Paginator):
    """Django's Paginator with a count bounded at ``count_limit`` rows and
    pages fetched by id (see the module's docstring)."""

    count_limit = COUNT_LIMIT

    def __init__(self, object_list, per_page, *, count_limit=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count_limit is not None:
            self.count_limit = count_limit
        self.pages_seen = 1

    @cached_property
    def count(self) -> int:
        """The number of rows, or ``count_limit`` + 1 when there are more."""
        bounded = self.object_list[: self.count_limit + 1]
        if isinstance(bounded, QuerySet):
            return bounded.count()
        return len(bounded)

    @property
    def count_is_exact(self) -> bool:
        return self.count <= self.count_limit

    @property
    def count_label(self) -> str:
        """The total as the list shows it: "1000+" past the bound (the same
        in every language)."""
        if self.count_is_exact:
            return str(self.count)
        return f"{self.count_limit}+"

    @property
    def num_pages(self) -> int:
        """Every page when the count is exact; otherwise the pages known to
        exist, up to the one after the page last fetched."""
        if self.count_is_exact:
            return max(1, ceil(self.count / self.per_page))
        return max(ceil(self.count / self.per_page), self.pages_seen)

    @property
    def num_pages_label(self) -> str:
        """The pages as the pager shows them: "51+" when there may be more
        (language-neutral, like ``count_label``)."""
        if self.count_is_exact:
            return str(self.num_pages)
        return f"{self.num_pages}+"

    def validate_number(self, number) -> int:
        if self.count_is_exact:
            return super().validate_number(number)
        # Past the bound a page may lie beyond num_pages: page() finds out.
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1 or number > MAX_PAGE:
            raise EmptyPage(self.error_messages["no_results"])
        return number

    def get_page(self, number) -> Page:
        try:
            return super().get_page(number)
        except EmptyPage:
            # A page past the rows, known only once fetched: the last page
            # the bounded count guarantees.
            return self.page(self.num_pages)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = self.fetch(bottom, self.per_page + 1)
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        has_more = len(rows) > self.per_page
        self.pages_seen = max(self.pages_seen, number + has_more)
        return BoundedPage(rows[: self.per_page], number, self, has_more=has_more)

    def fetch(self, offset: int, limit: int) -> list:
        """Rows ``offset`` to ``offset + limit`` in the list's order."""
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return list(rows[offset : offset + limit])
        page_ids = rows.values("pk")[offset : offset + limit]
        return list(rows.filter(pk__in=page_ids))


class BoundedPage(Page):
    def __init__(self, object_list, number, paginator, *, has_more: bool):
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def has_next(self) -> bool:
        return self.has_more

    def end_index(self) -> int:
        if not self.object_list:
            return 0
        return self.start_index() + len(self.object_list) - 1
