"""Placing an order writes its rows in one statement on PostgreSQL and through the ORM elsewhere (SQLite, the
embedded default): market/orders/placement.py. Both routes must write the same rows and refuse, with nothing
kept, stock that is no longer there. These tests run on either database; on PostgreSQL they also run the ORM
route, so the two are compared side by side."""

import pytest
from django.db import connection, transaction

from market.catalog.models import Product
from market.catalog.services import product_set_price_tiers
from market.orders import placement
from market.orders.models import CartItem, Fulfilment, Order, OrderEvent, OrderLine, StockReservation
from market.orders.placement import Placement, StockChanged, write_placement
from market.orders.services import order_place
from tests.factories import DesignationFactory, FirmFactory, ProductFactory, UserFactory
from tests.orders.test_orders import SHIPPING, filled_cart

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["native", "orm"])
def route(request, monkeypatch):
    """`native`: what this database takes (one statement on PostgreSQL); `orm`: the portable route, forced."""
    if request.param == "orm":
        monkeypatch.setattr(placement, "_write_in_one_statement", placement._write_with_the_orm)
    elif connection.vendor != "postgresql":
        pytest.skip("the one-statement route is PostgreSQL's; here the native route is the ORM one")
    return request.param


def _written(order: Order) -> dict:
    """Everything placement wrote for the order, without ids, numbers and times."""
    return {
        "order": Order.objects.filter(pk=order.pk)
        .values(
            "buyer_id",
            "buyer_district_id",
            "buyer_kind",
            "status",
            "currency",
            "items_total",
            "shipping_total",
            "total",
        )
        .get(),
        "parts": sorted(
            Fulfilment.objects.filter(order=order).values_list("firm_id", "status", "items_total", "refunded_amount")
        ),
        "lines": sorted(
            OrderLine.objects.filter(order=order).values_list(
                "product_id",
                "firm_id",
                "fulfilment__firm_id",
                "title",
                "unit",
                "unit_price",
                "quantity",
                "line_total",
                "firm_kind",
                "firm_district_id",
            )
        ),
        "reservations": sorted(
            StockReservation.objects.filter(order=order).values_list("product_id", "quantity", "status", "settled_at")
        ),
        "events": list(OrderEvent.objects.filter(order=order).values_list("kind", "actor_id", "to_status")),
    }


def test_both_routes_write_the_same_order(route):
    pre_social = FirmFactory(designation={"kind": "pre_social_regional"})
    DesignationFactory(firm=pre_social, kind="village_enterprise")
    tiered = ProductFactory(firm=pre_social, price=9_000, stock=20, unit="봉")
    product_set_price_tiers(product=tiered, tiers=[{"min_quantity": 5, "unit_price": 8_000}])
    same_firm = ProductFactory(firm=pre_social, price=3_000, stock=4)
    other = ProductFactory(price=15_000, stock=2)
    buyer = UserFactory(district=pre_social.district)
    cart = filled_cart(buyer, (other, 2), (tiered, 6), (same_firm, 1))

    order = order_place(buyer=buyer, cart=cart, shipping=SHIPPING)

    written = _written(order)
    assert written["order"] == {
        "buyer_id": buyer.pk,
        "buyer_district_id": buyer.district_id,
        "buyer_kind": "citizen",
        "status": "pending_payment",
        "currency": "KRW",
        "items_total": 6 * 8_000 + 3_000 + 2 * 15_000,
        "shipping_total": 0,
        "total": 6 * 8_000 + 3_000 + 2 * 15_000,
    }
    assert written["parts"] == sorted(
        [(pre_social.pk, "pending", 6 * 8_000 + 3_000, 0), (other.firm_id, "pending", 2 * 15_000, 0)]
    )
    district = pre_social.district_id
    assert written["lines"] == sorted(
        [
            (
                tiered.pk,
                pre_social.pk,
                pre_social.pk,
                tiered.title,
                "봉",
                8_000,
                6,
                48_000,
                "pre_social_regional",
                district,
            ),
            (
                same_firm.pk,
                pre_social.pk,
                pre_social.pk,
                same_firm.title,
                "개",
                3_000,
                1,
                3_000,
                "pre_social_regional",
                district,
            ),
            (
                other.pk,
                other.firm_id,
                other.firm_id,
                other.title,
                "개",
                15_000,
                2,
                30_000,
                "social_enterprise",
                other.firm.district_id,
            ),
        ]
    )
    assert written["reservations"] == sorted(
        [(tiered.pk, 6, "active", None), (same_firm.pk, 1, "active", None), (other.pk, 2, "active", None)]
    )
    assert written["events"] == [("placed", buyer.pk, "pending_payment")]
    assert dict(Product.objects.filter(pk__in=[tiered.pk, same_firm.pk, other.pk]).values_list("pk", "stock")) == {
        tiered.pk: 14,
        same_firm.pk: 3,
        other.pk: 0,
    }
    assert not CartItem.objects.filter(cart=cart).exists()
    assert Order.objects.get(pk=order.pk).number == order.number  # the object returned is the stored order


def test_the_stock_guard_refuses_more_than_there_is_and_keeps_nothing(route):
    product = ProductFactory(stock=3)
    buyer = UserFactory()
    cart = filled_cart(buyer, (product, 2))
    order = Order(
        number="GM-GUARD-1",
        buyer=buyer,
        items_total=4 * product.price,
        total=4 * product.price,
        reservation_expires_at=product.created_at,
        **{f"shipping_{k}": v for k, v in SHIPPING.items()},
    )
    bad = Placement(
        order=order,
        fulfilments=[Fulfilment(firm_id=product.firm_id, items_total=4 * product.price)],
        lines=[
            OrderLine(
                product=product,
                firm_id=product.firm_id,
                title=product.title,
                unit=product.unit,
                unit_price=product.price,
                quantity=4,
                line_total=4 * product.price,
                firm_kind="",
                firm_district_id=product.firm.district_id,
            )
        ],
        reservations=[StockReservation(product=product, quantity=4)],
        event=OrderEvent(actor=buyer, kind="placed", to_status="pending_payment"),
        cart_id=cart.pk,
        taken={product.pk: 4},  # one more than the 3 in stock: the guard (stock >= quantity) fails
    )

    with pytest.raises(StockChanged), transaction.atomic():
        write_placement(bad)

    product.refresh_from_db()
    assert product.stock == 3
    assert not Order.objects.filter(number="GM-GUARD-1").exists()
    assert CartItem.objects.filter(cart=cart).count() == 1
