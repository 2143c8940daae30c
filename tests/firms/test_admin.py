import pytest
from django.contrib.admin import helpers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from market.catalog.models import Category
from market.firms.models import (
    Designation,
    DesignationStatus,
    FirmKind,
    RegistryImport,
    VerificationStatus,
)
from market.firms.registry import registry_import
from market.firms.services import firm_refresh_listing_visibility
from tests.factories import FirmFactory, OperatorFactory, ProductFactory, valid_registration_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return OperatorFactory(is_superuser=True)


@pytest.fixture
def admin_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("model", ["district", "firm", "designation", "registryimport"])
def test_changelists_load(admin_client, model):
    FirmFactory()
    response = admin_client.get(reverse(f"admin:firms_{model}_changelist"))
    assert response.status_code == 200


def test_firm_search_by_hyphenated_registration_number(admin_client):
    firm = FirmFactory()
    other = FirmFactory()
    number = firm.registration_number
    response = admin_client.get(
        reverse("admin:firms_firm_changelist"), {"q": f"{number[:3]}-{number[3:5]}-{number[5:]}"}
    )
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [firm]
    assert other not in response.context["cl"].result_list


def test_change_and_detail_pages_load(admin_client, operator):
    firm = FirmFactory()
    designation = firm.designations.get()
    record = registry_import(
        file=b"number,name,registration_number,start_date\n", kind=FirmKind.SOCIAL_ENTERPRISE, operator=operator
    )
    for url in (
        reverse("admin:firms_firm_change", args=[firm.pk]),
        reverse("admin:firms_designation_change", args=[designation.pk]),
        reverse("admin:firms_registryimport_change", args=[record.pk]),
        reverse("admin:firms_designation_add"),
    ):
        assert admin_client.get(url).status_code == 200, url


def test_verify_action(admin_client, superuser):
    firm = FirmFactory(
        verification_status=VerificationStatus.PENDING, designation={"status": DesignationStatus.PENDING}
    )
    response = admin_client.post(
        reverse("admin:firms_firm_changelist"),
        {
            "action": "verify_selected",
            helpers.ACTION_CHECKBOX_NAME: [firm.pk],
            "index": 0,
        },
    )
    assert response.status_code == 302
    firm.refresh_from_db()
    assert firm.verification_status == VerificationStatus.VERIFIED
    assert firm.verified_by == superuser
    assert firm.designations.get().status == DesignationStatus.ACTIVE


def test_reject_action_asks_for_a_reason(admin_client):
    firm = FirmFactory(verification_status=VerificationStatus.PENDING)
    url = reverse("admin:firms_firm_changelist")
    selection = {"action": "reject_selected", helpers.ACTION_CHECKBOX_NAME: [firm.pk]}

    form_page = admin_client.post(url, {**selection, "index": 0})
    assert form_page.status_code == 200
    assert 'name="reason"' in form_page.content.decode()

    blank = admin_client.post(url, {**selection, "apply": "1", "reason": "  "})
    assert blank.status_code == 200  # the form again, with an error
    firm.refresh_from_db()
    assert firm.verification_status == VerificationStatus.PENDING

    done = admin_client.post(url, {**selection, "apply": "1", "reason": "사업자등록증과 상호가 다릅니다"})
    assert done.status_code == 302
    firm.refresh_from_db()
    assert firm.verification_status == VerificationStatus.REJECTED
    assert firm.rejection_reason == "사업자등록증과 상호가 다릅니다"


def test_designation_revoke_and_activate(admin_client):
    firm = FirmFactory()
    designation = firm.designations.get()
    url = reverse("admin:firms_designation_changelist")
    selection = {helpers.ACTION_CHECKBOX_NAME: [designation.pk]}

    assert admin_client.post(url, {**selection, "action": "revoke_selected", "index": 0}).status_code == 200
    response = admin_client.post(url, {**selection, "action": "revoke_selected", "apply": "1", "reason": "인증 취소"})
    assert response.status_code == 302
    designation.refresh_from_db()
    firm.refresh_from_db()
    assert designation.status == DesignationStatus.REVOKED and designation.status_reason == "인증 취소"
    assert "인증 취소" in firm.listings_hidden_reason

    admin_client.post(url, {**selection, "action": "activate_selected", "index": 0})
    designation.refresh_from_db()
    firm.refresh_from_db()
    assert designation.status == DesignationStatus.ACTIVE
    assert firm.listings_hidden_reason == ""


def test_designation_added_in_admin_goes_through_the_service(admin_client):
    firm = FirmFactory(designation=False)
    firm_refresh_listing_visibility(firm=firm)
    assert firm.listings_hidden_reason  # no designation yet
    response = admin_client.post(
        reverse("admin:firms_designation_add"),
        {
            "firm": firm.pk,
            "kind": FirmKind.VILLAGE_ENTERPRISE,
            "issuer": "행정안전부",
            "number": "마포-2024-01",
            "start_date": "2024-01-01",
            "end_date": "",
        },
    )
    assert response.status_code == 302
    designation = Designation.objects.get(number="마포-2024-01")
    assert designation.status == DesignationStatus.ACTIVE
    firm.refresh_from_db()
    assert firm.listings_hidden_reason == ""


def test_registry_changelist_links_to_upload(admin_client):
    response = admin_client.get(reverse("admin:firms_registryimport_changelist"))
    assert reverse("admin:firms_registryimport_upload") in response.content.decode()


def test_registry_upload_creates_import_and_shows_mismatches(admin_client, superuser):
    firm = FirmFactory(designation=False)
    stranger = valid_registration_number()
    content = (
        "인증번호,기업명,사업자등록번호,인증일\n"
        f"제2024-001호,{firm.name},{firm.registration_number},2024-01-02\n"
        f"제2024-002호,모르는기업,{stranger},2024-01-02\n"
    ).encode("cp949")
    url = reverse("admin:firms_registryimport_upload")
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        {
            "kind": FirmKind.SOCIAL_ENTERPRISE,
            "file": SimpleUploadedFile("kosea.csv", content, "text/csv"),
        },
        follow=True,
    )

    assert response.status_code == 200
    record = RegistryImport.objects.get()
    assert (record.filename, record.uploaded_by, record.created_count) == ("kosea.csv", superuser, 1)
    page = response.content.decode()
    assert "unknown_registration_number" in page
    assert "모르는기업" in page
    assert Designation.objects.get(number="제2024-001호").firm == firm


def test_registry_upload_with_missing_column_shows_the_error(admin_client):
    response = admin_client.post(
        reverse("admin:firms_registryimport_upload"),
        {
            "kind": FirmKind.SOCIAL_ENTERPRISE,
            "file": SimpleUploadedFile("bad.csv", b"number,name\n1,x\n", "text/csv"),
        },
    )
    assert response.status_code == 200
    assert "registration_number" in response.content.decode()
    assert not RegistryImport.objects.exists()


def test_registry_upload_needs_permission():
    staff = OperatorFactory()  # staff without model permissions
    client = Client()
    client.force_login(staff)
    response = client.get(reverse("admin:firms_registryimport_upload"))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "page",
    [
        "/admin/accounts/user/",
        "/admin/catalog/product/",
        "/admin/catalog/category/",
        "/admin/catalog/socialvaluetag/",
        "/admin/catalog/category/add/",
    ],
)
def test_other_admin_pages_load(client, page):
    ProductFactory()
    client.force_login(OperatorFactory(is_superuser=True))
    assert client.get(page).status_code == 200


def test_admin_category_add_sets_the_tree_path(client):
    client.force_login(OperatorFactory(is_superuser=True))
    parent = Category.objects.get(slug="food")
    response = client.post(
        "/admin/catalog/category/add/",
        {"slug": "kimchi", "name_ko": "김치", "name_en": "Kimchi", "parent": parent.pk, "position": 5},
    )
    assert response.status_code == 302
    assert Category.objects.get(slug="kimchi").path.startswith(parent.path)


@pytest.mark.parametrize(
    "page",
    [
        "/admin/orders/order/",
        "/admin/payments/payment/",
        "/admin/payments/webhookevent/",
        "/admin/payments/settlemententry/",
        "/admin/payments/payoutbatch/",
        "/admin/payments/paymentledgerentry/",
        "/admin/search/searchsynonym/",
        "/admin/search/pendingindexupdate/",
    ],
)
def test_order_payment_and_search_admin_pages_load(client, page):
    client.force_login(OperatorFactory(is_superuser=True))
    assert client.get(page).status_code == 200
