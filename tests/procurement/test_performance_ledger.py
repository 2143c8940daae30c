"""The hand ledger: one agency's purchases in 2024, built row by row, and every figure of its performance report
worked out by hand below (a comment per figure), then compared with what agency_performance returns.

The ledger has the year's boundaries (accepted on 2023-12-31 and 2024-01-01, on 2024-12-31 and refunded in
2025), a designation that expires mid-year (accepted on its last day: counts; the day after: not), a revocation
mid-year (accepted the day before: counts; on the day: not), a women-owned firm with no designation, a
women-owned qualification revoked mid-year, a disabled-owned qualification that starts mid-year, partial and
rejected deliveries, a delivery still awaiting inspection, VAT-exempt lines, a refund paid the next year, a
refund in 2024 of a 2023 acceptance, and another agency's purchase.
"""

import datetime
from decimal import Decimal

import pytest

from market.core.tax import split_vat
from market.firms.models import Designation, DesignationStatus, District, FirmKind
from market.firms.selectors import firm_reported_kinds
from market.firms.services import designation_set_status
from market.procurement.models import (
    AgencyInvoice,
    AgencyRefund,
    Delivery,
    DeliveryLine,
    DeliveryStatus,
    InspectionResult,
    ProcurementRegime,
    QualificationKind,
)
from market.procurement.selectors.performance import MONTHS, REPORTED_KINDS, agency_performance
from market.procurement.services.performance import (
    agency_plan_target_set,
    agency_year_set,
    firm_qualification_add,
    firm_qualification_revoke,
    regime_update,
)
from tests.factories import FirmFactory, OperatorFactory
from tests.procurement.factories import AgencyFactory, agency_member, ordered_purchase

pytestmark = pytest.mark.django_db

D = datetime.date
MAPO, JONGNO, GANGNAM, GANGSEO = "11440", "11110", "11680", "11500"
ACCEPT, REJECT = InspectionResult.ACCEPTED, InspectionResult.REJECTED


def firm(district: str, *designations: tuple[str, datetime.date, datetime.date | None]):
    firm = FirmFactory(district=District.objects.get(code=district), designation=False)
    for kind, start, end in designations:
        Designation.objects.create(
            firm=firm, kind=kind, start_date=start, end_date=end, status=DesignationStatus.ACTIVE
        )
    return firm


def deliver(purchase, accepted_on, lines, *, delivered_on=None):
    """A delivery of `purchase` inspected on `accepted_on` (None: still awaiting inspection): `lines` are
    (index of the purchase line, quantity, result). Its firm kind as the inspection service stores it."""
    purchase_lines = list(purchase.lines.order_by("id"))
    delivery = Delivery.objects.create(
        number=f"DL-{Delivery.objects.count() + 1}",
        purchase=purchase,
        status=DeliveryStatus.INSPECTED if accepted_on else DeliveryStatus.AWAITING_INSPECTION,
        delivered_on=delivered_on or accepted_on,
        created_by=purchase.requester,
        accepted_on=accepted_on,
        firm_kind=firm_reported_kinds([purchase.firm_id], on=accepted_on).get(purchase.firm_id, "")
        if accepted_on
        else "",
    )
    for index, quantity, result in lines:
        line = purchase_lines[index]
        amount = quantity * line.unit_price
        supply, vat = split_vat(amount, exempt=line.vat_exempt)
        DeliveryLine.objects.create(
            delivery=delivery,
            purchase_line=line,
            quantity=quantity,
            result=result,
            rejection_reason="파손" if result == REJECT else "",
            amount=amount,
            supply_value=supply,
            vat=vat,
        )
    return delivery


def refund(delivery, line_index, amount, refunded_on):
    line = delivery.lines.order_by("id")[line_index]
    invoice = AgencyInvoice.objects.filter(delivery=delivery).first() or AgencyInvoice.objects.create(
        number=f"IV-{delivery.number}",
        delivery=delivery,
        purchase=delivery.purchase,
        agency=delivery.purchase.agency,
        firm=delivery.purchase.firm,
        status="paid",
        supply_total=0,
        vat_total=0,
        total=0,
        issued_on=delivery.accepted_on,
        due_on=delivery.accepted_on + datetime.timedelta(days=30),
    )
    return AgencyRefund.objects.create(
        invoice=invoice, delivery_line=line, amount=amount, reason="불량", refunded_on=refunded_on
    )


def figures(by: dict, keys) -> dict:
    """`by` with every other key of `keys` at 0: the report lists every month, kind and district."""
    return {key: by.get(key, 0) for key in keys}


@pytest.fixture
def ledger():
    operator = OperatorFactory()
    agency = AgencyFactory()
    other_agency = AgencyFactory()
    admin = agency_member(agency, "admin")

    f1 = firm(MAPO, (FirmKind.SOCIAL_ENTERPRISE, D(2020, 1, 1), None))
    f2 = firm(JONGNO, (FirmKind.COOPERATIVE, D(2022, 1, 1), D(2024, 6, 30)))  # expires on 30 June
    f3 = firm(GANGNAM, (FirmKind.PRE_SOCIAL_REGIONAL, D(2021, 1, 1), None))
    designation_set_status(
        designation=f3.designations.get(), status="revoked", reason="지정 취소", effective_on=D(2024, 9, 1)
    )
    f4 = firm(MAPO)  # no designation: a women-owned firm
    firm_qualification_add(operator=operator, firm=f4, kind=QualificationKind.WOMEN_OWNED, start_date=D(2023, 1, 1))
    f5 = firm(GANGSEO, (FirmKind.SOCIAL_COOPERATIVE, D(2019, 5, 1), None))
    women = firm_qualification_add(
        operator=operator, firm=f5, kind=QualificationKind.WOMEN_OWNED, start_date=D(2020, 1, 1)
    )
    firm_qualification_revoke(operator=operator, qualification=women, reason="인증 취소", effective_on=D(2024, 10, 1))
    f6 = firm(MAPO)  # no designation: disabled-owned from 1 November
    firm_qualification_add(
        operator=operator,
        firm=f6,
        kind=QualificationKind.DISABLED_OWNED,
        start_date=D(2024, 11, 1),
        end_date=D(2025, 10, 31),
    )
    # The operator raised the disabled-owned target to 1.33% (so the target in won is not whole).
    regime_update(operator=operator, regime=ProcurementRegime.objects.get(code="disabled_owned"), target_rate="0.0133")

    def bought(firm, lines, agency=agency):
        return ordered_purchase(agency=agency, firm=firm, lines=lines)

    # D1: F1, accepted 2023-12-31: 10 x 11,000 = 110,000, the year before. A refund of 10,000 paid in 2024
    # belongs to 2023 too.
    d1 = deliver(bought(f1, [(10, 11_000, False)]), D(2023, 12, 31), [(0, 10, ACCEPT)])
    refund(d1, 0, 10_000, D(2024, 2, 1))
    # D2: F1, accepted 2024-01-01: 5 x 22,000 = 110,000 accepted, 3 x 7,000 = 21,000 VAT-exempt accepted,
    # 2 x 50,000 = 100,000 rejected.
    deliver(
        bought(f1, [(5, 22_000, False), (3, 7_000, True), (2, 50_000, False)]),
        D(2024, 1, 1),
        [(0, 5, ACCEPT), (1, 3, ACCEPT), (2, 2, REJECT)],
    )
    # D3: F1, accepted 2024-12-31: 4 x 33,000 = 132,000; 33,000 refunded on 2025-01-15.
    d3 = deliver(bought(f1, [(4, 33_000, False)]), D(2024, 12, 31), [(0, 4, ACCEPT)])
    refund(d3, 0, 33_000, D(2025, 1, 15))
    # D4, D5: F2, 100 x 1,000 = 100,000 accepted on its designation's last day, 50 x 2,000 = 100,000 the day after.
    deliver(bought(f2, [(100, 1_000, False)]), D(2024, 6, 30), [(0, 100, ACCEPT)])
    deliver(bought(f2, [(50, 2_000, False)]), D(2024, 7, 1), [(0, 50, ACCEPT)])
    # D6, D7: F3, 7 x 10,000 = 70,000 the day before its revocation, 3 x 10,000 = 30,000 on that day.
    deliver(bought(f3, [(7, 10_000, False)]), D(2024, 8, 31), [(0, 7, ACCEPT)])
    deliver(bought(f3, [(3, 10_000, False)]), D(2024, 9, 1), [(0, 3, ACCEPT)])
    # D8: F4 (women-owned, no designation), 2024-03-15: 10 x 5,500 = 55,000 and 1 x 45,000 VAT-exempt; 5,000 of
    # the first line refunded on 2024-04-01.
    d8 = deliver(bought(f4, [(10, 5_500, False), (1, 45_000, True)]), D(2024, 3, 15), [(0, 10, ACCEPT), (1, 1, ACCEPT)])
    refund(d8, 0, 5_000, D(2024, 4, 1))
    # D9: F1, 20 x 10,000 ordered: 12 delivered and accepted on 2024-05-10 (120,000), 8 delivered and rejected on
    # 2024-05-20.
    partial = bought(f1, [(20, 10_000, False)])
    deliver(partial, D(2024, 5, 10), [(0, 12, ACCEPT)])
    deliver(partial, D(2024, 5, 20), [(0, 8, REJECT)])
    # D15: F1, 4 x 10,000 delivered on 2024-06-10, not inspected yet: never counts.
    deliver(bought(f1, [(4, 10_000, False)]), None, [(0, 4, InspectionResult.PENDING)], delivered_on=D(2024, 6, 10))
    # D11, D12: F5 (social cooperative, women-owned until 30 September): 60,000 on 2024-09-30, 40,000 on 2024-10-01.
    deliver(bought(f5, [(6, 10_000, False)]), D(2024, 9, 30), [(0, 6, ACCEPT)])
    deliver(bought(f5, [(4, 10_000, False)]), D(2024, 10, 1), [(0, 4, ACCEPT)])
    # D13, D14: F6 (disabled-owned from 1 November): 5 x 1,000 = 5,000 on 2024-11-11, 7 x 1,000 = 7,000 on 2024-10-31.
    deliver(bought(f6, [(5, 1_000, False)]), D(2024, 11, 11), [(0, 5, ACCEPT)])
    deliver(bought(f6, [(7, 1_000, False)]), D(2024, 10, 31), [(0, 7, ACCEPT)])
    # D10: another agency buys 1,000,000 from F1 on 2024-07-15: not this agency's.
    deliver(bought(f1, [(100, 10_000, False)], agency=other_agency), D(2024, 7, 15), [(0, 100, ACCEPT)])

    # The agency's total purchasing in 2024, every supplier: 992,000 won. Its plan: 50,000 won of social economy.
    agency_year_set(actor=admin, year=2024, total_purchasing=992_000)
    agency_plan_target_set(
        actor=admin, year=2024, regime=ProcurementRegime.objects.get(code="social_economy"), target_amount=50_000
    )
    return agency


def test_every_figure_of_the_year_matches_the_hand_ledger(ledger, django_assert_max_num_queries):
    # regimes, districts, a savepoint with its JIT setting, two pivots, its release, years, plans
    with django_assert_max_num_queries(9):
        report = agency_performance(ledger, 2024)
    districts = list(District.objects.values_list("code", flat=True))

    assert report.year == 2024
    # Total purchasing as recorded.
    assert report.total_purchasing == 992_000 and report.total_recorded

    # --- every accepted purchase (whatever regime) --------------------------------------------------------------
    # D2 131,000 + D3 99,000 (132,000 less the 2025 refund) + D4 100,000 + D5 100,000 + D6 70,000 + D7 30,000
    # + D8 95,000 (100,000 less 5,000) + D9 120,000 + D11 60,000 + D12 40,000 + D13 5,000 + D14 7,000 = 857,000.
    # Not D1 (2023; its refund paid in 2024 stays in 2023), D9's rejected 8 units, D15 (not inspected), D10 (other).
    assert report.marketplace.total == 857_000
    assert report.marketplace.by_month == figures(
        {
            1: 131_000,  # D2
            3: 95_000,  # D8 less its refund
            5: 120_000,  # D9's accepted part (the rejected part on 05-20 is 0)
            6: 100_000,  # D4
            7: 100_000,  # D5
            8: 70_000,  # D6
            9: 90_000,  # D7 30,000 + D11 60,000
            10: 47_000,  # D12 40,000 + D14 7,000
            11: 5_000,  # D13
            12: 99_000,  # D3 less the refund paid in 2025
        },
        MONTHS,
    )
    assert report.marketplace.by_kind == figures(
        {
            "social_enterprise": 350_000,  # F1: D2 131,000 + D3 99,000 + D9 120,000
            "pre_social": 70_000,  # F3 before its revocation: D6
            "cooperative": 100_000,  # F2 on its last day: D4
            "social_cooperative": 100_000,  # F5: D11 60,000 + D12 40,000
            "none": 237_000,  # D5 100,000 (expired) + D7 30,000 (revoked) + D8 95,000 + D13 5,000 + D14 7,000
        },
        REPORTED_KINDS,
    )
    assert report.marketplace.by_district == figures(
        {
            MAPO: 457_000,  # F1 350,000 + F4 95,000 + F6 12,000
            JONGNO: 200_000,  # F2: D4 + D5
            GANGNAM: 100_000,  # F3: D6 + D7
            GANGSEO: 100_000,  # F5: D11 + D12
        },
        districts,
    )

    regimes = {result.regime.code: result for result in report.regimes}
    assert list(regimes) == [
        "social_economy",
        "severely_disabled_products",
        "disabled_owned",
        "women_owned",
        "disability_standard_workplace",
    ]

    # --- social economy firms (designation of any social economy kind on the day), target 5% ----------------------
    se = regimes["social_economy"]
    # D2 131,000 + D3 99,000 + D4 100,000 + D6 70,000 + D9 120,000 + D11 60,000 + D12 40,000 = 620,000
    # (not D5: F2 expired the day before; not D7: F3 revoked that day; D8, D13, D14: no designation).
    assert se.counted == 620_000
    # 620,000 / 992,000 = 0.625 exactly: 0.6250.
    assert se.share == Decimal("0.6250")
    assert se.target_rate == Decimal("0.0500")
    # ceil(0.05 x 992,000) = 49,600 (whole); counted is above it, so the gap is max(0, 49,600 - 620,000) = 0.
    assert se.target_amount == 49_600
    assert se.gap == 0
    # The plan filed for 2024.
    assert se.planned == 50_000
    assert se.breakdown.total == 620_000
    assert se.breakdown.by_month == figures(
        {1: 131_000, 5: 120_000, 6: 100_000, 8: 70_000, 9: 60_000, 10: 40_000, 12: 99_000}, MONTHS
    )
    assert se.breakdown.by_kind == figures(
        {"social_enterprise": 350_000, "pre_social": 70_000, "cooperative": 100_000, "social_cooperative": 100_000},
        REPORTED_KINDS,
    )
    # Mapo: F1 350,000; Jongno: D4 100,000; Gangnam: D6 70,000; Gangseo: D11 + D12 100,000.
    assert se.breakdown.by_district == figures(
        {MAPO: 350_000, JONGNO: 100_000, GANGNAM: 70_000, GANGSEO: 100_000}, districts
    )

    # --- women-owned firms (qualification on the day), target 5% -------------------------------------------------
    wo = regimes["women_owned"]
    # D8 95,000 (F4; 100,000 less the refund) + D11 60,000 (F5 the day before its revocation) = 155,000;
    # not D12 (F5 on its revocation day).
    assert wo.counted == 155_000
    # 155,000 / 992,000 = 0.15625 exactly, a half at the fifth place: halves up give 0.1563 (halves to even would
    # give 0.1562).
    assert wo.share == Decimal("0.1563")
    # ceil(0.05 x 992,000) = 49,600 < 155,000: no gap.
    assert (wo.target_amount, wo.gap) == (49_600, 0)
    assert wo.planned is None  # no plan filed
    assert wo.breakdown.by_month == figures({3: 95_000, 9: 60_000}, MONTHS)
    assert wo.breakdown.by_kind == figures({"none": 95_000, "social_cooperative": 60_000}, REPORTED_KINDS)
    assert wo.breakdown.by_district == figures({MAPO: 95_000, GANGSEO: 60_000}, districts)

    # --- disabled-owned firms, target raised to 1.33% ------------------------------------------------------------
    do = regimes["disabled_owned"]
    # D13 5,000 (F6 qualified from 1 November); not D14 on 31 October.
    assert do.counted == 5_000
    # 5,000 / 992,000 = 0.0050403…: 0.0050.
    assert do.share == Decimal("0.0050")
    assert do.target_rate == Decimal("0.0133")
    # 0.0133 x 992,000 = 13,193.6 won: ceil 13,194; gap 13,194 - 5,000 = 8,194.
    assert (do.target_amount, do.gap) == (13_194, 8_194)
    assert do.breakdown.by_month == figures({11: 5_000}, MONTHS)
    assert do.breakdown.by_kind == figures({"none": 5_000}, REPORTED_KINDS)
    assert do.breakdown.by_district == figures({MAPO: 5_000}, districts)

    # --- regimes nobody in the ledger qualifies for ----------------------------------------------------------------
    sd, dsw = regimes["severely_disabled_products"], regimes["disability_standard_workplace"]
    # Nothing counted: share 0.0000; gaps ceil(0.011 x 992,000) = 10,912 and ceil(0.008 x 992,000) = 7,936.
    assert (sd.counted, sd.share, sd.target_amount, sd.gap) == (0, Decimal("0.0000"), 10_912, 10_912)
    assert (dsw.counted, dsw.share, dsw.target_amount, dsw.gap) == (0, Decimal("0.0000"), 7_936, 7_936)
    for empty in (sd, dsw):
        assert empty.breakdown.by_month == figures({}, MONTHS)
        assert empty.breakdown.by_kind == figures({}, REPORTED_KINDS)
        assert empty.breakdown.by_district == figures({}, districts)


def test_the_neighbouring_years_hold_their_own_acceptances(ledger):
    # 2023: D1 110,000 accepted on 2023-12-31, less the 10,000 refunded in 2024: 100,000, all social economy, in
    # December. No total purchasing recorded: no share, and a target of 0 won, so no gap.
    before = agency_performance(ledger, 2023)
    se = next(r for r in before.regimes if r.regime.code == "social_economy")
    assert (before.marketplace.total, se.counted, se.breakdown.by_month[12]) == (100_000, 100_000, 100_000)
    assert (before.total_purchasing, before.total_recorded, se.share, se.target_amount, se.gap) == (
        0,
        False,
        None,
        0,
        0,
    )
    # 2025: the refund of D3 paid on 2025-01-15 belongs to 2024; nothing was accepted in 2025.
    after = agency_performance(ledger, 2025)
    assert after.marketplace.total == 0 and all(r.counted == 0 for r in after.regimes)


def test_the_city_counts_every_agency(ledger):
    # Every agency in 2024: the ledger's 857,000 plus the other agency's D10 1,000,000 from F1 (social economy,
    # social enterprise, Mapo, July).
    city = agency_performance(None, 2024)
    se = next(r for r in city.regimes if r.regime.code == "social_economy")
    assert city.marketplace.total == 1_857_000
    assert se.counted == 1_620_000
    assert se.breakdown.by_month[7] == 1_000_000
    assert se.breakdown.by_district[MAPO] == 1_350_000
    # Only the ledger's agency recorded a total: 1,620,000 / 992,000 = 1.6330645…: 1.6331.
    assert city.total_purchasing == 992_000 and se.share == Decimal("1.6331")


def test_a_retired_regime_is_left_out(ledger):
    operator = OperatorFactory()
    regime_update(operator=operator, regime=ProcurementRegime.objects.get(code="women_owned"), active=False)
    assert "women_owned" not in {r.regime.code for r in agency_performance(ledger, 2024).regimes}
