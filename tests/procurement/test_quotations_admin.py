"""Operators see requests for quotation, quotations and purchases in the admin, and change none of them there (they
move through the services); the direct-contract threshold is data they add rows to."""

import datetime

import pytest

from market.procurement.models import ContractThreshold, Purchase, Quotation, QuoteRequest
from market.procurement.rules import contract_threshold
from market.procurement.services.purchases import purchase_from_quotation
from tests.procurement.factories import AgencyFactory, agency_member
from tests.procurement.quoting import eligible_firm, quote, rfq, seller_of

pytestmark = pytest.mark.django_db


def test_requests_quotations_and_purchases_are_shown_read_only(admin_client):
    requester = agency_member(AgencyFactory(name="마포구청"), "requester")
    firm = eligible_firm(name="같이빵집")
    request = rfq(requester, items=[("기념 쿠키", 100)], firms=[firm], title="개청 기념품")
    quotation = quote(seller_of(firm), request, prices={0: 1_500})
    purchase = purchase_from_quotation(member=requester, quote_request_id=request.pk, quotation_id=quotation.pk)
    for model, row, shown in [
        ("quoterequest", request, "개청 기념품"),
        ("quotation", quotation, "같이빵집"),
        ("purchase", purchase, "마포구청"),
    ]:
        listed = admin_client.get(f"/admin/procurement/{model}/")
        assert listed.status_code == 200 and shown in listed.content.decode(), model
        assert admin_client.get(f"/admin/procurement/{model}/{row.pk}/change/").status_code == 200, model
        assert admin_client.get(f"/admin/procurement/{model}/add/").status_code == 403, model
        assert admin_client.post(f"/admin/procurement/{model}/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert (
        admin_client.post(f"/admin/procurement/purchase/{purchase.pk}/change/", {"status": "ordered"}).status_code
        == 403
    )
    assert Purchase.objects.get(pk=purchase.pk).status == "submitted"
    assert QuoteRequest.objects.filter(pk=request.pk).exists() and Quotation.objects.filter(pk=quotation.pk).exists()


def test_a_new_threshold_is_added_as_a_row_from_its_day(admin_client):
    response = admin_client.post(
        "/admin/procurement/contractthreshold/add/",
        {"valid_from": "2030-01-01", "amount": "80000000", "note": "한도 인상"},
    )
    assert response.status_code == 302, response.content[:500]
    assert contract_threshold(datetime.date(2029, 12, 31)) == 50_000_000
    assert contract_threshold(datetime.date(2030, 1, 1)) == 80_000_000
    row = ContractThreshold.objects.get(valid_from=datetime.date(2030, 1, 1))
    assert (
        admin_client.post(f"/admin/procurement/contractthreshold/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    )
