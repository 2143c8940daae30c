"""The city's and districts' report (market/reports/city.py) against a hand-built ledger, its API, who may see it,
its exports, and the district officers' service.

The ledger (2025, three districts: 마포 MAPO, 종로 JONGNO, 강남 GANGNAM), every figure worked out by hand below:

  firm A (MAPO, social enterprise), B (JONGNO, pre-social regional), C (GANGNAM, cooperative)
  o0  paid 2024-12-20, buyer MAPO:     A 10,000                                  (the month before the period)
  o1  paid 2025-01-10, buyer MAPO:     A 30,000 (same district), B 20,000
  o2  paid 2025-02-05, buyer JONGNO:   A 50,000; A's part refunded 10,000 on 2025-02-20
  o3  paid 2025-02-10, buyer unknown:  C 15,000
  o4  paid 2025-03-03, buyer GANGNAM:  C 40,000 (same district); refunded in full on 2025-03-05
  o5  never paid:                      A 99,999 (no sale)
  agency of JONGNO: A's delivery accepted 2025-03-10, 110,000; 11,000 of it refunded on 2025-03-20
  (a second line rejected at inspection: no sale)
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from market.firms.models import Designation, DesignationStatus, District, FirmKind, VerificationStatus
from market.orders.models import Fulfilment, FulfilmentStatus, Order, OrderLine, OrderStatus
from market.payments.models import LedgerKind, Payment, PaymentLedgerEntry
from market.procurement.selectors.performance import REPORTED_KINDS
from market.reports.city import city_report, report_table
from market.reports.filters import ReportFilters
from market.reports.models import DistrictOfficer
from market.reports.sales import refresh_sales_days
from market.reports.services import officer_appoint, officer_remove
from market.reports.tasks import refresh_sales_reports
from tests.conftest import client_for
from tests.factories import FirmFactory, OperatorFactory, ProductFactory, SellerFactory, UserFactory
from tests.procurement.factories import AgencyFactory, ordered_purchase
from tests.procurement.test_performance_ledger import ACCEPT, REJECT, deliver, refund

pytestmark = pytest.mark.django_db

D = datetime.date
SEOUL = datetime.timezone(datetime.timedelta(hours=9))
MAPO, JONGNO, GANGNAM = "11440", "11110", "11680"
PERIOD = ReportFilters(date_from=D(2025, 1, 1), date_to=D(2025, 3, 31))
Q = "from=2025-01-01&to=2025-03-31"


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=SEOUL)


def district(code):
    return District.objects.get(code=code)


def make_firm(code, *designations, status=VerificationStatus.VERIFIED):
    """A firm in `code` holding `designations`: (kind, start, end, status, revoked_on)."""
    firm = FirmFactory(district=district(code), designation=False, verification_status=status)
    for kind, start, end, *rest in designations:
        status_, revoked_on = (*rest, DesignationStatus.ACTIVE, None)[:2] if not rest else (*rest, None)[:2]
        Designation.objects.create(
            firm=firm, kind=kind, start_date=start, end_date=end, status=status_, revoked_on=revoked_on
        )
    return firm


_orders = iter(range(1, 10_000))


def citizen_order(buyer_district, paid_on, *parts, status=OrderStatus.PAID):
    """An order of `buyer_district` (None: unknown) paid on `paid_on` (None: unpaid): `parts` are (firm, kind as
    stored, [line totals]). Returns its parts (fulfilments) in order."""
    total = sum(sum(amounts) for _firm, _kind, amounts in parts)
    order = Order.objects.create(
        number=f"CITY-{next(_orders)}",
        buyer=UserFactory(),
        buyer_district=district(buyer_district) if buyer_district else None,
        status=status if paid_on else OrderStatus.PENDING_PAYMENT,
        items_total=total,
        total=total,
        shipping_name="홍길동",
        shipping_phone="010-0000-0000",
        shipping_postal_code="04000",
        shipping_address1="서울특별시",
        reservation_expires_at=timezone.now(),
        paid_at=at(paid_on) if paid_on else None,
    )
    Payment.objects.create(order=order, intent_id=f"pi_{order.number}", amount=total)
    fulfilments = []
    for firm, kind, amounts in parts:
        fulfilment = Fulfilment.objects.create(
            order=order, firm=firm, status=FulfilmentStatus.CONFIRMED, items_total=sum(amounts)
        )
        for amount in amounts:
            OrderLine.objects.create(
                order=order,
                fulfilment=fulfilment,
                product=None,
                firm=firm,
                title="상품",
                unit="개",
                unit_price=amount,
                quantity=1,
                line_total=amount,
                firm_kind=kind,
                firm_district=firm.district,
            )
        fulfilments.append(fulfilment)
    return fulfilments


def refund_part(fulfilment, amount, on):
    PaymentLedgerEntry.objects.create(
        payment=fulfilment.order.payment,
        fulfilment=fulfilment,
        kind=LedgerKind.REFUND,
        amount=amount,
        external_id=f"re_{fulfilment.pk}_{on}",
        created_at=at(on),
    )


@pytest.fixture
def ledger():
    se, pre, coop = FirmKind.SOCIAL_ENTERPRISE, FirmKind.PRE_SOCIAL_REGIONAL, FirmKind.COOPERATIVE
    a = make_firm(MAPO, (se, D(2020, 1, 1), None), (coop, D(2024, 1, 1), D(2025, 3, 31)))  # ends on the last day
    b = make_firm(
        JONGNO,
        (pre, D(2024, 6, 1), D(2027, 5, 31)),
        (FirmKind.SELF_SUFFICIENCY, D(2023, 1, 1), D(2024, 12, 31)),  # its first day out: 2025-01-01, a lapse
    )
    c = make_firm(
        GANGNAM,
        (coop, D(2019, 1, 1), None),
        (FirmKind.SOCIAL_VENTURE, D(2025, 1, 15), None),  # new in the period
    )
    # E: its only designation expired on 2025-02-14 (a lapse); reported as "none" on 2025-03-31.
    make_firm(MAPO, (FirmKind.SOCIAL_VENTURE, D(2023, 1, 1), D(2025, 2, 14)))
    # F: a village enterprise new in the period; a certificate revoked from 2025-03-15 (a lapse); a row recorded
    # as revoked before it ever counted (never in force: neither new nor a lapse).
    make_firm(
        JONGNO,
        (FirmKind.VILLAGE_ENTERPRISE, D(2025, 2, 1), None),
        (se, D(2020, 1, 1), None, DesignationStatus.REVOKED, D(2025, 3, 15)),
        (FirmKind.SOCIAL_VENTURE, D(2025, 1, 20), None, DesignationStatus.REVOKED, None),
    )
    # A firm still awaiting verification: not counted, nor its pending designation new.
    make_firm(MAPO, (se, D(2025, 1, 5), None, DesignationStatus.PENDING), status=VerificationStatus.PENDING)

    # Listings now: A two public and a draft, B one, C none.
    ProductFactory(firm=a)
    ProductFactory(firm=a)
    ProductFactory(firm=a, status="draft")
    ProductFactory(firm=b)

    citizen_order(MAPO, D(2024, 12, 20), (a, se, [10_000]))
    citizen_order(MAPO, D(2025, 1, 10), (a, se, [30_000]), (b, pre, [20_000]))
    (o2,) = citizen_order(JONGNO, D(2025, 2, 5), (a, se, [20_000, 30_000]))
    refund_part(o2, 10_000, D(2025, 2, 20))
    citizen_order(None, D(2025, 2, 10), (c, coop, [15_000]), status=OrderStatus.CLOSED)
    (o4,) = citizen_order(GANGNAM, D(2025, 3, 3), (c, coop, [40_000]))
    refund_part(o4, 40_000, D(2025, 3, 5))
    citizen_order(MAPO, None, (a, se, [99_999]))

    agency = AgencyFactory(district=district(JONGNO))
    purchase = ordered_purchase(agency=agency, firm=a, lines=((10, 11_000, False), (2, 5_000, False)))
    delivery = deliver(purchase, D(2025, 3, 10), [(0, 10, ACCEPT), (1, 2, REJECT)])
    refund(delivery, 0, 11_000, D(2025, 3, 20))

    refresh_sales_days()
    return {"a": a, "b": b, "c": c, "agency": agency}


def by_code(rows):
    return {(row.district.code if row.district else None): row for row in rows}


def test_sales_by_seller_and_buyer_district_match_the_ledger(ledger):
    report = city_report(PERIOD)
    sellers = by_code(report.by_seller_district)
    assert len(sellers) == 25
    # MAPO's firm A: 30,000 + 50,000 + the agency's 110,000; refunds 10,000 + 11,000; to MAPO buyers 30,000.
    mapo = sellers[MAPO]
    assert (mapo.sales.gross, mapo.sales.refunds, mapo.sales.net) == (190_000, 21_000, 169_000)
    assert (mapo.local_net, mapo.local_share) == (30_000, Decimal("0.1775"))  # 30,000 / 169,000 = 0.17751…
    # JONGNO's firm B: 20,000 to a MAPO buyer.
    assert (sellers[JONGNO].sales.net, sellers[JONGNO].local_net, sellers[JONGNO].local_share) == (20_000, 0, 0)
    # GANGNAM's firm C: 15,000 + 40,000, the 40,000 to its own district refunded in full.
    gangnam = sellers[GANGNAM]
    assert (gangnam.sales.gross, gangnam.sales.refunds, gangnam.local_net) == (55_000, 40_000, 0)
    assert gangnam.local_share == Decimal("0.0000")
    assert sellers["11650"].sales.gross == 0 and sellers["11650"].local_share is None
    assert (report.totals.gross, report.totals.refunds, report.totals.net) == (265_000, 61_000, 204_000)

    buyers = by_code(report.by_buyer_district)
    assert len(buyers) == 26  # every district and "unknown"
    assert (buyers[MAPO].sales.gross, buyers[MAPO].sales.net, buyers[MAPO].local_net) == (50_000, 50_000, 30_000)
    # JONGNO's citizen 50,000 − 10,000 and its agency 110,000 − 11,000.
    assert (buyers[JONGNO].sales.gross, buyers[JONGNO].sales.refunds, buyers[JONGNO].sales.net) == (
        160_000,
        21_000,
        139_000,
    )
    assert (buyers[GANGNAM].sales.gross, buyers[GANGNAM].sales.net) == (40_000, 0)
    assert buyers[None].sales.net == 15_000


def test_local_circulation_month_growth_and_public_purchasing(ledger):
    report = city_report(PERIOD)
    local = report.local
    assert (local.total_net, local.same_district_net, local.seoul_net) == (204_000, 30_000, 189_000)
    assert local.same_district_share == Decimal("0.1471")  # 30,000 / 204,000 = 0.14705…
    assert local.seoul_share == Decimal("0.9265")  # 189,000 / 204,000 = 0.92647…

    months = [(m.month, m.sales.gross, m.sales.refunds, m.sales.net, m.local_net, m.growth) for m in report.months]
    assert months == [
        (D(2025, 1, 1), 50_000, 0, 50_000, 30_000, Decimal("4.0000")),  # December's 10,000 → 50,000
        (D(2025, 2, 1), 65_000, 10_000, 55_000, 0, Decimal("0.1000")),
        (D(2025, 3, 1), 150_000, 51_000, 99_000, 0, Decimal("0.8000")),  # 44,000 / 55,000
    ]

    (year,) = report.purchasing
    assert (year.year, year.sales.gross, year.sales.refunds, year.sales.net) == (2025, 110_000, 11_000, 99_000)
    assert year.goal_share == Decimal("0.0000")  # 99,000 of 200 bn
    figures = [(f.kind, f.year, f.amount, f.share) for f in report.city_figures]
    assert figures == [
        ("actual", 2012, 50_000_000_000, None),
        ("actual", 2017, 130_000_000_000, None),
        ("goal", None, 200_000_000_000, Decimal("0.0500")),
    ]
    assert report.computed_at is not None


def test_a_district_scope_takes_its_firms_as_sellers_and_its_buyers_as_buyers(ledger):
    report = city_report(ReportFilters(date_from=D(2025, 1, 1), date_to=D(2025, 3, 31), district=MAPO))
    assert [row.district.code for row in report.by_seller_district] == [MAPO]
    assert [row.district.code for row in report.by_buyer_district] == [MAPO]  # no "unknown" row
    assert report.by_seller_district[0].sales.net == 169_000
    assert report.by_buyer_district[0].sales.net == 50_000  # MAPO's buyers, from A and B
    assert (report.local.total_net, report.local.same_district_share, report.local.seoul_share) == (
        169_000,
        Decimal("0.1775"),
        Decimal("1.0000"),
    )
    # A alone: December 10,000; then 30,000, 40,000, 99,000.
    assert [(m.sales.net, m.growth) for m in report.months] == [
        (30_000, Decimal("2.0000")),
        (40_000, Decimal("0.3333")),
        (99_000, Decimal("1.4750")),
    ]
    assert report.purchasing[0].sales.net == 99_000
    assert [row.district.code for row in report.firms] == [MAPO]


def test_firm_kind_filter(ledger):
    report = city_report(ReportFilters(date_from=D(2025, 1, 1), date_to=D(2025, 3, 31), firm_kind="pre_social"))
    assert (report.totals.gross, report.totals.net) == (20_000, 20_000)
    firms = by_code(report.firms)
    assert (firms[JONGNO].firms, firms[JONGNO].listings, firms[JONGNO].active_sellers) == (1, 1, 1)
    assert firms[MAPO].firms == 0 and firms[MAPO].listings == 0


def test_firms_listings_active_sellers_designations_and_lapses(ledger):
    firms = by_code(city_report(PERIOD).firms)
    mapo, jongno, gangnam = firms[MAPO], firms[JONGNO], firms[GANGNAM]
    assert set(mapo.by_kind) == set(REPORTED_KINDS)
    assert (mapo.firms, mapo.by_kind["social_enterprise"], mapo.by_kind["none"]) == (2, 1, 1)  # A, and E
    assert (jongno.firms, jongno.by_kind["pre_social"], jongno.by_kind["village_enterprise"]) == (2, 1, 1)
    assert (gangnam.firms, gangnam.by_kind["cooperative"], gangnam.by_kind["social_venture"]) == (1, 1, 0)
    assert (mapo.listings, jongno.listings, gangnam.listings) == (2, 1, 0)
    assert (mapo.active_sellers, jongno.active_sellers, gangnam.active_sellers) == (1, 1, 1)
    # New: C's social venture (GANGNAM) and F's village enterprise (JONGNO); not the pending or never-valid rows.
    assert (mapo.new_designations, jongno.new_designations, gangnam.new_designations) == (0, 1, 1)
    # Lapses: E's expiry (MAPO); B's expiry on 2024-12-31 and F's revocation (JONGNO); A's coop ends on the last day.
    assert (mapo.lapses, jongno.lapses, gangnam.lapses) == (1, 2, 0)


def test_the_beat_job_rebuilds_and_a_change_of_orders_shows_after_it(ledger):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-refresh-sales"]
    assert entry["task"] == "market.reports.tasks.refresh_sales_reports"
    assert entry["schedule"] == float(settings.REPORTS_REFRESH_SECONDS)
    before = city_report(PERIOD).computed_at
    citizen_order(GANGNAM, D(2025, 3, 25), (ledger["c"], FirmKind.COOPERATIVE, [7_000]))
    assert by_code(city_report(PERIOD).by_seller_district)[GANGNAM].sales.gross == 55_000  # not yet
    refresh_sales_reports.apply().get()
    report = city_report(PERIOD)
    assert by_code(report.by_seller_district)[GANGNAM].sales.gross == 62_000
    assert report.local.same_district_net == 37_000
    assert report.computed_at > before


# --- the API --------------------------------------------------------------------------------------------------------
def officer_of(code):
    user = UserFactory()
    officer_appoint(actor=OperatorFactory(), user=user, district=district(code))
    return user


def test_operator_reads_the_city_report_json(ledger):
    response = client_for(OperatorFactory()).get(f"/api/v1/operator/reports/city/?{Q}")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["totals"] == {"gross": 265_000, "refunds": 61_000, "net": 204_000}
    assert data["local"]["same_district_share"] == "0.1471"
    assert [m["month"] for m in data["months"]] == ["2025-01", "2025-02", "2025-03"]
    assert data["months"][0]["growth"] == "4.0000"
    assert data["computed_at"] is not None
    mapo = next(row for row in data["by_seller_district"] if row["district"]["code"] == MAPO)
    assert mapo["sales"]["net"] == 169_000 and mapo["district"]["name_ko"] == "마포구"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2025-13-01", "from"),
        ("from=2025-03-01&to=2025-01-01", "from"),
        ("district=99999", "district"),
        ("firm_kind=bakery", "firm_kind"),
    ],
)
def test_bad_filters_are_a_400_naming_the_parameter(query, field):
    response = client_for(OperatorFactory()).get(f"/api/v1/operator/reports/city/?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field


def test_access_officer_sees_only_their_district(ledger, api_client):
    officer = officer_of(MAPO)
    client = client_for(officer)
    own = client.get(f"/api/v1/reports/districts/{MAPO}/?{Q}")
    assert own.status_code == 200
    data = own.json()
    assert [row["district"]["code"] for row in data["by_seller_district"]] == [MAPO]
    assert data["totals"]["net"] == 169_000
    # A district in the query does not widen (nor change) an officer's view.
    assert client.get(f"/api/v1/reports/districts/{MAPO}/?{Q}&district={JONGNO}").json()["totals"]["net"] == 169_000
    assert client.get(f"/api/v1/reports/districts/{JONGNO}/?{Q}").status_code == 403
    assert client.get(f"/api/v1/operator/reports/city/?{Q}").status_code == 403
    assert client.get(f"/api/v1/reports/districts/{JONGNO}/export.csv?table=districts").status_code == 403
    assert client.get("/api/v1/reports/access/").json()["district"]["code"] == MAPO
    # Another officer's removal takes the district away.
    officer_remove(actor=OperatorFactory(), officer=officer.district_office)
    assert client_for(officer).get(f"/api/v1/reports/districts/{MAPO}/?{Q}").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/operator/reports/city/",
        f"/api/v1/reports/districts/{MAPO}/",
        "/api/v1/reports/access/",
        "/api/v1/operator/reports/district-officers/",
    ],
)
def test_access_buyer_403_seller_403_anonymous_401(path, api_client):
    assert api_client.get(path).status_code == 401
    assert client_for(UserFactory()).get(path).status_code == 403
    assert client_for(SellerFactory()).get(path).status_code == 403


def test_operator_sees_any_district(ledger):
    client = client_for(OperatorFactory())
    assert client.get(f"/api/v1/reports/districts/{JONGNO}/?{Q}").json()["totals"]["net"] == 20_000
    assert client.get(f"/api/v1/operator/reports/city/?{Q}&district={GANGNAM}").json()["totals"]["net"] == 15_000
    assert client.get("/api/v1/reports/access/").json() == {"operator": True, "district": None}
    assert client.get("/api/v1/reports/districts/99999/").status_code == 404


def test_exports_csv_and_xlsx(ledger):
    client = client_for(OperatorFactory())
    csv_response = client.get(f"/api/v1/operator/reports/city/export.csv?{Q}&table=districts")
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    text = csv_response.content.decode("utf-8-sig")
    mapo_line = next(line for line in text.splitlines() if line.startswith(MAPO))
    assert mapo_line.split(",")[:7] == [MAPO, "마포구", "190000", "21000", "169000", "30000", "0.1775"]

    xlsx = client.get(f"/api/v1/operator/reports/city/export.xlsx?{Q}&table=months")
    assert xlsx.status_code == 200
    rows = list(load_workbook(io.BytesIO(xlsx.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[1:] == [
        ("2025-01", 50_000, 0, 50_000, 30_000, 4),
        ("2025-02", 65_000, 10_000, 55_000, 0, 0.1),
        ("2025-03", 150_000, 51_000, 99_000, 0, 0.8),
    ]
    purchasing = report_table(city_report(PERIOD), "purchasing")
    assert purchasing[1] == [2025, 110_000, 11_000, 99_000, Decimal("0.0000")]

    officer = client_for(officer_of(MAPO))
    own = officer.get(f"/api/v1/reports/districts/{MAPO}/export.xlsx?{Q}&table=districts")
    assert own.status_code == 200
    sheet = list(load_workbook(io.BytesIO(own.content)).worksheets[0].iter_rows(values_only=True))
    assert [row[0] for row in sheet[1:]] == [MAPO]
    bad = client.get(f"/api/v1/operator/reports/city/export.csv?{Q}&table=secrets")
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "table"


# --- district officers ------------------------------------------------------------------------------------------------
def test_operators_appoint_move_and_remove_officers_through_the_api():
    client = client_for(OperatorFactory())
    user = UserFactory(email="centre@mapo.example.kr")
    created = client.post(
        "/api/v1/operator/reports/district-officers/", {"email": user.email, "district": MAPO}, format="json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["district"] == MAPO
    moved = client.post(
        "/api/v1/operator/reports/district-officers/", {"email": user.email, "district": JONGNO}, format="json"
    )
    assert moved.json()["id"] == created.json()["id"] and DistrictOfficer.objects.get(user=user).district_id == JONGNO
    listed = client.get("/api/v1/operator/reports/district-officers/").json()
    assert [row["email"] for row in listed["results"]] == [user.email]
    unknown = client.post(
        "/api/v1/operator/reports/district-officers/", {"email": "nobody@example.kr", "district": MAPO}, format="json"
    )
    assert unknown.status_code == 400 and unknown.json()["error"]["field"] == "email"
    bad_district = client.post(
        "/api/v1/operator/reports/district-officers/", {"email": user.email, "district": "00000"}, format="json"
    )
    assert bad_district.status_code == 400 and bad_district.json()["error"]["field"] == "district"
    assert client.delete(f"/api/v1/operator/reports/district-officers/{created.json()['id']}/").status_code == 204
    assert not DistrictOfficer.objects.filter(user=user).exists()
    assert client.delete(f"/api/v1/operator/reports/district-officers/{created.json()['id']}/").status_code == 404


def test_officer_service_refusals():
    operator = OperatorFactory()
    with pytest.raises(Exception) as refused:
        officer_appoint(actor=UserFactory(), user=UserFactory(), district=district(MAPO))
    assert refused.value.status == 403
    with pytest.raises(Exception) as staff:
        officer_appoint(actor=operator, user=OperatorFactory(), district=district(MAPO))
    assert staff.value.code == "is_operator"
    inactive = UserFactory(is_active=False)
    with pytest.raises(Exception) as off:
        officer_appoint(actor=operator, user=inactive, district=district(MAPO))
    assert off.value.code == "inactive_user"
    assert not DistrictOfficer.objects.exists()


def test_admin_saves_officers_through_the_service(client):
    operator = OperatorFactory(is_superuser=True)
    client.force_login(operator)
    user = UserFactory()
    response = client.post("/admin/reports/districtofficer/add/", {"user": user.pk, "district": MAPO})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert DistrictOfficer.objects.get(user=user).district_id == MAPO
    # An operator account is refused with the service's message, not saved.
    refused = client.post("/admin/reports/districtofficer/add/", {"user": OperatorFactory().pk, "district": MAPO})
    assert refused.status_code == 200
    assert DistrictOfficer.objects.count() == 1
    officer = DistrictOfficer.objects.get()
    deleted = client.post(f"/admin/reports/districtofficer/{officer.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not DistrictOfficer.objects.exists()
