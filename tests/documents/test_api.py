"""The download endpoints: what each caller may have (an agency member its agency's documents, a seller its
firm's), the files they get, and the one error shape for the rest."""

import datetime

import pytest

from market.documents.models import DocumentRecord
from market.firms.models import VerificationStatus
from tests.conftest import client_for
from tests.documents.builders import delivery, quotation
from tests.documents.pdf_text import pdf_text
from tests.factories import FirmFactory, SellerFactory, UserFactory
from tests.procurement.factories import AgencyFactory, agency_member, ordered_purchase

pytestmark = pytest.mark.django_db
API = "/api/v1/"


@pytest.fixture
def agency():
    return AgencyFactory(name="서울특별시 성동구청")


@pytest.fixture
def member(agency):
    return agency_member(agency, "requester")


@pytest.fixture
def other_member():
    return agency_member(AgencyFactory(name="다른 기관"), "admin")


@pytest.fixture
def seller():
    return SellerFactory()


def assert_error(response, status, code=None):
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert set(error) == {"code", "message", "field", "details"} and error["message"]
    if code:
        assert error["code"] == code
    return error


def assert_pdf(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.content.startswith(b"%PDF-")
    record = DocumentRecord.objects.get(code=response["X-Document-Code"].replace("-", ""))
    return record, pdf_text(response.content)


def test_an_agency_member_downloads_a_quotation_sent_to_the_agency(agency, member, seller):
    q = quotation(agency=agency, firm=seller.firm_membership.firm)
    record, text = assert_pdf(client_for(member.user).get(f"{API}agency/quotations/{q.pk}/document.pdf"))
    assert "견 적 서" in text and q.number in text and record.display_code in text
    assert record.agency == agency and record.issued_to == member.user
    # The firm's seller gets the same document, under the same code.
    response = client_for(seller).get(f"{API}seller/quotations/{q.pk}/document.pdf")
    assert response.status_code == 200 and response["X-Document-Code"] == record.display_code
    assert response.content == client_for(member.user).get(f"{API}agency/quotations/{q.pk}/document.pdf").content


def test_another_agencys_or_firms_documents_are_not_found(agency, member, other_member, seller):
    q = quotation(agency=agency, firm=seller.firm_membership.firm)
    d = delivery(ordered_purchase(agency=agency, firm=seller.firm_membership.firm))
    other = client_for(other_member.user)
    assert_error(other.get(f"{API}agency/quotations/{q.pk}/document.pdf"), 404, "not_found")
    assert_error(other.get(f"{API}agency/quotations/{q.pk}/document.csv"), 404, "not_found")
    assert_error(other.get(f"{API}agency/deliveries/{d.pk}/delivery-note.pdf"), 404, "not_found")
    assert_error(other.get(f"{API}agency/deliveries/{d.pk}/delivery-note.csv"), 404, "not_found")
    other_seller = client_for(SellerFactory())
    assert_error(other_seller.get(f"{API}seller/quotations/{q.pk}/document.pdf"), 404, "not_found")
    assert_error(other_seller.get(f"{API}seller/agency-deliveries/{d.pk}/delivery-note.pdf"), 404, "not_found")
    assert not DocumentRecord.objects.exists()  # nothing was issued for them


@pytest.mark.parametrize(
    "path",
    [
        "agency/quotations/1/document.pdf",
        "agency/deliveries/1/delivery-note.pdf",
        "agency/purchase-record.pdf?from=2025-01-01&to=2025-12-31",
        "agency/purchase-record.csv?from=2025-01-01&to=2025-12-31",
        "agency/firms/1/designations.pdf",
    ],
)
def test_agency_documents_are_for_agency_members_only(path, seller):
    assert_error(client_for(UserFactory()).get(API + path), 403)
    assert_error(client_for(seller).get(API + path), 403)
    assert client_for(None).get(API + path).status_code == 401


def test_a_delivery_note_for_both_sides_and_its_lines_as_csv(agency, member, seller):
    firm = seller.firm_membership.firm
    purchase = ordered_purchase(agency=agency, firm=firm, lines=((10, 11_000, False), (2, 4_000, True)))
    d = delivery(purchase, results=["accepted", "rejected"], accepted_on=datetime.date(2025, 4, 11))
    record, text = assert_pdf(client_for(member.user).get(f"{API}agency/deliveries/{d.pk}/delivery-note.pdf"))
    assert "납 품 서" in text and "108,000 10,000 118,000" in text and "100,000 10,000 110,000" in text
    response = client_for(seller).get(f"{API}seller/agency-deliveries/{d.pk}/delivery-note.pdf")
    assert response["X-Document-Code"] == record.display_code

    response = client_for(member.user).get(f"{API}agency/deliveries/{d.pk}/delivery-note.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("no,품목,단위,수량,단가(부가세 포함),면세,공급가액,세액,금액,검수 결과")
    assert rows[1] == "1,품목 1,개,10,11000,N,100000,10000,110000,합격,"
    assert rows[2] == "2,품목 2,개,2,4000,Y,8000,0,8000,불합격,파손"
    assert rows[3] == "합계,,,,,,108000,10000,118000,,"


def test_a_quotations_lines_as_csv(agency, member):
    lines = (("=HYPERLINK(1)", "개", 2, 5_500, False), ("쌀", "kg", 10, 3_000, True))
    q = quotation(agency=agency, lines=lines)
    response = client_for(member.user).get(f"{API}agency/quotations/{q.pk}/document.csv")
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[1:] == [
        "1,'=HYPERLINK(1),개,2,5500,N,10000,1000,11000",
        "2,쌀,kg,10,3000,Y,30000,0,30000",
        "합계,,,,,,40000,1000,41000",
    ]


def test_the_purchase_record_needs_a_period(agency, member):
    client = client_for(member.user)
    for suffix in ("pdf", "csv"):
        error = assert_error(client.get(f"{API}agency/purchase-record.{suffix}", {"to": "2025-12-31"}), 400)
        assert error["field"] == "from"
        error = assert_error(
            client.get(f"{API}agency/purchase-record.{suffix}", {"from": "2025-13-01", "to": "x"}), 400
        )
        assert error["field"] in ("from", "to")
        error = assert_error(
            client.get(f"{API}agency/purchase-record.{suffix}", {"from": "2025-12-31", "to": "2025-01-01"}),
            400,
            "invalid_period",
        )
    assert not DocumentRecord.objects.exists()


def test_the_purchase_record_for_a_period(agency, member):
    firm = FirmFactory(name="한강 자활기업", designation={"start_date": datetime.date(2020, 1, 1)})
    purchase = ordered_purchase(agency=agency, firm=firm, lines=((3, 22_000, False),))
    delivery(purchase, results=["accepted"], accepted_on=datetime.date(2025, 3, 2))
    period = {"from": "2025-01-01", "to": "2025-12-31"}
    record, text = assert_pdf(client_for(member.user).get(f"{API}agency/purchase-record.pdf", period))
    assert "구매실적 증명서" in text and "한강 자활기업" in text and "60,000 6,000 66,000" in text
    assert record.summary["period"] == {"from": "2025-01-01", "to": "2025-12-31"} and record.summary["total"] == 66_000

    rows = client_for(member.user).get(f"{API}agency/purchase-record.csv", period).content.decode("utf-8-sig")
    rows = rows.splitlines()
    assert rows[1].startswith("2025-01-01,2025-12-31,한강 자활기업,") and rows[1].endswith(",1,60000,6000,66000,0")
    assert rows[2] == "2025-01-01,2025-12-31,합계,,,1,60000,6000,66000,0"


def test_a_firms_designation_summary_as_of_a_day(agency, member):
    firm = FirmFactory(name="을지로 협동조합", designation={"start_date": datetime.date(2024, 2, 1)})
    client = client_for(member.user)
    record, text = assert_pdf(client.get(f"{API}agency/firms/{firm.pk}/designations.pdf", {"on": "2025-01-31"}))
    assert "기준일 2025. 1. 31." in text and "을지로 협동조합" in text and "유효" in text
    assert record.summary["requested_by"]["name"] == "서울특별시 성동구청"
    record, _ = assert_pdf(client.get(f"{API}agency/firms/{firm.pk}/designations.pdf", {"on": "2024-01-31"}))
    assert record.summary["valid_kinds"] == []
    assert_error(client.get(f"{API}agency/firms/{firm.pk}/designations.pdf", {"on": "어제"}), 400)
    pending = FirmFactory(verification_status=VerificationStatus.PENDING)
    assert_error(client.get(f"{API}agency/firms/{pending.pk}/designations.pdf"), 404, "not_found")
