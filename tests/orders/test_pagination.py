"""The bounded paginator of the order and policy lists."""

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.urls import reverse

from insurers.pagination import BoundedPaginator
from orders.models import Order
from tests.factories import OrderFactory


def test_an_exact_count_under_the_bound():
    paginator = BoundedPaginator(list(range(25)), 10, count_limit=100)

    page = paginator.page(3)

    assert paginator.count == 25
    assert paginator.count_is_exact
    assert paginator.count_label == "25"
    assert paginator.num_pages == 3
    assert list(page) == list(range(20, 25))
    assert not page.has_next()
    assert (page.start_index(), page.end_index()) == (21, 25)


def test_past_the_bound_the_count_stops_and_deep_pages_still_work():
    paginator = BoundedPaginator(list(range(95)), 10, count_limit=20)

    assert paginator.count == 21
    assert not paginator.count_is_exact
    assert paginator.count_label == "20+"
    deep = paginator.page(9)
    assert list(deep) == list(range(80, 90))
    assert deep.has_next()
    assert deep.next_page_number() == 10
    assert paginator.num_pages_label == "10+"
    last = paginator.page(10)
    assert list(last) == list(range(90, 95))
    assert not last.has_next()


def test_page_numbers_beyond_the_rows_or_hostile_are_refused():
    paginator = BoundedPaginator(list(range(95)), 10, count_limit=20)

    with pytest.raises(EmptyPage):
        paginator.page(11)
    with pytest.raises(EmptyPage):
        paginator.page(10**30)
    with pytest.raises(PageNotAnInteger):
        paginator.page("abc")
    assert list(paginator.get_page("abc")) == list(range(10))
    assert paginator.get_page(50).number == 3


@pytest.mark.django_db
def test_a_queryset_page_keeps_its_order_and_joins(admin_a, django_assert_num_queries):
    for _ in range(7):
        OrderFactory(insurer=admin_a.insurer)
    orders = Order.objects.select_related("enterprise").order_by("-created_at", "-id")
    expected = list(orders.values_list("pk", flat=True))
    paginator = BoundedPaginator(orders, 3, count_limit=4)

    with django_assert_num_queries(2):
        page = paginator.page(2)
        names = [order.enterprise.name for order in page]

    assert [order.pk for order in page] == expected[3:6]
    assert len(names) == 3
    assert paginator.count_label == "4+"
    assert page.has_next()
    assert [order.pk for order in paginator.page(3)] == expected[6:]


@pytest.mark.django_db
def test_the_list_says_more_than_the_bound(client, admin_a, monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "count_limit", 2)
    for _ in range(4):
        OrderFactory(insurer=admin_a.insurer)
    client.force_login(admin_a)

    response = client.get(reverse("orders:list"), {"per_page": 10})

    assert "超过2个订单" in response.content.decode()
    assert not response.context["page_obj"].has_next()
