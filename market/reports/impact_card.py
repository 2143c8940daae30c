"""A citizen's yearly value-consumption card, shared by choice: the citizen creates a link (an unguessable token)
naming the figures to show, and may revoke it; anyone with the link sees those figures, computed when asked
(market/reports/impact.py), and a PNG of the card for messengers' previews. Never a name, an e-mail or an address.

The image is drawn with Pillow in the system's Korean font: the documents' font (Debian's fonts-nanum, which
scripts/pdf.sh installs; market/documents asks the system for the NanumGothic family), looked up by the same
family name through fontconfig, else by its file names in the system's font folders.
"""

import functools
import io
import logging
import secrets
import shutil
import subprocess
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from market.core.errors import ApplicationError, NotFound
from market.procurement.selectors.performance import KIND_LABELS, share_of
from market.reports.impact import LOCAL, Impact, TagAmount, impact_for_buyer, parse_year
from market.reports.models import ImpactCard

logger = logging.getLogger(__name__)

CARD_SIZE = (1200, 630)  # what Open Graph previews expect (1.91:1)
FIGURES = ("show_total", "show_kinds", "show_local", "show_vulnerable", "show_tags")
FONT_FAMILY = "NanumGothic"  # market/documents/templates/documents/documents.css names it first
FONT_FILES = {False: "NanumGothic.ttf", True: "NanumGothicBold.ttf"}
TOP_KINDS = 4
TOP_TAGS = 3


class ImpactCardError(ApplicationError):
    default_code = "invalid_impact_card"


# --- services -------------------------------------------------------------------------------------------------------
def impact_card_create(*, user, year: int, **shown: bool) -> ImpactCard:
    """Share the user's card of `year` with the figures named true in `shown` (FIGURES): a new token; the year's
    card shared before is revoked, so one link per year is live."""
    if parse_year(year) is None:
        last = timezone.localdate().year
        raise ImpactCardError(_("Give the year (e.g. %(year)s).") % {"year": last}, code="required", field="year")
    if not any(shown.get(name, getattr(ImpactCard, name).field.default) for name in FIGURES):
        raise ImpactCardError(_("Choose at least one figure to share."), code="nothing_shown", field="show_total")
    with transaction.atomic():
        now = timezone.now()
        ImpactCard.objects.select_for_update().filter(user=user, year=year, revoked_at__isnull=True).update(
            revoked_at=now
        )
        return ImpactCard.objects.create(
            user=user, year=year, token=secrets.token_urlsafe(24), created_at=now, **shown
        )  # 32 characters, 192 bits


def impact_card_revoke(*, user, token: str) -> ImpactCard:
    """Stop sharing: the link shows nothing from now on. Another user's token is not found."""
    with transaction.atomic():
        card = ImpactCard.objects.select_for_update().filter(user=user, token=token).first()
        if card is None:
            raise NotFound(_("No such card."))
        if card.revoked_at is None:
            card.revoked_at = timezone.now()
            card.save(update_fields=["revoked_at"])
    return card


# --- selectors ------------------------------------------------------------------------------------------------------
def impact_cards_of(*, user):
    return ImpactCard.objects.filter(user=user, revoked_at__isnull=True)


def impact_card_shared(token: str) -> ImpactCard:
    """The live card of a token, for anyone (revoked or unknown: not found)."""
    card = ImpactCard.objects.filter(token=token, revoked_at__isnull=True).first() if len(token) <= 64 else None
    if card is None:
        raise NotFound(_("This card is not shared (any more)."))
    return card


@dataclass(frozen=True)
class SharedFigures:
    """What a shared card shows: each figure None when the citizen chose not to share it."""

    year: int
    total: int | None
    orders: int | None
    by_kind: dict[str, int] | None  # kinds with a positive amount, largest first
    local: int | None
    local_share: object | None  # Decimal (4 places) of the total, None while the total is 0
    vulnerable_weighted: int | None  # derived from firms' declared shares
    by_tag: list[TagAmount] | None


def shared_figures(card: ImpactCard) -> SharedFigures:
    impact: Impact = impact_for_buyer(buyer=card.user_id, year=card.year)
    kinds = sorted(((k, v) for k, v in impact.by_kind.items() if v > 0), key=lambda kv: -kv[1])
    local = impact.circulation[LOCAL]
    return SharedFigures(
        year=card.year,
        total=impact.total if card.show_total else None,
        orders=impact.orders if card.show_total else None,
        by_kind=dict(kinds) if card.show_kinds else None,
        local=local if card.show_local else None,
        local_share=share_of(local, impact.total) if card.show_local and impact.total > 0 else None,
        vulnerable_weighted=impact.vulnerable_weighted if card.show_vulnerable else None,
        by_tag=[t for t in impact.by_tag if t.amount > 0][:TOP_TAGS] if card.show_tags else None,
    )


def card_description(figures: SharedFigures) -> str:
    """One line for the page's description (Open Graph): the shared figures in words."""
    parts = []
    if figures.total is not None:
        parts.append(f"사회적경제기업 상품 {figures.total:,}원 구매")
    if figures.local_share is not None:
        parts.append(f"우리 동네 기업에 {figures.local_share * 100:.1f}%")
    if figures.vulnerable_weighted is not None:
        parts.append(f"취약계층 고용 기여 {figures.vulnerable_weighted:,}원(기업 신고값 기준)")
    if figures.by_tag:
        parts.append(", ".join(f"#{t.name_ko}" for t in figures.by_tag))
    return " · ".join(parts) or "같이마켓에서 실천한 가치소비"


# --- the image ------------------------------------------------------------------------------------------------------
@functools.cache
def _font_path(bold: bool) -> str | None:
    fc_match = shutil.which("fc-match")
    if fc_match:
        style = "bold" if bold else "regular"
        try:
            found = subprocess.run(
                [fc_match, "--format=%{file}", f"{FONT_FAMILY}:{style}"],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found and "nanum" in found.lower():
            return found
    return None


def card_font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The Korean font at `size`; without it (fonts-nanum missing) Pillow's own, which draws no Hangul."""
    for source in (_font_path(bold), FONT_FILES[bold]):  # Pillow looks a bare file name up in the font folders
        if source:
            try:
                return ImageFont.truetype(source, size)
            except OSError:
                continue
    logger.warning("no %s font found: the impact card is drawn without Korean glyphs", FONT_FAMILY)
    return ImageFont.load_default(size)


INK = (28, 45, 38)
MUTED = (84, 99, 92)
ACCENT = (31, 122, 84)
TRACK = (214, 232, 222)
PAPER = (246, 250, 247)


def _won(amount: int) -> str:
    return f"{amount:,}원"


def render_card_png(figures: SharedFigures) -> bytes:
    """The card as a 1200 × 630 PNG: the year, then each shared figure; a note that some come from firms'
    declared values."""
    image = Image.new("RGB", CARD_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    width, height = CARD_SIZE
    margin = 64
    draw.rectangle((0, 0, width, 14), fill=ACCENT)
    draw.text((margin, 52), f"같이마켓 · {figures.year}년 나의 가치소비", font=card_font(34, bold=True), fill=INK)
    y = 118
    if figures.total is not None:
        draw.text((margin, y), _won(figures.total), font=card_font(76, bold=True), fill=ACCENT)
        draw.text(
            (margin, y + 92),
            f"사회적경제기업 상품 구매 · 주문 {figures.orders:,}건",
            font=card_font(28),
            fill=MUTED,
        )
        y += 150

    left, right = margin, width // 2 + 24
    column_y = y
    if figures.by_kind:
        draw.text((left, column_y), "기업 유형별", font=card_font(28, bold=True), fill=INK)
        top = list(figures.by_kind.items())[:TOP_KINDS]
        largest = max(amount for _kind, amount in top)
        row = column_y + 46
        track = width // 2 - margin - 200
        for kind, amount in top:
            draw.text((left, row), KIND_LABELS[kind], font=card_font(24), fill=INK)
            bar = max(4, track * amount // largest)
            draw.rectangle((left + 190, row + 4, left + 190 + track, row + 24), fill=TRACK)
            draw.rectangle((left + 190, row + 4, left + 190 + bar, row + 24), fill=ACCENT)
            row += 40
    else:
        right = left  # one column: the others start at the left margin

    row = column_y
    if figures.local is not None:
        share = f" ({figures.local_share * 100:.1f}%)" if figures.local_share is not None else ""
        draw.text((right, row), "우리 동네 기업에", font=card_font(28, bold=True), fill=INK)
        draw.text((right, row + 40), f"{_won(figures.local)}{share}", font=card_font(32, bold=True), fill=ACCENT)
        row += 96
    if figures.vulnerable_weighted is not None:
        draw.text((right, row), "취약계층 고용 기여", font=card_font(28, bold=True), fill=INK)
        draw.text((right, row + 40), _won(figures.vulnerable_weighted), font=card_font(32, bold=True), fill=ACCENT)
        row += 96
    if figures.by_tag:
        draw.text((right, row), "  ".join(f"#{t.name_ko}" for t in figures.by_tag), font=card_font(26), fill=ACCENT)

    if figures.vulnerable_weighted is not None:
        note = "취약계층 고용 기여: 각 기업이 밝힌 취약계층 고용 비율로 가중한 금액(기업 신고값 기준)"
        draw.text((margin, height - 58), note, font=card_font(20), fill=MUTED)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
