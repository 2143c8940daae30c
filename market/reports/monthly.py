"""The monthly e-mail summary (opt-in): on the 1st, each subscriber gets the month before, once, with a chart.

- A seller (a member of a firm) gets the firm's sales of the month from the pre-aggregated SalesDay, through the
  seller's report selectors (market/reports/seller.py): gross, refunds and net by day and by channel.
- Anyone else gets their own value consumption of the month: what they paid for, net of refunds, by the firm's
  reported kind, counted by the citizen's report's rules (market/reports/impact.py; its public selector sums a
  year, so the month is cut here from the same row sets and expressions).
- The chart is drawn on the server as a PNG (matplotlib, Agg backend, the Korean font the documents use) and
  embedded in the HTML part as an inline image (Content-ID); the text part carries every figure.
- A month with nothing to say (no sale, no refund, no purchase) sends nothing, and counts as done.

Exactly once per month and subscriber: the task first claims the month (`last_sent_month` moved to it under a row
lock, in its own transaction), then sends; if sending fails the claim is given back and the task retries. A run
after a successful one finds nothing to claim. (A crash between the claim and the send loses that month's e-mail
rather than sending it twice.)
"""

import datetime
import functools
import io
import logging
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from market.procurement.selectors.performance import KIND_LABELS
from market.reports import impact
from market.reports.filters import DAY, ReportFilters
from market.reports.impact_card import FONT_FAMILY
from market.reports.models import MonthlySummarySubscription
from market.reports.seller import Figures, sales_by_channel, sales_series, seller_sales_days

logger = logging.getLogger(__name__)

SELLER, CITIZEN = "seller", "citizen"
CHART_CID = "monthly-chart"
SUBJECT = "[같이마켓] {month} {what}"


# --- subscribing ---------------------------------------------------------------------------------------------------
def monthly_summary_subscribe(*, user) -> MonthlySummarySubscription:
    """Ask for the monthly e-mail (again: nothing changes)."""
    subscription, _created = MonthlySummarySubscription.objects.get_or_create(user=user)
    return subscription


def monthly_summary_unsubscribe(*, user) -> None:
    """Stop the monthly e-mail (when not subscribed: nothing to do). Subscribing later starts afresh."""
    MonthlySummarySubscription.objects.filter(user=user).delete()


def summary_audience(user) -> str:
    """What the e-mail is about: a firm member's sales, or anyone else's own purchases."""
    return SELLER if hasattr(user, "firm_membership") else CITIZEN


# --- the month ------------------------------------------------------------------------------------------------------
def previous_month(today: datetime.date | None = None) -> datetime.date:
    """The first day of the month before `today` (Seoul time by default)."""
    today = today or timezone.localdate()
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    """The last day of the month starting on `month`."""
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)


def _month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The month in Seoul time as aware datetimes [start, end)."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(month, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(month_end(month) + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return start, end


@dataclass(frozen=True)
class Bar:
    label: str
    value: int  # won
    refunds: int = 0  # won given back (seller's days), drawn below the axis


@dataclass(frozen=True)
class MonthlySummary:
    user: object
    month: datetime.date
    audience: str  # SELLER or CITIZEN
    name: str  # the firm's name, or the person's
    gross: int
    refunds: int
    rows: list[tuple[str, int]] = field(default_factory=list)  # (label, won): by channel, or by kind
    bars: list[Bar] = field(default_factory=list)  # the chart: days, or kinds
    days: list[tuple[datetime.date, Figures]] = field(default_factory=list)  # seller: days with anything

    @property
    def net(self) -> int:
        return self.gross - self.refunds

    @property
    def empty(self) -> bool:
        return self.gross == 0 and self.refunds == 0

    @property
    def month_label(self) -> str:
        return f"{self.month.year}년 {self.month.month}월"


def seller_month(*, user, month: datetime.date) -> MonthlySummary:
    """The firm's sales of the month, by day (every day of the month, for the chart) and by channel."""
    firm = user.firm_membership.firm
    filters = ReportFilters(date_from=month, date_to=month_end(month), granularity=DAY)
    rows = seller_sales_days(firm=firm, filters=filters)
    channels = sales_by_channel(rows)
    series = sales_series(rows, filters)
    return MonthlySummary(
        user=user,
        month=month,
        audience=SELLER,
        name=firm.name,
        gross=sum(c.figures.gross for c in channels),  # the two channels hold every row
        refunds=sum(c.figures.refunds for c in channels),
        rows=[(c.label, c.figures.net) for c in channels],
        bars=[Bar(label=str(p.period.day), value=p.figures.gross, refunds=p.figures.refunds) for p in series],
        days=[(p.period, p.figures) for p in series if p.figures.gross or p.figures.refunds],
    )


def citizen_month(*, user, month: datetime.date) -> MonthlySummary:
    """The person's purchases paid in the month less refunds booked in it, by the firm's reported kind (as kept on
    the line at the sale), by the citizen report's own rules (impact.impact_by_kind_between)."""
    start, end = _month_bounds(month)
    gross, back, by_kind = impact.impact_by_kind_between(buyer=user, start=start, end=end)
    shown = [(KIND_LABELS[kind], amount) for kind, amount in by_kind.items() if amount]
    return MonthlySummary(
        user=user,
        month=month,
        audience=CITIZEN,
        name=user.display_name or user.email,
        gross=gross,
        refunds=back,
        rows=shown,
        bars=[Bar(label=label, value=amount) for label, amount in shown],
    )


def monthly_summary_for(*, user, month: datetime.date) -> MonthlySummary:
    if summary_audience(user) == SELLER:
        return seller_month(user=user, month=month)
    return citizen_month(user=user, month=month)


# --- the chart ------------------------------------------------------------------------------------------------------
@functools.cache
def _chart_font() -> list[str]:
    """The font families the chart asks for: the Korean font when matplotlib finds it, else its default (which
    draws no Hangul; logged)."""
    from matplotlib import font_manager

    try:
        font_manager.findfont(font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False)
    except ValueError:
        logger.warning("no %s font found: the monthly chart is drawn without Korean glyphs", FONT_FAMILY)
        return ["DejaVu Sans"]
    return [FONT_FAMILY, "DejaVu Sans"]


def _won_axis(value, _position) -> str:
    """Won on an axis, in 만 (10,000) once they reach it: 15000 -> 1.5만."""
    if abs(value) >= 10_000:
        return f"{value / 10_000:,.1f}".removesuffix(".0") + "만"
    return f"{value:,.0f}"


def render_chart_png(summary: MonthlySummary) -> bytes:
    """The month's chart as a PNG: a seller's days (sales up, refunds down), or a citizen's kinds (across)."""
    import matplotlib

    matplotlib.use("Agg")  # no display; only Figure and the Agg canvas are used (no pyplot state shared by threads)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    with matplotlib.rc_context({"font.family": _chart_font(), "axes.unicode_minus": False}):
        figure = Figure(figsize=(6.4, 3.2), dpi=100)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        green, red = "#1f7a54", "#b3261e"
        if summary.audience == SELLER:
            positions = range(len(summary.bars))
            axes.bar(positions, [b.value for b in summary.bars], color=green, label="판매액")
            if any(b.refunds for b in summary.bars):
                axes.bar(positions, [-b.refunds for b in summary.bars], color=red, label="환불")
                axes.axhline(0, color="#555555", linewidth=0.8)
            axes.set_xticks(list(positions)[::5], [b.label for b in summary.bars][::5])
            axes.set_xlabel("일")
            axes.yaxis.set_major_formatter(FuncFormatter(_won_axis))
            axes.legend(loc="upper left", frameon=False)
            axes.set_title(f"{summary.name} · {summary.month_label} 일별 판매")
        else:
            labels = [b.label for b in summary.bars][::-1]
            axes.barh(labels, [b.value for b in summary.bars][::-1], color=green)
            axes.xaxis.set_major_formatter(FuncFormatter(_won_axis))
            axes.set_title(f"{summary.month_label} 기업 유형별 가치소비")
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png")
    return out.getvalue()


# --- the e-mail -----------------------------------------------------------------------------------------------------
def won(amount: int) -> str:
    return f"{amount:,}원"


def build_monthly_email(summary: MonthlySummary) -> EmailMultiAlternatives:
    """The e-mail: a text part with every figure, an HTML part showing the chart inline (cid:), the PNG related to
    it."""
    from email.mime.image import MIMEImage

    context = {
        "summary": summary,
        "cid": CHART_CID,
        "rows": [(label, won(amount)) for label, amount in summary.rows],
        "days": [(day, won(f.gross), won(f.refunds), won(f.net)) for day, f in summary.days],
        "gross": won(summary.gross),
        "refunds": won(summary.refunds),
        "net": won(summary.net),
    }
    what = "판매 요약" if summary.audience == SELLER else "나의 가치소비"
    message = EmailMultiAlternatives(
        subject=SUBJECT.format(month=summary.month_label, what=what),
        body=render_to_string("reports/email/monthly_summary.txt", context),
        to=[summary.user.email],
    )
    message.attach_alternative(render_to_string("reports/email/monthly_summary.html", context), "text/html")
    message.mixed_subtype = "related"  # the image belongs to the HTML part, not a download
    image = MIMEImage(render_chart_png(summary), "png")
    image.add_header("Content-ID", f"<{CHART_CID}>")
    image.add_header("Content-Disposition", "inline", filename="chart.png")
    message.attach(image)
    return message


# --- sending, once per month ----------------------------------------------------------------------------------------
def _due(month: datetime.date) -> Q:
    return Q(last_sent_month__isnull=True) | Q(last_sent_month__lt=month)


def monthly_summaries_due(*, month: datetime.date) -> list[int]:
    """Subscriptions not yet sent `month`."""
    return list(MonthlySummarySubscription.objects.filter(_due(month)).order_by("pk").values_list("pk", flat=True))


@dataclass(frozen=True)
class Claim:
    previous: datetime.date | None  # last_sent_month before the claim, to give it back if sending fails


def monthly_summary_claim(*, subscription_id: int, month: datetime.date) -> Claim | None:
    """Mark `month` as sent to this subscriber, unless it already was (or they left): None then."""
    with transaction.atomic():
        subscription = (
            MonthlySummarySubscription.objects.select_for_update().filter(_due(month), pk=subscription_id).first()
        )
        if subscription is None:
            return None
        claim = Claim(previous=subscription.last_sent_month)
        subscription.last_sent_month = month
        subscription.save(update_fields=["last_sent_month"])
    return claim


def monthly_summary_release(*, subscription_id: int, month: datetime.date, claim: Claim) -> None:
    """Give a claim back after a failed send, so a retry sends the month."""
    MonthlySummarySubscription.objects.filter(pk=subscription_id, last_sent_month=month).update(
        last_sent_month=claim.previous
    )


def monthly_summary_deliver(*, subscription_id: int, month: datetime.date) -> bool:
    """Build and send the month's e-mail to the subscriber (after claiming it); False when there was nothing to say.
    Raises OSError when the mail server refuses (the caller gives the claim back and retries)."""
    user = (
        get_user_model()
        .objects.select_related("firm_membership__firm")
        .filter(monthly_summary__pk=subscription_id)
        .first()
    )
    if user is None:
        return False  # unsubscribed since the claim
    summary = monthly_summary_for(user=user, month=month)
    if summary.empty or not user.email:
        return False
    build_monthly_email(summary).send()
    return True
