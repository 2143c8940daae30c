"""PostgreSQL drops the connection in the middle of a request: a clean 503 in our error shape, nothing written."""

import threading

import psycopg
import pytest
from django.db import connection, connections

from market.catalog.models import Product
from market.orders.models import Cart, Order
from search.models import PendingIndexUpdate
from tests.conftest import client_for
from tests.factories import ProductFactory, UserFactory
from tests.faults.conftest import require, test_database_url, wait_for

SHIPPING = {"name": "김시민", "phone": "010-1234-5678", "postal_code": "04001", "address1": "서울 마포구 월드컵로 1"}


def backend_waiting_on_a_lock(admin, database: str) -> tuple[int, str] | None:
    return admin.execute(
        "SELECT pid, query FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock' "
        "AND pid <> pg_backend_pid()",
        [database],
    ).fetchone()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_connection_terminated_mid_checkout():
    require(connection.vendor == "postgresql", "needs PostgreSQL")
    products = [ProductFactory(price=12000, stock=5), ProductFactory(price=8000, stock=3)]
    buyer = UserFactory()
    client = client_for(buyer)
    for product in products:
        assert client.put(f"/api/v1/cart/items/{product.pk}/", {"quantity": 1}, format="json").status_code == 200
    PendingIndexUpdate.objects.create(product_id=products[0].pk)
    database = connection.settings_dict["NAME"]

    with psycopg.connect(test_database_url()) as holder, psycopg.connect(test_database_url(), autocommit=True) as admin:
        # Hold the search outbox row the checkout writes last, so it stops after every other write it makes
        # (order, lines, reservations, stock, cart), inside its transaction.
        holder.execute("SELECT 1 FROM search_pendingindexupdate WHERE product_id = %s FOR UPDATE", [products[0].pk])
        result = {}

        def checkout():
            try:
                result["response"] = client.post("/api/v1/checkout/", {"shipping": SHIPPING}, format="json")
            finally:
                connections.close_all()

        worker = threading.Thread(target=checkout)
        worker.start()
        victim, query = wait_for(
            lambda: backend_waiting_on_a_lock(admin, database), timeout=30, what="the checkout to wait on the held row"
        )
        assert "search_pendingindexupdate" in query  # its last write: the others are done
        assert Order.objects.count() == 0  # its writes are not visible: still one open transaction
        admin.execute("SELECT pg_terminate_backend(%s)", [victim])
        worker.join(timeout=30)
        holder.rollback()

    response = result["response"]
    assert response.status_code == 503, response.content
    assert response["Content-Type"] == "application/json" and response["Retry-After"]
    assert response.json()["error"]["code"] == "service_unavailable"
    # Nothing of the checkout was written: no order, the stock and the cart as they were.
    assert Order.objects.count() == 0
    assert [p.stock for p in Product.objects.filter(pk__in=[p.pk for p in products]).order_by("pk")] == [5, 3]
    assert Cart.objects.get(user=buyer).items.count() == 2
    # The next request gets a new connection and goes through.
    assert client.get("/api/v1/cart/").status_code == 200
