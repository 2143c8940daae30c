"""Checkouts against other writers of the same products: no deadlock between our own paths, and when the
database does break one (a writer that locks in another order), the checkout runs again and the buyer is told
the truth: a 201 means one order, a failure means none."""

import io
import threading

import psycopg
import pytest
from django.db import connection, connections

from market.catalog.models import Product
from market.orders.models import Order
from tests.conftest import client_for
from tests.factories import ProductFactory, SellerFactory, UserFactory
from tests.faults.conftest import require, test_database_url, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SHIPPING = {"name": "김시민", "phone": "010-1234-5678", "postal_code": "04001", "address1": "서울 마포구 월드컵로 1"}


def waiting_backends(admin, database: str) -> list[int]:
    return [
        pid
        for (pid,) in admin.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = %s AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
            [database],
        ).fetchall()
    ]


def in_thread(results: dict, name: str, call):
    def run():
        try:
            results[name] = call()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.fixture
def two_products_in_a_cart():
    require(connection.vendor == "postgresql", "needs PostgreSQL")
    seller = SellerFactory()
    firm = seller.firm_membership.firm
    first, second = (ProductFactory(firm=firm, sku=f"SKU-{n}", price=10000, stock=10) for n in (1, 2))
    buyer = client_for(UserFactory())
    for product in (second, first):  # put in the cart in the other order: checkout still locks by id
        assert buyer.put(f"/api/v1/cart/items/{product.pk}/", {"quantity": 1}, format="json").status_code == 200
    return seller, buyer, first, second


def test_product_import_and_checkout_lock_in_one_order(two_products_in_a_cart):
    """A seller's CSV import lists the products in the other order than checkout locks them. Both queue on a
    row held by a third transaction; when it lets go, both finish (before the import locked by id, the
    database broke the cycle by failing one)."""
    seller, buyer, first, second = two_products_in_a_cart
    csv = (
        "sku,title,category,price,stock\n"
        f"{second.sku},{second.title},{second.category.slug},11000,20\n"
        f"{first.sku},{first.title},{first.category.slug},11000,20\n"
    )
    database = connection.settings_dict["NAME"]
    results = {}
    with psycopg.connect(test_database_url()) as holder, psycopg.connect(test_database_url(), autocommit=True) as admin:
        holder.execute("SELECT 1 FROM catalog_product WHERE id = %s FOR UPDATE", [first.pk])
        threads = [
            in_thread(
                results, "checkout", lambda: buyer.post("/api/v1/checkout/", {"shipping": SHIPPING}, format="json")
            )
        ]
        wait_for(lambda: len(waiting_backends(admin, database)) == 1, what="the checkout to queue")
        upload = io.BytesIO(csv.encode())
        upload.name = "products.csv"
        threads.append(
            in_thread(
                results,
                "import",
                lambda: client_for(seller).post(
                    "/api/v1/seller/products/import/", {"file": upload}, format="multipart"
                ),
            )
        )
        wait_for(lambda: len(waiting_backends(admin, database)) == 2, what="the import to queue")
        holder.rollback()  # at once, while both wait: a cycle, if there is one, is found within deadlock_timeout
        for thread in threads:
            thread.join(timeout=60)

    assert results["checkout"].status_code == 201, results["checkout"].content
    assert results["import"].status_code == 201, results["import"].content
    assert Order.objects.count() == 1
    stocks = dict(Product.objects.values_list("sku", "stock"))
    # The import set the stock to 20; the checkout took one of each before or after it.
    assert stocks[first.sku] in (19, 20) and stocks[second.sku] in (19, 20)


def deadlocks(admin, database: str) -> int:
    """Deadlocks PostgreSQL has broken in this database (each victim reports one; counted by the server, not by
    our own logging, which other tests may have reconfigured)."""
    return admin.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = %s", [database]).fetchone()[0]


def test_a_checkout_chosen_as_the_deadlock_victim_runs_again(two_products_in_a_cart):
    """Another writer (raw SQL here: any path that locks the second product, then the first) forms a real
    deadlock with a checkout; PostgreSQL fails the checkout's transaction, which runs again and succeeds."""
    seller, buyer, first, second = two_products_in_a_cart
    database = connection.settings_dict["NAME"]
    results = {}
    with psycopg.connect(test_database_url()) as other, psycopg.connect(test_database_url(), autocommit=True) as admin:
        broken_before = deadlocks(admin, database)
        other.execute("SELECT 1 FROM catalog_product WHERE id = %s FOR UPDATE", [second.pk])
        thread = in_thread(
            results, "checkout", lambda: buyer.post("/api/v1/checkout/", {"shipping": SHIPPING}, format="json")
        )
        # The checkout holds the first product and waits for the second; now the other writer asks for the
        # first. The checkout waited longer, so its deadlock check runs first and it is the one rolled back.
        wait_for(lambda: waiting_backends(admin, database), what="the checkout to wait for the second product")
        other.execute("SELECT 1 FROM catalog_product WHERE id = %s FOR UPDATE", [first.pk])  # granted after
        other.execute("UPDATE catalog_product SET stock = stock + 5 WHERE id IN (%s, %s)", [first.pk, second.pk])
        other.commit()  # had the other writer been the victim, the line above would have raised
        thread.join(timeout=60)
        # a real deadlock was broken (the server reports its count within a second or so)
        wait_for(lambda: deadlocks(admin, database) > broken_before, timeout=15, what="the deadlock to be counted")

    response = results["checkout"]
    assert response.status_code == 201, response.content  # the second run succeeded, and said so
    assert Order.objects.count() == 1
    assert [p.stock for p in Product.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk")] == [14, 14]
