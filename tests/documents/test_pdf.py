"""Documents as a person reads them: the PDF's own text (pypdf), with the Korean strings, the exact amounts split
into supply value and VAT, 면세 lines without VAT, both parties and the verification code, in an embedded Korean
font. A machine without the font renders Hangul as missing glyphs, and these tests fail."""

import datetime

import pytest

from market.documents.models import DocumentRecord
from market.documents.services import (
    delivery_note_document,
    designations_document,
    purchase_record_document,
    quotation_document,
)
from market.firms.models import DesignationStatus, FirmKind
from market.procurement.models import FirmQualification, QualificationKind, QuotationStatus
from tests.documents.builders import delivery, paid_invoice, quotation, refund
from tests.documents.pdf_text import pdf_fonts, pdf_text
from tests.factories import DesignationFactory, FirmFactory
from tests.procurement.factories import AgencyFactory, ordered_purchase

pytestmark = pytest.mark.django_db

LINES = (("친환경 복사용지 A4", "박스", 10, 27_500, False), ("유기농 사과", "kg", 3, 15_001, True))


@pytest.fixture
def agency():
    return AgencyFactory(name="서울특별시 마포구청", business_number="1058212345", address="서울 마포구 월드컵로 212")


@pytest.fixture
def firm():
    return FirmFactory(
        name="마포돌봄 사회적협동조합",
        registration_number="1234567891",
        designation={"start_date": datetime.date(2020, 1, 1)},
    )


def test_a_quotation_shows_both_parties_each_lines_supply_and_vat_and_the_totals(agency, firm):
    q = quotation(agency=agency, firm=firm, lines=LINES)
    document = quotation_document(quotation=q)
    text = pdf_text(document.pdf)

    for words in ("견 적 서", "공급자", "공급받는자", "공급가액", "세액", "합계", "면세", "유효기간", "문서확인번호"):
        assert words in text, words
    assert "마포돌봄 사회적협동조합" in text and "123-45-67891" in text
    assert "서울특별시 마포구청" in text and "105-82-12345" in text
    # 275,000 won VAT included splits into 250,000 + 25,000; the exempt 45,003 carries no VAT.
    assert "친환경 복사용지 A4" in text and "27,500 250,000 25,000 275,000" in text
    assert "유기농 사과" in text and "15,001 45,003 0 45,003" in text
    assert "295,003 25,000 320,003" in text  # totals: supply, VAT, total
    assert "면세 45,003원 포함" in text
    assert document.record.display_code in text
    assert f"/verify/{document.record.display_code}" in text
    assert (document.record.summary["supply_value"], document.record.summary["vat"]) == (295_003, 25_000)


def test_the_korean_font_is_embedded(agency, firm):
    document = quotation_document(quotation=quotation(agency=agency, firm=firm, lines=LINES))
    fonts = pdf_fonts(document.pdf)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert any("Nanum" in name for name, _ in fonts), fonts


def test_rendering_leaves_pillows_truncated_image_switch_off(agency, firm):
    """WeasyPrint's import turns Pillow's process-wide LOAD_TRUNCATED_IMAGES on; image uploads in the same
    process refuse to work with it on (market/catalog/images.py), so rendering must leave it off."""
    from PIL import ImageFile

    quotation_document(quotation=quotation(agency=agency, firm=firm, lines=LINES))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_a_re_download_is_the_same_file_under_the_same_code(agency, firm):
    q = quotation(agency=agency, firm=firm, lines=LINES)
    first = quotation_document(quotation=q)
    again = quotation_document(quotation=q)
    assert again.record.pk == first.record.pk and again.pdf == first.pdf
    assert DocumentRecord.objects.count() == 1
    assert again.record.other_pdf_sha256s == []


def test_the_selection_of_a_quotation_is_no_new_version_but_a_withdrawn_one_is_refused(agency, firm):
    q = quotation(agency=agency, firm=firm, lines=LINES)
    first = quotation_document(quotation=q)
    q.status = QuotationStatus.SELECTED
    q.save()
    assert quotation_document(quotation=q).record.code == first.record.code
    q.status = QuotationStatus.WITHDRAWN
    q.save()
    with pytest.raises(Exception) as refused:
        quotation_document(quotation=q)
    assert refused.value.code == "quotation_withdrawn"


def test_a_delivery_note_before_and_after_inspection_are_two_versions(agency, firm):
    purchase = ordered_purchase(agency=agency, firm=firm, lines=((10, 11_000, False), (4, 2_500, True)))
    d = delivery(purchase)
    before = delivery_note_document(delivery=d)
    text = pdf_text(before.pdf)
    assert "납 품 서" in text and "검수 대기" in text and purchase.number in text
    assert "11,000 100,000 10,000 110,000" in text and "2,500 10,000 0 10,000" in text
    assert "110,000 10,000 120,000" in text

    lines = list(d.lines.order_by("id"))
    lines[0].result, lines[1].result, lines[1].rejection_reason = "accepted", "rejected", "포장 훼손"
    for line in lines:
        line.save()
    d.status, d.accepted_on = "inspected", datetime.date(2025, 4, 11)
    d.save()
    after = delivery_note_document(delivery=d)
    assert after.record.code != before.record.code
    text = pdf_text(after.pdf)
    assert "검수 완료 (2025. 4. 11.)" in text and "불합격" in text and "포장 훼손" in text
    assert "검수 합격 합계 (원) 100,000 10,000 110,000" in text
    assert after.record.summary["accepted_total"] == 110_000
    # The old version's record is kept: its code still says what the first file said.
    assert DocumentRecord.objects.get(code=before.record.code).summary["total"] == 120_000


def test_the_designation_summary_gives_each_designation_its_standing_on_the_day(agency):
    firm = FirmFactory(name="성수 마을부엌", designation=False)
    on = datetime.date(2025, 6, 30)
    DesignationFactory(
        firm=firm, kind=FirmKind.SOCIAL_ENTERPRISE, number="제2019-101호", start_date=datetime.date(2019, 3, 1)
    )
    DesignationFactory(
        firm=firm,
        kind=FirmKind.PRE_SOCIAL_REGIONAL,
        number="서울-2021-07",
        issuer="서울특별시",
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2023, 12, 31),
    )
    DesignationFactory(
        firm=firm,
        kind=FirmKind.VILLAGE_ENTERPRISE,
        number="마을-2024-3",
        issuer="행정안전부",
        start_date=datetime.date(2024, 1, 1),
        status=DesignationStatus.REVOKED,
        revoked_on=datetime.date(2025, 5, 1),
    )
    DesignationFactory(firm=firm, kind=FirmKind.COOPERATIVE, number="미확인-1", status=DesignationStatus.PENDING)
    FirmQualification.objects.create(
        firm=firm, kind=QualificationKind.WOMEN_OWNED, number="여성-0420", issuer="중소벤처기업부",
        start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2026, 12, 31),
    )  # fmt: skip

    document = designations_document(firm=firm, on=on, agency=agency)
    text = pdf_text(document.pdf)
    assert "사회적경제기업 지정 현황" in text and "기준일 2025. 6. 30." in text and "서울특별시 마포구청" in text
    assert "사회적기업 제2019-101호 고용노동부 2019. 3. 1. - 유효" in text
    assert "예비사회적기업(지역형) 서울-2021-07 서울특별시 2021. 1. 1. 2023. 12. 31. 만료" in text
    assert "마을기업 마을-2024-3 행정안전부 2024. 1. 1. - 취소 (2025. 5. 1. 취소)" in text
    assert "여성기업 여성-0420 중소벤처기업부 2024. 1. 1. 2026. 12. 31. 유효" in text
    assert "미확인-1" not in text  # not confirmed by an operator: not attested
    assert document.record.summary["valid_kinds"] == ["사회적기업"]
    # The day before the revocation the village enterprise was in force: another day, another version.
    earlier = designations_document(firm=firm, on=datetime.date(2025, 4, 30), agency=agency)
    assert earlier.record.code != document.record.code
    assert earlier.record.summary["valid_kinds"] == ["마을기업", "사회적기업"]


def test_the_purchase_record_counts_accepted_deliveries_in_the_period_net_of_refunds(agency, firm):
    women_owned = FirmFactory(name="여성 공방", designation={"start_date": datetime.date(2025, 7, 1)})
    FirmQualification.objects.create(
        firm=women_owned, kind=QualificationKind.WOMEN_OWNED, start_date=datetime.date(2025, 1, 1)
    )
    # firm: 10 × 11,000 accepted on 3 April and 4 × 2,500 (면세) accepted; a rejected line is not counted.
    p1 = ordered_purchase(agency=agency, firm=firm, lines=((10, 11_000, False), (4, 2_500, True), (1, 50_000, False)))
    d1 = delivery(p1, results=["accepted", "accepted", "rejected"], accepted_on=datetime.date(2025, 4, 3))
    invoice = paid_invoice(d1)
    # A refund paid after the period still reduces the acceptance it refunds.
    refund(invoice, d1.lines.get(purchase_line__unit_price=11_000), 11_000, refunded_on=datetime.date(2026, 1, 5))
    # women_owned: accepted in the period; another of its deliveries accepted after it is left out.
    p2 = ordered_purchase(agency=agency, firm=women_owned, lines=((2, 33_000, False),))
    delivery(p2, results=["accepted"], accepted_on=datetime.date(2025, 12, 31), quantities=[1])
    delivery(p2, results=["accepted"], accepted_on=datetime.date(2026, 1, 1), quantities=[1])
    # Another agency's purchase from the same firm is not this agency's record.
    delivery(ordered_purchase(firm=firm), results=["accepted"], accepted_on=datetime.date(2025, 5, 1))

    document = purchase_record_document(
        agency=agency, date_from=datetime.date(2025, 1, 1), date_to=datetime.date(2025, 12, 31)
    )
    facts = document.record.facts
    assert [(row["firm"]["name"], row["total"]) for row in facts["firms"]] == [
        ("마포돌봄 사회적협동조합", 109_000),  # 110,000 - 11,000 + 10,000
        ("여성 공방", 33_000),
    ]
    row = facts["firms"][0]
    assert (row["supply_value"], row["vat"], row["exempt_amount"], row["deliveries"]) == (100_000, 9_000, 10_000, 1)
    assert facts["totals"] == {
        "supply_value": 130_000,
        "vat": 12_000,
        "total": 142_000,
        "exempt_amount": 10_000,
        "deliveries": 2,
    }
    counted = {regime["code"]: regime["counted"] for regime in facts["regimes"]}
    # Both firms are social enterprises on their acceptance days (the second since July); only the second is
    # women-owned.
    assert counted["social_economy"] == 142_000 and counted["women_owned"] == 33_000
    assert counted["disabled_owned"] == 0

    text = pdf_text(document.pdf)
    assert "구매실적 증명서" in text and "2025. 1. 1. ~ 2025. 12. 31." in text
    assert "100,000 9,000 109,000" in text and "면세 10,000원" in text
    assert "130,000 12,000 142,000" in text
    assert "여성기업 제품 5% 33,000" in text and "사회적경제기업 제품 5% 142,000" in text


@pytest.mark.parametrize(
    ("date_from", "date_to", "code"),
    [
        (datetime.date(2025, 2, 1), datetime.date(2025, 1, 1), "invalid_period"),
        (datetime.date(2020, 1, 1), datetime.date(2025, 1, 1), "period_too_long"),
    ],
)
def test_a_purchase_record_needs_a_sensible_period(agency, date_from, date_to, code):
    with pytest.raises(Exception) as refused:
        purchase_record_document(agency=agency, date_from=date_from, date_to=date_to)
    assert refused.value.code == code
    assert not DocumentRecord.objects.exists()


def test_a_firm_counts_toward_a_regime_only_if_it_qualified_on_the_acceptance_day(agency):
    firm = FirmFactory(designation={"start_date": datetime.date(2025, 7, 1)})
    purchase = ordered_purchase(agency=agency, firm=firm, lines=((2, 11_000, False),))
    delivery(purchase, results=["accepted"], accepted_on=datetime.date(2025, 6, 30), quantities=[1])
    delivery(purchase, results=["accepted"], accepted_on=datetime.date(2025, 7, 1), quantities=[1])

    document = purchase_record_document(
        agency=agency, date_from=datetime.date(2025, 1, 1), date_to=datetime.date(2025, 12, 31)
    )
    assert document.record.facts["totals"]["total"] == 22_000
    counted = {regime["code"]: regime["counted"] for regime in document.record.facts["regimes"]}
    assert counted["social_economy"] == 11_000


def test_a_revoked_designation_counted_until_its_revocation_day(agency):
    firm = FirmFactory(
        designation={
            "start_date": datetime.date(2020, 1, 1),
            "status": DesignationStatus.REVOKED,
            "revoked_on": datetime.date(2025, 9, 1),
        }
    )
    purchase = ordered_purchase(agency=agency, firm=firm, lines=((2, 5_500, False),))
    delivery(purchase, results=["accepted"], accepted_on=datetime.date(2025, 8, 31), quantities=[1])
    delivery(purchase, results=["accepted"], accepted_on=datetime.date(2025, 9, 1), quantities=[1])

    facts = purchase_record_document(
        agency=agency, date_from=datetime.date(2025, 1, 1), date_to=datetime.date(2025, 12, 31)
    ).record.facts
    assert facts["totals"]["total"] == 11_000
    assert {regime["code"]: regime["counted"] for regime in facts["regimes"]}["social_economy"] == 5_500
