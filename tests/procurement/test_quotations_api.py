"""The API of requests for quotation, quotations and purchases (api/v1/procurement_quotations.py): each endpoint,
each refused transition (status and error code), the can_* flags against what the endpoints accept, and the
lists' query counts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from market.firms.models import Designation
from market.procurement.models import Delivery, Purchase, QuoteRequest
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.procurement.factories import AgencyFactory, agency_member
from tests.procurement.quoting import eligible_firm, product_of, quote, rfq, seller_of

pytestmark = pytest.mark.django_db
API = "/api/v1/"


@pytest.fixture
def agency():
    return AgencyFactory()


@pytest.fixture
def requester(agency):
    return agency_member(agency, "requester")


@pytest.fixture
def approver(agency):
    return agency_member(agency, "approver")


def error_of(response, status, code):
    assert response.status_code == status, response.content
    error = response.json()["error"]
    if error["code"] == "validation_error":  # the serializer's: each problem's code is in details
        assert code in {d["code"] for d in error["details"]}, error
    else:
        assert error["code"] == code, error
    return error


def rfq_body(*, items, firms=(), delivery_in_days=30, deadline_in_days=7):
    now = timezone.now()
    return {
        "title": "행사 물품",
        "items": items,
        "firms": [f.pk for f in firms],
        "delivery_place": "서울특별시 마포구 월드컵로 212",
        "delivery_date": (timezone.localdate() + datetime.timedelta(days=delivery_in_days)).isoformat(),
        "reply_deadline": (now + datetime.timedelta(days=deadline_in_days)).isoformat(),
    }


def buy_now_body(*items, days=14):
    return {
        "items": [{"product_id": p.pk, "quantity": q} for p, q in items],
        "delivery_place": "서울특별시 마포구 월드컵로 212",
        "delivery_date": (timezone.localdate() + datetime.timedelta(days=days)).isoformat(),
    }


def submitted(member, *, amount=110_000, firm=None):
    """A purchase `member` submitted through the API (buy-now of one unit of a product at `amount`)."""
    product = product_of(firm or eligible_firm(), price=amount)
    response = client_for(member.user).post(
        f"{API}agency/purchases/buy-now/", buy_now_body((product, 1)), format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


# --- requests for quotation (agency) ---------------------------------------------------------------------------
def test_a_requester_sends_a_request_and_reads_it_back(requester):
    maker, other = eligible_firm(), eligible_firm()
    product = product_of(maker, price=11_000, tiers=[(10, 9_900)], moq=10)
    client = client_for(requester.user)
    body = rfq_body(
        items=[{"product_id": product.pk, "quantity": 10}, {"description": "현수막 제작", "quantity": 2, "unit": "장"}],
        firms=[other],
    )
    response = client.post(f"{API}agency/quote-requests/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "open" and data["can_cancel"] is True and data["deadline_passed"] is False
    assert {f["id"] for f in data["firms"]} == {maker.pk, other.pk}
    assert [(i["product_id"], i["quantity"], i["unit"], i["catalogue_unit_price"]) for i in data["items"]] == [
        (product.pk, 10, product.unit, 9_900),
        (None, 2, "장", None),
    ]
    assert data["requester"]["id"] == requester.user_id and data["quotations"] == []
    listed = client.get(f"{API}agency/quote-requests/").json()
    assert [r["id"] for r in listed["results"]] == [data["id"]]
    assert client.get(f"{API}agency/quote-requests/{data['id']}/").json()["number"] == data["number"]


@pytest.mark.parametrize(
    ("change", "status", "code", "field"),
    [
        (
            lambda b, p: b["items"].__setitem__(0, {"product_id": p.pk, "quantity": 9}),
            400,
            "below_minimum_quantity",
            "items[0].quantity",
        ),
        (lambda b, p: b.update(firms=[]), 400, "no_recipients", "firms"),
        (lambda b, p: b.update(items=[]), 400, "min_length", "items"),
        (lambda b, p: b.update(delivery_date="2020-01-01"), 400, "delivery_date_past", "delivery_date"),
        (lambda b, p: b.update(reply_deadline="2020-01-01T10:00:00+09:00"), 400, "deadline_past", "reply_deadline"),
        (
            lambda b, p: b["items"].__setitem__(0, {"product_id": 10**9, "quantity": 1}),
            404,
            "product_not_available",
            "items[0].product_id",
        ),
        (lambda b, p: b.update(firms=[10**9]), 404, "firm_not_available", "firms"),
    ],
)
def test_a_bad_request_for_quotation_is_refused_with_its_code(requester, change, status, code, field):
    product = product_of(eligible_firm(), moq=10)
    body = rfq_body(items=[{"description": "펜", "quantity": 1}], firms=[eligible_firm()])
    change(body, product)
    response = client_for(requester.user).post(f"{API}agency/quote-requests/", body, format="json")
    assert error_of(response, status, code)["field"] == field
    assert not QuoteRequest.objects.exists()


def test_only_requesters_of_approved_agencies_send_requests(agency):
    body = rfq_body(items=[{"description": "펜", "quantity": 1}], firms=[eligible_firm()])
    approver_only = agency_member(agency, "approver")
    error_of(
        client_for(approver_only.user).post(f"{API}agency/quote-requests/", body, format="json"), 403, "role_required"
    )
    outsider = client_for(UserFactory())
    assert outsider.post(f"{API}agency/quote-requests/", body, format="json").status_code == 403
    pending = agency_member(AgencyFactory(status="pending"), "requester")
    assert client_for(pending.user).post(f"{API}agency/quote-requests/", body, format="json").status_code == 403
    assert client_for(seller_of(eligible_firm())).get(f"{API}agency/quote-requests/").status_code == 403


def test_cancel_a_request(agency, requester):
    request = rfq(requester, items=[("펜", 10)], firms=[eligible_firm()])
    colleague = agency_member(agency, "requester")
    error_of(
        client_for(colleague.user).post(f"{API}agency/quote-requests/{request.pk}/cancel/"), 403, "not_your_request"
    )
    assert client_for(colleague.user).get(f"{API}agency/quote-requests/{request.pk}/").json()["can_cancel"] is False
    response = client_for(requester.user).post(f"{API}agency/quote-requests/{request.pk}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert response.json()["can_cancel"] is False
    error_of(
        client_for(requester.user).post(f"{API}agency/quote-requests/{request.pk}/cancel/"), 409, "request_not_open"
    )


# --- quotations (seller) ---------------------------------------------------------------------------------------
def test_a_firm_sees_the_requests_sent_to_it_and_quotes(requester):
    firm, other = eligible_firm(), eligible_firm()
    soap = product_of(firm, price=11_000, tiers=[(10, 9_900)])
    request = rfq(requester, items=[(soap, 10), ("포장", 1)])
    rfq(requester, items=[("다른 요청", 1)], firms=[other])
    seller = client_for(seller_of(firm))

    listed = seller.get(f"{API}seller/quote-requests/").json()["results"]
    assert [(r["id"], r["can_quote"], r["my_quotation"]) for r in listed] == [(request.pk, True, None)]
    assert listed[0]["agency"]["name"] == requester.agency.name
    items = listed[0]["items"]
    body = {
        "lines": [{"item_id": items[0]["id"]}, {"item_id": items[1]["id"], "unit_price": 2_200}],
        "valid_until": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "delivery_terms": "발주 후 5일",
    }
    response = seller.post(f"{API}seller/quote-requests/{request.pk}/quotation/", body, format="json")
    assert response.status_code == 201, response.content
    mine = response.json()["my_quotation"]
    assert (mine["status"], mine["supply_total"], mine["vat_total"], mine["total"], mine["can_withdraw"]) == (
        "submitted",
        92_000,
        9_200,
        101_200,
        True,
    )
    assert [(line["unit_price"], line["supply_value"], line["vat"]) for line in mine["lines"]] == [
        (9_900, 90_000, 9_000),
        (2_200, 2_000, 200),
    ]
    assert response.json()["can_quote"] is False
    error_of(
        seller.post(f"{API}seller/quote-requests/{request.pk}/quotation/", body, format="json"), 409, "quotation_exists"
    )
    # The agency sees it, with the firm's flag for a price above the catalogue's (none here).
    agency_view = client_for(requester.user).get(f"{API}agency/quote-requests/{request.pk}/").json()
    assert [(q["id"], q["can_select"]) for q in agency_view["quotations"]] == [(mine["id"], True)]

    response = seller.post(f"{API}seller/quotations/{mine['id']}/withdraw/")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert response.json()["can_withdraw"] is False
    error_of(seller.post(f"{API}seller/quotations/{mine['id']}/withdraw/"), 409, "quotation_not_withdrawable")


def test_quoting_after_the_deadline_answers_409(requester):
    firm = eligible_firm()
    request = rfq(requester, items=[("펜", 10)], firms=[firm])
    QuoteRequest.objects.filter(pk=request.pk).update(reply_deadline=timezone.now() - datetime.timedelta(minutes=1))
    seller = client_for(seller_of(firm))
    shown = seller.get(f"{API}seller/quote-requests/{request.pk}/").json()
    assert shown["deadline_passed"] is True and shown["can_quote"] is False
    body = {
        "lines": [{"item_id": shown["items"][0]["id"], "unit_price": 100}],
        "valid_until": timezone.localdate().isoformat(),
    }
    error_of(
        seller.post(f"{API}seller/quote-requests/{request.pk}/quotation/", body, format="json"), 409, "deadline_passed"
    )


def test_a_firm_not_asked_finds_nothing(requester):
    asked, stranger = eligible_firm(), eligible_firm()
    request = rfq(requester, items=[("펜", 10)], firms=[asked])
    quotation = quote(seller_of(asked), request, prices={0: 100})
    purchase = Purchase.objects.get(pk=submitted(requester, firm=asked)["id"])
    client = client_for(seller_of(stranger))
    error_of(client.get(f"{API}seller/quote-requests/{request.pk}/"), 404, "not_found")
    body = {"lines": [{"item_id": request.items.get().pk, "unit_price": 1}], "valid_until": "2099-01-01"}
    error_of(client.post(f"{API}seller/quote-requests/{request.pk}/quotation/", body, format="json"), 404, "not_found")
    error_of(client.post(f"{API}seller/quotations/{quotation.pk}/withdraw/"), 404, "not_found")
    error_of(client.get(f"{API}seller/agency-orders/{purchase.pk}/"), 404, "not_found")
    assert client.get(f"{API}seller/quote-requests/").json()["results"] == []
    # An agency member is not a seller.
    assert client_for(requester.user).get(f"{API}seller/quote-requests/").status_code == 403


# --- comparison and selection ----------------------------------------------------------------------------------
def test_compare_then_select_a_quotation(requester):
    a, b = eligible_firm(), eligible_firm()
    soap = product_of(a, price=11_000)
    request = rfq(requester, items=[(soap, 10), ("포장", 1)], firms=[b])
    qa = quote(seller_of(a), request, prices={0: 12_000, 1: 1_000})  # above its catalogue price
    qb = quote(seller_of(b), request, prices={0: 10_000, 1: 2_000})
    client = client_for(requester.user)

    comparison = client.get(f"{API}agency/quote-requests/{request.pk}/comparison/").json()
    assert [(q["id"], q["total"], q["cheapest"]) for q in comparison["quotations"]] == [
        (qb.pk, 102_000, True),
        (qa.pk, 121_000, False),
    ]
    soap_row = comparison["items"][0]
    assert [(o["quotation_id"], o["cheapest"], o["above_catalogue_price"]) for o in soap_row["offers"]] == [
        (qb.pk, True, False),
        (qa.pk, False, True),
    ]
    assert [o["cheapest"] for o in comparison["items"][1]["offers"]] == [False, True]

    error_of(client.post(f"{API}agency/quote-requests/{request.pk}/select/", {}, format="json"), 400, "required")
    response = client.post(f"{API}agency/quote-requests/{request.pk}/select/", {"quotation": qb.pk}, format="json")
    assert response.status_code == 201, response.content
    purchase = response.json()
    assert (purchase["status"], purchase["channel"], purchase["quotation_number"], purchase["total"]) == (
        "submitted",
        "quotation",
        qb.number,
        102_000,
    )
    assert purchase["firm"]["id"] == b.pk and purchase["can_approve"] is False  # the requester's own
    error_of(
        client.post(f"{API}agency/quote-requests/{request.pk}/select/", {"quotation": qa.pk}, format="json"),
        409,
        "request_not_open",
    )
    shown = client.get(f"{API}agency/quote-requests/{request.pk}/").json()
    assert shown["status"] == "closed"
    assert {q["id"]: q["status"] for q in shown["quotations"]} == {qa.pk: "not_selected", qb.pk: "selected"}


def test_an_expired_quotation_cannot_be_selected(requester):
    firm = eligible_firm()
    request = rfq(requester, items=[("펜", 10)], firms=[firm])
    quotation = quote(seller_of(firm), request, prices={0: 100})
    type(quotation).objects.filter(pk=quotation.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    client = client_for(requester.user)
    assert client.get(f"{API}agency/quote-requests/{request.pk}/").json()["quotations"][0]["can_select"] is False
    error_of(
        client.post(f"{API}agency/quote-requests/{request.pk}/select/", {"quotation": quotation.pk}, format="json"),
        409,
        "quotation_expired",
    )


# --- buy-now and approval ---------------------------------------------------------------------------------------
def test_buy_now_and_its_refusals(requester, settings):
    settings.AGENCY_BUY_NOW_LIMIT = 5_000_000
    firm = eligible_firm()
    soap = product_of(firm, price=11_000, tiers=[(100, 9_900)], moq=10)
    client = client_for(requester.user)
    response = client.post(f"{API}agency/purchases/buy-now/", buy_now_body((soap, 100)), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["channel"], data["status"], data["supply_total"], data["vat_total"], data["total"]) == (
        "buy_now",
        "submitted",
        900_000,
        90_000,
        990_000,
    )
    assert data["lines"][0]["unit_price"] == 9_900 and data["events"][0]["kind"] == "submitted"
    error_of(
        client.post(f"{API}agency/purchases/buy-now/", buy_now_body((soap, 9)), format="json"),
        400,
        "below_minimum_quantity",
    )
    error_of(
        client.post(f"{API}agency/purchases/buy-now/", buy_now_body((soap, 600)), format="json"),
        400,
        "buy_now_limit_exceeded",
    )
    error_of(
        client.post(
            f"{API}agency/purchases/buy-now/", buy_now_body((soap, 10), (product_of(eligible_firm()), 1)), format="json"
        ),
        400,
        "several_firms",
    )
    error_of(
        client.post(f"{API}agency/purchases/buy-now/", buy_now_body((soap, 10), days=-1), format="json"),
        400,
        "delivery_date_past",
    )
    excluded = eligible_firm(svi_grade="weak")
    error_of(
        client.post(f"{API}agency/purchases/buy-now/", buy_now_body((product_of(excluded), 1)), format="json"),
        409,
        "firm_excluded_svi",
    )


def test_approve_return_resubmit_and_the_approvals_list(agency, requester, approver):
    purchase = submitted(requester)
    pid = purchase["id"]
    mine = client_for(requester.user)
    decider = client_for(approver.user)
    assert [p["id"] for p in decider.get(f"{API}agency/approvals/").json()["results"]] == [pid]
    assert mine.get(f"{API}agency/approvals/").json()["results"] == []  # not an approver

    error_of(decider.post(f"{API}agency/purchases/{pid}/return/", {}, format="json"), 400, "required")
    error_of(mine.post(f"{API}agency/purchases/{pid}/approve/"), 403, "role_required")
    response = decider.post(f"{API}agency/purchases/{pid}/return/", {"comment": "수량 확인 바랍니다"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "returned"
    error_of(decider.post(f"{API}agency/purchases/{pid}/approve/"), 409, "invalid_status")
    error_of(
        client_for(agency_member(agency, "requester").user).post(f"{API}agency/purchases/{pid}/resubmit/"),
        403,
        "not_your_purchase",
    )
    assert mine.get(f"{API}agency/purchases/{pid}/").json()["can_resubmit"] is True
    response = mine.post(f"{API}agency/purchases/{pid}/resubmit/", {"comment": "확인했습니다"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    error_of(mine.post(f"{API}agency/purchases/{pid}/resubmit/"), 409, "invalid_status")

    response = decider.post(f"{API}agency/purchases/{pid}/approve/")
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["approver"]["id"]) == ("ordered", approver.user_id)
    assert [(e["kind"], e["comment"]) for e in data["events"]] == [
        ("submitted", ""),
        ("returned", "수량 확인 바랍니다"),
        ("resubmitted", "확인했습니다"),
        ("approved", ""),
    ]
    assert decider.get(f"{API}agency/approvals/").json()["results"] == []


def test_nobody_approves_their_own_request(agency):
    clerk = agency_member(agency)  # every role
    purchase = submitted(clerk)
    client = client_for(clerk.user)
    shown = client.get(f"{API}agency/purchases/{purchase['id']}/").json()
    assert shown["can_approve"] is False and shown["approval_refusal"]["code"] == "own_request"
    error_of(client.post(f"{API}agency/purchases/{purchase['id']}/approve/"), 403, "own_request")
    error_of(
        client.post(f"{API}agency/purchases/{purchase['id']}/return/", {"comment": "x"}, format="json"),
        403,
        "own_request",
    )


def test_a_purchase_above_the_threshold_is_flagged_and_cannot_be_approved(requester, approver, settings):
    settings.AGENCY_BUY_NOW_LIMIT = 100_000_000
    settings.NATIONAL_PROCUREMENT_URL = "https://www.g2b.go.kr"
    purchase = submitted(requester, amount=60_000_000)
    assert purchase["tender_required"] is True
    assert purchase["tender_reasons"] == [
        {"code": "above_threshold", "message": "금액 60,000,000원이 수의계약 한도 50,000,000원을 초과합니다."}
    ]
    assert purchase["national_procurement_url"] == "https://www.g2b.go.kr"
    decider = client_for(approver.user)
    shown = decider.get(f"{API}agency/purchases/{purchase['id']}/").json()
    assert shown["can_approve"] is False and shown["approval_refusal"]["code"] == "tender_required"
    assert [p["id"] for p in decider.get(f"{API}agency/approvals/").json()["results"]] == [purchase["id"]]
    error = error_of(decider.post(f"{API}agency/purchases/{purchase['id']}/approve/"), 409, "tender_required")
    assert "나라장터" in error["message"] and "https://www.g2b.go.kr" in error["message"]
    assert error["details"][0]["code"] == "above_threshold"


def test_a_designation_expired_since_submission_refuses_approval(requester, approver):
    firm = eligible_firm(vulnerable_employee_share=Decimal("50"))
    purchase = submitted(requester, firm=firm)
    Designation.objects.filter(firm=firm).update(end_date=timezone.localdate() - datetime.timedelta(days=1))
    decider = client_for(approver.user)
    assert decider.get(f"{API}agency/purchases/{purchase['id']}/").json()["can_approve"] is False
    error_of(decider.post(f"{API}agency/purchases/{purchase['id']}/approve/"), 409, "firm_not_eligible")


def test_cancel_a_purchase(agency, requester, approver):
    purchase = submitted(requester)
    client = client_for(requester.user)
    error_of(client.post(f"{API}agency/purchases/{purchase['id']}/cancel/", {}, format="json"), 400, "required")
    error_of(
        client_for(approver.user).post(
            f"{API}agency/purchases/{purchase['id']}/cancel/", {"reason": "x"}, format="json"
        ),
        403,
        "not_your_purchase",
    )
    response = client.post(f"{API}agency/purchases/{purchase['id']}/cancel/", {"reason": "예산 변경"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    error_of(
        client.post(f"{API}agency/purchases/{purchase['id']}/cancel/", {"reason": "다시"}, format="json"),
        409,
        "invalid_status",
    )
    delivered = submitted(requester)
    client_for(approver.user).post(f"{API}agency/purchases/{delivered['id']}/approve/")
    Delivery.objects.create(
        number="DL-API-1",
        purchase_id=delivered["id"],
        delivered_on=timezone.localdate(),
        created_by=UserFactory(),
    )
    assert client.get(f"{API}agency/purchases/{delivered['id']}/").json()["can_cancel"] is False
    error_of(
        client.post(f"{API}agency/purchases/{delivered['id']}/cancel/", {"reason": "x"}, format="json"),
        409,
        "already_delivered",
    )


# --- the firm's agency orders -------------------------------------------------------------------------------------
def test_a_firm_sees_its_ordered_purchases_only(requester, approver):
    firm = eligible_firm()
    ordered = submitted(requester, firm=firm)
    waiting = submitted(requester, firm=firm)
    other_firms = submitted(requester)
    for pid in (ordered["id"], other_firms["id"]):
        assert client_for(approver.user).post(f"{API}agency/purchases/{pid}/approve/").status_code == 200
    client = client_for(seller_of(firm))
    listed = client.get(f"{API}seller/agency-orders/").json()["results"]
    assert [p["id"] for p in listed] == [ordered["id"]]
    assert listed[0]["agency"]["name"] == requester.agency.name and listed[0]["status"] == "ordered"
    assert "events" not in listed[0] and "tender_reasons" not in listed[0]
    error_of(client.get(f"{API}seller/agency-orders/{waiting['id']}/"), 404, "not_found")
    assert client.get(f"{API}seller/agency-orders/{ordered['id']}/").json()["total"] == ordered["total"]


# --- flags agree with the endpoints --------------------------------------------------------------------------------
MOVES = {
    "can_approve": ("approve", {}),
    "can_return": ("return", {"comment": "보완해 주세요"}),
    "can_resubmit": ("resubmit", {}),
    "can_cancel": ("cancel", {"reason": "취소합니다"}),
}


@pytest.mark.parametrize("state", ["submitted", "returned", "ordered", "cancelled", "tender"])
@pytest.mark.parametrize("who", ["requester", "approver", "admin", "clerk"])
@pytest.mark.parametrize("flag", sorted(MOVES))
def test_each_flag_is_true_exactly_when_the_endpoint_accepts(agency, requester, approver, settings, state, who, flag):
    settings.AGENCY_BUY_NOW_LIMIT = 100_000_000
    clerk = agency_member(agency)  # every role, but not the requester of this purchase
    members = {"requester": requester, "approver": approver, "admin": agency_member(agency, "admin"), "clerk": clerk}
    purchase = submitted(requester, amount=60_000_000 if state == "tender" else 110_000)
    pid = purchase["id"]
    if state == "returned":
        client_for(approver.user).post(f"{API}agency/purchases/{pid}/return/", {"comment": "x"}, format="json")
    elif state == "ordered":
        client_for(approver.user).post(f"{API}agency/purchases/{pid}/approve/")
    elif state == "cancelled":
        client_for(requester.user).post(f"{API}agency/purchases/{pid}/cancel/", {"reason": "x"}, format="json")
    client = client_for(members[who].user)
    shown = client.get(f"{API}agency/purchases/{pid}/").json()
    move, body = MOVES[flag]
    response = client.post(f"{API}agency/purchases/{pid}/{move}/", body, format="json")
    assert (response.status_code == 200) is shown[flag], (shown[flag], response.status_code, response.content)
    if not shown[flag]:
        assert response.status_code in (403, 409), response.content


# --- query counts -----------------------------------------------------------------------------------------------------
def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_lists_cost_the_same_queries_for_one_row_or_several(requester, approver):
    firm = eligible_firm()

    def one_of_each(n):
        """A request quoted by two firms, a purchase waiting for approval and one ordered."""
        other = eligible_firm()
        request = rfq(requester, items=[(product_of(firm, tiers=[(5, 9_000)]), 5), ("펜", n + 1)], firms=[other])
        quote(seller_of(firm), request, prices={1: 500})
        quote(seller_of(other), request, prices={0: 8_000, 1: 400})
        submitted(requester, firm=firm)
        pid = submitted(requester, firm=firm)["id"]
        assert client_for(approver.user).post(f"{API}agency/purchases/{pid}/approve/").status_code == 200

    one_of_each(0)
    agency_client, seller_client = client_for(approver.user), client_for(seller_of(firm))
    paths = [
        (agency_client, f"{API}agency/quote-requests/"),
        (agency_client, f"{API}agency/purchases/"),
        (agency_client, f"{API}agency/approvals/"),
        (seller_client, f"{API}seller/quote-requests/"),
        (seller_client, f"{API}seller/agency-orders/"),
    ]
    before = [_queries(c, p) for c, p in paths]
    for n in range(1, 4):
        one_of_each(n)
    assert [_queries(c, p) for c, p in paths] == before
