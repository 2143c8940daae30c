"""Electronic tax invoice (전자세금계산서) data of paid agency invoices (docs/tax-invoices.md), and issuing through
the configured issuer, which by default only records the export."""

import datetime

import pytest

from market.documents.models import TaxInvoiceExport
from market.procurement.models import InvoiceStatus
from tests.conftest import client_for
from tests.documents.builders import delivery, paid_invoice
from tests.factories import FirmFactory, OperatorFactory, SellerFactory
from tests.procurement.factories import AgencyFactory, ordered_purchase

pytestmark = pytest.mark.django_db
API = "/api/v1/"


@pytest.fixture
def seller():
    firm = FirmFactory(name="노들 사회적협동조합", registration_number="2208123456", address="서울 동작구 노들로 1")
    return SellerFactory(firm=firm)


@pytest.fixture
def invoice(seller):
    agency = AgencyFactory(
        name="서울특별시 동작구청", business_number="1088300000", address="서울 동작구 장승배기로 161",
        billing_email="account@dongjak.example.kr",
    )  # fmt: skip
    purchase = ordered_purchase(
        agency=agency,
        firm=seller.firm_membership.firm,
        lines=((10, 11_000, False), (5, 15_000, False), (20, 3_000, True), (1, 99_000, False)),
    )
    d = delivery(
        purchase,
        results=["accepted", "accepted", "accepted", "rejected"],
        accepted_on=datetime.date(2025, 5, 7),
    )
    return paid_invoice(d, paid_on=datetime.date(2025, 5, 20))


def test_a_paid_invoice_gives_a_tax_invoice_for_taxable_lines_and_an_invoice_for_exempt_ones(seller, invoice):
    response = client_for(seller).get(f"{API}seller/agency-invoices/{invoice.pk}/tax-invoice.json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["invoice_number"] == invoice.number and data["paid_on"] == "2025-05-20"
    assert (data["supply_value"], data["vat"], data["total"]) == (228_182, 16_818, 245_000)
    taxable, exempt = data["documents"]

    assert taxable["document_type"] == "tax_invoice" and taxable["document_type_label"] == "세금계산서"
    assert taxable["purpose"] == "청구" and taxable["written_on"] == "2025-05-07"
    assert taxable["supplier"] == {
        "business_number": "2208123456",
        "name": "노들 사회적협동조합",
        "address": "서울 동작구 노들로 1",
    }
    assert taxable["buyer"]["business_number"] == "1088300000" and taxable["buyer"]["name"] == "서울특별시 동작구청"
    assert taxable["buyer"]["email"] == "account@dongjak.example.kr"
    # 110,000 -> 100,000 + 10,000; 75,000 -> 68,182 + 6,818 (split per line, half up).
    assert (taxable["supply_value"], taxable["vat"], taxable["total"]) == (168_182, 16_818, 185_000)
    fields = ("item", "quantity", "unit_supply_price", "supply_value", "vat")
    assert [tuple(line[f] for f in fields) for line in taxable["lines"]] == [
        ("품목 1", 10, 10_000, 100_000, 10_000),
        ("품목 2", 5, 13_636, 68_182, 6_818),
    ]
    assert taxable["lines"][0]["month_day"] == "05-07" and taxable["reference"] == invoice.number

    assert exempt["document_type"] == "invoice" and exempt["document_type_label"] == "계산서"
    assert (exempt["supply_value"], exempt["vat"], exempt["total"]) == (60_000, 0, 60_000)
    assert [line["item"] for line in exempt["lines"]] == ["품목 3"]
    # The rejected line is on neither.
    assert "품목 4" not in {line["item"] for doc in data["documents"] for line in doc["lines"]}


def test_an_unpaid_invoice_has_no_tax_invoice_yet(seller, invoice):
    AgencyInvoice = type(invoice)
    AgencyInvoice.objects.filter(pk=invoice.pk).update(status=InvoiceStatus.OPEN, paid_at=None)
    response = client_for(seller).get(f"{API}seller/agency-invoices/{invoice.pk}/tax-invoice.json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "invoice_not_paid"


def test_another_firms_invoice_is_not_found(invoice):
    client = client_for(SellerFactory())
    assert client.get(f"{API}seller/agency-invoices/{invoice.pk}/tax-invoice.json").status_code == 404
    assert client.post(f"{API}seller/agency-invoices/{invoice.pk}/tax-invoice/issue/").status_code == 404
    assert not TaxInvoiceExport.objects.exists()


def test_the_default_issuer_records_the_export_and_issues_nothing(seller, invoice):
    response = client_for(seller).post(f"{API}seller/agency-invoices/{invoice.pk}/tax-invoice/issue/")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["issued"] is False and body["provider_reference"] == ""
    assert body["issuer"] == "market.documents.tax_invoice.ExportOnlyIssuer"
    assert "홈택스" in body["message"] and body["data"]["documents"][0]["total"] == 185_000
    export = TaxInvoiceExport.objects.get()
    assert export.invoice == invoice and export.exported_by == seller and not export.issued


def test_an_invoice_issued_by_a_provider_is_not_issued_again(seller, invoice):
    # As an accredited provider's issuer would have left it.
    TaxInvoiceExport.objects.create(
        invoice=invoice, issuer="provider", data={}, issued=True, provider_reference="20250520-41000000-1234"
    )
    response = client_for(seller).post(f"{API}seller/agency-invoices/{invoice.pk}/tax-invoice/issue/")
    assert response.status_code == 409 and response.json()["error"]["code"] == "tax_invoice_already_issued"
    assert TaxInvoiceExport.objects.count() == 1


def test_the_operators_bulk_export_has_a_row_per_document_of_invoices_paid_in_the_period(invoice):
    client = client_for(OperatorFactory())
    response = client.get(f"{API}operator/tax-invoices.csv", {"from": "2025-05-01", "to": "2025-05-31"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0].split(",")[:5] == ["invoice_number", "document_type", "document_type_label", "purpose", "written_on"]
    assert rows[1:] == [
        f"{invoice.number},tax_invoice,세금계산서,청구,2025-05-07,2208123456,노들 사회적협동조합,1088300000,"
        "서울특별시 동작구청,account@dongjak.example.kr,168182,16818,185000,품목 1 외 1건,2",
        f"{invoice.number},invoice,계산서,청구,2025-05-07,2208123456,노들 사회적협동조합,1088300000,"
        "서울특별시 동작구청,account@dongjak.example.kr,60000,0,60000,품목 3,1",
    ]
    later = client.get(f"{API}operator/tax-invoices.csv", {"from": "2025-06-01"}).content.decode("utf-8-sig")
    assert later.splitlines()[1:] == []
    assert client_for(SellerFactory()).get(f"{API}operator/tax-invoices.csv").status_code == 403
