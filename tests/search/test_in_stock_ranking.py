"""Among products that match equally well, those in stock come first (the contract test only compares sets).

The out-of-stock twins are created and indexed first, so an engine that ignored stock and broke ties by
insertion order or id would put them first.
"""

import pytest

from search.backends.base import SearchRequest
from tests.factories import FirmFactory, ProductFactory, category
from tests.search.conftest import index_everything

pytestmark = pytest.mark.django_db
TWINS = 3


@pytest.fixture
def twins(backend):
    firm = FirmFactory(name="같은 공방")
    fields = {
        "firm": firm,
        "title": "쑥 찹쌀떡 선물상자",
        "description": "국산 쑥과 찹쌀로 빚은 떡",
        "price": 15000,
        "category": category("food"),
    }
    out_of_stock = [ProductFactory(stock=0, **fields) for _ in range(TWINS)]
    in_stock = [ProductFactory(stock=20, **fields) for _ in range(TWINS)]
    index_everything(backend)
    return {p.id for p in in_stock}, {p.id for p in out_of_stock}


# A query is needed: browsing without one lists the newest first, by design.
@pytest.mark.parametrize("q", ["쑥 찹쌀떡", "찹쌀떡"])
def test_in_stock_twins_rank_above_out_of_stock_ones(backend, twins, q):
    in_stock, out_of_stock = twins
    found = backend.search(SearchRequest(q=q, sort="relevance")).ids
    assert set(found) == in_stock | out_of_stock
    assert set(found[:TWINS]) == in_stock and set(found[TWINS:]) == out_of_stock
