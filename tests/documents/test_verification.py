"""The public check of verification codes: by code (what the document attests) and by file (is this the PDF that
was issued, byte for byte)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from market.documents.services import normalize_code, quotation_document
from tests.documents.builders import quotation
from tests.procurement.factories import AgencyFactory

pytestmark = pytest.mark.django_db
VERIFY = "/api/v1/documents/verify/"


@pytest.fixture
def issued():
    agency = AgencyFactory(name="서울시설공단", business_number="1028212345")
    return quotation_document(quotation=quotation(agency=agency, lines=(("장바구니", "개", 100, 3_300, False),)))


def check_file(code, content, client=None):
    upload = SimpleUploadedFile("document.pdf", content, content_type="application/pdf")
    return (client or APIClient()).post(VERIFY, {"code": code, "file": upload}, format="multipart")


def test_a_good_code_tells_what_the_document_attests(issued):
    record = issued.record
    for typed in (record.display_code, record.code.lower(), " ".join(record.display_code.split("-"))):
        response = APIClient().get(f"{VERIFY}{typed}/")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["code"] == record.display_code and body["kind"] == "quotation" and body["kind_label"] == "견적서"
        assert body["number"] == record.subject_number
        assert (body["supply_value"], body["vat"], body["total"]) == (300_000, 30_000, 330_000)
        assert {p["role"]: p["name"] for p in body["parties"]} == {
            "supplier": record.firm.name,
            "buyer": "서울시설공단",
        }
        assert body["period_from"] is None and body["as_of"] is None
        assert "lines" not in body


@pytest.mark.parametrize("code", ["AAAA-AAAA-AAAA-AAAA", "1234", "O0O0-I1I1-O0O0-I1I1", "가나다라"])
def test_a_bad_code_is_not_found(issued, code):
    response = APIClient().get(f"{VERIFY}{code}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "document_not_found"


def test_codes_are_typable_and_never_look_alike():
    assert normalize_code("abcd-efgh-jkmn-pqrs") == "ABCDEFGHJKMNPQRS"
    assert normalize_code("ABCD-EFGH-JKMN-PQR0") is None  # 0 is never used: it reads as O
    assert normalize_code("ABCD-EFGH-JKMN-PQRSX") is None


def test_the_issued_file_matches_and_a_tampered_one_does_not(issued):
    response = check_file(issued.record.display_code, issued.pdf)
    assert response.status_code == 200, response.content
    assert response.json()["matches"] is True and response.json()["document"]["total"] == 330_000
    # Someone edits the file: the same length, one bit of one byte different.
    tampered = bytearray(issued.pdf)
    tampered[len(tampered) // 2] ^= 1
    tampered = bytes(tampered)
    response = check_file(issued.record.display_code, tampered)
    assert response.status_code == 200 and response.json()["matches"] is False


def test_a_file_checked_against_another_code_does_not_match(issued):
    other = quotation_document(quotation=quotation())
    response = check_file(other.record.display_code, issued.pdf)
    assert response.json()["matches"] is False


def test_what_is_no_pdf_or_no_code_is_refused(issued):
    response = check_file(issued.record.display_code, b"hello, not a pdf")
    assert response.status_code == 400 and response.json()["error"]["code"] == "not_a_pdf"
    response = check_file("ZZZZ-ZZZZ-ZZZZ-ZZZZ", issued.pdf)
    assert response.status_code == 404 and response.json()["error"]["code"] == "document_not_found"
    response = APIClient().post(VERIFY, {"code": issued.record.code}, format="multipart")
    assert response.status_code == 400 and response.json()["error"]["field"] == "file"


def test_a_file_over_the_limit_is_refused(settings, issued):
    settings.DOCUMENT_VERIFY_MAX_BYTES = len(issued.pdf) - 1
    response = check_file(issued.record.display_code, issued.pdf)
    assert response.status_code == 400 and response.json()["error"]["code"] == "file_too_large"


def test_the_public_check_is_throttled_per_address(settings, issued):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "document_verify_address": "3/min",
        },
    }
    client = APIClient(REMOTE_ADDR="203.0.113.9")
    for _ in range(2):
        assert client.get(f"{VERIFY}{issued.record.code}/").status_code == 200
    assert check_file(issued.record.code, issued.pdf, client).status_code == 200  # the same address, the same limit
    response = client.get(f"{VERIFY}{issued.record.code}/")
    assert response.status_code == 429 and response.json()["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
    assert APIClient(REMOTE_ADDR="198.51.100.2").get(f"{VERIFY}{issued.record.code}/").status_code == 200
