"""Import a public registry file of certified firms and flag where it disagrees with what we hold.

The file is CSV with a header row, UTF-8 (with or without a BOM) or CP949/EUC-KR, as Korean public
datasets often are. Columns, in any order (English name or a Korean alias; other columns are ignored):

| column                | Korean aliases     | required | value                                               |
|-----------------------|--------------------|----------|-----------------------------------------------------|
| `number`              | 인증번호, 지정번호 | yes      | certificate / designation number, e.g. 제2007-002호 |
| `name`                | 기업명             | yes      | firm name                                           |
| `registration_number` | 사업자등록번호     | yes      | 사업자등록번호, hyphens allowed                     |
| `start_date`          | 인증일, 지정일     | yes      | YYYY-MM-DD, YYYY.MM.DD or YYYYMMDD                  |
| `end_date`            | 종료일             | no       | same formats; blank means open-ended                |
| `issuer`              | 발급기관           | no       | issuing body; blank keeps what we hold              |

Every row is matched to a firm by its normalized 사업자등록번호; the registry is authoritative for the
designation of the imported kind (number, dates, issuer; status becomes ACTIVE). Rows that cannot be
applied, or that disagree with us, are recorded as mismatches, each a dict
`{line, registration_number, name, code, message}` where `line` is the 1-based file line (the header is
line 1). Codes:

- `invalid_registration_number`: malformed or bad check digit; the row changes nothing.
- `unknown_registration_number`: no firm holds this number; the row changes nothing.
- `invalid_date`: a date cannot be read, or the end is before the start; the row changes nothing.
- `missing_number`: the certificate/designation number is blank; the row changes nothing.
- `number_belongs_to_other_firm`: we hold this number of this kind for a different firm; the row
  changes nothing.
- `name_differs`: the firm's name differs from the registry's (also carries `firm_name`); the row
  is still applied.
- `lapsed`: the designation's end date is past; the row is still applied, so the firm's listings hide.
"""

import csv
import datetime
import io
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from market.core.errors import ApplicationError
from market.firms.models import Designation, DesignationStatus, Firm, FirmKind, RegistryImport
from market.firms.services import designation_add, firm_refresh_listing_visibility
from market.firms.validators import normalize_registration_number, registration_number_is_valid

MAX_FILE_BYTES = 20 * 1024 * 1024
ENCODINGS = ("utf-8-sig", "cp949")
REQUIRED_COLUMNS = ("number", "name", "registration_number", "start_date")
COLUMN_ALIASES = {
    "number": "number",
    "인증번호": "number",
    "지정번호": "number",
    "name": "name",
    "기업명": "name",
    "registration_number": "registration_number",
    "사업자등록번호": "registration_number",
    "start_date": "start_date",
    "인증일": "start_date",
    "지정일": "start_date",
    "end_date": "end_date",
    "종료일": "end_date",
    "issuer": "issuer",
    "발급기관": "issuer",
}
DATE_FORMATS = ("%Y-%m-%d", "%Y.%m.%d", "%Y%m%d")

_NAME_NOISE = re.compile(r"\s+|\(주\)|㈜|주식회사")


class _RowError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _file_error(message: str, code: str = "unreadable_file") -> ApplicationError:
    return ApplicationError(message, code=code, field="file")


def _read_text(file) -> str:
    data = file.read() if hasattr(file, "read") else file
    if isinstance(data, str):
        text = data
    else:
        if len(data) > MAX_FILE_BYTES:
            raise _file_error(
                _("The file is larger than %(limit)s MB.") % {"limit": MAX_FILE_BYTES // (1024 * 1024)},
                code="file_too_large",
            )
        for encoding in ENCODINGS:
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise _file_error(_("The file cannot be read: it must be a UTF-8 or CP949 (EUC-KR) CSV file."))
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise _file_error(_("The file cannot be read: it is not CSV text."))
    return text


def _columns(header: list[str]) -> dict[str, int]:
    """Map each known field to its column index; the first of several aliases wins."""
    columns = {}
    for index, title in enumerate(header):
        key = COLUMN_ALIASES.get(title.strip().lstrip("\ufeff").lower())
        if key and key not in columns:
            columns[key] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise _file_error(
            _("Required columns are missing: %(items)s.") % {"items": ", ".join(missing)}, code="missing_columns"
        )
    return columns


def _parse_date(value: str, column: str) -> datetime.date:
    cleaned = re.sub(r"\s+", "", value).rstrip(".")
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise _RowError(
        "invalid_date",
        _("%(column)s %(value)r: a date is written YYYY-MM-DD, YYYY.MM.DD or YYYYMMDD.")
        % {"column": column, "value": value},
    )


def _normalized_name(name: str) -> str:
    return _NAME_NOISE.sub("", name).casefold()


def _apply_row(*, kind: str, row: dict, today: datetime.date) -> tuple[str, Firm, list[tuple[str, str, dict]]]:
    """Apply one row. Returns (outcome, firm, notes) with outcome created/updated/unchanged; raises _RowError."""
    digits = normalize_registration_number(row["registration_number"])
    if not registration_number_is_valid(digits):
        raise _RowError(
            "invalid_registration_number",
            _("The business registration number is malformed, or its check digit does not match."),
        )
    firm = Firm.objects.filter(registration_number=digits).first()
    if firm is None:
        raise _RowError("unknown_registration_number", _("No firm holds this business registration number."))
    if not row["start_date"]:
        raise _RowError("invalid_date", _("start_date: the start date is blank."))
    start_date = _parse_date(row["start_date"], "start_date")
    end_date = _parse_date(row["end_date"], "end_date") if row["end_date"] else None
    if end_date is not None and end_date < start_date:
        raise _RowError("invalid_date", _("The end date is before the start date."))
    number = row["number"]
    if not number:
        raise _RowError("missing_number", _("The certificate number is blank."))

    designation = Designation.objects.select_for_update().filter(kind=kind, number=number).first()
    if designation is not None and designation.firm_id != firm.pk:
        raise _RowError(
            "number_belongs_to_other_firm",
            _("Number %(number)s is recorded for another firm (%(name)s).")
            % {"number": number, "name": designation.firm.name},
        )
    if designation is None:
        designation = (
            firm.designations.select_for_update().filter(kind=kind, number="").order_by("-start_date", "-pk").first()
        )

    notes = []
    if _normalized_name(row["name"]) != _normalized_name(firm.name):
        notes.append(
            (
                "name_differs",
                f"기업명이 다릅니다: 명부 '{row['name']}', 등록 '{firm.name}' (the registry's name differs from ours).",
                {"firm_name": firm.name},
            )
        )
    if end_date is not None and end_date < today:
        notes.append(("lapsed", f"지정이 {end_date:%Y-%m-%d}에 만료되었습니다 (the designation has lapsed).", {}))

    if designation is None:
        designation_add(
            firm=firm,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
            issuer=row["issuer"],
            number=number,
            status=DesignationStatus.ACTIVE,
        )
        return "created", firm, notes

    wanted = {
        "number": number,
        "start_date": start_date,
        "end_date": end_date,
        "status": DesignationStatus.ACTIVE,
        "status_reason": "",
        "issuer": row["issuer"] or designation.issuer,
    }
    changed = [field for field, value in wanted.items() if getattr(designation, field) != value]
    if not changed:
        return "unchanged", firm, notes
    for field in changed:
        setattr(designation, field, wanted[field])
    designation.save(update_fields=[*changed, "updated_at"])
    return "updated", firm, notes


@transaction.atomic
def registry_import(*, file, kind: str, operator, filename: str = "") -> RegistryImport:
    """Apply a registry CSV for designations of `kind`; one transaction; returns the saved RegistryImport.

    Raises ApplicationError (field "file") when the file cannot be read or lacks a required column;
    nothing is written then.
    """
    if kind not in FirmKind.values:
        raise ApplicationError(
            _("%(kind)r is not one of %(items)s.") % {"kind": kind, "items": ", ".join(FirmKind.values)},
            code="invalid_choice",
            field="kind",
        )
    filename = filename or getattr(file, "name", "") or ""
    reader = csv.reader(io.StringIO(_read_text(file), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise _file_error(_("The file is empty."), code="empty_file") from None
    except csv.Error as error:
        raise _file_error(_("The CSV cannot be parsed: %(error)s") % {"error": error}) from None
    columns = _columns(header)

    today = timezone.localdate()
    record = RegistryImport(kind=kind, filename=filename[:255], uploaded_by=operator)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    touched: dict[int, Firm] = {}
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise _file_error(
                _("The CSV cannot be parsed (line %(line_num)s): %(error)s")
                % {"line_num": reader.line_num, "error": error}
            ) from None
        if not any(value.strip() for value in values):
            continue
        line = reader.line_num
        row = {
            field: (values[columns[field]].strip() if field in columns and columns[field] < len(values) else "")
            for field in (*REQUIRED_COLUMNS, "end_date", "issuer")
        }
        record.rows += 1
        try:
            with transaction.atomic():
                outcome, firm, notes = _apply_row(kind=kind, row=row, today=today)
        except _RowError as error:
            notes = [(error.code, error.message, {})]  # the row is refused: its one mismatch
        else:
            counts[outcome] += 1
            touched[firm.pk] = firm
        for code, message, extra in notes:
            record.mismatches.append(
                {
                    "line": line,
                    "registration_number": row["registration_number"],
                    "name": row["name"],
                    "code": code,
                    "message": message,
                    **extra,
                }
            )

    for firm in touched.values():
        firm_refresh_listing_visibility(firm=firm, today=today)
    record.created_count = counts["created"]
    record.updated_count = counts["updated"]
    record.unchanged_count = counts["unchanged"]
    record.save()
    return record
