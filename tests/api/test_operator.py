import pytest

from market.firms.models import VerificationStatus
from market.firms.services import firm_refresh_listing_visibility
from tests.factories import DesignationFactory, FirmFactory, ProductFactory

pytestmark = pytest.mark.django_db


def pending_firm_with_product():
    firm = FirmFactory(verification_status=VerificationStatus.PENDING, designation={"status": "pending"})
    firm_refresh_listing_visibility(firm=firm)
    return firm, ProductFactory(firm=firm)


def test_operator_lists_pending_firms_and_verifies_one(operator_client, api_client):
    firm, product = pending_firm_with_product()
    FirmFactory()
    pending = operator_client.get("/api/v1/operator/firms/", {"verification_status": "pending"}).json()
    assert [item["id"] for item in pending["results"]] == [firm.id]
    assert api_client.get(f"/api/v1/products/{product.id}/").status_code == 404

    response = operator_client.post(f"/api/v1/operator/firms/{firm.id}/verify/")
    assert response.status_code == 200
    body = response.json()
    assert body["verification_status"] == "verified" and body["designations"][0]["status"] == "active"
    assert body["is_selling"] is True
    assert api_client.get(f"/api/v1/products/{product.id}/").status_code == 200


def test_operator_rejects_with_a_reason(operator_client):
    firm, _ = pending_firm_with_product()
    missing = operator_client.post(f"/api/v1/operator/firms/{firm.id}/reject/", {}, format="json")
    assert missing.status_code == 400 and missing.json()["error"]["field"] == "reason"
    response = operator_client.post(
        f"/api/v1/operator/firms/{firm.id}/reject/", {"reason": "등록번호 불일치"}, format="json"
    )
    assert response.json()["verification_status"] == "rejected"
    assert response.json()["rejection_reason"] == "등록번호 불일치"


def test_operator_revokes_and_restores_a_designation(operator_client, api_client):
    product = ProductFactory()
    designation = product.firm.designations.get()
    url = f"/api/v1/operator/designations/{designation.id}/status/"
    no_reason = operator_client.post(url, {"status": "revoked"}, format="json")
    assert no_reason.status_code == 400 and no_reason.json()["error"]["code"] == "reason_required"
    assert operator_client.post(url, {"status": "revoked", "reason": "지정 취소"}, format="json").status_code == 200
    assert api_client.get(f"/api/v1/products/{product.id}/").status_code == 404
    assert operator_client.post(url, {"status": "active"}, format="json").status_code == 200
    assert api_client.get(f"/api/v1/products/{product.id}/").status_code == 200


def test_registry_import_through_the_api(operator_client):
    firm = FirmFactory(designation=False, name="햇살 협동조합")
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv_text = (
        "number,name,registration_number,start_date,end_date\n"
        f"제2020-001호,햇살 협동조합,{firm.registration_number},2020-01-01,\n"
        "제2020-002호,없는 회사,220-81-62517,2020-01-01,\n"
    )
    upload = SimpleUploadedFile("registry.csv", csv_text.encode(), content_type="text/csv")
    response = operator_client.post(
        "/api/v1/operator/registry-imports/", {"file": upload, "kind": "social_enterprise"}, format="multipart"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["created_count"] == 1
    assert [m["code"] for m in body["mismatches"]] == ["unknown_registration_number"]
    assert firm.designations.get().number == "제2020-001호"
    listing = operator_client.get("/api/v1/operator/registry-imports/").json()
    assert listing["results"][0]["id"] == body["id"]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/operator/firms/"),
        ("post", "/api/v1/operator/firms/{firm}/verify/"),
        ("post", "/api/v1/operator/firms/{firm}/reject/"),
        ("post", "/api/v1/operator/designations/{designation}/status/"),
        ("get", "/api/v1/operator/registry-imports/"),
    ],
)
def test_operator_endpoints_refuse_sellers_and_buyers(seller_client, buyer_client, method, url):
    firm, _ = pending_firm_with_product()
    designation = DesignationFactory(firm=firm, status="pending")
    url = url.format(firm=firm.id, designation=designation.id)
    for client in (seller_client, buyer_client):
        response = getattr(client, method)(url, {"reason": "x", "status": "active"}, format="json")
        assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
    firm.refresh_from_db()
    designation.refresh_from_db()
    assert firm.verification_status == "pending" and designation.status == "pending"
