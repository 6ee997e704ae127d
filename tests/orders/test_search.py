"""The search box: classified text, one index each, on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders import search
from orders.models import Order
from tests.factories import EnterpriseFactory, OrderFactory
from tests.factories.insurers import valid_credit_code


def test_the_text_is_classified():
    code = valid_credit_code(4242)

    assert search.credit_code_of(code.lower()) == code
    assert search.credit_code_of(code[:-1] + "0") is None
    assert search.credit_code_of("豪东") is None
    assert search.is_mobile("13800001111")
    assert not search.is_mobile("1380000111")
    assert search.is_number("az20261203000123")
    assert not search.is_number("豪东建材")


@pytest.fixture
def orders(insurer_a, insurer_b):
    """Orders of two enterprises of insurer A, and one of insurer B whose
    enterprise has a name that matches too."""
    haodong = EnterpriseFactory(
        name="福州豪东建材有限公司", contact_mobile="13912345678"
    )
    other = EnterpriseFactory(name="晋江鞋业有限公司")
    rival = EnterpriseFactory(name="豪东贸易有限公司")
    return {
        "haodong": OrderFactory(insurer=insurer_a, enterprise=haodong),
        "other": OrderFactory(insurer=insurer_a, enterprise=other),
        "rival": OrderFactory(insurer=insurer_b, enterprise=rival),
    }


def found(insurer, text):
    rows = search.search(Order.objects.for_insurer(insurer), text)
    return {order.pk for order in rows}


def assert_every_kind_of_search(insurer_a, orders):
    haodong, other = orders["haodong"], orders["other"]

    assert found(insurer_a, "豪东") == {haodong.pk}
    assert found(insurer_a, "豪东建材") == {haodong.pk}
    assert found(insurer_a, "鞋") == {other.pk}
    assert found(insurer_a, "有限公司") == {haodong.pk, other.pk}
    assert found(insurer_a, "豪东鞋") == set()
    assert found(insurer_a, "13912345678") == {haodong.pk}
    assert found(insurer_a, other.enterprise.credit_code.lower()) == {other.pk}
    assert found(insurer_a, haodong.number) == {haodong.pk}
    assert found(insurer_a, haodong.number[:-2]) >= {haodong.pk}
    assert found(insurer_a, "100%_") == set()


@pytest.mark.django_db
def test_every_kind_of_search_on_the_test_database(insurer_a, orders):
    assert_every_kind_of_search(insurer_a, orders)


@pytest.mark.postgres
@pytest.mark.django_db
def test_every_kind_of_search_on_postgresql(insurer_a, orders):
    assert_every_kind_of_search(insurer_a, orders)


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_two_character_name_is_searched_on_its_bigrams(insurer_a, orders):
    with CaptureQueriesContext(connection) as queries:
        found(insurer_a, "豪东")

    assert "text_bigrams" in queries[0]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT text_bigrams('豪东建材')")
        assert sorted(cursor.fetchone()[0]) == sorted(["豪东", "东建", "建材"])
