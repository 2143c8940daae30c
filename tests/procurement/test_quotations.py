"""Requests for quotation and quotations (services and the comparison read)."""

import datetime

import pytest
from django.utils import timezone

from market.catalog.models import ProductStatus
from market.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from market.firms.models import VerificationStatus
from market.procurement.models import QuotationStatus, QuoteRequestStatus
from market.procurement.selectors.quotations import quote_request_comparison, quote_request_list_for_agency
from market.procurement.services.quotations import (
    quotation_submit,
    quotation_withdraw,
    quote_request_cancel,
)
from tests.factories import FirmFactory
from tests.procurement.factories import AgencyFactory, agency_member
from tests.procurement.quoting import eligible_firm, product_of, quote, rfq, seller_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def requester(agency):
    return agency_member(agency, "requester")


def refused(exc_info, code):
    assert exc_info.value.code == code, (exc_info.value.code, exc_info.value.message)
    return exc_info.value


# --- requests for quotation --------------------------------------------------------------------------------------
def test_a_request_holds_catalogue_and_free_text_items_and_adds_the_products_firm(requester):
    maker, other = eligible_firm(), eligible_firm()
    product = product_of(maker, moq=10)
    request = rfq(requester, items=[(product, 10), ("A4 복사용지 80g", 50)], firms=[other])
    items = list(request.items.order_by("position"))
    assert [(i.product_id, i.description, i.quantity, i.unit) for i in items] == [
        (product.pk, product.title, 10, product.unit),
        (None, "A4 복사용지 80g", 50, "개"),
    ]
    assert set(request.recipients.values_list("firm_id", flat=True)) == {maker.pk, other.pk}
    assert request.status == QuoteRequestStatus.OPEN and request.agency_id == requester.agency_id
    assert request.requester_id == requester.user_id and request.number.startswith("RQ")


def test_a_catalogue_item_below_its_minimum_order_is_refused(requester):
    product = product_of(eligible_firm(), moq=10)
    with pytest.raises(ApplicationError) as exc:
        rfq(requester, items=[("펜", 1), (product, 9)])
    assert refused(exc, "below_minimum_quantity").field == "items[1].quantity"


def test_an_unpublished_product_cannot_be_asked_for(requester):
    product = product_of(eligible_firm(), status=ProductStatus.HIDDEN)
    with pytest.raises(NotFound) as exc:
        rfq(requester, items=[(product, 1)])
    refused(exc, "product_not_available")


def test_a_firm_that_does_not_sell_cannot_be_asked(requester):
    pending = FirmFactory(verification_status=VerificationStatus.PENDING)
    with pytest.raises(NotFound) as exc:
        rfq(requester, items=[("펜", 1)], firms=[pending])
    refused(exc, "firm_not_available")


def test_a_request_needs_a_firm_to_ask(requester):
    with pytest.raises(ApplicationError) as exc:
        rfq(requester, items=[("펜", 1)])
    refused(exc, "no_recipients")


@pytest.mark.parametrize(
    ("delivery_in_days", "deadline_in_days", "code"),
    [
        (-1, -2, "delivery_date_past"),
        (10, 0, "deadline_past"),
        (10, 10, "deadline_after_delivery"),
        (5, 6, "deadline_after_delivery"),
    ],
)
def test_dates_are_checked(requester, delivery_in_days, deadline_in_days, code):
    with pytest.raises(ApplicationError) as exc:
        rfq(
            requester,
            items=[("펜", 1)],
            firms=[eligible_firm()],
            delivery_in_days=delivery_in_days,
            deadline_in_days=deadline_in_days,
        )
    refused(exc, code)


def test_only_a_requester_asks_for_quotations(agency):
    approver = agency_member(agency, "approver", "inspector")
    with pytest.raises(PermissionDenied) as exc:
        rfq(approver, items=[("펜", 1)], firms=[eligible_firm()])
    refused(exc, "role_required")


def test_a_request_is_one_transaction(requester):
    """A refused item after good ones leaves nothing behind."""
    from market.procurement.models import QuoteRequest

    before = QuoteRequest.objects.count()
    with pytest.raises(ApplicationError):
        rfq(requester, items=[("펜", 1), ("", 2)], firms=[eligible_firm()])
    assert QuoteRequest.objects.count() == before


# --- cancelling a request ----------------------------------------------------------------------------------------
def test_its_requester_or_an_admin_cancels_a_request_and_its_quotations_are_not_selected(agency, requester):
    firm = eligible_firm()
    request = rfq(requester, items=[("펜", 10)], firms=[firm])
    quotation = quote(seller_of(firm), request, prices={0: 500})
    colleague = agency_member(agency, "requester")
    with pytest.raises(PermissionDenied) as exc:
        quote_request_cancel(member=colleague, quote_request_id=request.pk)
    refused(exc, "not_your_request")

    admin = agency_member(agency, "admin")
    quote_request_cancel(member=admin, quote_request_id=request.pk)
    request.refresh_from_db(), quotation.refresh_from_db()
    assert request.status == QuoteRequestStatus.CANCELLED and quotation.status == QuotationStatus.NOT_SELECTED
    with pytest.raises(Conflict) as exc:
        quote_request_cancel(member=requester, quote_request_id=request.pk)
    refused(exc, "request_not_open")


def test_another_agency_cannot_cancel_a_request(requester):
    request = rfq(requester, items=[("펜", 10)], firms=[eligible_firm()])
    stranger = agency_member(AgencyFactory(), "admin", "requester")
    with pytest.raises(NotFound):
        quote_request_cancel(member=stranger, quote_request_id=request.pk)


# --- quotations --------------------------------------------------------------------------------------------------
def test_a_catalogue_item_is_priced_at_its_volume_price_by_default_and_vat_is_split_per_line(requester):
    firm = eligible_firm()
    soap = product_of(firm, price=11_000, tiers=[(10, 9_900), (100, 8_800)])
    rice = product_of(firm, price=30_000, vat_exempt=True)
    request = rfq(requester, items=[(soap, 100), (rice, 2), ("행사용 떡 (면세)", 3), ("포장 서비스", 1)])
    quotation = quote(
        seller_of(firm),
        request,
        prices={2: {"unit_price": 5_000, "vat_exempt": True}, 3: 15_000},
        delivery_terms="주문 후 7일 내 납품",
    )
    lines = [
        (line.title, line.unit_price, line.vat_exempt, line.line_total, line.supply_value, line.vat)
        for line in quotation.lines.order_by("item__position")
    ]
    assert lines == [
        (soap.title, 8_800, False, 880_000, 800_000, 80_000),
        (rice.title, 30_000, True, 60_000, 60_000, 0),
        ("행사용 떡 (면세)", 5_000, True, 15_000, 15_000, 0),
        ("포장 서비스", 15_000, False, 15_000, 13_636, 1_364),
    ]
    assert (quotation.supply_total, quotation.vat_total, quotation.total) == (888_636, 81_364, 970_000)
    assert quotation.status == QuotationStatus.SUBMITTED and quotation.delivery_terms == "주문 후 7일 내 납품"


def test_a_firm_may_quote_below_or_above_its_catalogue_price_and_above_is_flagged(requester):
    firm = eligible_firm()
    soap = product_of(firm, price=11_000, tiers=[(10, 9_900)])
    request = rfq(requester, items=[(soap, 10)])
    cheaper = quote(seller_of(firm), request, prices={0: 9_000})
    assert cheaper.lines.get().unit_price == 9_000
    comparison = quote_request_comparison(
        quote_request_list_for_agency(agency=requester.agency).get(), today=timezone.localdate()
    )
    assert comparison["items"][0]["offers"][0]["above_catalogue_price"] is False
    assert comparison["items"][0]["catalogue_unit_price"] == 9_900

    quotation_withdraw(seller=seller_of(firm), quotation_id=cheaper.pk)
    dearer = quote(seller_of(firm), request, prices={0: 9_901})
    assert dearer.total == 99_010
    comparison = quote_request_comparison(
        quote_request_list_for_agency(agency=requester.agency).get(), today=timezone.localdate()
    )
    assert [q["id"] for q in comparison["quotations"]] == [dearer.pk]  # the withdrawn one is left out
    assert comparison["items"][0]["offers"][0]["above_catalogue_price"] is True


def test_a_free_text_item_needs_a_price_and_the_price_is_positive(requester):
    firm = eligible_firm()
    request = rfq(requester, items=[("펜", 10)], firms=[firm])
    with pytest.raises(ApplicationError) as exc:
        quote(seller_of(firm), request)
    assert refused(exc, "unit_price_required").field == "lines[0].unit_price"
    with pytest.raises(ApplicationError) as exc:
        quote(seller_of(firm), request, prices={0: 0})
    refused(exc, "out_of_range")


def test_another_firm_quotes_a_catalogue_item_as_an_equivalent_of_its_own(requester):
    maker, rival = eligible_firm(), eligible_firm()
    rice = product_of(maker, price=30_000, vat_exempt=True)
    request = rfq(requester, items=[(rice, 2)], firms=[rival])
    with pytest.raises(ApplicationError) as exc:
        quote(seller_of(rival), request)
    refused(exc, "unit_price_required")
    line = quote(seller_of(rival), request, prices={0: 28_000}).lines.get()
    assert (line.product_id, line.title, line.vat_exempt, line.vat) == (None, rice.title, True, 0)


def test_a_quotation_prices_every_item_once(requester):
    firm = eligible_firm()
    request = rfq(requester, items=[("펜", 10), ("종이", 5)], firms=[firm])
    items = list(request.items.order_by("position"))
    seller = seller_of(firm)
    cases = [
        ([{"item_id": items[0].pk, "unit_price": 1}], "line_missing"),
        ([{"item_id": items[0].pk, "unit_price": 1}] * 2, "duplicate_line"),
        (
            [{"item_id": i.pk, "unit_price": 1} for i in items] + [{"item_id": 10**9, "unit_price": 1}],
            "unknown_item",
        ),
    ]
    for lines, code in cases:
        with pytest.raises(ApplicationError) as exc:
            quotation_submit(seller=seller, quote_request_id=request.pk, lines=lines, valid_until=timezone.localdate())
        refused(exc, code)


def test_quoting_after_the_deadline_is_refused(requester):
    firm = eligible_firm()
    now = timezone.now()
    request = rfq(requester, items=[("펜", 10)], firms=[firm], now=now)
    deadline = request.reply_deadline
    seller = seller_of(firm)
    with pytest.raises(Conflict) as exc:
        quote(seller, request, prices={0: 100}, now=deadline)
    refused(exc, "deadline_passed")
    assert quote(seller, request, prices={0: 100}, now=deadline - datetime.timedelta(seconds=1)).pk


def test_a_quotation_is_valid_until_today_or_later(requester):
    firm = eligible_firm()
    request = rfq(requester, items=[("펜", 10)], firms=[firm])
    with pytest.raises(ApplicationError) as exc:
        quote(seller_of(firm), request, prices={0: 100}, valid_days=-1)
    refused(exc, "valid_until_past")
    assert quote(seller_of(firm), request, prices={0: 100}, valid_days=0).valid_until == timezone.localdate()


def test_a_firm_quotes_once_until_it_withdraws(requester):
    firm = eligible_firm()
    request = rfq(requester, items=[("펜", 10)], firms=[firm])
    seller = seller_of(firm)
    first = quote(seller, request, prices={0: 100})
    with pytest.raises(Conflict) as exc:
        quote(seller, request, prices={0: 90})
    refused(exc, "quotation_exists")
    quotation_withdraw(seller=seller, quotation_id=first.pk)
    first.refresh_from_db()
    assert first.status == QuotationStatus.WITHDRAWN
    with pytest.raises(Conflict) as exc:
        quotation_withdraw(seller=seller, quotation_id=first.pk)
    refused(exc, "quotation_not_withdrawable")
    assert quote(seller, request, prices={0: 90}).total == 900


def test_a_firm_not_asked_finds_no_request_and_another_firm_cannot_withdraw(requester):
    asked, stranger = eligible_firm(), eligible_firm()
    request = rfq(requester, items=[("펜", 10)], firms=[asked])
    with pytest.raises(NotFound):
        quote(seller_of(stranger), request, prices={0: 100})
    quotation = quote(seller_of(asked), request, prices={0: 100})
    with pytest.raises(NotFound):
        quotation_withdraw(seller=seller_of(stranger), quotation_id=quotation.pk)


def test_a_cancelled_request_takes_no_quotation(requester):
    firm = eligible_firm()
    request = rfq(requester, items=[("펜", 10)], firms=[firm])
    quote_request_cancel(member=requester, quote_request_id=request.pk)
    with pytest.raises(Conflict) as exc:
        quote(seller_of(firm), request, prices={0: 100})
    refused(exc, "request_not_open")


# --- comparison --------------------------------------------------------------------------------------------------
def test_the_comparison_puts_quotations_side_by_side_and_marks_the_cheapest(requester):
    a, b, c = eligible_firm(name="가 협동조합"), eligible_firm(name="나 협동조합"), eligible_firm(name="다 협동조합")
    request = rfq(requester, items=[("펜", 10), ("종이", 5)], firms=[a, b, c])
    qa = quote(seller_of(a), request, prices={0: 100, 1: 1_000})  # 1,000 + 5,000 = 6,000
    qb = quote(seller_of(b), request, prices={0: 90, 1: 1_100})  # 900 + 5,500 = 6,400
    qc = quote(seller_of(c), request, prices={0: 50, 1: 500}, valid_days=0)  # cheapest, but valid today only
    today = timezone.localdate()
    row = quote_request_list_for_agency(agency=requester.agency).get()

    comparison = quote_request_comparison(row, today=today)
    assert [(q["id"], q["total"], q["cheapest"]) for q in comparison["quotations"]] == [
        (qc.pk, 3_000, True),
        (qa.pk, 6_000, False),
        (qb.pk, 6_400, False),
    ]
    pens, paper = comparison["items"]
    assert [(o["quotation_id"], o["unit_price"], o["line_total"], o["cheapest"]) for o in pens["offers"]] == [
        (qc.pk, 50, 500, True),
        (qa.pk, 100, 1_000, False),
        (qb.pk, 90, 900, False),
    ]
    # Tomorrow c's quotation has expired: it is still shown, but the cheapest are among the valid ones.
    comparison = quote_request_comparison(row, today=today + datetime.timedelta(days=1))
    assert [(q["id"], q["valid"], q["cheapest"]) for q in comparison["quotations"]] == [
        (qc.pk, False, False),
        (qa.pk, True, True),
        (qb.pk, True, False),
    ]
    pens, paper = comparison["items"]
    assert {o["quotation_id"] for o in pens["offers"] if o["cheapest"]} == {qb.pk}
    assert {o["quotation_id"] for o in paper["offers"] if o["cheapest"]} == {qa.pk}


def test_equal_offers_are_all_marked_cheapest(requester):
    a, b = eligible_firm(), eligible_firm()
    request = rfq(requester, items=[("펜", 10)], firms=[a, b])
    qa, qb = quote(seller_of(a), request, prices={0: 100}), quote(seller_of(b), request, prices={0: 100})
    comparison = quote_request_comparison(
        quote_request_list_for_agency(agency=requester.agency).get(), today=timezone.localdate()
    )
    assert {q["id"] for q in comparison["quotations"] if q["cheapest"]} == {qa.pk, qb.pk}
