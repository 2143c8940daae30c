import datetime
import io

import pytest
from django.utils import timezone

from market.core.errors import ApplicationError
from market.firms.models import Designation, DesignationStatus, FirmKind, RegistryImport
from market.firms.registry import registry_import
from tests.factories import DesignationFactory, FirmFactory, valid_registration_number

pytestmark = pytest.mark.django_db

KIND = FirmKind.PRE_SOCIAL_REGIONAL
HEADER = "number,name,registration_number,start_date,end_date,issuer\n"


def csv_file(text: str, encoding: str = "utf-8") -> io.BytesIO:
    return io.BytesIO(text.encode(encoding))


def hyphenated(digits: str) -> str:
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def future(days: int = 365) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def firms():
    return [FirmFactory(designation=False, name=f"같이빵집 {i}") for i in range(2)]


def run(text: str, operator, **kwargs) -> RegistryImport:
    return registry_import(
        file=csv_file(text, kwargs.pop("encoding", "utf-8")),
        kind=kwargs.pop("kind", KIND),
        operator=operator,
        filename="registry.csv",
        **kwargs,
    )


def test_clean_import_creates_active_designations(firms, operator):
    a, b = firms
    end = future()
    text = HEADER + (
        f"제2024-001호,{a.name},{hyphenated(a.registration_number)},2024-01-02,{end:%Y-%m-%d},서울특별시\n"
        f"제2024-002호,{b.name},{b.registration_number},2024.03.04,{end:%Y%m%d},\n"
    )
    record = run(text, operator)

    assert (record.rows, record.created_count, record.updated_count, record.unchanged_count) == (2, 2, 0, 0)
    assert record.mismatches == []
    assert record.pk and record.uploaded_by == operator and record.filename == "registry.csv"
    first = Designation.objects.get(kind=KIND, number="제2024-001호")
    assert first.firm == a and first.status == DesignationStatus.ACTIVE and first.issuer == "서울특별시"
    assert (first.start_date, first.end_date) == (datetime.date(2024, 1, 2), end)
    second = Designation.objects.get(kind=KIND, number="제2024-002호")
    assert second.start_date == datetime.date(2024, 3, 4)
    a.refresh_from_db()
    assert a.listings_hidden_reason == ""


def test_reimport_changes_nothing(firms, operator):
    a, _ = firms
    text = HEADER + f"제2024-001호,{a.name},{a.registration_number},2024-01-02,{future():%Y-%m-%d},서울특별시\n"
    run(text, operator)
    again = run(text, operator)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 1)
    assert Designation.objects.filter(firm=a).count() == 1


def test_import_updates_dates_and_reactivates(firms, operator):
    a, _ = firms
    designation = DesignationFactory(
        firm=a,
        kind=KIND,
        number="제2024-001호",
        start_date=datetime.date(2023, 1, 1),
        end_date=future(10),
        status=DesignationStatus.REVOKED,
        status_reason="오류",
    )
    end = future(400)
    record = run(HEADER + f"제2024-001호,{a.name},{a.registration_number},2023-06-01,{end:%Y-%m-%d},\n", operator)

    assert (record.created_count, record.updated_count, record.unchanged_count) == (0, 1, 0)
    designation.refresh_from_db()
    assert (designation.start_date, designation.end_date) == (datetime.date(2023, 6, 1), end)
    assert designation.status == DesignationStatus.ACTIVE and designation.status_reason == ""
    assert designation.issuer == "고용노동부"  # blank issuer keeps what we hold


def test_fills_the_number_of_a_declared_designation(firms, operator):
    a, _ = firms
    declared = DesignationFactory(firm=a, kind=KIND, number="", status=DesignationStatus.PENDING)
    record = run(HEADER + f"제2024-009호,{a.name},{a.registration_number},2024-01-02,,\n", operator)
    assert record.updated_count == 1
    declared.refresh_from_db()
    assert declared.number == "제2024-009호" and declared.status == DesignationStatus.ACTIVE


def test_unknown_registration_number_changes_nothing(firms, operator):
    stranger = valid_registration_number()
    record = run(HEADER + f"제2024-001호,없는기업,{stranger},2024-01-02,,\n", operator)
    assert record.rows == 1 and record.created_count == 0
    assert record.mismatches == [
        {
            "line": 2,
            "registration_number": stranger,
            "name": "없는기업",
            "code": "unknown_registration_number",
            "message": record.mismatches[0]["message"],
        }
    ]
    assert not Designation.objects.filter(kind=KIND).exists()


def test_invalid_registration_number(firms, operator):
    record = run(HEADER + "제2024-001호,어딘가,220-81-62518,2024-01-02,,\n", operator)
    assert [m["code"] for m in record.mismatches] == ["invalid_registration_number"]
    assert not Designation.objects.filter(kind=KIND).exists()


def test_name_differs_is_recorded_and_row_still_applied(firms, operator):
    a, b = firms
    text = HEADER + (
        f"제2024-001호,주식회사 다른이름,{a.registration_number},2024-01-02,,\n"
        f"제2024-002호,(주) {b.name.upper()},{b.registration_number},2024-01-02,,\n"  # same name once normalized
    )
    record = run(text, operator)
    assert record.created_count == 2
    assert len(record.mismatches) == 1
    mismatch = record.mismatches[0]
    assert mismatch["code"] == "name_differs" and mismatch["line"] == 2
    assert mismatch["name"] == "주식회사 다른이름" and mismatch["firm_name"] == a.name
    assert Designation.objects.get(number="제2024-001호").firm == a


def test_lapsed_designation_hides_listings(firms, operator):
    a, _ = firms
    DesignationFactory(firm=a, kind=KIND, number="제2021-001호", start_date=datetime.date(2021, 1, 1), end_date=None)
    a.refresh_from_db()
    assert a.listings_hidden_reason == ""
    record = run(HEADER + f"제2021-001호,{a.name},{a.registration_number},2021-01-01,2023-12-31,\n", operator)

    assert record.updated_count == 1
    assert [m["code"] for m in record.mismatches] == ["lapsed"]
    a.refresh_from_db()
    assert a.listings_hidden_reason != ""
    assert not a.is_selling


def test_invalid_date_row_is_skipped(firms, operator):
    a, b = firms
    text = HEADER + (
        f"제2024-001호,{a.name},{a.registration_number},2024-13-45,,\n"
        f"제2024-002호,{b.name},{b.registration_number},2024-02-01,2023-01-01,\n"  # ends before it starts
        f"제2024-003호,{b.name},{b.registration_number},20240201,,\n"
    )
    record = run(text, operator)
    assert record.rows == 3 and record.created_count == 1
    assert [(m["line"], m["code"]) for m in record.mismatches] == [(2, "invalid_date"), (3, "invalid_date")]
    assert list(Designation.objects.filter(kind=KIND).values_list("number", flat=True)) == ["제2024-003호"]


def test_cp949_file_with_korean_headers(firms, operator):
    a, b = firms
    text = "지정번호,기업명,사업자등록번호,지정일,종료일,발급기관\n" + (
        f"제2024-001호,{a.name},{a.registration_number},2024-01-02,,서울특별시\n"
        f"제2024-002호,{b.name},{b.registration_number},2024-01-02,,서울특별시\n"
    )
    record = run(text, operator, encoding="cp949")
    assert record.created_count == 2 and record.mismatches == []
    assert Designation.objects.get(number="제2024-001호").issuer == "서울특별시"


def test_utf8_bom_with_korean_certificate_headers(firms, operator):
    a, _ = firms
    text = (
        "\ufeff인증번호,기업명,사업자등록번호,인증일\n" + f"제2007-002호,{a.name},{a.registration_number},2007-10-30\n"
    )
    record = run(text, operator, kind=FirmKind.SOCIAL_ENTERPRISE)
    assert record.created_count == 1
    designation = Designation.objects.get(kind=FirmKind.SOCIAL_ENTERPRISE, number="제2007-002호")
    assert designation.end_date is None


def test_missing_column_writes_nothing(firms, operator):
    a, _ = firms
    text = "number,name,start_date\n" + f"제2024-001호,{a.name},2024-01-02\n"
    with pytest.raises(ApplicationError) as error:
        run(text, operator)
    assert error.value.field == "file"
    assert "registration_number" in error.value.message
    assert not RegistryImport.objects.exists()
    assert not Designation.objects.filter(kind=KIND).exists()


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04\x00\x00binary"])
def test_unreadable_file(operator, content):
    with pytest.raises(ApplicationError) as error:
        registry_import(file=io.BytesIO(content), kind=KIND, operator=operator)
    assert error.value.field == "file"
    assert not RegistryImport.objects.exists()


def test_number_recorded_for_another_firm_is_flagged(firms, operator):
    a, b = firms
    DesignationFactory(firm=a, kind=KIND, number="제2024-001호")
    record = run(HEADER + f"제2024-001호,{b.name},{b.registration_number},2024-01-02,,\n", operator)
    assert [m["code"] for m in record.mismatches] == ["number_belongs_to_other_firm"]
    assert Designation.objects.get(number="제2024-001호").firm == a
