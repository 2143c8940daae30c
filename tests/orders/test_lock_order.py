"""Placing an order locks its products in id order, whatever order the cart holds them in, so two checkouts
sharing products queue one behind the other instead of deadlocking."""

import re
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from market.catalog.models import Product
from market.core.errors import Conflict
from market.orders.models import Order
from market.orders.services import order_place
from tests.factories import ProductFactory, UserFactory
from tests.orders.test_orders import SHIPPING, filled_cart
from tests.service_check import require_postgresql


def _locking_statements(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if re.search(r"\bFOR (NO KEY )?UPDATE\b", q["sql"]) and 'FROM "catalog_product"' in q["sql"]
    ]


@pytest.mark.django_db
def test_a_cart_filled_in_reverse_id_order_locks_its_products_in_id_order(buyer):
    require_postgresql()
    products = [ProductFactory(stock=10) for _ in range(4)]
    cart = filled_cart(buyer, *[(p, 1) for p in reversed(products)])

    with CaptureQueriesContext(connection) as captured:
        order_place(buyer=buyer, cart=cart, shipping=SHIPPING)

    [statement] = _locking_statements(captured.captured_queries)  # all of them in one statement
    assert re.search(r'ORDER BY "catalog_product"\."id" ASC\s+FOR (NO KEY )?UPDATE', statement), statement


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_checkouts_holding_the_same_products_in_opposite_orders_all_complete():
    require_postgresql()
    products = [ProductFactory(stock=100) for _ in range(3)]
    pairs = []
    for i in range(8):
        buyer = UserFactory()
        ordered = products if i % 2 else list(reversed(products))
        pairs.append((buyer, filled_cart(buyer, *[(p, 1) for p in ordered])))
    barrier = threading.Barrier(len(pairs))
    outcomes = []

    def place(buyer, cart):
        try:
            barrier.wait()
            order_place(buyer=buyer, cart=cart, shipping=SHIPPING)
            outcomes.append("ok")
        except Conflict as exc:
            outcomes.append(exc.code)
        except Exception as exc:  # noqa: BLE001 - a deadlock surfaces here as OperationalError
            outcomes.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=place, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes == ["ok"] * len(pairs)
    assert Order.objects.count() == len(pairs)
    assert (
        sorted(Product.objects.filter(pk__in=[p.pk for p in products]).values_list("stock", flat=True))
        == [100 - len(pairs)] * 3
    )
