"""The purchase-performance API: the agency's report and its annual plan/results table (CSV, XLSX), years and plan
targets (entered, imported), operators' regimes, firms' qualifications and the city's figures; every refusal with
its code."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from market.firms.models import FirmKind
from market.procurement.models import AgencyPlanTarget, AgencyYear, FirmQualification, ProcurementRegime
from tests.conftest import client_for
from tests.factories import OperatorFactory, UserFactory
from tests.procurement.factories import AgencyFactory, agency_member, ordered_purchase
from tests.procurement.test_performance_ledger import ACCEPT, MAPO, deliver, firm

pytestmark = pytest.mark.django_db
API = "/api/v1/"


@pytest.fixture
def agency():
    """An agency that bought 110,000 won from a social enterprise on 2024-03-02, with 2,000,000 won of total
    purchasing in 2024: share 0.0550, target ceil(0.05 x 2,000,000) = 100,000, no gap."""
    agency = AgencyFactory()
    se = firm(MAPO, (FirmKind.SOCIAL_ENTERPRISE, datetime.date(2020, 1, 1), None))
    deliver(
        ordered_purchase(agency=agency, firm=se, lines=[(10, 11_000, False)]),
        datetime.date(2024, 3, 2),
        [(0, 10, ACCEPT)],
    )
    AgencyYear.objects.create(agency=agency, year=2024, total_purchasing=2_000_000)
    return agency


def error(response) -> tuple[int, str, str | None]:
    body = response.json()["error"]
    return response.status_code, body["code"], body["field"]


def test_any_member_reads_the_report(agency):
    clerk = agency_member(agency, "inspector")
    response = client_for(clerk.user).get(f"{API}agency/performance/", {"year": 2024})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["year"], data["agency"]["id"], data["total_purchasing"], data["total_recorded"]) == (
        2024,
        agency.pk,
        2_000_000,
        True,
    )
    se = data["regimes"][0]
    assert (se["code"], se["counted"], se["share"], se["target_rate"]) == (
        "social_economy",
        110_000,
        "0.0550",
        "0.0500",
    )
    assert (se["target_amount"], se["gap"], se["planned"]) == (100_000, 0, None)
    assert se["breakdown"]["by_month"][2] == {"month": 3, "amount": 110_000}
    assert {"kind": "social_enterprise", "label": "사회적기업", "amount": 110_000} in se["breakdown"]["by_kind"]
    assert {"district": MAPO, "amount": 110_000} in se["breakdown"]["by_district"]
    assert len(se["breakdown"]["by_month"]) == 12 and len(se["breakdown"]["by_district"]) == 25
    assert data["marketplace"]["total"] == 110_000


@pytest.mark.parametrize(
    ("year", "code"),
    [
        (None, "required"),
        ("", "required"),
        ("abc", "not_an_integer"),
        ("２０２４", "not_an_integer"),
        ("1999", "invalid_year"),
        ("9" * 30, "out_of_range"),
        ("3000", "invalid_year"),
    ],
)
def test_a_bad_year_is_a_clear_400(agency, year, code):
    member = agency_member(agency, "requester")
    query = {} if year is None else {"year": year}
    for path in ("agency/performance/", "agency/performance/export.csv", "agency/performance/export.xlsx"):
        assert error(client_for(member.user).get(API + path, query)) == (400, code, "year"), path


def test_the_results_table_as_csv(agency):
    AgencyPlanTarget.objects.create(
        agency=agency, year=2024, regime=ProcurementRegime.objects.get(code="social_economy"), target_amount=150_000
    )
    response = client_for(agency_member(agency, "requester").user).get(
        f"{API}agency/performance/export.csv", {"year": 2024}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="purchase-performance-2024.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "구분 (regime)" and len(rows) == 6
    # regime, total purchasing, plan target, counted, share, target rate, target amount, gap
    assert rows[1] == ["사회적경제기업 제품", "2000000", "150000", "110000", "0.0550", "0.0500", "100000", "0"]
    # women-owned: nothing counted, no plan; ceil(0.05 x 2,000,000) = 100,000 to buy.
    assert rows[4] == ["여성기업 제품", "2000000", "", "0", "0.0000", "0.0500", "100000", "100000"]


def test_the_results_table_as_xlsx(agency):
    response = client_for(agency_member(agency, "requester").user).get(
        f"{API}agency/performance/export.xlsx", {"year": 2024}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.title == "2024 구매실적" and len(rows) == 6
    assert rows[0][:4] == [
        "구분 (regime)",
        "총구매액 (total purchasing)",
        "계획 목표액 (plan target)",
        "구매실적 (counted)",
    ]
    name, total, planned, counted, share, rate, target, gap = rows[1]
    assert (name, total, planned, counted, target, gap) == ("사회적경제기업 제품", 2_000_000, None, 110_000, 100_000, 0)
    assert Decimal(str(share)) == Decimal("0.055") and Decimal(str(rate)) == Decimal("0.05")  # numbers, not text
    # the 1.1% regime: ceil(0.011 x 2,000,000) = 22,000
    assert rows[2][0] == "중증장애인생산품" and rows[2][6:] == [22_000, 22_000]


def test_another_agency_sees_none_of_these_figures(agency):
    other = agency_member(AgencyFactory(), "admin")
    data = client_for(other.user).get(f"{API}agency/performance/", {"year": 2024}).json()
    assert data["agency"]["id"] == other.agency_id
    assert data["marketplace"]["total"] == 0 and data["total_purchasing"] == 0 and not data["total_recorded"]
    assert all(regime["counted"] == 0 and regime["share"] is None for regime in data["regimes"])
    rows = client_for(other.user).get(f"{API}agency/years/").json()["results"]
    assert rows == []


# --- years and plans ------------------------------------------------------------------------------------------------
def test_an_admin_records_a_year_and_records_it_again(agency):
    admin = agency_member(agency, "admin")
    client = client_for(admin.user)
    response = client.post(f"{API}agency/years/", {"year": 2025, "total_purchasing": 3_000_000}, format="json")
    assert response.status_code == 200 and response.json()["total_purchasing"] == 3_000_000
    client.post(f"{API}agency/years/", {"year": 2025, "total_purchasing": 3_500_000}, format="json")
    years = client.get(f"{API}agency/years/").json()["results"]
    assert [(y["year"], y["total_purchasing"]) for y in years] == [(2025, 3_500_000), (2024, 2_000_000)]


def test_only_an_admin_writes_years_and_plans(agency):
    clerk = client_for(agency_member(agency, "requester", "approver", "inspector").user)
    assert error(clerk.post(f"{API}agency/years/", {"year": 2025, "total_purchasing": 1}, format="json"))[:2] == (
        403,
        "role_required",
    )
    body = {"year": 2025, "regime": "social_economy", "target_amount": 1}
    assert error(clerk.post(f"{API}agency/plan-targets/", body, format="json"))[:2] == (403, "role_required")
    upload = io.BytesIO(b"year,total_purchasing\n2023,5\n")
    upload.name = "years.csv"
    assert error(clerk.post(f"{API}agency/years/import/", {"file": upload}, format="multipart"))[:2] == (
        403,
        "role_required",
    )
    assert not AgencyYear.objects.filter(agency=agency, year__in=[2023, 2025]).exists()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"year": 1999, "total_purchasing": 1}, (400, "invalid_year", "year")),
        ({"year": 2025, "total_purchasing": -1}, (400, "out_of_range", "total_purchasing")),
        ({"year": 2025, "total_purchasing": 2**63}, (400, "out_of_range", "total_purchasing")),
        ({"year": 2025, "total_purchasing": "many"}, (400, "validation_error", "total_purchasing")),
        ({"year": 2025}, (400, "validation_error", "total_purchasing")),
    ],
)
def test_a_bad_year_record_is_refused(agency, body, expected):
    client = client_for(agency_member(agency, "admin").user)
    assert error(client.post(f"{API}agency/years/", body, format="json")) == expected
    assert not AgencyYear.objects.filter(agency=agency, year=2025).exists()


def test_years_import_from_csv_with_korean_headers_and_grouped_numbers(agency):
    client = client_for(agency_member(agency, "admin").user)
    upload = io.BytesIO('연도,총구매액,비고\n2022,"1,234,000",메모\n2023,5000000,\n\n'.encode("cp949"))
    upload.name = "years.csv"
    response = client.post(f"{API}agency/years/import/", {"file": upload}, format="multipart")
    assert response.status_code == 200, response.content
    assert [(y["year"], y["total_purchasing"]) for y in response.json()] == [(2022, 1_234_000), (2023, 5_000_000)]
    assert AgencyYear.objects.get(agency=agency, year=2022).total_purchasing == 1_234_000


def test_years_import_from_xlsx_replaces_a_year(agency):
    book = Workbook()
    book.active.append(["year", "total_purchasing"])
    book.active.append([2024, 2_500_000])
    book.active.append([2021, 700_000.0])
    out = io.BytesIO()
    book.save(out)
    upload = io.BytesIO(out.getvalue())
    upload.name = "연간구매액.xlsx"
    response = client_for(agency_member(agency, "admin").user).post(
        f"{API}agency/years/import/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 200, response.content
    assert dict(AgencyYear.objects.filter(agency=agency).values_list("year", "total_purchasing")) == {
        2024: 2_500_000,
        2021: 700_000,
    }


def test_a_file_with_a_bad_row_imports_nothing_and_names_every_bad_row(agency):
    upload = io.BytesIO(b"year,total_purchasing\n2022,100\n1990,5\n2023,-4\n2022,7\n2021,12.5\n")
    upload.name = "years.csv"
    response = client_for(agency_member(agency, "admin").user).post(
        f"{API}agency/years/import/", {"file": upload}, format="multipart"
    )
    assert error(response) == (400, "invalid_rows", "file")
    details = response.json()["error"]["details"]
    assert [(d["line"], d["field"], d["code"]) for d in details] == [
        (3, "year", "invalid_year"),
        (4, "total_purchasing", "out_of_range"),
        (5, "year", "duplicate_year"),
        (6, "total_purchasing", "not_an_integer"),
    ]
    assert not AgencyYear.objects.filter(agency=agency, year=2022).exists()


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"total,amount\n2022,1\n", "years.csv", "missing_columns"),
        (b"", "years.csv", "empty"),  # DRF's own check of an empty upload
        (b"year,total_purchasing\n", "years.csv", "empty_file"),
        (b"PK\x03\x04not a zip", "years.xlsx", "unreadable_file"),
        (b"\x00\x01\x02", "years.csv", "unreadable_file"),
    ],
)
def test_an_unreadable_import_is_refused(agency, content, name, code):
    upload = io.BytesIO(content)
    upload.name = name
    response = client_for(agency_member(agency, "admin").user).post(
        f"{API}agency/years/import/", {"file": upload}, format="multipart"
    )
    assert error(response) == (400, code, "file")


def test_plan_targets_are_filed_per_regime_and_year(agency):
    client = client_for(agency_member(agency, "admin").user)
    for target in (50_000, 60_000):  # filing again replaces
        response = client.post(
            f"{API}agency/plan-targets/",
            {"year": 2024, "regime": "social_economy", "target_amount": target},
            format="json",
        )
        assert response.status_code == 200
    client.post(
        f"{API}agency/plan-targets/", {"year": 2023, "regime": "women_owned", "target_amount": 1}, format="json"
    )
    listed = client.get(f"{API}agency/plan-targets/", {"year": 2024}).json()
    assert [(t["year"], t["regime"], t["target_amount"]) for t in listed] == [(2024, "social_economy", 60_000)]
    assert len(client.get(f"{API}agency/plan-targets/").json()) == 2
    report = client.get(f"{API}agency/performance/", {"year": 2024}).json()
    assert report["regimes"][0]["planned"] == 60_000
    bad = client.post(f"{API}agency/plan-targets/", {"year": 2024, "regime": "nope", "target_amount": 1}, format="json")
    assert error(bad)[:3] == (400, "does_not_exist", "regime")


# --- operators ------------------------------------------------------------------------------------------------------
def test_an_operator_edits_a_regime():
    client = client_for(OperatorFactory())
    regimes = client.get(f"{API}operator/regimes/").json()
    assert [r["code"] for r in regimes][:2] == ["social_economy", "severely_disabled_products"]
    se = regimes[0]
    response = client.patch(
        f"{API}operator/regimes/{se['id']}/",
        {"target_rate": "0.07", "designation_kinds": ["cooperative", "social_enterprise", "cooperative"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["target_rate"], response.json()["designation_kinds"]) == (
        "0.0700",
        ["social_enterprise", "cooperative"],
    )


@pytest.mark.parametrize(
    ("code", "body", "expected"),
    [
        ("social_economy", {"target_rate": "1.5"}, ("invalid_rate", "target_rate")),
        ("social_economy", {"target_rate": "0.00001"}, ("invalid_rate", "target_rate")),
        ("social_economy", {"target_rate": "NaN"}, ("invalid_rate", "target_rate")),
        ("social_economy", {"designation_kinds": []}, ("invalid_choice", "designation_kinds")),
        ("social_economy", {"designation_kinds": ["women_owned"]}, ("invalid_choice", "designation_kinds")),
        ("social_economy", {"qualification_kind": "women_owned"}, ("wrong_basis", "qualification_kind")),
        ("women_owned", {"designation_kinds": ["cooperative"]}, ("wrong_basis", "designation_kinds")),
        ("women_owned", {"qualification_kind": "veteran"}, ("invalid_choice", "qualification_kind")),
        ("women_owned", {"name": "  "}, ("validation_error", "name")),
    ],
)
def test_a_bad_regime_edit_is_refused(code, body, expected):
    regime = ProcurementRegime.objects.get(code=code)
    response = client_for(OperatorFactory()).patch(f"{API}operator/regimes/{regime.pk}/", body, format="json")
    assert error(response) == (400, *expected)
    fresh = ProcurementRegime.objects.get(pk=regime.pk)
    assert (fresh.target_rate, fresh.designation_kinds, fresh.name) == (
        regime.target_rate,
        regime.designation_kinds,
        regime.name,
    )


def test_regimes_and_qualifications_are_operators_only(agency):
    for user in (UserFactory(), agency_member(agency, "admin").user):
        client = client_for(user)
        assert client.get(f"{API}operator/regimes/").status_code == 403
        assert client.get(f"{API}operator/firm-qualifications/").status_code == 403
        assert client.get(f"{API}operator/performance/", {"year": 2024}).status_code == 403


def test_an_operator_records_ends_and_revokes_a_qualification():
    client = client_for(OperatorFactory())
    f = firm(MAPO)
    response = client.post(
        f"{API}operator/firm-qualifications/",
        {"firm": f.pk, "kind": "women_owned", "start_date": "2023-01-01", "number": "제2023-1호"},
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert error(
        client.post(f"{API}operator/firm-qualifications/{pk}/end/", {"end_date": "2022-12-31"}, format="json")
    ) == (
        400,
        "end_before_start",
        "end_date",
    )
    ended = client.post(f"{API}operator/firm-qualifications/{pk}/end/", {"end_date": "2025-12-31"}, format="json")
    assert ended.json()["end_date"] == "2025-12-31"
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    assert error(
        client.post(
            f"{API}operator/firm-qualifications/{pk}/revoke/",
            {"reason": "취소", "effective_on": tomorrow},
            format="json",
        )
    ) == (400, "invalid_date", "effective_on")
    assert error(client.post(f"{API}operator/firm-qualifications/{pk}/revoke/", {"reason": " "}, format="json"))[
        :2
    ] == (
        400,
        "validation_error",
    )
    revoked = client.post(
        f"{API}operator/firm-qualifications/{pk}/revoke/",
        {"reason": "인증 취소", "effective_on": "2024-06-01"},
        format="json",
    )
    assert (revoked.json()["revoked_on"], revoked.json()["revoked_reason"]) == ("2024-06-01", "인증 취소")
    again = client.post(f"{API}operator/firm-qualifications/{pk}/revoke/", {"reason": "다시"}, format="json")
    assert error(again) == (409, "already_revoked", "effective_on")
    assert FirmQualification.objects.get(pk=pk).revoked_on == datetime.date(2024, 6, 1)
    listed = client.get(f"{API}operator/firm-qualifications/", {"firm": f.pk}).json()["results"]
    assert [q["id"] for q in listed] == [pk]


def test_a_qualification_of_an_unknown_kind_is_refused():
    response = client_for(OperatorFactory()).post(
        f"{API}operator/firm-qualifications/",
        {"firm": firm(MAPO).pk, "kind": "veteran_owned", "start_date": "2024-05-01"},
        format="json",
    )
    assert error(response) == (400, "invalid_choice", "kind")


def test_a_qualification_whose_dates_are_reversed_is_refused():
    response = client_for(OperatorFactory()).post(
        f"{API}operator/firm-qualifications/",
        {"firm": firm(MAPO).pk, "kind": "disabled_owned", "start_date": "2024-05-01", "end_date": "2024-04-30"},
        format="json",
    )
    assert error(response) == (400, "end_before_start", "end_date")
    assert not FirmQualification.objects.exists()


def test_the_city_and_one_agency_for_operators(agency):
    other = AgencyFactory()
    se = firm(MAPO, (FirmKind.COOPERATIVE, datetime.date(2020, 1, 1), None))
    deliver(
        ordered_purchase(agency=other, firm=se, lines=[(1, 40_000, True)]),
        datetime.date(2024, 12, 31),
        [(0, 1, ACCEPT)],
    )
    client = client_for(OperatorFactory())
    city = client.get(f"{API}operator/performance/", {"year": 2024}).json()
    assert city["agency"] is None and city["regimes"][0]["counted"] == 150_000  # 110,000 + 40,000
    assert city["total_purchasing"] == 2_000_000 and city["regimes"][0]["share"] == "0.0750"
    one = client.get(f"{API}operator/agencies/{other.pk}/performance/", {"year": 2024}).json()
    assert (one["agency"]["id"], one["regimes"][0]["counted"], one["regimes"][0]["share"]) == (other.pk, 40_000, None)
    assert error(client.get(f"{API}operator/performance/", {"year": "x"})) == (400, "not_an_integer", "year")
    pending = AgencyFactory(status="pending")
    assert client.get(f"{API}operator/agencies/{pending.pk}/performance/", {"year": 2024}).status_code == 404
