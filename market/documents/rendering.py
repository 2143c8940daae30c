"""Documents as files: PDF through WeasyPrint from the templates in templates/documents/ (one stylesheet), and CSV
of their lines.

The PDF is a function of the record alone (its facts, code and issue time, and the verification URL setting):
no clock, no request, no language, and WeasyPrint fetches nothing (every URL is refused), so a re-download
gives the same bytes and their SHA-256 still matches the record. The Korean font is the system's (Debian's
fonts-nanum, which scripts/pdf.sh installs); WeasyPrint embeds the subset of glyphs each document uses.
"""

import csv
import io
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from market.core.spreadsheet import csv_writer

TEMPLATES = Path(__file__).resolve().parent / "templates" / "documents"
STYLESHEET = TEMPLATES / "documents.css"
SITE_NAME = "같이마켓"


def verify_url(display_code: str = "") -> str:
    """The public page that checks a code (the web UI's /verify route)."""
    base = f"{settings.DOCUMENT_VERIFY_BASE_URL.rstrip('/')}/verify"
    return f"{base}/{display_code}" if display_code else base


def render_html(record) -> str:
    return render_to_string(
        f"documents/{record.kind}.html",
        {
            "facts": record.facts,
            "number": record.subject_number,
            "code": record.display_code,
            "issued_at": timezone.localtime(record.issued_at),
            "verify_url": verify_url(record.display_code),
            "site_name": SITE_NAME,
        },
    )


def render_pdf(record) -> bytes:
    # Imported here: WeasyPrint loads Pango through cffi at import time, which only the callers that render need.
    from PIL import ImageFile
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # WeasyPrint's import sets Pillow's process-wide LOAD_TRUNCATED_IMAGES; the image uploads of the same process
    # rely on it staying off (a truncated upload must be refused), and our documents embed no images.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    no_fetching = URLFetcher(allowed_protocols=())  # the templates link nothing; user text must not fetch either
    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=no_fetching)
    return HTML(string=render_html(record), url_fetcher=no_fetching).write_pdf(stylesheets=[stylesheet])


# --- CSV ------------------------------------------------------------------------------------------------------------
LINE_COLUMNS = ["no", "품목", "단위", "수량", "단가(부가세 포함)", "면세", "공급가액", "세액", "금액"]


def _csv(rows) -> str:
    out = io.StringIO()
    # A byte-order mark first: spreadsheet programs then read the Korean text as UTF-8.
    out.write("\ufeff")
    writer = csv_writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return out.getvalue()


def _line_row(n, line) -> list:
    return [
        n,
        line["title"],
        line["unit"],
        line["quantity"],
        line["unit_price"],
        "Y" if line["vat_exempt"] else "N",
        line["supply_value"],
        line["vat"],
        line["amount"],
    ]


def quotation_csv(facts: dict) -> str:
    rows = [LINE_COLUMNS]
    rows += [_line_row(n, line) for n, line in enumerate(facts["lines"], start=1)]
    totals = facts["totals"]
    rows.append(["합계", "", "", "", "", "", totals["supply_value"], totals["vat"], totals["total"]])
    return _csv(rows)


def delivery_note_csv(facts: dict) -> str:
    rows = [[*LINE_COLUMNS, "검수 결과", "불합격 사유"]]
    rows += [
        [*_line_row(n, line), line["result_label"], line["rejection_reason"]]
        for n, line in enumerate(facts["lines"], start=1)
    ]
    totals = facts["totals"]
    rows.append(["합계", "", "", "", "", "", totals["supply_value"], totals["vat"], totals["total"], "", ""])
    return _csv(rows)


def purchase_record_csv(facts: dict) -> str:
    rows = [
        ["기간 시작", "기간 끝", "기업", "사업자등록번호", "유형", "납품 건수", "공급가액", "세액", "합계", "면세 금액"]
    ]
    period = facts["period"]
    for row in facts["firms"]:
        rows.append(
            [
                period["from"],
                period["to"],
                row["firm"]["name"],
                row["firm"]["business_number"],
                row["firm_kind_label"],
                row["deliveries"],
                row["supply_value"],
                row["vat"],
                row["total"],
                row["exempt_amount"],
            ]
        )
    totals = facts["totals"]
    rows.append(
        [
            period["from"],
            period["to"],
            "합계",
            "",
            "",
            totals["deliveries"],
            totals["supply_value"],
            totals["vat"],
            totals["total"],
            totals["exempt_amount"],
        ]
    )
    return _csv(rows)
