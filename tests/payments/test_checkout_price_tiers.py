"""A citizen's card checkout charges each line's volume price tier, end to end through the API against the real
localstripe server: the order lines, the firm's part, the payment intent and the firm's settlement all carry it."""

import pytest

from market.catalog.services import product_set_price_tiers
from market.orders.models import OrderLine
from market.payments.models import SettlementEntry
from tests.payments.localstripe import localstripe_get
from tests.payments.test_checkout_flow import checkout, confirm

pytestmark = pytest.mark.django_db


def test_checkout_charges_the_tier_price_for_each_lines_quantity(
    stripe_server, buyer_client, shop, django_capture_on_commit_callbacks
):
    sellers, (cookie, soap) = shop  # 12,000 won x 5 in stock; 8,000 won x 3 in stock
    product_set_price_tiers(
        product=cookie, tiers=[{"min_quantity": 3, "unit_price": 11_000}, {"min_quantity": 5, "unit_price": 10_000}]
    )
    product_set_price_tiers(product=soap, tiers=[{"min_quantity": 3, "unit_price": 7_000}])
    with django_capture_on_commit_callbacks(execute=True):
        order = checkout(buyer_client, [cookie, soap], quantities=(4, 2))  # 4 cookies: 3+ tier; 2 soaps: none

    assert order["total"] == 4 * 11_000 + 2 * 8_000
    lines = {line.product_id: line for line in OrderLine.objects.filter(order_id=order["id"])}
    assert (lines[cookie.pk].unit_price, lines[cookie.pk].line_total) == (11_000, 44_000)
    assert (lines[soap.pk].unit_price, lines[soap.pk].line_total) == (8_000, 16_000)
    shown = [line for part in order["fulfilments"] for line in part["lines"]]
    assert sorted((line["unit_price"], line["line_total"]) for line in shown) == [(8_000, 16_000), (11_000, 44_000)]
    assert sorted(part["items_total"] for part in order["fulfilments"]) == [16_000, 44_000]
    stored = localstripe_get(f"/v1/payment_intents/{order['payment']['intent_id']}")
    assert stored["amount"] == 60_000 and stored["currency"] == "krw"

    with django_capture_on_commit_callbacks(execute=True):
        paid = confirm(buyer_client, order["id"])
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    sale = SettlementEntry.objects.get(firm=sellers[0].firm_membership.firm, kind="sale")
    assert sale.amount == 44_000
