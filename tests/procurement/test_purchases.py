"""Purchases from a quotation or the catalogue, internal approval, and the rules of public purchasing checked at
submission and again at approval (market/procurement/rules.py)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from market.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from market.firms.models import Designation, DesignationStatus, FirmKind, SviGrade
from market.procurement.models import (
    ContractThreshold,
    Delivery,
    PurchaseChannel,
    PurchaseStatus,
    QuotationStatus,
    QuoteRequestStatus,
)
from market.procurement.rules import purchase_eligibility
from market.procurement.services.purchases import (
    purchase_approve,
    purchase_buy_now,
    purchase_cancel,
    purchase_from_quotation,
    purchase_resubmit,
    purchase_return,
)
from market.procurement.services.quotations import quotation_withdraw
from tests.factories import DesignationFactory, FirmFactory
from tests.procurement.factories import AgencyFactory, agency_member
from tests.procurement.quoting import LONG_AGO, at, eligible_firm, product_of, quote, rfq, seller_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def requester(agency):
    return agency_member(agency, "requester")


@pytest.fixture
def approver(agency):
    return agency_member(agency, "approver")


def refused(exc_info, code):
    assert exc_info.value.code == code, (exc_info.value.code, exc_info.value.message)
    return exc_info.value


def buy(member, items, *, now=None, **kwargs):
    now = now or timezone.now()
    return purchase_buy_now(
        member=member,
        items=[{"product_id": p.pk, "quantity": q} for p, q in items],
        delivery_place=kwargs.pop("delivery_place", "서울특별시 중구 세종대로 110"),
        delivery_date=timezone.localdate(now) + datetime.timedelta(days=14),
        now=now,
        **kwargs,
    )


def bought_for(member, firm, amount, *, now=None):
    """A buy-now purchase of `amount` won (one product, one unit), past the buy-now limit check."""
    return buy(member, [(product_of(firm, price=amount), 1)], now=now)


# --- from a quotation ----------------------------------------------------------------------------------------------
def test_selecting_a_quotation_submits_a_purchase_of_its_lines_and_closes_the_request(requester):
    a, b = eligible_firm(), eligible_firm()
    soap = product_of(a, price=11_000, tiers=[(10, 9_900)], vat_exempt=False)
    request = rfq(requester, items=[(soap, 10), ("쌀 (면세)", 2)], firms=[b])
    chosen = quote(seller_of(a), request, prices={1: {"unit_price": 30_000, "vat_exempt": True}})
    other = quote(seller_of(b), request, prices={0: 12_000, 1: 31_000})

    purchase = purchase_from_quotation(member=requester, quote_request_id=request.pk, quotation_id=chosen.pk)

    assert (purchase.status, purchase.channel, purchase.quotation_id, purchase.firm_id) == (
        PurchaseStatus.SUBMITTED,
        PurchaseChannel.QUOTATION,
        chosen.pk,
        a.pk,
    )
    assert [
        (line.product_id, line.quantity, line.unit_price, line.vat_exempt, line.supply_value, line.vat)
        for line in purchase.lines.all()
    ] == [
        (soap.pk, 10, 9_900, False, 90_000, 9_000),
        (None, 2, 30_000, True, 60_000, 0),
    ]
    assert (purchase.supply_total, purchase.vat_total, purchase.total) == (150_000, 9_000, 159_000)
    assert (purchase.title, purchase.delivery_place, purchase.delivery_date) == (
        request.title,
        request.delivery_place,
        request.delivery_date,
    )
    assert purchase.agency_district_id == requester.agency.district_id and purchase.firm_district_id == a.district_id
    assert not purchase.tender_required and purchase.tender_reasons == []
    assert [(e.kind, e.actor_id) for e in purchase.events.all()] == [("submitted", requester.user_id)]
    chosen.refresh_from_db(), other.refresh_from_db(), request.refresh_from_db()
    assert (chosen.status, other.status, request.status) == (
        QuotationStatus.SELECTED,
        QuotationStatus.NOT_SELECTED,
        QuoteRequestStatus.CLOSED,
    )
    with pytest.raises(Conflict) as exc:
        purchase_from_quotation(member=requester, quote_request_id=request.pk, quotation_id=other.pk)
    refused(exc, "request_not_open")
    with pytest.raises(Conflict) as exc:
        quotation_withdraw(seller=seller_of(a), quotation_id=chosen.pk)
    refused(exc, "quotation_not_withdrawable")


def test_an_expired_or_withdrawn_quotation_cannot_be_selected(requester):
    a, b = eligible_firm(), eligible_firm()
    request = rfq(requester, items=[("펜", 10)], firms=[a, b])
    short = quote(seller_of(a), request, prices={0: 100}, valid_days=0)
    withdrawn = quote(seller_of(b), request, prices={0: 100})
    quotation_withdraw(seller=seller_of(b), quotation_id=withdrawn.pk)
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(Conflict) as exc:
        purchase_from_quotation(member=requester, quote_request_id=request.pk, quotation_id=short.pk, now=tomorrow)
    refused(exc, "quotation_expired")
    with pytest.raises(Conflict) as exc:
        purchase_from_quotation(member=requester, quote_request_id=request.pk, quotation_id=withdrawn.pk)
    refused(exc, "quotation_not_live")
    assert purchase_from_quotation(member=requester, quote_request_id=request.pk, quotation_id=short.pk).pk


def test_a_quotation_of_another_request_is_not_found(requester):
    firm = eligible_firm()
    first = rfq(requester, items=[("펜", 10)], firms=[firm])
    second = rfq(requester, items=[("펜", 10)], firms=[firm])
    quotation = quote(seller_of(firm), first, prices={0: 100})
    with pytest.raises(NotFound):
        purchase_from_quotation(member=requester, quote_request_id=second.pk, quotation_id=quotation.pk)


def test_an_approver_alone_cannot_select(agency, requester, approver):
    firm = eligible_firm()
    request = rfq(requester, items=[("펜", 10)], firms=[firm])
    quotation = quote(seller_of(firm), request, prices={0: 100})
    with pytest.raises(PermissionDenied) as exc:
        purchase_from_quotation(member=approver, quote_request_id=request.pk, quotation_id=quotation.pk)
    refused(exc, "role_required")


# --- buy now -------------------------------------------------------------------------------------------------------
def test_buy_now_prices_each_line_at_its_volume_price(requester):
    firm = eligible_firm()
    soap = product_of(firm, price=11_000, tiers=[(10, 9_900), (50, 8_800)], moq=5)
    rice = product_of(firm, price=30_000, vat_exempt=True)
    purchase = buy(requester, [(soap, 50), (rice, 1)])
    assert [
        (line.quantity, line.unit_price, line.line_total, line.supply_value, line.vat) for line in purchase.lines.all()
    ] == [
        (50, 8_800, 440_000, 400_000, 40_000),
        (1, 30_000, 30_000, 30_000, 0),
    ]
    assert (purchase.channel, purchase.status, purchase.total, purchase.quotation_id) == (
        PurchaseChannel.BUY_NOW,
        PurchaseStatus.SUBMITTED,
        470_000,
        None,
    )
    assert purchase.title == f"{soap.title} 외 1건"


def test_buy_now_honours_the_minimum_order(requester):
    soap = product_of(eligible_firm(), moq=5)
    with pytest.raises(ApplicationError) as exc:
        buy(requester, [(soap, 4)])
    assert refused(exc, "below_minimum_quantity").field == "items[0].quantity"


def test_buy_now_is_one_firms_products(requester):
    with pytest.raises(ApplicationError) as exc:
        buy(requester, [(product_of(eligible_firm()), 1), (product_of(eligible_firm()), 1)])
    assert refused(exc, "several_firms").field == "items[1].product_id"


def test_buy_now_is_limited_to_the_setting_and_points_to_a_request_for_quotation(requester, settings):
    settings.AGENCY_BUY_NOW_LIMIT = 5_000_000
    firm = eligible_firm()
    assert bought_for(requester, firm, 5_000_000).total == 5_000_000
    with pytest.raises(ApplicationError) as exc:
        bought_for(requester, firm, 5_000_001)
    error = refused(exc, "buy_now_limit_exceeded")
    assert "견적 요청" in error.message and "5,000,000" in error.message


# --- approval ------------------------------------------------------------------------------------------------------
def test_an_approver_approves_a_submitted_purchase_which_orders_it(requester, approver):
    purchase = bought_for(requester, eligible_firm(), 110_000)
    approved = purchase_approve(member=approver, purchase_id=purchase.pk)
    assert (approved.status, approved.approver_id) == (PurchaseStatus.ORDERED, approver.user_id)
    assert approved.approved_at is not None
    assert [e.kind for e in approved.events.all()] == ["submitted", "approved"]
    with pytest.raises(Conflict) as exc:
        purchase_approve(member=approver, purchase_id=purchase.pk)
    refused(exc, "invalid_status")


def test_nobody_approves_their_own_request_whatever_their_roles(agency):
    clerk = agency_member(agency)  # every role
    purchase = bought_for(clerk, eligible_firm(), 110_000)
    with pytest.raises(PermissionDenied) as exc:
        purchase_approve(member=clerk, purchase_id=purchase.pk)
    refused(exc, "own_request")
    with pytest.raises(PermissionDenied) as exc:
        purchase_return(member=clerk, purchase_id=purchase.pk, comment="다시")
    refused(exc, "own_request")
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.SUBMITTED


def test_approving_needs_the_approver_role(agency, requester):
    purchase = bought_for(requester, eligible_firm(), 110_000)
    with pytest.raises(PermissionDenied) as exc:
        purchase_approve(member=agency_member(agency, "requester", "inspector", "admin"), purchase_id=purchase.pk)
    refused(exc, "role_required")


def test_another_agencys_approver_finds_no_purchase(requester):
    purchase = bought_for(requester, eligible_firm(), 110_000)
    with pytest.raises(NotFound):
        purchase_approve(member=agency_member(AgencyFactory(), "approver"), purchase_id=purchase.pk)


def test_return_with_a_comment_then_resubmit_then_approve(agency, requester, approver):
    purchase = bought_for(requester, eligible_firm(), 110_000)
    with pytest.raises(ApplicationError) as exc:
        purchase_return(member=approver, purchase_id=purchase.pk, comment="  ")
    refused(exc, "comment_required")
    purchase_return(member=approver, purchase_id=purchase.pk, comment="납품 장소를 확인해 주세요")
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.RETURNED
    with pytest.raises(Conflict) as exc:
        purchase_approve(member=approver, purchase_id=purchase.pk)
    refused(exc, "invalid_status")
    with pytest.raises(PermissionDenied) as exc:
        purchase_resubmit(member=agency_member(agency, "requester"), purchase_id=purchase.pk)
    refused(exc, "not_your_purchase")

    purchase_resubmit(member=requester, purchase_id=purchase.pk, comment="확인했습니다")
    with pytest.raises(Conflict) as exc:
        purchase_resubmit(member=requester, purchase_id=purchase.pk)
    refused(exc, "invalid_status")
    purchase_approve(member=approver, purchase_id=purchase.pk)
    assert [(e.kind, e.comment, e.actor_id) for e in purchase.events.all()] == [
        ("submitted", "", requester.user_id),
        ("returned", "납품 장소를 확인해 주세요", approver.user_id),
        ("resubmitted", "확인했습니다", requester.user_id),
        ("approved", "", approver.user_id),
    ]


def test_cancel_before_delivery_only_by_its_requester_or_an_admin(agency, requester, approver):
    purchase = bought_for(requester, eligible_firm(), 110_000)
    with pytest.raises(PermissionDenied) as exc:
        purchase_cancel(member=approver, purchase_id=purchase.pk, reason="예산 부족")
    refused(exc, "not_your_purchase")
    with pytest.raises(ApplicationError) as exc:
        purchase_cancel(member=requester, purchase_id=purchase.pk, reason="")
    refused(exc, "reason_required")
    purchase_approve(member=approver, purchase_id=purchase.pk)
    Delivery.objects.create(
        number="DL-TEST-1", purchase=purchase, delivered_on=timezone.localdate(), created_by=seller_of(purchase.firm)
    )
    with pytest.raises(Conflict) as exc:
        purchase_cancel(member=requester, purchase_id=purchase.pk, reason="예산 부족")
    refused(exc, "already_delivered")

    other = bought_for(requester, eligible_firm(), 110_000)
    purchase_approve(member=approver, purchase_id=other.pk)
    cancelled = purchase_cancel(member=agency_member(agency, "admin"), purchase_id=other.pk, reason="예산 부족")
    assert cancelled.status == PurchaseStatus.CANCELLED and cancelled.cancelled_at is not None
    assert cancelled.events.last().comment == "예산 부족"
    with pytest.raises(Conflict) as exc:
        purchase_cancel(member=requester, purchase_id=other.pk, reason="다시")
    refused(exc, "invalid_status")


# --- eligibility and tender ----------------------------------------------------------------------------------------
def test_exactly_the_threshold_is_a_direct_contract_and_one_won_more_needs_a_tender(requester, approver, settings):
    settings.AGENCY_BUY_NOW_LIMIT = 100_000_000
    firm = eligible_firm()
    at_limit = bought_for(requester, firm, 50_000_000)
    assert not at_limit.tender_required
    assert purchase_approve(member=approver, purchase_id=at_limit.pk).status == PurchaseStatus.ORDERED

    above = bought_for(requester, firm, 50_000_001)
    assert above.tender_required
    assert above.tender_reasons == [
        {"code": "above_threshold", "message": "금액 50,000,001원이 수의계약 한도 50,000,000원을 초과합니다."}
    ]
    with pytest.raises(Conflict) as exc:
        purchase_approve(member=approver, purchase_id=above.pk)
    error = refused(exc, "tender_required")
    assert "나라장터" in error.message and settings.NATIONAL_PROCUREMENT_URL in error.message
    assert [d["code"] for d in error.details] == ["above_threshold"]
    above.refresh_from_db()
    assert above.status == PurchaseStatus.SUBMITTED


def test_the_threshold_of_the_day_applies_and_is_checked_again_at_approval(requester, approver, settings):
    settings.AGENCY_BUY_NOW_LIMIT = 100_000_000
    today = timezone.localdate()
    ContractThreshold.objects.create(valid_from=today + datetime.timedelta(days=2), amount=40_000_000)
    purchase = bought_for(requester, eligible_firm(), 45_000_000)
    assert not purchase.tender_required
    later = at(today + datetime.timedelta(days=2))
    with pytest.raises(Conflict) as exc:
        purchase_approve(member=approver, purchase_id=purchase.pk, now=later)
    refused(exc, "tender_required")
    # Found at approval: recorded on the purchase with its reason, which keeps waiting.
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.SUBMITTED and purchase.tender_required
    assert purchase.tender_reasons[0]["message"] == "금액 45,000,000원이 수의계약 한도 40,000,000원을 초과합니다."
    assert [e.kind for e in purchase.events.all()] == ["submitted", "tender_required"]
    # The day before, the old threshold still held.
    approved = purchase_approve(member=approver, purchase_id=purchase.pk, now=later - datetime.timedelta(days=1))
    assert approved.status == PurchaseStatus.ORDERED and not approved.tender_required


@pytest.mark.parametrize(
    ("share", "code"),
    [(Decimal("29.99"), "vulnerable_share_low"), (None, "vulnerable_share_undeclared"), (Decimal("30.00"), None)],
)
def test_a_firm_without_30_percent_vulnerable_employees_needs_a_tender(requester, approver, share, code):
    firm = eligible_firm(vulnerable_employee_share=share)
    purchase = bought_for(requester, firm, 110_000)
    assert [r["code"] for r in purchase.tender_reasons] == ([code] if code else [])
    assert purchase.tender_required is bool(code)
    if code:
        with pytest.raises(Conflict) as exc:
            purchase_approve(member=approver, purchase_id=purchase.pk)
        refused(exc, "tender_required")
    else:
        assert purchase_approve(member=approver, purchase_id=purchase.pk).status == PurchaseStatus.ORDERED


def test_the_vulnerable_share_reason_reads_in_korean(requester):
    firm = eligible_firm(vulnerable_employee_share=Decimal("29.99"), name="같이빵집")
    reasons = bought_for(requester, firm, 110_000).tender_reasons
    assert (
        reasons[0]["message"]
        == "같이빵집의 취약계층 고용 비율은 29.99%로, 사회적경제기업 수의계약에 필요한 30% 이상에 미치지 못합니다."
    )


@pytest.mark.parametrize("grade", [SviGrade.INSUFFICIENT, SviGrade.WEAK])
def test_a_social_enterprise_graded_svi_insufficient_or_weak_is_excluded_from_2026(grade, settings):
    settings.PROCUREMENT_SVI_EXCLUSION_FROM_YEAR = 2026
    firm = eligible_firm(svi_grade=grade)
    before = purchase_eligibility(firm, 1_000, datetime.date(2025, 12, 31))
    assert before.eligible
    after = purchase_eligibility(firm, 1_000, datetime.date(2026, 1, 1))
    assert [r.code for r in after.refusals] == ["firm_excluded_svi"]
    settings.PROCUREMENT_SVI_EXCLUSION_FROM_YEAR = 2027
    assert purchase_eligibility(firm, 1_000, datetime.date(2026, 1, 1)).eligible


def test_the_svi_exclusion_refuses_submission_and_spares_good_grades_and_other_kinds(requester):
    excluded = eligible_firm(svi_grade=SviGrade.INSUFFICIENT)
    with pytest.raises(Conflict) as exc:
        bought_for(requester, excluded, 110_000)
    refused(exc, "firm_excluded_svi")
    assert bought_for(requester, eligible_firm(svi_grade=SviGrade.GOOD), 110_000).pk
    cooperative = eligible_firm(
        svi_grade=SviGrade.WEAK, designation={"kind": FirmKind.COOPERATIVE, "start_date": LONG_AGO}
    )
    assert bought_for(requester, cooperative, 110_000).pk  # not a certified social enterprise


def test_the_svi_exclusion_is_checked_again_at_approval(requester, approver, settings):
    settings.PROCUREMENT_SVI_EXCLUSION_FROM_YEAR = 2026
    firm = eligible_firm(svi_grade=SviGrade.WEAK)
    purchase = bought_for(requester, firm, 110_000, now=at(datetime.date(2025, 12, 30)))
    with pytest.raises(Conflict) as exc:
        purchase_approve(member=approver, purchase_id=purchase.pk, now=at(datetime.date(2026, 1, 1)))
    refused(exc, "firm_excluded_svi")


def test_a_designation_that_has_expired_on_the_day_refuses_submission_and_approval(requester, approver):
    today = timezone.localdate()
    expired = FirmFactory(vulnerable_employee_share=Decimal("40"), designation=False)
    DesignationFactory(firm=expired, start_date=LONG_AGO, end_date=today - datetime.timedelta(days=1))
    product = product_of(expired)  # the daily job has not hidden its listings yet
    with pytest.raises(Conflict) as exc:
        buy(requester, [(product, 1)])
    refused(exc, "firm_not_eligible")

    ending = FirmFactory(vulnerable_employee_share=Decimal("40"), designation=False)
    DesignationFactory(firm=ending, start_date=LONG_AGO, end_date=today + datetime.timedelta(days=1))
    purchase = bought_for(requester, ending, 110_000)
    with pytest.raises(Conflict) as exc:
        purchase_approve(member=approver, purchase_id=purchase.pk, now=at(today + datetime.timedelta(days=2)))
    refused(exc, "firm_not_eligible")
    # On its last day it is still valid.
    assert purchase_approve(member=approver, purchase_id=purchase.pk, now=at(today + datetime.timedelta(days=1))).pk


def test_a_revoked_designation_counts_until_its_revocation_day():
    firm = FirmFactory(vulnerable_employee_share=Decimal("40"), designation=False)
    revoked_on = datetime.date(2026, 6, 1)
    Designation.objects.create(
        firm=firm,
        kind=FirmKind.SOCIAL_ENTERPRISE,
        start_date=LONG_AGO,
        status=DesignationStatus.REVOKED,
        revoked_on=revoked_on,
    )
    assert purchase_eligibility(firm, 1_000, revoked_on - datetime.timedelta(days=1)).eligible
    assert not purchase_eligibility(firm, 1_000, revoked_on).eligible


def test_eligibility_reads_prefetched_designations_alike():
    """The flags of a list read designations prefetched; the services query them: the same answers."""
    firm = FirmFactory(vulnerable_employee_share=Decimal("40"), designation=False)
    DesignationFactory(firm=firm, start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2024, 12, 31))
    from market.firms.models import Firm

    prefetched = Firm.objects.prefetch_related("designations").get(pk=firm.pk)
    for day, expected in [
        (datetime.date(2023, 12, 31), False),
        (datetime.date(2024, 1, 1), True),
        (datetime.date(2024, 12, 31), True),
        (datetime.date(2025, 1, 1), False),
    ]:
        assert purchase_eligibility(firm, 1, day).eligible is expected
        assert purchase_eligibility(prefetched, 1, day).eligible is expected
