"""The authorization matrix: every endpoint × every role, with the outcome each role must get, from one table.

Object paths are filled with the ids of one party's objects (the buyer's order, the seller's product...), so the
other buyer and the other firm's seller ask for rows that exist but are not theirs: they must get 404, never the
row. Lists must show the caller its own rows and nobody else's. An endpoint missing from the table fails
`test_every_endpoint_is_in_the_table`, so a new endpoint (or a new role) joins the matrix the day it lands.

Below the table, the leaks the matrix cannot see: filters naming another party, nested objects, uploads.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from market.catalog.models import ProductStatus
from market.orders.services import fulfilment_confirm, fulfilment_confirm_purchase, fulfilment_ship
from market.procurement.models import AgencyYear, FirmQualification, ProcurementRegime
from market.procurement.services.deliveries import (
    delivery_inspect,
    delivery_record,
    invoice_issue,
    invoice_mark_paid,
)
from market.reports.impact_card import impact_card_create
from market.reports.models import AgencyDisclosure, DistrictOfficer, ImpactCard
from tests.factories import ProductFactory, UserFactory, valid_registration_number
from tests.procurement.factories import ordered_purchase
from tests.security.conftest import (
    AGENCY,
    ANONYMOUS,
    BUYER,
    OPERATOR,
    OTHER_AGENCY,
    OTHER_BUYER,
    OTHER_SELLER,
    ROLES,
    SELLER,
    SHIPPING,
    png_upload,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/"


def outcomes(
    anonymous, buyer, other_buyer, seller, other_seller, operator, agency=None, other_agency=None
) -> dict[str, int]:
    """Expected status per role, in ROLES order. 2 means any 2xx.

    Agency members own no orders, carts or firm rows: unless given, each gets what other_buyer gets (a signed-in
    account owning none of the objects in the path)."""
    agency = other_buyer if agency is None else agency
    other_agency = other_buyer if other_agency is None else other_agency
    values = (anonymous, buyer, other_buyer, seller, other_seller, operator, agency, other_agency)
    return dict(zip(ROLES, values, strict=True))


# The usual shapes of access. Objects in paths belong to BUYER (buyer rows) or SELLER (firm rows).
PUBLIC = outcomes(2, 2, 2, 2, 2, 2)
SIGNED_IN = outcomes(401, 2, 2, 2, 2, 2)
BUYERS_OWN = outcomes(401, 2, 404, 404, 404, 404)  # orders: only their buyer finds them
SELLERS = outcomes(401, 403, 403, 2, 2, 403)  # the caller's own firm, whichever it is
FIRMS_OWN = outcomes(401, 403, 403, 2, 404, 403)  # a row of SELLER's firm
OPERATORS = outcomes(401, 403, 403, 403, 403, 2)
AGENCY_MEMBERS = outcomes(401, 403, 403, 403, 403, 403, 2, 2)  # the caller's own agency, whichever it is
AGENCYS_OWN = outcomes(401, 403, 403, 403, 403, 403, 2, 404)  # a row of AGENCY's agency


@dataclass
class Row:
    expect: dict[str, int]
    path: Callable = lambda m: {}  # the path parameters, from the market
    body: Callable | None = None  # the request body, from the market
    query: dict = field(default_factory=dict)
    multipart: bool = False
    prepare: Callable | None = None  # brings the object to the state the call needs
    # For lists: which kind of row the caller must see exactly its own of (a Party attribute name).
    own_rows: str | None = None


def buyer_order(index):
    return lambda m: {"id": m[BUYER].orders[index].pk}


def seller_product(m):
    return {"id": m[SELLER].products[0].pk}


def seller_fulfilment(m):
    return {"id": m[SELLER].fulfilments[0].pk}


def delivered_part(m):
    """The buyer's delivered part with no claim on it (the other firm's part of the delivered order)."""
    order = m[BUYER].orders[2]
    return {"id": order.pk, "fulfilment_id": order.fulfilments.get(firm=m[OTHER_SELLER].firm).pk}


def delivered_part_id(m):
    return {"id": delivered_part(m)["fulfilment_id"]}


def purchase_confirmed(m):
    fulfilment_confirm_purchase(fulfilment_id=delivered_part(m)["fulfilment_id"], buyer=m[BUYER].user)


def confirmed(m):
    fulfilment_confirm(fulfilment_id=m[SELLER].fulfilments[0].pk, actor=m[SELLER].user)


def shipped(m):
    confirmed(m)
    fulfilment_ship(
        fulfilment_id=m[SELLER].fulfilments[0].pk,
        actor=m[SELLER].user,
        carrier="CJ대한통운",
        tracking_number="6012-3456-7890",
    )


def agency_colleague(m):
    return {"id": m[AGENCY].members[1].pk}


def agency_details(m):
    return {
        "name": "서울특별시 새 기관",
        "kind": "public_institution",
        "district": "11440",
        "address": "서울특별시 마포구 1",
        "billing_email": "billing@new-agency.example.kr",
    }


def document_row(kind):
    """The first of the documents endpoints' rows of a kind: AGENCY's, from SELLER's firm (conftest documents)."""
    return lambda m: {"id": m.documents[kind][0].pk}


# --- purchase performance: objects the operators' rows act on -------------------------------------------------------
def women_owned_qualification(m):
    """A women-owned qualification of SELLER's firm, to end or revoke."""
    m.qualification = FirmQualification.objects.create(
        firm=m[SELLER].firm, kind="women_owned", start_date=datetime.date(2024, 1, 1)
    )


def agencies_recorded_2025(m):
    """Both agencies recorded their total purchasing of 2025 (what publishing the year needs)."""
    for role in (AGENCY, OTHER_AGENCY):
        AgencyYear.objects.get_or_create(agency=m[role].agency, year=2025, defaults={"total_purchasing": 1_000_000})


def agencies_published_2025(m):
    agencies_recorded_2025(m)
    for role in (AGENCY, OTHER_AGENCY):
        AgencyDisclosure.objects.get_or_create(agency=m[role].agency, year=2025)


CITY_PERIOD = {"from": "2025-01-01", "to": "2025-12-31"}


def mapo_district(m):
    return {"code": "11440"}


def buyer_impact_card(m):
    """The buyer's live card of 2025 (a new one once the DELETE row revoked it)."""
    card = ImpactCard.objects.filter(user=m[BUYER].user, year=2025, revoked_at__isnull=True).first()
    return {"token": (card or impact_card_create(user=m[BUYER].user, year=2025)).token}


def years_upload(m):
    return {"file": SimpleUploadedFile("years.csv", b"year,total_purchasing\n2024,1000000\n", content_type="text/csv")}


# --- deliveries, inspection, invoices, refunds: made in the test's own savepoint, through the services ----------
def _fresh(m, step):
    """AGENCY's ordered purchase from SELLER's firm and, from `step` "delivered" on, a delivery of one unit taken
    to that step ("delivered", "inspected", "invoiced", "paid"), kept on the market as m.fresh."""
    purchase = ordered_purchase(
        agency=m[AGENCY].agency, firm=m[SELLER].firm, requester=m[AGENCY].user, lines=((4, 11_000, False),)
    )
    m.fresh = {"purchase": purchase}
    if step == "ordered":
        return
    line = purchase.lines.get()
    delivery = delivery_record(
        purchase_id=purchase.pk,
        actor=m[SELLER].user,
        lines=[{"purchase_line_id": line.pk, "quantity": 1}],
        delivered_on=timezone.localdate(),
    )
    m.fresh["delivery"] = delivery
    if step == "delivered":
        return
    results = [{"purchase_line_id": line.pk, "result": "accepted"}]
    delivery_inspect(delivery_id=delivery.pk, member=m[AGENCY].members[0], results=results)
    if step == "inspected":
        return
    m.fresh["invoice"] = invoice_issue(delivery_id=delivery.pk, actor=m[SELLER].user)
    if step == "paid":
        invoice_mark_paid(invoice_id=m.fresh["invoice"].pk, actor=m[OPERATOR].user, reference="국고 0412")


def fresh(step):
    return lambda m: _fresh(m, step)


def fresh_purchase(m):
    return {"id": m.fresh["purchase"].pk}


def fresh_delivery(m):
    return {"id": m.fresh["delivery"].pk}


def fresh_invoice(m):
    return {"id": m.fresh["invoice"].pk}


def one_more_unit(m):
    line = m.fresh["purchase"].lines.get()
    return {"delivered_on": timezone.localdate().isoformat(), "lines": [{"purchase_line_id": line.pk, "quantity": 1}]}


def all_accepted(m):
    return {"results": [{"purchase_line_id": m.fresh["purchase"].lines.get().pk, "result": "accepted"}]}


def refund_of_the_line(m):
    return {"delivery_line_id": m.fresh["delivery"].lines.get().pk, "amount": 1_000, "reason": "사후 발견 불량"}


def rfq_input(m):
    return {
        "title": "사무용품",
        "items": [{"description": "A4 복사용지", "quantity": 10}],
        "firms": [m[SELLER].firm.pk],
        "delivery_place": "서울특별시 마포구 월드컵로 212",
        "delivery_date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        "reply_deadline": (timezone.now() + datetime.timedelta(days=5)).isoformat(),
    }


def quotation_input(m):
    """SELLER's answer to AGENCY's request it has not quoted yet."""
    items = m[AGENCY].quote_requests[1].items.order_by("position")
    return {
        "lines": [{"item_id": item.pk, "unit_price": 10_000} for item in items],
        "valid_until": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
    }


def buy_now_input(m):
    return {
        "items": [{"product_id": m[SELLER].products[1].pk, "quantity": 2}],
        "delivery_place": "서울특별시 마포구 월드컵로 212",
        "delivery_date": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
    }


def agency_row(kind, index=0):
    """One of AGENCY's rows of a kind (conftest _procurement_rows)."""
    return lambda m: {"id": getattr(m[AGENCY], kind)[index].pk}


def firm_row(kind, index=0):
    """One of SELLER's firm's rows of a kind (conftest _procurement_rows)."""
    return lambda m: {"id": getattr(m[SELLER], kind)[index].pk}


def product_input(m):
    return {"category": "bakery", "title": "통밀 식빵", "price": 5000, "stock": 3}


def csv_upload(m):
    content = "sku,title,category,price,stock\nBREAD-1,호밀빵,bakery,4000,5\n".encode()
    return {"file": SimpleUploadedFile("products.csv", content, content_type="text/csv")}


def registry_upload(m):
    content = (
        "number,name,registration_number,start_date\n"
        f"제2020-0001호,새 사회적기업,{valid_registration_number()},2020-01-01\n"
    )
    return {
        "file": SimpleUploadedFile("registry.csv", content.encode(), content_type="text/csv"),
        "kind": "social_enterprise",
    }


def new_seller(m):
    return {
        "email": "new-seller@example.kr",
        "password": "a-long-pass-word-9",
        "firm": {
            "name": "새 협동조합",
            "registration_number": valid_registration_number(),
            "district": "11440",
            "address": "서울 마포구 1",
        },
    }


# (method, path as in the schema) -> Row. Every endpoint of the API, every role.
TABLE: dict[tuple[str, str], Row] = {
    # --- accounts -----------------------------------------------------------------------------------------
    ("GET", "auth/login/"): Row(PUBLIC),
    ("POST", "auth/login/"): Row(
        outcomes(400, 400, 400, 400, 400, 400),  # wrong password: for everyone alike
        body=lambda m: {"email": m[BUYER].user.email, "password": "wrong-pass-word"},
    ),
    ("POST", "auth/token/"): Row(PUBLIC, body=lambda m: {"email": m[BUYER].user.email, "password": "pass-word-123"}),
    ("POST", "auth/logout/"): Row(SIGNED_IN),
    ("POST", "auth/logoutall/"): Row(SIGNED_IN),
    ("GET", "auth/me/"): Row(SIGNED_IN),
    ("POST", "auth/password/"): Row(
        SIGNED_IN, body=lambda m: {"current_password": "pass-word-123", "new_password": "a-new-long-pass-word-9"}
    ),
    ("POST", "auth/register/"): Row(
        outcomes(201, 201, 201, 201, 201, 201),
        body=lambda m: {"email": "new-buyer@example.kr", "password": "a-long-pass-word-9"},
    ),
    ("POST", "auth/register/seller/"): Row(outcomes(201, 201, 201, 201, 201, 201), body=new_seller),
    # --- public catalogue -------------------------------------------------------------------------------------
    ("GET", "districts/"): Row(PUBLIC),
    ("GET", "tags/"): Row(PUBLIC),
    ("GET", "categories/"): Row(PUBLIC),
    ("GET", "firms/"): Row(PUBLIC),
    ("GET", "firms/{id}/"): Row(PUBLIC, path=lambda m: {"id": m[SELLER].firm.pk}),
    ("GET", "products/"): Row(PUBLIC),
    ("GET", "products/{id}/"): Row(PUBLIC, path=seller_product),
    ("GET", "search/products/"): Row(PUBLIC),
    ("GET", "search/suggest/"): Row(PUBLIC, query={"q": "쿠키"}),
    # --- cart and orders (buyers) ------------------------------------------------------------------------------
    ("GET", "cart/"): Row(PUBLIC),
    ("PUT", "cart/items/{product_id}/"): Row(
        PUBLIC, path=lambda m: {"product_id": m[SELLER].products[0].pk}, body=lambda m: {"quantity": 1}
    ),
    ("DELETE", "cart/items/{product_id}/"): Row(PUBLIC, path=lambda m: {"product_id": m[SELLER].products[1].pk}),
    ("POST", "checkout/"): Row(
        outcomes(401, 201, 201, 400, 400, 400, 400, 400),  # sellers, operators and agencies: empty cart
        body=lambda m: {"shipping": SHIPPING},
    ),
    ("GET", "orders/"): Row(SIGNED_IN, own_rows="orders"),
    ("GET", "orders/{id}/"): Row(BUYERS_OWN, path=buyer_order(0)),
    ("POST", "orders/{id}/payment/"): Row(BUYERS_OWN, path=buyer_order(1)),
    ("POST", "orders/{id}/payment/confirm/"): Row(
        BUYERS_OWN, path=buyer_order(1), body=lambda m: {"payment_method": "pm_card_visa"}
    ),
    ("POST", "orders/{id}/payment/sync/"): Row(BUYERS_OWN, path=buyer_order(1)),
    ("POST", "orders/{id}/cancel/"): Row(BUYERS_OWN, path=buyer_order(1)),
    ("POST", "orders/{id}/fulfilments/{fulfilment_id}/confirm-purchase/"): Row(BUYERS_OWN, path=delivered_part),
    ("POST", "orders/{id}/fulfilments/{fulfilment_id}/claim/"): Row(
        outcomes(401, 201, 404, 404, 404, 404),
        path=delivered_part,
        body=lambda m: {"kind": "complaint", "reason": "맛이 달라요"},
    ),
    # --- sellers --------------------------------------------------------------------------------------------
    ("GET", "seller/firm/"): Row(SELLERS),
    ("PATCH", "seller/firm/"): Row(SELLERS, body=lambda m: {"description": "우리 동네 빵집"}),
    ("GET", "seller/firm/designations/"): Row(SELLERS, own_rows="designations"),
    ("POST", "seller/firm/designations/"): Row(
        outcomes(401, 403, 403, 201, 201, 403),
        body=lambda m: {"kind": "village_enterprise", "issuer": "서울특별시", "start_date": "2024-01-01"},
    ),
    ("GET", "seller/products/"): Row(SELLERS, own_rows="products"),
    ("POST", "seller/products/"): Row(outcomes(401, 403, 403, 201, 201, 403), body=product_input),
    ("GET", "seller/products/{id}/"): Row(FIRMS_OWN, path=seller_product),
    ("PATCH", "seller/products/{id}/"): Row(FIRMS_OWN, path=seller_product, body=lambda m: {"price": 13000}),
    ("DELETE", "seller/products/{id}/"): Row(FIRMS_OWN, path=lambda m: {"id": m[SELLER].products[1].pk}),  # unsold
    ("POST", "seller/products/{id}/stock/"): Row(FIRMS_OWN, path=seller_product, body=lambda m: {"delta": 1}),
    ("POST", "seller/products/{id}/images/"): Row(
        outcomes(401, 403, 403, 201, 404, 403),
        path=seller_product,
        multipart=True,
        body=lambda m: {"image": png_upload(), "alt_text": "새 사진"},
    ),
    ("POST", "seller/products/{id}/images/reorder/"): Row(
        FIRMS_OWN, path=seller_product, body=lambda m: {"image_ids": [i.pk for i in m[SELLER].images]}
    ),
    ("DELETE", "seller/products/{id}/images/{image_id}/"): Row(
        FIRMS_OWN, path=lambda m: {"id": m[SELLER].products[0].pk, "image_id": m[SELLER].images[0].pk}
    ),
    ("POST", "seller/products/import/"): Row(outcomes(401, 403, 403, 201, 201, 403), multipart=True, body=csv_upload),
    ("GET", "seller/fulfilments/"): Row(SELLERS, own_rows="fulfilments"),
    ("GET", "seller/fulfilments/{id}/"): Row(FIRMS_OWN, path=seller_fulfilment),
    ("POST", "seller/fulfilments/{id}/confirm/"): Row(FIRMS_OWN, path=seller_fulfilment),
    ("POST", "seller/fulfilments/{id}/ship/"): Row(
        FIRMS_OWN,
        path=seller_fulfilment,
        prepare=confirmed,
        body=lambda m: {"carrier": "CJ대한통운", "tracking_number": "6012-3456-7890"},
    ),
    ("POST", "seller/fulfilments/{id}/deliver/"): Row(FIRMS_OWN, path=seller_fulfilment, prepare=shipped),
    ("POST", "seller/fulfilments/{id}/cancel/"): Row(
        FIRMS_OWN, path=seller_fulfilment, body=lambda m: {"reason": "재고가 모자랍니다"}
    ),
    ("POST", "seller/fulfilments/{id}/accept-claim/"): Row(
        FIRMS_OWN, path=lambda m: {"id": m[BUYER].claims[0].fulfilment_id}, body=lambda m: {"note": "환불해 드릴게요"}
    ),
    ("GET", "seller/settlement/"): Row(SELLERS),
    # A citizen's value consumption (api/v1/reports_impact.py): their own figures and cards; a shared card for anyone.
    ("GET", "me/impact/"): Row(SIGNED_IN, query={"year": 2025}),
    ("GET", "orders/{number}/impact/"): Row(BUYERS_OWN, path=lambda m: {"number": m[BUYER].orders[0].number}),
    ("GET", "me/impact/cards/"): Row(SIGNED_IN),
    ("GET", "me/monthly-summary/"): Row(SIGNED_IN),
    ("PUT", "me/monthly-summary/"): Row(SIGNED_IN),
    ("DELETE", "me/monthly-summary/"): Row(SIGNED_IN),
    ("POST", "me/impact/cards/"): Row(outcomes(401, 201, 201, 201, 201, 201), body=lambda m: {"year": 2025}),
    ("DELETE", "me/impact/cards/{token}/"): Row(BUYERS_OWN, path=buyer_impact_card),
    ("GET", "impact-cards/{token}/"): Row(PUBLIC, path=buyer_impact_card),
    ("GET", "impact-cards/{token}/card.png"): Row(PUBLIC, path=buyer_impact_card),
    # A seller's sales report (api/v1/reports_seller.py): each seller their own firm's figures.
    ("GET", "seller/reports/sales/"): Row(SELLERS, query={"from": "2026-01-01", "to": "2026-01-31"}),
    ("GET", "seller/reports/sales/export.csv"): Row(SELLERS, query={"granularity": "week", "table": "products"}),
    ("GET", "seller/reports/sales/export.xlsx"): Row(SELLERS, query={"granularity": "day"}),
    # --- operators -------------------------------------------------------------------------------------------
    ("GET", "operator/firms/"): Row(OPERATORS),
    ("POST", "operator/firms/{id}/verify/"): Row(OPERATORS, path=lambda m: {"id": m.pending_firm.pk}),
    ("POST", "operator/firms/{id}/reject/"): Row(
        OPERATORS, path=lambda m: {"id": m.pending_firm.pk}, body=lambda m: {"reason": "등록번호를 확인할 수 없습니다"}
    ),
    ("POST", "operator/designations/{id}/status/"): Row(
        OPERATORS,
        path=lambda m: {"id": m[SELLER].designations[0].pk},
        body=lambda m: {"status": "revoked", "reason": "지정 취소"},
    ),
    ("GET", "operator/registry-imports/"): Row(OPERATORS),
    ("POST", "operator/registry-imports/"): Row(
        outcomes(401, 403, 403, 403, 403, 201), multipart=True, body=registry_upload
    ),
    ("GET", "operator/claims/"): Row(OPERATORS),
    ("POST", "operator/claims/{id}/accept/"): Row(OPERATORS, path=lambda m: {"id": m[BUYER].claims[0].pk}),
    ("POST", "operator/claims/{id}/reject/"): Row(
        OPERATORS,
        path=lambda m: {"id": m[BUYER].claims[0].pk},
        body=lambda m: {"note": "사진으로는 파손이 보이지 않습니다"},
    ),
    ("POST", "operator/fulfilments/{id}/refund/"): Row(
        outcomes(401, 403, 403, 403, 403, 201),
        path=delivered_part_id,
        prepare=purchase_confirmed,
        body=lambda m: {"amount": 1000, "reason": "카드사 이의제기"},
    ),
    ("GET", "operator/payout-batches/"): Row(OPERATORS),
    ("POST", "operator/payout-batches/"): Row(outcomes(401, 403, 403, 403, 403, 201)),
    ("GET", "operator/payout-batches/{id}/csv/"): Row(OPERATORS, path=lambda m: {"id": m.payout_batch.pk}),
    ("GET", "payments/config/"): Row(PUBLIC),
    # --- public agencies and their people ------------------------------------------------------------------------
    ("POST", "agencies/"): Row(
        outcomes(401, 201, 201, 409, 409, 201, 409, 409),  # sellers and agency members may not apply
        body=agency_details,
    ),
    ("GET", "agency/"): Row(AGENCY_MEMBERS),
    ("GET", "agency/members/"): Row(AGENCY_MEMBERS, own_rows="members"),
    ("GET", "agency/members/{id}/"): Row(AGENCYS_OWN, path=agency_colleague),
    ("PATCH", "agency/members/{id}/"): Row(
        AGENCYS_OWN, path=agency_colleague, body=lambda m: {"roles": ["requester", "inspector"]}
    ),
    ("DELETE", "agency/members/{id}/"): Row(AGENCYS_OWN, path=agency_colleague),
    ("GET", "agency/invitations/"): Row(AGENCY_MEMBERS, own_rows="invitations"),
    ("POST", "agency/invitations/"): Row(
        outcomes(401, 403, 403, 403, 403, 403, 201, 201),
        body=lambda m: {"email": "new-clerk@agency.example.kr", "roles": ["approver"]},
    ),
    ("DELETE", "agency/invitations/{id}/"): Row(AGENCYS_OWN, path=lambda m: {"id": m[AGENCY].invitations[0].pk}),
    ("POST", "agency/invitations/accept/"): Row(
        outcomes(401, 200, 403, 403, 403, 403, 403, 403),  # the invitation is for BUYER's address only
        body=lambda m: {"token": m[AGENCY].invitations[0].token},
    ),
    ("GET", "operator/agencies/"): Row(OPERATORS),
    ("POST", "operator/agencies/"): Row(
        outcomes(401, 403, 403, 403, 403, 201),
        body=lambda m: {**agency_details(m), "admin_email": m[OTHER_BUYER].user.email},
    ),
    ("POST", "operator/agencies/{id}/approve/"): Row(OPERATORS, path=lambda m: {"id": m.pending_agency.pk}),
    ("POST", "operator/agencies/{id}/reject/"): Row(
        OPERATORS, path=lambda m: {"id": m.pending_agency.pk}, body=lambda m: {"reason": "기관 확인 공문이 필요합니다"}
    ),
    # --- documents (api/v1/documents.py): AGENCY's quotation and delivery from SELLER's firm, its paid invoice -------
    ("GET", "agency/quotations/{id}/document.pdf"): Row(AGENCYS_OWN, path=document_row("quotations")),
    ("GET", "agency/quotations/{id}/document.csv"): Row(AGENCYS_OWN, path=document_row("quotations")),
    ("GET", "agency/deliveries/{id}/delivery-note.pdf"): Row(AGENCYS_OWN, path=document_row("deliveries")),
    ("GET", "agency/deliveries/{id}/delivery-note.csv"): Row(AGENCYS_OWN, path=document_row("deliveries")),
    ("GET", "agency/purchase-record.pdf"): Row(AGENCY_MEMBERS, query={"from": "2025-01-01", "to": "2025-12-31"}),
    ("GET", "agency/purchase-record.csv"): Row(AGENCY_MEMBERS, query={"from": "2025-01-01", "to": "2025-12-31"}),
    ("GET", "agency/firms/{id}/designations.pdf"): Row(AGENCY_MEMBERS, path=lambda m: {"id": m[SELLER].firm.pk}),
    ("GET", "seller/quotations/{id}/document.pdf"): Row(FIRMS_OWN, path=document_row("quotations")),
    ("GET", "seller/agency-deliveries/{id}/delivery-note.pdf"): Row(FIRMS_OWN, path=document_row("deliveries")),
    ("GET", "seller/agency-invoices/{id}/tax-invoice.json"): Row(FIRMS_OWN, path=document_row("agency_invoices")),
    ("POST", "seller/agency-invoices/{id}/tax-invoice/issue/"): Row(
        outcomes(401, 403, 403, 201, 404, 403), path=document_row("agency_invoices")
    ),
    ("GET", "operator/tax-invoices.csv"): Row(OPERATORS),
    ("GET", "documents/verify/{code}/"): Row(PUBLIC, path=lambda m: {"code": m.documents["document_codes"][0].code}),
    ("POST", "documents/verify/"): Row(
        outcomes(200, 200, 200, 200, 200, 200, 200, 200),
        multipart=True,
        body=lambda m: {
            "code": m.documents["document_codes"][0].display_code,
            "file": SimpleUploadedFile("document.pdf", b"%PDF-1.7 not the issued file", content_type="application/pdf"),
        },
    ),
    # --- purchase performance (api/v1/procurement_performance.py): any member reads, admins write -------------------
    ("GET", "agency/performance/"): Row(AGENCY_MEMBERS, query={"year": 2025}),
    ("GET", "agency/performance/export.csv"): Row(AGENCY_MEMBERS, query={"year": 2025}),
    ("GET", "agency/performance/export.xlsx"): Row(AGENCY_MEMBERS, query={"year": 2025}),
    ("GET", "agency/years/"): Row(AGENCY_MEMBERS),
    ("POST", "agency/years/"): Row(AGENCY_MEMBERS, body=lambda m: {"year": 2025, "total_purchasing": 1_000_000}),
    ("POST", "agency/years/import/"): Row(AGENCY_MEMBERS, multipart=True, body=years_upload),
    ("GET", "agency/plan-targets/"): Row(AGENCY_MEMBERS),
    ("POST", "agency/plan-targets/"): Row(
        AGENCY_MEMBERS, body=lambda m: {"year": 2025, "regime": "social_economy", "target_amount": 50_000}
    ),
    # --- public disclosure (api/v1/reports_disclosure.py): any member reads, admins publish; anyone sees the page -----
    ("GET", "agency/disclosures/"): Row(AGENCY_MEMBERS),
    ("POST", "agency/disclosures/"): Row(
        outcomes(401, 403, 403, 403, 403, 403, 201, 201), prepare=agencies_recorded_2025, body=lambda m: {"year": 2025}
    ),
    ("POST", "agency/disclosures/withdraw/"): Row(
        AGENCY_MEMBERS, prepare=agencies_published_2025, body=lambda m: {"year": 2025}
    ),
    ("GET", "public/disclosures/"): Row(PUBLIC, prepare=agencies_published_2025, query={"year": 2025}),
    ("GET", "public/disclosures.csv"): Row(PUBLIC, prepare=agencies_published_2025, query={"year": 2025}),
    # --- the city's and districts' report (api/v1/reports_city.py): operators; a district's officers (not a role here:
    # tests/reports/test_city.py) their own district ------------------------------------------------------------------
    ("GET", "operator/reports/city/"): Row(OPERATORS, query=CITY_PERIOD),
    ("GET", "operator/reports/city/export.csv"): Row(OPERATORS, query={**CITY_PERIOD, "table": "districts"}),
    ("GET", "operator/reports/city/export.xlsx"): Row(OPERATORS, query={**CITY_PERIOD, "table": "months"}),
    ("GET", "reports/districts/{code}/"): Row(OPERATORS, path=mapo_district, query=CITY_PERIOD),
    ("GET", "reports/districts/{code}/export.csv"): Row(
        OPERATORS, path=mapo_district, query={**CITY_PERIOD, "table": "purchasing"}
    ),
    ("GET", "reports/districts/{code}/export.xlsx"): Row(
        OPERATORS, path=mapo_district, query={**CITY_PERIOD, "table": "districts"}
    ),
    ("GET", "reports/access/"): Row(OPERATORS),
    ("GET", "operator/reports/district-officers/"): Row(OPERATORS),
    ("POST", "operator/reports/district-officers/"): Row(
        outcomes(401, 403, 403, 403, 403, 201), body=lambda m: {"email": UserFactory().email, "district": "11440"}
    ),
    ("DELETE", "operator/reports/district-officers/{id}/"): Row(
        OPERATORS, path=lambda m: {"id": DistrictOfficer.objects.create(user=UserFactory(), district_id="11440").pk}
    ),
    ("GET", "operator/regimes/"): Row(OPERATORS),
    ("PATCH", "operator/regimes/{id}/"): Row(
        OPERATORS,
        path=lambda m: {"id": ProcurementRegime.objects.get(code="women_owned").pk},
        body=lambda m: {"target_rate": "0.05"},
    ),
    ("GET", "operator/firm-qualifications/"): Row(OPERATORS),
    ("POST", "operator/firm-qualifications/"): Row(
        outcomes(401, 403, 403, 403, 403, 201),
        body=lambda m: {"firm": m[SELLER].firm.pk, "kind": "women_owned", "start_date": "2024-01-01"},
    ),
    ("POST", "operator/firm-qualifications/{id}/revoke/"): Row(
        OPERATORS,
        prepare=women_owned_qualification,
        path=lambda m: {"id": m.qualification.pk},
        body=lambda m: {"reason": "인증 취소", "effective_on": "2024-06-01"},
    ),
    ("POST", "operator/firm-qualifications/{id}/end/"): Row(
        OPERATORS,
        prepare=women_owned_qualification,
        path=lambda m: {"id": m.qualification.pk},
        body=lambda m: {"end_date": "2025-12-31"},
    ),
    ("GET", "operator/performance/"): Row(OPERATORS, query={"year": 2025}),
    ("GET", "operator/agencies/{id}/performance/"): Row(
        OPERATORS, path=lambda m: {"id": m[AGENCY].agency.pk}, query={"year": 2025}
    ),
    # --- deliveries, inspection, invoices, refunds (api/v1/procurement_deliveries.py) --------------------------------
    ("GET", "seller/agency-orders/{id}/deliveries/"): Row(FIRMS_OWN, prepare=fresh("ordered"), path=fresh_purchase),
    ("POST", "seller/agency-orders/{id}/deliveries/"): Row(
        outcomes(401, 403, 403, 201, 404, 403), prepare=fresh("ordered"), path=fresh_purchase, body=one_more_unit
    ),
    ("GET", "seller/agency-deliveries/"): Row(SELLERS),
    ("POST", "seller/agency-deliveries/{id}/invoice/"): Row(
        outcomes(401, 403, 403, 201, 404, 403), prepare=fresh("inspected"), path=fresh_delivery
    ),
    ("GET", "seller/agency-invoices/"): Row(SELLERS),
    ("POST", "seller/agency-invoices/{id}/mark-paid/"): Row(
        FIRMS_OWN, prepare=fresh("invoiced"), path=fresh_invoice, body=lambda m: {"reference": "신한 0412"}
    ),
    ("GET", "agency/deliveries/"): Row(AGENCY_MEMBERS),
    ("GET", "agency/deliveries/{id}/"): Row(AGENCYS_OWN, prepare=fresh("delivered"), path=fresh_delivery),
    ("POST", "agency/deliveries/{id}/inspect/"): Row(
        AGENCYS_OWN, prepare=fresh("delivered"), path=fresh_delivery, body=all_accepted
    ),
    ("GET", "agency/invoices/"): Row(AGENCY_MEMBERS),
    ("GET", "agency/invoices/{id}/"): Row(AGENCYS_OWN, prepare=fresh("invoiced"), path=fresh_invoice),
    ("POST", "agency/invoices/{id}/pay-by-card/"): Row(
        AGENCYS_OWN, prepare=fresh("invoiced"), path=fresh_invoice, body=lambda m: {"payment_method": "pm_card_visa"}
    ),
    ("GET", "operator/agency-invoices/"): Row(OPERATORS),
    ("POST", "operator/agency-invoices/{id}/mark-paid/"): Row(
        OPERATORS, prepare=fresh("invoiced"), path=fresh_invoice, body=lambda m: {"reference": "국고 1142"}
    ),
    ("POST", "operator/agency-refunds/"): Row(
        outcomes(401, 403, 403, 403, 403, 201), prepare=fresh("paid"), body=refund_of_the_line
    ),
    # --- requests for quotation, quotations, purchases through approval ----------------------------------------
    ("GET", "agency/quote-requests/"): Row(AGENCY_MEMBERS, own_rows="quote_requests"),
    ("POST", "agency/quote-requests/"): Row(outcomes(401, 403, 403, 403, 403, 403, 201, 201), body=rfq_input),
    ("GET", "agency/quote-requests/{id}/"): Row(AGENCYS_OWN, path=agency_row("quote_requests")),
    ("POST", "agency/quote-requests/{id}/cancel/"): Row(AGENCYS_OWN, path=agency_row("quote_requests")),
    ("GET", "agency/quote-requests/{id}/comparison/"): Row(AGENCYS_OWN, path=agency_row("quote_requests")),
    ("POST", "agency/quote-requests/{id}/select/"): Row(
        outcomes(401, 403, 403, 403, 403, 403, 201, 404),
        path=agency_row("quote_requests"),
        body=lambda m: {"quotation": m[SELLER].quotations[0].pk},
    ),
    ("GET", "agency/purchases/"): Row(AGENCY_MEMBERS, own_rows="purchases"),
    ("POST", "agency/purchases/buy-now/"): Row(outcomes(401, 403, 403, 403, 403, 403, 201, 201), body=buy_now_input),
    ("GET", "agency/purchases/{id}/"): Row(AGENCYS_OWN, path=agency_row("purchases")),
    ("POST", "agency/purchases/{id}/approve/"): Row(AGENCYS_OWN, path=agency_row("purchases")),
    ("POST", "agency/purchases/{id}/return/"): Row(
        AGENCYS_OWN, path=agency_row("purchases"), body=lambda m: {"comment": "수량을 확인해 주세요"}
    ),
    ("POST", "agency/purchases/{id}/resubmit/"): Row(
        AGENCYS_OWN, path=agency_row("purchases", 1), body=lambda m: {"comment": "확인했습니다"}
    ),
    ("POST", "agency/purchases/{id}/cancel/"): Row(
        AGENCYS_OWN, path=agency_row("purchases", 2), body=lambda m: {"reason": "예산이 바뀌었습니다"}
    ),
    ("GET", "agency/approvals/"): Row(AGENCY_MEMBERS, own_rows="approvals"),
    ("GET", "seller/quote-requests/"): Row(SELLERS, own_rows="quote_requests"),
    ("GET", "seller/quote-requests/{id}/"): Row(FIRMS_OWN, path=firm_row("quote_requests")),
    ("POST", "seller/quote-requests/{id}/quotation/"): Row(
        outcomes(401, 403, 403, 201, 404, 403, 403, 403), path=firm_row("quote_requests", 1), body=quotation_input
    ),
    ("POST", "seller/quotations/{id}/withdraw/"): Row(FIRMS_OWN, path=firm_row("quotations")),
    ("GET", "seller/agency-orders/"): Row(SELLERS, own_rows="agency_orders"),
    ("GET", "seller/agency-orders/{id}/"): Row(FIRMS_OWN, path=firm_row("agency_orders")),
    # --- the payment gateway: no caller is trusted, the signature decides ---------------------------------------
    ("POST", "payments/stripe/webhook/"): Row(outcomes(400, 400, 400, 400, 400, 400), body=lambda m: {}),
}


def _schema_endpoints() -> set[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method.upper(), path.removeprefix(API))
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    }


def test_every_endpoint_is_in_the_table():
    endpoints = _schema_endpoints()
    missing = sorted(endpoints - TABLE.keys())
    assert not missing, f"add these endpoints to the authorization matrix, with every role's outcome: {missing}"
    assert not sorted(TABLE.keys() - endpoints), "the table names endpoints that no longer exist"


def client_for_role(market, role) -> APIClient:
    client = APIClient()
    if market[role].headers:
        client.credentials(HTTP_AUTHORIZATION=market[role].headers["Authorization"])
    return client


def _call(client, method, path, row, market):
    body = row.body(market) if row.body else None
    if row.multipart:
        return client.generic(method, path, **_multipart(client, body))
    if body is None:
        return getattr(client, method.lower())(path, row.query or None)
    return getattr(client, method.lower())(path, body, format="json")


def _multipart(client, body):
    return {"data": encode_multipart(BOUNDARY, body), "content_type": MULTIPART_CONTENT}


def _rows(data) -> list[dict]:
    return data["results"] if isinstance(data, dict) and "results" in data else data


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(TABLE), ids=lambda e: f"{e[0]} {e[1]}" if isinstance(e, tuple) else e)
def test_role_gets_what_the_table_says(endpoint, role, market):
    method, template = endpoint
    row = TABLE[endpoint]
    if row.prepare:
        row.prepare(market)
    path = API + template.format(**row.path(market))
    response = _call(client_for_role(market, role), method, path, row, market)

    expected = row.expect[role]
    got = response.status_code // 100 if expected == 2 else response.status_code
    assert got == expected, f"{role} {method} {path}: {response.status_code} {response.content[:300]!r}"
    if response.status_code >= 400:
        assert set(response.json()["error"]) == {"code", "message", "field", "details"}
    if row.own_rows and response.status_code == 200:
        seen = {item["id"] for item in _rows(response.json())}
        own = {obj.pk for obj in getattr(market[role], row.own_rows)}
        assert seen == own, f"{role} sees {sorted(seen)} of {row.own_rows}; owns {sorted(own)}"


# --- leaks the matrix cannot see ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "list_path", "kind", "filters"),
    [
        (BUYER, "orders/", "orders", lambda m: {"buyer": m[OTHER_BUYER].user.pk, "id": m[OTHER_BUYER].orders[0].pk}),
        (
            SELLER,
            "seller/products/",
            "products",
            lambda m: {"firm": m[OTHER_SELLER].firm.pk, "firm_id": m[OTHER_SELLER].firm.pk},
        ),
        (
            SELLER,
            "seller/fulfilments/",
            "fulfilments",
            lambda m: {"firm": m[OTHER_SELLER].firm.pk, "order": m[BUYER].orders[0].pk},
        ),
        (SELLER, "seller/firm/designations/", "designations", lambda m: {"firm": m[OTHER_SELLER].firm.pk}),
        (AGENCY, "agency/members/", "members", lambda m: {"agency": m[OTHER_AGENCY].agency.pk}),
        (AGENCY, "agency/invitations/", "invitations", lambda m: {"agency": m[OTHER_AGENCY].agency.pk}),
        (AGENCY, "agency/quote-requests/", "quote_requests", lambda m: {"agency": m[OTHER_AGENCY].agency.pk}),
        (
            AGENCY,
            "agency/purchases/",
            "purchases",
            lambda m: {"agency": m[OTHER_AGENCY].agency.pk, "firm": m[OTHER_SELLER].firm.pk},
        ),
        (SELLER, "seller/quote-requests/", "quote_requests", lambda m: {"firm": m[OTHER_SELLER].firm.pk}),
        (SELLER, "seller/agency-orders/", "agency_orders", lambda m: {"firm": m[OTHER_SELLER].firm.pk}),
    ],
)
def test_a_filter_naming_another_party_shows_only_own_rows(market, role, list_path, kind, filters):
    response = client_for_role(market, role).get(API + list_path, filters(market))
    assert response.status_code == 200
    assert {item["id"] for item in _rows(response.json())} == {obj.pk for obj in getattr(market[role], kind)}


def test_settlement_shows_only_the_firms_own_entries(market):
    response = client_for_role(market, SELLER).get(API + "seller/settlement/", {"firm": market[OTHER_SELLER].firm.pk})
    assert response.status_code == 200
    own = {f.pk for f in market[SELLER].fulfilments}
    shown = {entry["fulfilment"] for entry in response.json()["results"] if entry["fulfilment"]}
    assert shown and shown <= own, response.json()


def test_a_draft_product_is_not_public_even_when_asked_for_by_firm(market):
    draft = ProductFactory(firm=market[SELLER].firm, status=ProductStatus.DRAFT, published_at=None)
    anonymous = client_for_role(market, ANONYMOUS)
    assert anonymous.get(f"{API}products/{draft.pk}/").status_code == 404
    listed = anonymous.get(f"{API}products/", {"firm": market[SELLER].firm.pk, "page_size": 100}).json()
    assert draft.pk not in {p["id"] for p in listed["results"]}
    assert client_for_role(market, OTHER_SELLER).get(f"{API}seller/products/{draft.pk}/").status_code == 404
    assert client_for_role(market, SELLER).get(f"{API}seller/products/{draft.pk}/").status_code == 200


def test_a_pending_firm_is_not_public(market):
    anonymous = client_for_role(market, ANONYMOUS)
    assert anonymous.get(f"{API}firms/{market.pending_firm.pk}/").status_code == 404
    listed = anonymous.get(f"{API}firms/", {"page_size": 100}).json()["results"]
    assert market.pending_firm.pk not in {f["id"] for f in listed}


PRIVATE_KEYS = {
    "registration_number",
    "verification_status",
    "rejection_reason",
    "email",
    "shipping",
    "buyer",
    "stripe_account_id",
    "listings_hidden_reason",
    "client_secret",
}


def _keys(data) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for value in data.values() for k in _keys(value)}
    if isinstance(data, list):
        return {k for value in data for k in _keys(value)}
    return set()


@pytest.mark.parametrize(
    "public_path",
    [
        lambda m: "firms/",
        lambda m: f"firms/{m[SELLER].firm.pk}/",
        lambda m: "products/",
        lambda m: f"products/{m[SELLER].products[0].pk}/",
        lambda m: "search/products/?q=쿠키",
    ],
)
def test_public_answers_hold_no_private_fields(market, public_path):
    response = client_for_role(market, ANONYMOUS).get(API + public_path(market))
    assert response.status_code == 200
    assert not _keys(response.json()) & PRIVATE_KEYS


def test_a_sellers_part_of_an_order_shows_only_its_own_lines(market):
    """An order with products of two firms: each firm's view of it holds its own lines and total only."""
    for role in (SELLER, OTHER_SELLER):
        own_titles = {p.title for p in market[role].products}
        for fulfilment in market[role].fulfilments:
            data = client_for_role(market, role).get(f"{API}seller/fulfilments/{fulfilment.pk}/").json()
            assert data["firm_id"] == market[role].firm.pk
            assert {line["title"] for line in data["lines"]} <= own_titles
            assert "fulfilments" not in data and "payment" not in data


def test_the_other_buyer_cannot_reach_an_order_through_any_of_its_paths(market):
    client = client_for_role(market, OTHER_BUYER)
    order = market[BUYER].orders[1]
    for method, suffix in (("get", ""), ("post", "payment/"), ("post", "payment/confirm/"), ("post", "cancel/")):
        response = getattr(client, method)(
            f"{API}orders/{order.pk}/{suffix}", {"payment_method": "pm_card_visa"}, format="json"
        )
        assert response.status_code == 404, (suffix, response.content)
    order.refresh_from_db()
    assert order.status == "pending_payment"


def test_an_image_of_another_firms_product_cannot_be_moved_or_deleted_through_an_own_product(market):
    client = client_for_role(market, SELLER)
    own_product = market[SELLER].products[0]
    foreign_image = market[OTHER_SELLER].images[0]
    response = client.delete(f"{API}seller/products/{own_product.pk}/images/{foreign_image.pk}/")
    assert response.status_code == 404
    response = client.post(
        f"{API}seller/products/{own_product.pk}/images/reorder/",
        {"image_ids": [foreign_image.pk, market[SELLER].images[0].pk]},
        format="json",
    )
    assert response.status_code == 400
    foreign_image.refresh_from_db()
    assert foreign_image.product_id == market[OTHER_SELLER].products[0].pk


def test_an_upload_to_another_firms_product_is_refused_and_stores_nothing(market):
    product = market[OTHER_SELLER].products[0]
    before = product.images.count()
    response = client_for_role(market, SELLER).post(
        f"{API}seller/products/{product.pk}/images/", {"image": png_upload(), "alt_text": "x"}, format="multipart"
    )
    assert response.status_code == 404
    assert product.images.count() == before


def test_the_cart_is_the_callers_own(market):
    for role in ROLES:
        lines = client_for_role(market, role).get(f"{API}cart/").json()["lines"]
        assert {line["product_id"] for line in lines} == {p.pk for p in market[role].cart_products}, role
