"""A seller's sales report (market/reports/seller.py and its API) against a hand-built ledger.

The seller's firm is in Mapo-gu (11440). Its ledger, in 2026:
- 30 May (Sat): a Mapo buyer (the firm's own district) pays 2 × cookies (12,000) + 1 × soap (5,000) = 29,000;
- 2 June: a Jongno buyer (11110) pays 1 × cookies = 12,000, in an order with another firm's tea (8,000: not ours);
- 3 June: a Seocho buyer (11650) pays 2 × cookies = 24,000 at the real localstripe, with the other firm's tea; the
  firm cancels its part and the gateway refunds 24,000, booked on 10 June;
- 5 June: a Gangnam agency (11680) accepts 10 × cookies at 11,000 = 110,000 and rejects 4 × a free-text item at
  5,000 (no sale); on 12 June it is refunded 22,000 of the accepted line.
Totals: gross 175,000, refunds 46,000, net 129,000, 16 units, 5 lines; to Mapo buyers 29,000.
"""

import datetime
import io

import pytest
from openpyxl import load_workbook

from market.firms.models import District
from market.orders.models import Order
from market.orders.services import order_mark_paid, order_place
from market.payments.models import LedgerKind, PaymentLedgerEntry, SettlementEntry
from market.payments.services import fulfilment_cancel_and_refund
from market.payments.settlement import firm_balances
from market.procurement.models import PurchaseLine
from market.procurement.services.deliveries import agency_refund, invoice_issue, invoice_mark_paid
from market.reports.filters import parse_report_filters
from market.reports.sales import refresh_sales_days, sales_days_computed_at
from market.reports.seller import report_csv, report_xlsx, seller_sales_report
from tests.conftest import client_for
from tests.factories import OperatorFactory, ProductFactory, SellerFactory, UserFactory
from tests.orders.test_orders import SHIPPING, filled_cart
from tests.payments.test_payable_rules import paid_order, part_of
from tests.procurement.factories import AgencyFactory, agency_member, ordered_purchase
from tests.procurement.test_deliveries import Deal

pytestmark = pytest.mark.django_db
SEOUL = datetime.timezone(datetime.timedelta(hours=9))
D = datetime.date
MAPO, JONGNO, SEOCHO, GANGNAM = "11440", "11110", "11650", "11680"


def at(day: datetime.date, hour=12) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SEOUL)


def buyer_in(district: str):
    return UserFactory(district=District.objects.get(code=district))


def citizen_order(buyer, *items, paid_on):
    order = order_place(buyer=buyer, cart=filled_cart(buyer, *items), shipping=SHIPPING)
    order_mark_paid(order_id=order.pk)
    Order.objects.filter(pk=order.pk).update(paid_at=at(paid_on))
    return order


def agency_deal(firm, seller, lines) -> Deal:
    """Deal (tests/procurement) for this firm, bought by a Gangnam agency."""
    deal = Deal.__new__(Deal)
    deal.purchase = ordered_purchase(
        agency=AgencyFactory(district=District.objects.get(code=GANGNAM)),
        firm=firm,
        lines=lines,
        approved_on=D(2026, 5, 20),
    )
    deal.lines = list(deal.purchase.lines.order_by("pk"))
    deal.seller = seller
    deal.inspector = agency_member(deal.purchase.agency, "inspector")
    deal.operator = OperatorFactory()
    return deal


@pytest.fixture
def ledger(stripe_server, buyer, buyer_client, django_capture_on_commit_callbacks):
    seller = SellerFactory()
    firm = seller.firm_membership.firm
    assert firm.district_id == MAPO
    other = SellerFactory()
    cookies = ProductFactory(firm=firm, title="수제 쿠키", price=12_000, stock=50)
    soap = ProductFactory(firm=firm, title="천연 비누", price=5_000, stock=50)
    tea = ProductFactory(firm=other.firm_membership.firm, title="유기농 차", price=8_000, stock=50)

    citizen_order(buyer_in(MAPO), (cookies, 2), (soap, 1), paid_on=D(2026, 5, 30))
    citizen_order(buyer_in(JONGNO), (cookies, 1), (tea, 1), paid_on=D(2026, 6, 2))

    buyer.district = District.objects.get(code=SEOCHO)
    buyer.save(update_fields=["district"])
    order = paid_order(buyer_client, [cookies, tea], quantities=(2, 1))
    Order.objects.filter(pk=order["id"]).update(paid_at=at(D(2026, 6, 3)))
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment_cancel_and_refund(fulfilment_id=part_of(order, seller).pk, actor=seller, reason="재고 부족")
    refund = PaymentLedgerEntry.objects.get(kind=LedgerKind.REFUND, fulfilment__firm=firm)
    assert refund.amount == 24_000
    PaymentLedgerEntry.objects.filter(pk=refund.pk).update(created_at=at(D(2026, 6, 10)))

    deal = agency_deal(firm, seller, lines=((10, 11_000, False), (4, 5_000, True)))
    PurchaseLine.objects.filter(pk=deal.lines[0].pk).update(product=cookies)  # the second is a free-text line
    delivery = deal.deliver(10, 4, on=D(2026, 6, 1))
    deal.inspect(delivery, "accepted", "규격 불일치", on=D(2026, 6, 5))
    invoice = invoice_issue(delivery_id=delivery.pk, actor=seller)
    invoice_mark_paid(invoice_id=invoice.pk, actor=deal.operator, reference="국민 1")
    line = delivery.lines.order_by("purchase_line_id").first()
    agency_refund(
        delivery_line_id=line.pk, actor=deal.operator, amount=22_000, reason="2개 불량", refunded_on=D(2026, 6, 12)
    )

    # A settlement entry of our own, so the balance is not only what the flows above happened to book.
    SettlementEntry.objects.create(firm=firm, kind="sale", amount=7_000, key="test:report-balance")

    refresh_sales_days()
    return {"seller": seller, "firm": firm, "other": other, "cookies": cookies, "soap": soap}


def report(firm, **params):
    params = {"from": "2026-05-25", "to": "2026-06-14", **params}
    return seller_sales_report(
        firm=firm, filters=parse_report_filters(params, allow=("from", "to", "granularity", "channel"))
    )


def figures(f):
    return (f.gross, f.refunds, f.net, f.quantity, f.lines)


def test_every_figure_matches_the_ledger(ledger):
    firm = ledger["firm"]
    r = report(firm, granularity="week")

    assert figures(r.totals) == (175_000, 46_000, 129_000, 16, 5)
    assert (r.local_gross, r.local_refunds, r.local_net) == (29_000, 0, 29_000)
    assert [(p.period, figures(p.figures)) for p in r.series] == [
        (D(2026, 5, 25), (29_000, 0, 29_000, 3, 2)),
        (D(2026, 6, 1), (146_000, 0, 146_000, 13, 3)),
        (D(2026, 6, 8), (0, 46_000, -46_000, 0, 0)),
    ]
    cookies, soap = ledger["cookies"], ledger["soap"]
    assert [(p.product_id, p.title, p.figures.gross, p.figures.quantity, p.figures.lines) for p in r.top_products] == [
        (cookies.pk, "수제 쿠키", 170_000, 15, 4),
        (soap.pk, "천연 비누", 5_000, 1, 1),
    ]
    assert r.product_count == 2 and figures(r.other_products) == (0, 0, 0, 0, 0)
    assert [(c.channel, figures(c.figures)) for c in r.by_channel] == [
        ("citizen", (65_000, 24_000, 41_000, 6, 4)),
        ("agency", (110_000, 22_000, 88_000, 10, 1)),
    ]
    assert [(d.district, d.own, figures(d.figures)) for d in r.by_district] == [
        (GANGNAM, False, (110_000, 22_000, 88_000, 10, 1)),
        (MAPO, True, (29_000, 0, 29_000, 3, 2)),
        (JONGNO, False, (12_000, 0, 12_000, 1, 1)),
        (SEOCHO, False, (24_000, 24_000, 0, 2, 1)),
    ]
    assert r.by_district[0].name_ko == "강남구"
    assert r.balances == firm_balances(firm=firm) and r.balances["sales"] >= 7_000
    assert r.computed_at == sales_days_computed_at() is not None


def test_periods_are_continuous_at_each_granularity(ledger):
    firm = ledger["firm"]
    days = report(firm, granularity="day").series
    assert len(days) == 21 and days[0].period == D(2026, 5, 25) and days[-1].period == D(2026, 6, 14)
    assert {p.period: p.figures.net for p in days if p.figures.gross or p.figures.refunds} == {
        D(2026, 5, 30): 29_000,
        D(2026, 6, 2): 12_000,
        D(2026, 6, 3): 24_000,
        D(2026, 6, 5): 110_000,
        D(2026, 6, 10): -24_000,
        D(2026, 6, 12): -22_000,
    }
    months = report(firm, granularity="month", **{"from": "2026-04-01", "to": "2026-07-31"}).series
    assert [(p.period, p.figures.gross, p.figures.refunds) for p in months] == [
        (D(2026, 4, 1), 0, 0),
        (D(2026, 5, 1), 29_000, 0),
        (D(2026, 6, 1), 146_000, 46_000),
        (D(2026, 7, 1), 0, 0),
    ]


def test_the_period_and_channel_bound_the_figures(ledger):
    firm = ledger["firm"]
    # 2–5 June: the Jongno and Seocho sales and the agency's acceptance; no refund yet.
    r = report(firm, **{"from": "2026-06-02", "to": "2026-06-05"})
    assert figures(r.totals) == (146_000, 0, 146_000, 13, 3)
    agency = report(firm, channel="agency")
    assert figures(agency.totals) == (110_000, 22_000, 88_000, 10, 1)
    assert [d.district for d in agency.by_district] == [GANGNAM]
    assert [figures(c.figures) for c in agency.by_channel][0] == (0, 0, 0, 0, 0)


def test_top_products_and_the_rest_add_up(ledger):
    r = seller_sales_report(
        firm=ledger["firm"],
        filters=parse_report_filters({"from": "2026-05-25", "to": "2026-06-14"}),
        top=1,
    )
    assert [p.title for p in r.top_products] == ["수제 쿠키"]
    assert (r.other_products.gross, r.other_products.quantity, r.other_products.lines) == (5_000, 1, 1)
    assert r.product_count == 2


def test_the_report_is_three_statements_whatever_it_holds(ledger, django_assert_max_num_queries):
    """Its tables in one statement, then when SalesDay was computed and the settlement balance: a small firm's
    report is round trips, not work. The same for a firm with sales and one with none (its totals still zeros)."""
    seller = SellerFactory()
    for firm in (ledger["firm"], seller.firm_membership.firm):
        filters = parse_report_filters({"from": "2026-05-25", "to": "2026-06-14", "granularity": "day"})
        with django_assert_max_num_queries(3):
            r = seller_sales_report(firm=firm, filters=filters)
        assert len(r.series) == 21
    assert figures(r.totals) == (0, 0, 0, 0, 0) and r.top_products == [] and r.product_count == 0
    assert [figures(c.figures) for c in r.by_channel] == [(0, 0, 0, 0, 0)] * 2 and r.by_district == []


def test_another_firm_sees_only_its_own_sales(ledger):
    r = report(ledger["other"].firm_membership.firm)
    # Its tea: 8,000 on 2 June and 8,000 on 3 June; nothing of our firm.
    assert figures(r.totals) == (16_000, 0, 16_000, 2, 2)
    assert [p.title for p in r.top_products] == ["유기농 차"]


def test_exports_hold_the_same_numbers(ledger):
    r = report(ledger["firm"], granularity="month")
    book = load_workbook(io.BytesIO(report_xlsx(r)), read_only=True)
    assert book.sheetnames == ["기간별", "상품별", "경로별", "구매자 자치구별"]
    series = [row for row in book["기간별"].iter_rows(values_only=True)]
    assert series[0][:3] == ("기간 시작 (period start)", "판매액 (gross)", "환불액 (refunds)")
    assert [row[1:] for row in series[1:]] == [
        (29_000, 0, 29_000, 3, 2),
        (146_000, 46_000, 100_000, 13, 3),
        (175_000, 46_000, 129_000, 16, 5),
    ]
    assert series[1][0].date() == D(2026, 5, 1) and series[-1][0] == "합계 (total)"
    products = list(book["상품별"].iter_rows(values_only=True))
    assert [row[1:4] for row in products[1:]] == [("수제 쿠키", 170_000, 15), ("천연 비누", 5_000, 1), (
        "환불 (refunds, by no product)", -46_000, None)]  # fmt: skip
    channels = list(book["경로별"].iter_rows(values_only=True))
    assert [row[1:] for row in channels[1:]] == [
        (65_000, 24_000, 41_000, 6, 4),
        (110_000, 22_000, 88_000, 10, 1),
        (175_000, 46_000, 129_000, 16, 5),
    ]
    districts = list(book["구매자 자치구별"].iter_rows(values_only=True))
    assert [(row[0], row[4]) for row in districts[1:]] == [
        (GANGNAM, 88_000),
        (MAPO, 29_000),
        (JONGNO, 12_000),
        (SEOCHO, 0),
    ]

    csv = report_csv(r, "series")
    assert csv.startswith("\ufeff") and "2026-06-01,146000,46000,100000,13,3" in csv.splitlines()


# --- the API ----------------------------------------------------------------------------------------------------------
URL = "/api/v1/seller/reports/sales/"


def test_the_api_serves_the_sellers_own_figures(ledger):
    api = client_for(ledger["seller"])
    body = api.get(URL, {"from": "2026-05-25", "to": "2026-06-14", "granularity": "week"}).json()
    assert body["totals"] == {"gross": 175_000, "refunds": 46_000, "net": 129_000, "quantity": 16, "lines": 5}
    assert [s["net"] for s in body["series"]] == [29_000, 146_000, -46_000]
    assert body["series"][0]["period"] == "2026-05-25" and body["granularity"] == "week"
    assert body["local"] == {"gross": 29_000, "refunds": 0, "net": 29_000}
    assert [c["channel"] for c in body["by_channel"]] == ["citizen", "agency"]
    assert body["balances"] == firm_balances(firm=ledger["firm"])
    assert body["computed_at"] and body["refresh_seconds"] > 0

    other = client_for(ledger["other"]).get(URL, {"from": "2026-05-25", "to": "2026-06-14"}).json()
    assert other["totals"]["gross"] == 16_000
    assert {p["title"] for p in other["top_products"]} == {"유기농 차"}
    assert other["balances"] == firm_balances(firm=ledger["other"].firm_membership.firm)


def test_the_api_exports(ledger):
    api = client_for(ledger["seller"])
    params = {"from": "2026-05-25", "to": "2026-06-14", "granularity": "month"}
    response = api.get(URL + "export.xlsx", params)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="sales-month-2026-05-25-2026-06-14.xlsx"'
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert [row[3] for row in book["기간별"].iter_rows(min_row=2, values_only=True)] == [29_000, 100_000, 129_000]
    csv = api.get(URL + "export.csv", {**params, "table": "channels"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[1] == "시민 구매 (citizen),65000,24000,41000,6,4"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-06-31"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"from": "2026-06-14", "to": "2026-05-25"}, "from"),
        ({"granularity": "hour"}, "granularity"),
        ({"channel": "market"}, "channel"),
        ({"from": "2020-01-01", "to": "2026-01-01", "granularity": "day"}, "from"),
    ],
)
def test_bad_filters_are_a_400_naming_the_field(params, field):
    api = client_for(SellerFactory())
    for path in ("", "export.csv", "export.xlsx"):
        response = api.get(URL + path, params)
        assert response.status_code == 400, response.content
        error = response.json()["error"]
        assert error["field"] == field and error["message"]


def test_an_unknown_export_table_is_a_400():
    response = client_for(SellerFactory()).get(URL + "export.csv", {"table": "secrets"})
    assert response.status_code == 400 and response.json()["error"]["field"] == "table"


def test_only_sellers_read_it(api_client):
    assert api_client.get(URL).status_code in (401, 403)
    assert client_for(UserFactory()).get(URL).status_code == 403
    empty = client_for(SellerFactory()).get(URL, {"granularity": "day"}).json()
    assert len(empty["series"]) == 30 and all(p["gross"] == 0 for p in empty["series"])
    assert empty["top_products"] == [] and empty["by_district"] == []
