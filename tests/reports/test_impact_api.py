"""The citizen's value-consumption API (api/v1/reports_impact.py) over the hand-built ledger: own figures only,
another buyer's order not found, clear 400s, and the shared card's figures and PNG for anyone with the link."""

import io

import pytest
from PIL import Image

from market.reports.models import ImpactCard
from tests.conftest import client_for
from tests.reports.impact_ledger import Ledger
from tests.web.fake_build import built_ui  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/v1/"


@pytest.fixture
def ledger():
    return Ledger()


def test_my_impact_of_a_year_and_of_all_time(ledger):
    client = client_for(ledger.buyer)
    year = client.get(f"{API}me/impact/", {"year": "2025"})
    assert year.status_code == 200
    body = year.json()
    assert (body["year"], body["years"], body["total"], body["refunds"]) == (2025, [2025, 2024], 55_999, 30_001)
    assert {k["kind"]: k["amount"] for k in body["by_kind"]}["social_enterprise"] == 27_999
    assert body["circulation"] == {"local": 27_999, "elsewhere": 30_000, "unknown": -2_000}
    assert body["vulnerable"] == {"weighted": 10_950, "declared": 25_999, "undeclared": 30_000}
    assert [t["slug"] for t in body["by_tag"]] == ["eco-friendly", "handmade", "disability-employment"]
    assert len(body["series"]) == 12
    everything = client.get(f"{API}me/impact/").json()
    assert (everything["year"], everything["total"]) == (None, 59_999)
    assert everything["series"] == [{"key": 2024, "amount": 4_000}, {"key": 2025, "amount": 55_999}]
    # Another buyer sees their own figures only.
    assert client_for(ledger.other).get(f"{API}me/impact/").json()["total"] == 90_000


@pytest.mark.parametrize("year", ["abc", "1999", "3000", "２０２５", "2025.5", "99999999999999999999999"])
def test_a_bad_year_is_a_clear_400(ledger, year):
    response = client_for(ledger.buyer).get(f"{API}me/impact/", {"year": year})
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "year"


def test_anonymous_gets_401(api_client):
    assert api_client.get(f"{API}me/impact/").status_code == 401


def test_the_receipt_of_my_order_and_not_of_anothers(ledger):
    mine = client_for(ledger.buyer).get(f"{API}orders/{ledger.o1.number}/impact/")
    assert mine.status_code == 200
    assert (mine.json()["number"], mine.json()["paid"], mine.json()["total"]) == (ledger.o1.number, True, 17_999)
    theirs = client_for(ledger.buyer).get(f"{API}orders/{ledger.others.number}/impact/")
    assert theirs.status_code == 404
    assert client_for(ledger.other).get(f"{API}orders/{ledger.o1.number}/impact/").status_code == 404
    assert client_for(ledger.buyer).get(f"{API}orders/NO-SUCH/impact/").status_code == 404
    unpaid = client_for(ledger.buyer).get(f"{API}orders/{ledger.unpaid.number}/impact/").json()
    assert (unpaid["paid"], unpaid["total"]) == (False, 0)


def test_share_a_card_read_it_anonymously_and_revoke_it(ledger, api_client):
    client = client_for(ledger.buyer)
    created = client.post(
        f"{API}me/impact/cards/", {"year": 2025, "show_kinds": False, "show_vulnerable": True}, format="json"
    )
    assert created.status_code == 201
    token = created.json()["token"]
    assert client.get(f"{API}me/impact/cards/").json()[0]["token"] == token
    assert client_for(ledger.other).get(f"{API}me/impact/cards/").json() == []

    shared = api_client.get(f"{API}impact-cards/{token}/")
    assert shared.status_code == 200
    body = shared.json()
    assert (body["year"], body["total"], body["by_kind"], body["vulnerable_weighted"]) == (2025, 55_999, None, 10_950)
    assert body["local_share"] == "0.5000"
    text = shared.content.decode()
    assert ledger.buyer.email not in text and "서울특별시" not in text  # no e-mail, no address

    image = api_client.get(f"{API}impact-cards/{token}/card.png")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert "public" in image["Cache-Control"]
    assert Image.open(io.BytesIO(image.content)).size == (1200, 630)

    assert client_for(ledger.other).delete(f"{API}me/impact/cards/{token}/").status_code == 404
    assert client.delete(f"{API}me/impact/cards/{token}/").status_code == 204
    assert api_client.get(f"{API}impact-cards/{token}/").status_code == 404
    assert api_client.get(f"{API}impact-cards/{token}/card.png").status_code == 404
    assert ImpactCard.objects.get(token=token).revoked_at is not None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "year"),
        ({"year": "soon"}, "year"),
        ({"year": 1999}, "year"),
        ({"year": 2999}, "year"),
        ({"year": 2025, "show_total": "maybe"}, "show_total"),
        (
            {
                "year": 2025,
                "show_total": False,
                "show_kinds": False,
                "show_local": False,
                "show_vulnerable": False,
                "show_tags": False,
            },
            "show_total",
        ),
    ],
)
def test_a_bad_card_is_a_clear_400_and_nothing_is_shared(ledger, body, field):
    response = client_for(ledger.buyer).post(f"{API}me/impact/cards/", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field
    assert not ImpactCard.objects.exists()


@pytest.mark.usefixtures("built_ui")
def test_the_shared_card_page_carries_open_graph_tags_and_no_name(ledger):
    from market.reports.impact_card import impact_card_create, impact_card_revoke
    from tests.web.test_site import page

    card = impact_card_create(user=ledger.buyer, year=2025, show_vulnerable=True)
    head = page(f"/impact/cards/{card.token}")
    assert head.meta["og:title"] == "2025년 나의 가치소비"
    assert "55,999원" in head.meta["og:description"] and "기업 신고값 기준" in head.meta["og:description"]
    assert head.meta["og:image"] == f"http://testserver/api/v1/impact-cards/{card.token}/card.png"
    assert head.meta["twitter:card"] == "summary_large_image"
    assert ledger.buyer.email not in str(head.meta)
    impact_card_revoke(user=ledger.buyer, token=card.token)
    gone = page(f"/impact/cards/{card.token}", status=404)
    assert gone.meta["robots"] == "noindex" and "og:image" not in gone.meta
