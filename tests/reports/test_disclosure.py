"""Public disclosure (공시): who may publish which year, what the public sees (published years only), and the
figures: equal to the purchase-performance selector's and to a hand-built ledger, in JSON and in the open-data CSV.

The ledger (2024):
- agency A (마포구) buys from a social enterprise in 마포구 (buyer and seller in the same district): two lines
  accepted on 2024-03-02, 110,000 + 44,000 won; 22,000 won of the second refunded on 2024-05-01. Counted
  154,000 − 22,000 = 132,000. Total purchasing 2,000,000: share 0.0660; target ceil(0.05 × 2,000,000) = 100,000,
  gap 0; its plan for the regime 150,000.
- agency B (중구) buys 55,000 won from a cooperative in 종로구, accepted on 2024-06-10; total purchasing 1,000,000.
  B does not publish.
- The city: counted 132,000 + 55,000 = 187,000 won of 3,000,000: share 0.0623 (0.06233… rounded); against the
  goal of 200,000,000,000 won: 187,000 / 2e11 = 0.0000009…, 0.0000.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from market.firms.models import District, FirmKind
from market.procurement.models import AgencyPlanTarget, AgencyYear, ProcurementRegime
from market.procurement.selectors.performance import agency_performance
from market.reports.disclosure import city_progress, disclosure_publish, published_disclosures
from market.reports.models import AgencyDisclosure
from tests.conftest import client_for
from tests.procurement.factories import AgencyFactory, agency_member, ordered_purchase
from tests.procurement.test_performance_ledger import ACCEPT, JONGNO, MAPO, deliver, firm, refund

pytestmark = pytest.mark.django_db
API = "/api/v1/"
D = datetime.date


@pytest.fixture
def ledger():
    agency_a = AgencyFactory(name="가 마포구청")
    agency_b = AgencyFactory(name="나 중구 공단", district=District.objects.get(code="11140"))
    se = firm(MAPO, (FirmKind.SOCIAL_ENTERPRISE, D(2020, 1, 1), None))
    coop = firm(JONGNO, (FirmKind.COOPERATIVE, D(2020, 1, 1), None))
    delivery = deliver(
        ordered_purchase(agency=agency_a, firm=se, lines=[(10, 11_000, False), (4, 11_000, False)]),
        D(2024, 3, 2),
        [(0, 10, ACCEPT), (1, 4, ACCEPT)],
    )
    refund(delivery, 1, 22_000, D(2024, 5, 1))
    deliver(ordered_purchase(agency=agency_b, firm=coop, lines=[(5, 11_000, False)]), D(2024, 6, 10), [(0, 5, ACCEPT)])
    AgencyYear.objects.create(agency=agency_a, year=2024, total_purchasing=2_000_000)
    AgencyYear.objects.create(agency=agency_b, year=2024, total_purchasing=1_000_000)
    AgencyPlanTarget.objects.create(
        agency=agency_a, year=2024, regime=ProcurementRegime.objects.get(code="social_economy"), target_amount=150_000
    )
    return {
        "a": agency_a,
        "b": agency_b,
        "admin_a": agency_member(agency_a, "admin"),
        "clerk_a": agency_member(agency_a, "requester", "approver", "inspector"),
        "admin_b": agency_member(agency_b, "admin"),
    }


def error(response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]


def publish(member, year=2024):
    return client_for(member.user).post(f"{API}agency/disclosures/", {"year": year}, format="json")


def withdraw(client, year=2024):
    return client.post(f"{API}agency/disclosures/withdraw/", {"year": year}, format="json")


def public(year=2024, client=None):
    return (client or APIClient()).get(f"{API}public/disclosures/", {"year": year})


def regime(entry, code="social_economy"):
    return next(r for r in entry["regimes"] if r["code"] == code)


# --- publishing rules ------------------------------------------------------------------------------------------------
def test_an_admin_publishes_and_the_year_shows_as_published(ledger):
    response = publish(ledger["admin_a"])
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["year"], body["published"], body["total_purchasing"], body["can_publish"]) == (
        2024,
        True,
        2_000_000,
        False,
    )
    row = AgencyDisclosure.objects.get(agency=ledger["a"], year=2024)
    assert row.published_by == ledger["admin_a"].user and row.unpublished_at is None
    listed = client_for(ledger["clerk_a"].user).get(f"{API}agency/disclosures/").json()
    assert [(y["year"], y["published"]) for y in listed] == [(2024, True)]


def test_only_an_admin_publishes_or_withdraws(ledger):
    assert error(publish(ledger["clerk_a"])) == (403, "role_required")
    disclosure_publish(actor=ledger["admin_a"], year=2024)
    response = withdraw(client_for(ledger["clerk_a"].user), 2024)
    assert error(response) == (403, "role_required")
    assert AgencyDisclosure.objects.get(agency=ledger["a"]).unpublished_at is None


def test_a_year_without_its_total_purchasing_cannot_be_published(ledger):
    response = publish(ledger["admin_a"], 2023)
    assert error(response) == (400, "total_not_recorded")
    assert response.json()["error"]["field"] == "year"
    assert not AgencyDisclosure.objects.exists()


def test_a_year_not_yet_begun_cannot_be_published(ledger):
    next_year = datetime.date.today().year + 1
    AgencyYear.objects.create(agency=ledger["a"], year=next_year, total_purchasing=1)
    assert error(publish(ledger["admin_a"], next_year)) == (400, "year_not_started")
    assert error(publish(ledger["admin_a"], "abc")) == (400, "validation_error")


def test_publishing_twice_or_withdrawing_what_is_not_published_is_refused(ledger):
    assert publish(ledger["admin_a"]).status_code == 201
    assert error(publish(ledger["admin_a"])) == (409, "already_published")
    admin = client_for(ledger["admin_a"].user)
    assert withdraw(admin, 2024).json()["published"] is False
    assert error(withdraw(admin, 2024)) == (409, "not_published")
    assert error(withdraw(admin, 2023)) == (409, "not_published")
    # Published again after a withdrawal: the same row, a new publication time.
    first = AgencyDisclosure.objects.get(agency=ledger["a"]).published_at
    assert publish(ledger["admin_a"]).status_code == 201
    again = AgencyDisclosure.objects.get(agency=ledger["a"])
    assert again.unpublished_at is None and again.published_at > first


def test_another_agency_cannot_publish_or_withdraw_this_agency_s_year(ledger):
    disclosure_publish(actor=ledger["admin_a"], year=2024)
    other = client_for(ledger["admin_b"].user)
    # B's admin acts on B's year only: withdrawing 2024 finds nothing of B's published, and A's stays.
    assert error(withdraw(other, 2024)) == (409, "not_published")
    assert AgencyDisclosure.objects.get(agency=ledger["a"]).unpublished_at is None
    # Publishing 2024 publishes B's own year, never A's a second time.
    assert other.post(f"{API}agency/disclosures/", {"year": 2024}, format="json").status_code == 201
    assert set(AgencyDisclosure.objects.values_list("agency_id", flat=True)) == {ledger["a"].pk, ledger["b"].pk}
    # B's list shows B's years only.
    assert [y["total_purchasing"] for y in other.get(f"{API}agency/disclosures/").json()] == [1_000_000]
    # Neither a citizen nor anonymous reaches the agency endpoints.
    assert APIClient().post(f"{API}agency/disclosures/", {"year": 2024}, format="json").status_code == 401


# --- what the public sees --------------------------------------------------------------------------------------------
def test_unpublished_years_are_not_public(ledger):
    assert public().json()["agencies"] == []
    disclosure_publish(actor=ledger["admin_a"], year=2024)
    assert [a["agency"]["name"] for a in public().json()["agencies"]] == ["가 마포구청"]
    client_for(ledger["admin_a"].user).post(f"{API}agency/disclosures/withdraw/", {"year": 2024}, format="json")
    assert public().json()["agencies"] == []
    csv_rows = list(
        csv.reader(
            io.StringIO(APIClient().get(f"{API}public/disclosures.csv", {"year": 2024}).content.decode("utf-8-sig"))
        )
    )
    assert len(csv_rows) == 1  # the header only


def test_figures_equal_the_performance_selector_and_the_ledger(ledger):
    disclosure_publish(actor=ledger["admin_a"], year=2024)
    data = public().json()
    assert data["year"] == 2024 and data["years"] == [2024]
    [entry] = data["agencies"]
    report = agency_performance(ledger["a"], 2024)
    assert entry["total_purchasing"] == report.total_purchasing == 2_000_000
    assert entry["marketplace_total"] == report.marketplace.total == 132_000
    for result in report.regimes:
        shown = regime(entry, result.regime.code)
        assert (shown["counted"], shown["planned"], shown["target_amount"], shown["gap"]) == (
            result.counted,
            result.planned,
            result.target_amount,
            result.gap,
        )
        assert shown["share"] == (None if result.share is None else str(result.share))
    se = regime(entry)
    assert (se["counted"], se["share"], se["target_rate"], se["target_amount"], se["gap"], se["planned"]) == (
        132_000,
        "0.0660",
        "0.0500",
        100_000,
        0,
        150_000,
    )
    assert entry["agency"] == {
        "id": ledger["a"].pk,
        "name": "가 마포구청",
        "kind": "public_institution",
        "district": MAPO,
        "district_name": "마포구",
    }


def test_the_city_total_is_every_agency_against_the_goal(ledger):
    disclosure_publish(actor=ledger["admin_a"], year=2024)  # B's purchases count in the city's sum all the same
    city = public().json()["city"]
    whole = agency_performance(None, 2024)
    se = next(r for r in whole.regimes if r.regime.code == "social_economy")
    assert (city["counted"], city["share"], city["marketplace_total"]) == (
        se.counted,
        str(se.share),
        whole.marketplace.total,
    )
    assert (
        city["counted_as"],
        city["counted"],
        city["marketplace_total"],
        city["total_purchasing"],
        city["share"],
    ) == (
        "social_economy",
        187_000,
        187_000,
        3_000_000,
        "0.0623",
    )
    assert (city["goal_amount"], city["goal_share"], city["goal_progress"]) == (200_000_000_000, "0.0500", "0.0000")
    assert city["actuals"] == [{"year": 2012, "amount": 50_000_000_000}, {"year": 2017, "amount": 130_000_000_000}]


def test_while_the_social_economy_regime_is_off_the_city_counts_every_purchase(ledger):
    ProcurementRegime.objects.filter(code="social_economy").update(active=False)
    progress = city_progress(year=2024)
    assert (progress.counted_as, progress.counted, progress.share) == ("marketplace", 187_000, Decimal("0.0623"))


def test_the_csv_opens_and_matches_the_json(ledger):
    disclosure_publish(actor=ledger["admin_a"], year=2024)
    disclosure_publish(actor=ledger["admin_b"], year=2024)
    response = APIClient().get(f"{API}public/disclosures.csv", {"year": 2024})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="disclosures-2024.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    data = public().json()
    expected = []
    for entry in data["agencies"]:
        for r in entry["regimes"]:
            expected.append(
                {
                    "연도 (year)": "2024",
                    "기관 ID (agency_id)": str(entry["agency"]["id"]),
                    "기관 (agency)": entry["agency"]["name"],
                    "기관 유형 (agency_kind)": entry["agency"]["kind"],
                    "자치구 (district)": entry["agency"]["district"],
                    "공시일 (published_on)": entry["published_at"][:10],
                    "총구매액 (total_purchasing)": str(entry["total_purchasing"]),
                    "구분 코드 (regime_code)": r["code"],
                    "구분 (regime)": r["name"],
                    "계획 목표액 (planned)": "" if r["planned"] is None else str(r["planned"]),
                    "구매실적 (counted)": str(r["counted"]),
                    "구매비율 (share)": r["share"] or "",
                    "법정 목표비율 (target_rate)": r["target_rate"],
                    "목표액 (target_amount)": str(r["target_amount"]),
                    "부족액 (gap)": str(r["gap"]),
                }
            )
    assert rows == expected
    assert len(rows) == 2 * ProcurementRegime.objects.filter(active=True).count()
    b_se = next(
        r for r in rows if r["기관 (agency)"] == "나 중구 공단" and r["구분 코드 (regime_code)"] == "social_economy"
    )
    assert (b_se["구매실적 (counted)"], b_se["구매비율 (share)"]) == ("55000", "0.0550")


def test_public_endpoints_are_open_cacheable_and_validate_the_year(ledger):
    disclosure_publish(actor=ledger["admin_a"], year=2024)
    response = APIClient().get(f"{API}public/disclosures/")  # no year: the newest published
    assert response.status_code == 200 and response.json()["year"] == 2024
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    assert APIClient().get(f"{API}public/disclosures.csv").status_code == 200
    assert error(APIClient().get(f"{API}public/disclosures/", {"year": "abc"})) == (400, "not_an_integer")
    assert error(APIClient().get(f"{API}public/disclosures.csv", {"year": "1999"})) == (400, "invalid_year")
    assert public(2023).json()["agencies"] == []


def test_an_agency_no_longer_approved_is_not_shown(ledger):
    disclosure_publish(actor=ledger["admin_a"], year=2024)
    ledger["a"].status = "rejected"
    ledger["a"].rejection_reason = "해산"
    ledger["a"].save()
    assert published_disclosures(year=2024) == []


def test_the_public_endpoints_are_throttled_per_address(settings, ledger):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "public_report_address": "2/min",
        },
    }
    client = APIClient(REMOTE_ADDR="203.0.113.7")
    assert client.get(f"{API}public/disclosures/").status_code == 200
    assert client.get(f"{API}public/disclosures.csv").status_code == 200
    response = client.get(f"{API}public/disclosures/")
    assert error(response) == (429, "throttled")
    assert APIClient(REMOTE_ADDR="198.51.100.3").get(f"{API}public/disclosures/").status_code == 200
