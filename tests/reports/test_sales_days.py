"""What counts as a sale and a refund, on which day (market/reports/sales.py), and the job that pre-aggregates them
into SalesDay: each source lands in its own columns, a sale paid late in the evening belongs to Seoul's day, a
rejected line is no sale, an unpaid order is none, and a second rebuild gives the same table."""

import datetime

import pytest
from django.db.models import Sum
from django.utils import timezone

from market.orders.models import Order
from market.orders.services import order_mark_paid, order_place
from market.payments.services import fulfilment_cancel_and_refund
from market.procurement.services.deliveries import agency_refund, invoice_issue, invoice_mark_paid
from market.reports.models import ReportRefresh, SalesDay
from market.reports.sales import SALES_DAYS, refresh_sales_days, sales_days_computed_at
from market.reports.tasks import refresh_sales_reports
from tests.factories import ProductFactory, UserFactory
from tests.orders.test_orders import SHIPPING, filled_cart
from tests.payments.test_payable_rules import paid_order, part_of
from tests.procurement.test_deliveries import Deal

pytestmark = pytest.mark.django_db
SEOUL = datetime.timezone(datetime.timedelta(hours=9))


def rows():
    return sorted(
        SalesDay.objects.values_list(
            "day",
            "channel",
            "firm_id",
            "firm_kind",
            "firm_district_id",
            "buyer_district_id",
            "product_id",
            "quantity",
            "lines",
            "gross",
            "refunds",
        ),
        key=repr,
    )


def citizen_order(buyer, *items, paid_at=None):
    order = order_place(buyer=buyer, cart=filled_cart(buyer, *items), shipping=SHIPPING)
    order_mark_paid(order_id=order.pk)
    if paid_at is not None:
        Order.objects.filter(pk=order.pk).update(paid_at=paid_at)
    return order


def test_each_source_lands_in_its_columns_on_its_seoul_day():
    buyer = UserFactory()
    soap, tea = ProductFactory(price=5_000, stock=50), ProductFactory(price=12_000, stock=50)
    # Paid at 23:30 on 31 May in Seoul, which is still 31 May 14:30 UTC … and 00:30 on 1 June is 31 May UTC.
    late = datetime.datetime(2026, 5, 31, 23, 30, tzinfo=SEOUL)
    early = datetime.datetime(2026, 6, 1, 0, 30, tzinfo=SEOUL)
    first = citizen_order(buyer, (soap, 2), (tea, 1), paid_at=late)
    citizen_order(buyer, (soap, 3), paid_at=early)
    unpaid = order_place(buyer=UserFactory(), cart=filled_cart(UserFactory(), (tea, 1)), shipping=SHIPPING)

    deal = Deal(lines=((10, 11_000, False), (4, 5_000, True)))
    delivery = deal.deliver(10, 4)
    accepted_on = timezone.localdate() - datetime.timedelta(days=1)
    deal.inspect(delivery, "accepted", "포장 파손", on=accepted_on)  # the second line is rejected: no sale
    invoice = invoice_issue(delivery_id=delivery.pk, actor=deal.seller)
    invoice_mark_paid(invoice_id=invoice.pk, actor=deal.operator, reference="국민 1")
    line = delivery.lines.order_by("purchase_line_id").first()
    agency_refund(delivery_line_id=line.pk, actor=deal.operator, amount=22_000, reason="2개 불량")

    refresh = refresh_sales_days()

    soap_line = first.lines.get(product=soap)
    firm, district = soap_line.firm_id, soap_line.firm_district_id
    tea_line = first.lines.get(product=tea)
    purchase = deal.purchase
    expected = sorted(
        [
            (datetime.date(2026, 5, 31), "citizen", firm, soap_line.firm_kind, district, first.buyer_district_id,
             soap.pk, 2, 1, 10_000, 0),
            (datetime.date(2026, 5, 31), "citizen", tea_line.firm_id, tea_line.firm_kind,
             tea_line.firm_district_id, first.buyer_district_id, tea.pk, 1, 1, 12_000, 0),
            (datetime.date(2026, 6, 1), "citizen", firm, soap_line.firm_kind, district, first.buyer_district_id,
             soap.pk, 3, 1, 15_000, 0),
            (accepted_on, "agency", purchase.firm_id, delivery.firm_kind if delivery.firm_kind else "",
             purchase.firm_district_id, purchase.agency_district_id, line.purchase_line.product_id, 10, 1, 110_000, 0),
            (timezone.localdate(), "agency", purchase.firm_id, delivery.firm_kind if delivery.firm_kind else "",
             purchase.firm_district_id, purchase.agency_district_id, None, 0, 0, 0, 22_000),
        ],
        key=repr,
    )  # fmt: skip
    delivery.refresh_from_db()
    expected = [row if row[1] == "citizen" else (*row[:3], delivery.firm_kind, *row[4:]) for row in expected]
    assert rows() == sorted(expected, key=repr)
    assert unpaid.lines.exists()  # … and none of its lines is a sale
    assert refresh.rows == 5 and sales_days_computed_at() == refresh.computed_at

    # A rebuild gives the same table and a new time.
    before = rows()
    refresh_sales_reports()
    assert rows() == before
    assert ReportRefresh.objects.get(name=SALES_DAYS).computed_at >= refresh.computed_at


def test_a_refunded_citizen_part_is_taken_back_on_the_day_it_was_booked(
    stripe_server, buyer_client, shop, django_capture_on_commit_callbacks
):
    """Paid yesterday at the real localstripe; today the firm cancels its part and the gateway refunds it: the sale
    stays yesterday's, the refund is today's, on the part's firm, kind and districts, with no product."""
    sellers, products = shop
    order = paid_order(buyer_client, products)  # 2 × 12,000 from the first firm, 1 × 8,000 from the second
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Order.objects.filter(pk=order["id"]).update(paid_at=yesterday)
    part = part_of(order, sellers[0])
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment_cancel_and_refund(fulfilment_id=part.pk, actor=sellers[0], reason="재고 부족")

    refresh_sales_days()

    line = part.lines.get()
    buyer_district = Order.objects.get(pk=order["id"]).buyer_district_id
    refunds = list(
        SalesDay.objects.filter(refunds__gt=0).values_list(
            "day", "channel", "firm_id", "firm_kind", "firm_district_id", "buyer_district_id", "product_id", "refunds"
        )
    )
    assert refunds == [
        (timezone.localdate(), "citizen", line.firm_id, line.firm_kind, line.firm_district_id, buyer_district, None,
         24_000)
    ]  # fmt: skip
    sold = SalesDay.objects.filter(gross__gt=0)
    assert set(sold.values_list("day", flat=True)) == {timezone.localdate(yesterday)}
    assert sold.aggregate(total=Sum("gross"))["total"] == 2 * 12_000 + 8_000
