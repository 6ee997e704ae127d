"""Views of the policies app, one module per side."""

from urllib.parse import urlencode

from insurers.pagination import BoundedPaginator, per_page_of

PAGE_SIZE = 20


def paginate(request, queryset, *, form=None, per_page: int = PAGE_SIZE) -> dict:
    """Return the context of one list page: page_obj and ``query``, the
    current filters urlencoded and ending with & (or empty)."""
    page_obj = BoundedPaginator(queryset, per_page_of(request.GET, per_page)).get_page(
        request.GET.get("page")
    )
    filters = {}
    if form is not None and form.is_valid():
        filters = {k: v for k, v in form.data.items() if k != "page" and v}
    query = urlencode(filters) + "&" if filters else ""
    return {"page_obj": page_obj, "query": query, "filter_form": form}
