"""The monthly e-mail summary: opting in and out, the e-mail of March 2025 with its chart (a PNG that opens, inline
in the HTML part), its figures against a hand-built ledger, exactly once per month, and nothing to the unsubscribed.

The ledger (March 2025, Seoul time):
- firm S (a social enterprise in 마포구; its member is the seller) and firm G (a cooperative in 강남구);
- citizen C (마포구: a buyer in the seller's own district) pays on 10 March for 2 × 10,000 + 1 × 5,000 from S and
  30,000 from G; 5,000 of S's part is refunded on 20 March;
- citizen D pays 12,000 to S at 23:30 on 10 March (still the 10th in Seoul);
- outside the month: D's 9,000 to S paid at 23:30 on 28 February and 8,000 paid at 00:10 on 1 April;
- an agency accepts 22,000 from S on 15 March.
Seller S's March: gross 25,000 + 12,000 + 22,000 = 59,000; refunds 5,000; net 54,000. By day: the 10th 37,000
sold, the 15th 22,000, the 20th 5,000 refunded. By channel (net): citizens 37,000 − 5,000 = 32,000; agencies 22,000.
Citizen C's March: bought 55,000, refunded 5,000, total 50,000: 사회적기업 25,000 − 5,000 = 20,000, 협동조합 30,000.
"""

import datetime
import io
import re

import pytest
from django.conf import settings as django_settings
from django.core import mail
from PIL import Image
from rest_framework.test import APIClient

from market.firms.models import FirmKind
from market.reports.models import MonthlySummarySubscription
from market.reports.monthly import (
    CHART_CID,
    monthly_summary_claim,
    monthly_summary_release,
    monthly_summary_subscribe,
    previous_month,
)
from market.reports.sales import refresh_sales_days
from market.reports.tasks import send_monthly_summaries
from tests.conftest import client_for
from tests.factories import ProductFactory, SellerFactory, UserFactory
from tests.procurement.factories import ordered_purchase
from tests.procurement.test_performance_ledger import ACCEPT, deliver
from tests.reports.impact_ledger import GANGNAM, MAPO, at, firm, order, refund

pytestmark = pytest.mark.django_db
API = "/api/v1/"
MARCH = "2025-03-01"
SE, COOP = FirmKind.SOCIAL_ENTERPRISE.value, FirmKind.COOPERATIVE.value


@pytest.fixture
def ledger():
    s = firm(FirmKind.SOCIAL_ENTERPRISE, MAPO, None)
    g = firm(FirmKind.COOPERATIVE, GANGNAM, None)
    seller = SellerFactory(firm=s)
    cookie, tea, soap = ProductFactory(firm=s), ProductFactory(firm=s), ProductFactory(firm=g)
    c, d = UserFactory(display_name="김시민"), UserFactory()
    o1 = order(
        c,
        parts=[(s, SE, [(cookie, 10_000, 2), (tea, 5_000, 1)]), (g, COOP, [(soap, 30_000, 1)])],
        paid_at=at(2025, 3, 10),
    )
    refund(o1, s, 5_000, at(2025, 3, 20))
    order(d, parts=[(s, SE, [(cookie, 12_000, 1)])], paid_at=at(2025, 3, 10, 23, 30))
    order(d, parts=[(s, SE, [(cookie, 9_000, 1)])], paid_at=at(2025, 2, 28, 23, 30))
    order(d, parts=[(s, SE, [(cookie, 8_000, 1)])], paid_at=at(2025, 4, 1, 0, 10))
    deliver(ordered_purchase(firm=s, lines=[(2, 11_000, False)]), datetime.date(2025, 3, 15), [(0, 2, ACCEPT)])
    refresh_sales_days()
    return {"seller": seller, "c": c, "d": d}


def run(django_capture_on_commit_callbacks, month=MARCH) -> int:
    """The beat job, with the e-mails it queues after commit sent (Celery runs eagerly in tests)."""
    with django_capture_on_commit_callbacks(execute=True):
        return send_monthly_summaries(month)


def sent_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def chart_of(message) -> Image.Image:
    [image] = [part for part in message.attachments if getattr(part, "get_content_type", lambda: "")() == "image/png"]
    assert image["Content-ID"] == f"<{CHART_CID}>"
    assert image["Content-Disposition"].startswith("inline")
    picture = Image.open(io.BytesIO(image.get_payload(decode=True)))
    picture.load()  # decodes every pixel: a truncated or broken PNG raises here
    return picture


# --- opting in and out -----------------------------------------------------------------------------------------------
def test_a_user_turns_the_summary_on_and_off(ledger):
    seller = client_for(ledger["seller"])
    assert seller.get(f"{API}me/monthly-summary/").json() == {
        "subscribed": False,
        "audience": "seller",
        "subscribed_at": None,
        "last_sent_month": None,
    }
    on = seller.put(f"{API}me/monthly-summary/")
    assert on.status_code == 200 and on.json()["subscribed"] is True and on.json()["subscribed_at"]
    assert seller.put(f"{API}me/monthly-summary/").status_code == 200  # again: still one subscription
    assert MonthlySummarySubscription.objects.filter(user=ledger["seller"]).count() == 1
    off = seller.delete(f"{API}me/monthly-summary/")
    assert off.status_code == 200 and off.json()["subscribed"] is False
    assert not MonthlySummarySubscription.objects.exists()
    assert client_for(ledger["c"]).get(f"{API}me/monthly-summary/").json()["audience"] == "citizen"
    assert APIClient().put(f"{API}me/monthly-summary/").status_code == 401


# --- the e-mails -----------------------------------------------------------------------------------------------------
def test_the_sellers_email_has_the_months_sales_and_its_chart(ledger, django_capture_on_commit_callbacks):
    monthly_summary_subscribe(user=ledger["seller"])
    assert run(django_capture_on_commit_callbacks) == 1
    [message] = sent_to(ledger["seller"])
    firm_name = ledger["seller"].firm_membership.firm.name
    assert message.subject == "[같이마켓] 2025년 3월 판매 요약"
    text = message.body
    assert f"{firm_name}의 2025년 3월 판매 요약" in text
    assert "판매액 59,000원 · 환불 5,000원 · 순매출 54,000원" in text
    assert "- 시민 구매: 32,000원" in text and "- 공공기관 구매: 22,000원" in text
    days = re.findall(r"^- (\d{4}-\d{2}-\d{2}): (.+)$", text, flags=re.M)
    assert days == [
        ("2025-03-10", "37,000원 / 0원 / 37,000원"),
        ("2025-03-15", "22,000원 / 0원 / 22,000원"),
        ("2025-03-20", "0원 / 5,000원 / -5,000원"),
    ]
    [(html, kind)] = message.alternatives
    assert kind == "text/html" and f'src="cid:{CHART_CID}"' in html and "순매출 <strong>54,000원</strong>" in html
    assert chart_of(message).format == "PNG" and chart_of(message).size == (640, 320)
    # Sent as one related whole: the HTML and its picture, the text as the alternative.
    raw = message.message()
    assert raw.get_content_type() == "multipart/related"
    assert [part.get_content_type() for part in raw.get_payload()] == ["multipart/alternative", "image/png"]


def test_the_citizens_email_has_their_value_consumption_by_kind(ledger, django_capture_on_commit_callbacks):
    monthly_summary_subscribe(user=ledger["c"])
    run(django_capture_on_commit_callbacks)
    [message] = sent_to(ledger["c"])
    assert message.subject == "[같이마켓] 2025년 3월 나의 가치소비"
    assert "김시민님의 2025년 3월 가치소비" in message.body
    assert "구매 55,000원 · 환불 5,000원 · 합계 50,000원" in message.body
    assert re.findall(r"^- (.+): (.+)$", message.body, flags=re.M) == [
        ("사회적기업", "20,000원"),
        ("협동조합", "30,000원"),
    ]
    picture = chart_of(message)
    assert picture.size == (640, 320)
    # Not a blank picture: the bars are drawn in the report's green.
    assert (31, 122, 84) in {rgb for _count, rgb in picture.convert("RGB").getcolors(maxcolors=1 << 16)}


def test_a_second_run_sends_nothing(ledger, django_capture_on_commit_callbacks):
    for user in (ledger["seller"], ledger["c"]):
        monthly_summary_subscribe(user=user)
    assert run(django_capture_on_commit_callbacks) == 2
    assert len(mail.outbox) == 2
    assert run(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 2
    assert set(MonthlySummarySubscription.objects.values_list("last_sent_month", flat=True)) == {
        datetime.date(2025, 3, 1)
    }
    # The next month is a new month (nothing happened in April but D's order: the seller hears of it).
    assert run(django_capture_on_commit_callbacks, "2025-04-01") == 2
    assert len(sent_to(ledger["seller"])) == 2 and len(sent_to(ledger["c"])) == 1


def test_the_unsubscribed_get_nothing(ledger, django_capture_on_commit_callbacks):
    monthly_summary_subscribe(user=ledger["c"])
    client_for(ledger["c"]).delete(f"{API}me/monthly-summary/")
    assert run(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []  # D and the seller never subscribed


def test_a_month_with_nothing_to_say_sends_nothing_and_is_done(ledger, django_capture_on_commit_callbacks):
    quiet = UserFactory()
    monthly_summary_subscribe(user=quiet)
    assert run(django_capture_on_commit_callbacks) == 1
    assert mail.outbox == []
    assert MonthlySummarySubscription.objects.get(user=quiet).last_sent_month == datetime.date(2025, 3, 1)


def test_a_claim_given_back_after_a_failed_send_is_claimed_again(ledger):
    subscription = monthly_summary_subscribe(user=ledger["c"])
    march = datetime.date(2025, 3, 1)
    claim = monthly_summary_claim(subscription_id=subscription.pk, month=march)
    assert claim is not None and claim.previous is None
    assert monthly_summary_claim(subscription_id=subscription.pk, month=march) is None  # a concurrent retry
    monthly_summary_release(subscription_id=subscription.pk, month=march, claim=claim)
    subscription.refresh_from_db()
    assert subscription.last_sent_month is None
    assert monthly_summary_claim(subscription_id=subscription.pk, month=march) is not None


def test_the_beat_job_runs_on_the_first_for_the_month_before():
    entry = django_settings.CELERY_BEAT_SCHEDULE["reports-monthly-summary"]
    assert entry["task"] == "market.reports.tasks.send_monthly_summaries"
    assert entry["schedule"].day_of_month == {1}
    assert previous_month(datetime.date(2025, 1, 1)) == datetime.date(2024, 12, 1)
    assert previous_month(datetime.date(2025, 3, 31)) == datetime.date(2025, 2, 1)
