"""How many SQL statements one checkout sends (issue 12: at most 8). While the products are locked every round
trip holds up the other buyers of the same products, so placing reads and locks in one statement and writes the
order, its parts, lines, reservations, event, the emptied cart and the stock taken in one more
(market/orders/placement.py); the search outbox row is the third, the payment's row the fourth.

What is counted: every statement Django sends for the service call, as CaptureQueriesContext records them. The
test's own transaction turns each service transaction into SAVEPOINT / RELEASE SAVEPOINT, which are counted
(2 per transaction). Outside a test they are BEGIN / COMMIT, which psycopg sends itself and Django does not
record, so the figure here is what a request sends plus those markers.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from market.catalog.services import product_set_price_tiers
from market.firms.models import District
from market.orders.models import CartItem, Fulfilment, OrderEvent, OrderLine, StockReservation
from market.orders.services import order_place
from market.payments.models import Payment
from market.payments.services import order_checkout
from search.models import PendingIndexUpdate
from tests.factories import DesignationFactory, FirmFactory, ProductFactory
from tests.orders.test_orders import SHIPPING, filled_cart
from tests.service_check import require_postgresql

pytestmark = pytest.mark.django_db


def _statements(captured) -> list[str]:
    return [q["sql"][:100] for q in captured.captured_queries]


def test_one_checkout_sends_at_most_8_statements_and_writes_everything(buyer, stripe_server):
    require_postgresql("the one-statement placement")
    buyer.district = District.objects.get(code="11440")
    buyer.save(update_fields=["district"])
    buyer = type(buyer).objects.get(pk=buyer.pk)  # as a request's user: the district not loaded
    cooperative = FirmFactory(designation={"kind": "cooperative"})
    a, b = ProductFactory(stock=10, price=12_000), ProductFactory(firm=cooperative, stock=3, price=8_000)
    cart = filled_cart(buyer, (b, 3), (a, 2))

    with CaptureQueriesContext(connection) as captured:
        order = order_checkout(buyer=buyer, cart=cart, shipping=SHIPPING)

    statements = _statements(captured)
    # SAVEPOINT, lock + read, the placement, the search outbox, RELEASE; SAVEPOINT, the payment, RELEASE.
    assert len(statements) <= 8, "\n".join(statements)
    assert sum("FOR NO KEY UPDATE" in q["sql"] for q in captured.captured_queries) == 1
    lines = {line.product_id: line for line in OrderLine.objects.filter(order=order)}
    assert {pk: (line.quantity, line.unit_price, line.line_total) for pk, line in lines.items()} == {
        a.pk: (2, 12_000, 24_000),
        b.pk: (3, 8_000, 24_000),
    }
    assert {pk: line.firm_kind for pk, line in lines.items()} == {a.pk: "social_enterprise", b.pk: "cooperative"}
    parts = {part.firm_id: part for part in Fulfilment.objects.filter(order=order)}
    assert {firm_id: part.items_total for firm_id, part in parts.items()} == {a.firm_id: 24_000, b.firm_id: 24_000}
    assert all(line.fulfilment_id == parts[line.firm_id].pk for line in lines.values())
    assert sorted(StockReservation.objects.filter(order=order).values_list("product_id", "quantity", "status")) == [
        (a.pk, 2, "active"),
        (b.pk, 3, "active"),
    ]
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.stock, b.stock) == (8, 0)
    assert list(OrderEvent.objects.filter(order=order).values_list("kind", "actor_id")) == [("placed", buyer.pk)]
    assert not CartItem.objects.filter(cart=cart).exists()
    assert set(PendingIndexUpdate.objects.values_list("product_id", flat=True)) >= {a.pk, b.pk}
    assert Payment.objects.get(order=order).amount == order.total == 48_000
    assert order.buyer_district_id == buyer.district_id


def test_a_cart_with_price_tiers_costs_one_statement_more(buyer):
    require_postgresql("the one-statement placement")
    tiered = ProductFactory(stock=10, price=12_000)
    product_set_price_tiers(product=tiered, tiers=[{"min_quantity": 3, "unit_price": 11_000}])
    DesignationFactory(firm=tiered.firm, kind="cooperative")  # two kinds held: social_enterprise comes first
    cart = filled_cart(buyer, (tiered, 4), (ProductFactory(), 1))

    with CaptureQueriesContext(connection) as captured:
        order = order_place(buyer=buyer, cart=cart, shipping=SHIPPING)

    # SAVEPOINT, lock + read, the tiers, the placement, the search outbox, RELEASE.
    assert len(captured.captured_queries) <= 6, "\n".join(_statements(captured))
    line = OrderLine.objects.get(order=order, product=tiered)
    assert (line.unit_price, line.line_total, line.firm_kind) == (11_000, 44_000, "social_enterprise")
