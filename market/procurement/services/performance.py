"""Writes about purchase performance: operators edit the procurement regimes (name, target rate, kinds, active) and
firms' other qualifications (add, end, revoke on a day); agency admins record a year's total purchasing (entered,
or imported from a CSV or XLSX file) and their plan targets per regime. The counting itself is a read
(selectors/performance.py).
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from market.core.errors import ApplicationError, Conflict, PermissionDenied
from market.core.limits import check_length, check_lengths
from market.core.parsing import check_text, column_bounds, parse_int
from market.core.spreadsheet import SpreadsheetError, read_table
from market.firms.models import Firm, FirmKind
from market.procurement.models import (
    AgencyMember,
    AgencyPlanTarget,
    AgencyRole,
    AgencyYear,
    FirmQualification,
    ProcurementRegime,
    QualificationKind,
    RegimeBasis,
)
from market.procurement.services.agencies import require_role

FIRST_YEAR = 2000  # no agency files results from before the marketplace's records began
MAX_IMPORT_ROWS = 200
YEAR_COLUMNS = {"year": "year", "연도": "year", "년도": "year", "total_purchasing": "total", "총구매액": "total"}


# --- who may act and what a year is --------------------------------------------------------------------------------
def _require_operator(user) -> None:
    if not (user and user.is_staff):
        raise PermissionDenied(_("Only operators (city staff) may do this."), code="operator_only")


def check_year(value, *, field: str = "year") -> int:
    """A year from FIRST_YEAR to next year, as typed (a query parameter, a JSON number, a cell), else a clear error."""
    latest = timezone.localdate().year + 1
    if value is None or value == "":
        raise ApplicationError(_("Give the year (e.g. %(year)s).") % {"year": latest - 1}, code="required", field=field)
    year = parse_int(value, field=field)
    if not FIRST_YEAR <= year <= latest:
        raise ApplicationError(
            _("The year must be from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": latest},
            code="invalid_year",
            field=field,
        )
    return year


def _won(value, *, field: str, model, model_field: str) -> int:
    low, high = column_bounds(model, model_field)
    return parse_int(value, field=field, minimum=max(0, low), maximum=high, thousands=True)


# --- regimes (operators) ---------------------------------------------------------------------------------------------
def _target_rate(value) -> Decimal:
    """A share from 0 to 1 with at most 4 decimal places (0.0500 for 5%), from a string or a number."""
    if isinstance(value, float):
        value = repr(value)  # 0.011 as typed, not its binary neighbour
    try:
        rate = Decimal(str(value).strip()) if not isinstance(value, bool) else None
    except InvalidOperation:
        rate = None
    if rate is None or not rate.is_finite() or rate.as_tuple().exponent < -4 or not 0 <= rate <= 1:
        raise ApplicationError(
            _("The target rate is a share from 0 to 1 with at most 4 decimal places (0.05 for 5%)."),
            code="invalid_rate",
            field="target_rate",
        )
    return rate.quantize(Decimal("0.0001"))


def _designation_kinds(kinds) -> list[str]:
    if isinstance(kinds, str) or not isinstance(kinds, list | tuple):
        kinds = [kinds]
    wrong = [kind for kind in kinds if kind not in FirmKind.values]
    if wrong or not kinds:
        raise ApplicationError(
            _("Name at least one designation kind, each one of %(items)s.") % {"items": ", ".join(FirmKind.values)},
            code="invalid_choice",
            field="designation_kinds",
        )
    return [kind for kind in FirmKind.values if kind in kinds]  # in the kinds' own order, each once


def regime_update(
    *,
    operator,
    regime: ProcurementRegime,
    name: str | None = None,
    target_rate=None,
    designation_kinds: list[str] | None = None,
    qualification_kind: str | None = None,
    active: bool | None = None,
) -> ProcurementRegime:
    """An operator edits a regime. Its basis stays: a designation regime names designation kinds, a qualification
    regime one qualification kind. Figures already shown are not stored, so every report counts by the new rule."""
    _require_operator(operator)
    with transaction.atomic():
        regime = ProcurementRegime.objects.select_for_update().get(pk=regime.pk)
        if name is not None:
            name = check_text(name.strip(), field="name")
            if not name:
                raise ApplicationError(_("A regime needs a name."), code="required", field="name")
            regime.name = check_length(name, model=ProcurementRegime, field="name")
        if target_rate is not None:
            regime.target_rate = _target_rate(target_rate)
        if designation_kinds is not None:
            if regime.basis != RegimeBasis.DESIGNATION:
                raise ApplicationError(
                    _("This regime counts firms by a qualification; set qualification_kind instead."),
                    code="wrong_basis",
                    field="designation_kinds",
                )
            regime.designation_kinds = _designation_kinds(designation_kinds)
        if qualification_kind is not None:
            if regime.basis != RegimeBasis.QUALIFICATION:
                raise ApplicationError(
                    _("This regime counts firms by their designations; set designation_kinds instead."),
                    code="wrong_basis",
                    field="qualification_kind",
                )
            if qualification_kind not in QualificationKind.values:
                raise ApplicationError(
                    _("%(value)r is not one of %(items)s.")
                    % {"value": qualification_kind, "items": ", ".join(QualificationKind.values)},
                    code="invalid_choice",
                    field="qualification_kind",
                )
            regime.qualification_kind = qualification_kind
        if active is not None:
            regime.active = bool(active)
        regime.save()
    return regime


# --- firms' qualifications (operators) ----------------------------------------------------------------------------
def firm_qualification_add(
    *,
    operator,
    firm: Firm,
    kind: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    number: str = "",
    issuer: str = "",
) -> FirmQualification:
    """An operator records a certification other than a designation (여성기업, 장애인기업, …), from its
    certificate: in force from `start_date` through `end_date` (open-ended when None)."""
    _require_operator(operator)
    if kind not in QualificationKind.values:
        raise ApplicationError(
            _("%(value)r is not one of %(items)s.") % {"value": kind, "items": ", ".join(QualificationKind.values)},
            code="invalid_choice",
            field="kind",
        )
    if end_date is not None and end_date < start_date:
        raise ApplicationError(
            _("A qualification cannot end before it starts."), code="end_before_start", field="end_date"
        )
    number, issuer = (
        check_text((number or "").strip(), field="number"),
        check_text((issuer or "").strip(), field="issuer"),
    )
    check_lengths({"number": number, "issuer": issuer}, model=FirmQualification)
    return FirmQualification.objects.create(
        firm=firm, kind=kind, start_date=start_date, end_date=end_date, number=number, issuer=issuer
    )


def _lock_qualification(qualification: FirmQualification) -> FirmQualification:
    return FirmQualification.objects.select_for_update().get(pk=qualification.pk)


@transaction.atomic
def firm_qualification_end(*, operator, qualification: FirmQualification, end_date: datetime.date) -> FirmQualification:
    """The certificate's last day (its expiry, or an earlier end the issuer announced). Purchases accepted up to
    and including it still count."""
    _require_operator(operator)
    qualification = _lock_qualification(qualification)
    if end_date < qualification.start_date:
        raise ApplicationError(
            _("A qualification cannot end before it starts."), code="end_before_start", field="end_date"
        )
    qualification.end_date = end_date
    qualification.save(update_fields=["end_date"])
    return qualification


@transaction.atomic
def firm_qualification_revoke(
    *, operator, qualification: FirmQualification, reason: str, effective_on: datetime.date | None = None
) -> FirmQualification:
    """The issuer revoked the certificate from `effective_on` (today by default, never later), as a designation's
    revocation: purchases accepted before that day still count, those on it or after do not."""
    _require_operator(operator)
    reason = check_text((reason or "").strip(), field="reason")
    if not reason:
        raise ApplicationError(_("Say why the qualification is revoked."), code="reason_required", field="reason")
    check_length(reason, model=FirmQualification, field="revoked_reason", input_field="reason")
    today = timezone.localdate()
    effective_on = effective_on or today
    if effective_on > today:
        raise ApplicationError(
            _("A revocation takes effect today or on a past day."), code="invalid_date", field="effective_on"
        )
    qualification = _lock_qualification(qualification)
    if qualification.revoked_on is not None:
        raise Conflict(
            _("This qualification was already revoked on %(day)s.") % {"day": qualification.revoked_on.isoformat()},
            code="already_revoked",
            field="effective_on",
        )
    qualification.revoked_on = effective_on
    qualification.revoked_reason = reason
    qualification.save(update_fields=["revoked_on", "revoked_reason"])
    return qualification


# --- an agency's years and plans (agency admins) ----------------------------------------------------------------------
def agency_year_set(*, actor: AgencyMember, year, total_purchasing) -> AgencyYear:
    """An agency admin records the agency's total purchasing in a year (every supplier, VAT included): the
    denominator of its shares. Entering a year again replaces its total."""
    require_role(actor, AgencyRole.ADMIN)
    year = check_year(year)
    total = _won(total_purchasing, field="total_purchasing", model=AgencyYear, model_field="total_purchasing")
    record, _created = AgencyYear.objects.update_or_create(
        agency_id=actor.agency_id, year=year, defaults={"total_purchasing": total}
    )
    return record


def _import_rows(table: list[list]) -> tuple[list[tuple[int, int]], list[dict]]:
    """(year, total) per row of an import file, and every row's problem (line numbers as a spreadsheet shows)."""
    if not table:
        raise ApplicationError(_("The file is empty."), code="empty_file", field="file")
    header = [str(title or "").strip().lstrip("\ufeff").lower() for title in table[0]]
    columns = {}
    for index, title in enumerate(header):
        if YEAR_COLUMNS.get(title) and YEAR_COLUMNS[title] not in columns:
            columns[YEAR_COLUMNS[title]] = index
    if set(columns) != {"year", "total"}:
        raise ApplicationError(
            _("The first row must name the columns year (연도) and total_purchasing (총구매액)."),
            code="missing_columns",
            field="file",
        )
    rows, errors, seen = [], [], {}
    for line, cells in enumerate(table[1:], start=2):
        if not any(str(cell or "").strip() for cell in cells):
            continue  # a blank line, as spreadsheets leave at the end

        def cell(name, cells=cells):
            index = columns[name]
            return cells[index] if index < len(cells) else None

        try:
            year = check_year(cell("year"))
            total = _won(cell("total"), field="total_purchasing", model=AgencyYear, model_field="total_purchasing")
        except ApplicationError as error:
            errors.append({"line": line, "field": error.field, "code": error.code, "message": error.message})
            continue
        if year in seen:
            errors.append(
                {
                    "line": line,
                    "field": "year",
                    "code": "duplicate_year",
                    "message": _("%(year)s is already on line %(line)s.") % {"year": year, "line": seen[year]},
                }
            )
            continue
        seen[year] = line
        rows.append((year, total))
    if len(rows) + len(errors) > MAX_IMPORT_ROWS:
        raise ApplicationError(
            _("At most %(limit)s years in one file.") % {"limit": MAX_IMPORT_ROWS}, code="too_many_rows", field="file"
        )
    return rows, errors


def agency_years_import(*, actor: AgencyMember, file, filename: str = "") -> list[AgencyYear]:
    """An agency admin imports total purchasing per year from a CSV or XLSX file (columns year/연도 and
    total_purchasing/총구매액, a header row first). All rows or none: any bad row refuses the file, with every
    row's problem in the error's details."""
    require_role(actor, AgencyRole.ADMIN)
    try:
        table = read_table(file, filename=filename)
    except SpreadsheetError as error:
        raise ApplicationError(error.message, code=error.code, field="file") from error
    rows, errors = _import_rows(table)
    if errors:
        raise ApplicationError(
            _("%(count)s rows of the file cannot be read; nothing was imported.") % {"count": len(errors)},
            code="invalid_rows",
            field="file",
            details=errors,
        )
    if not rows:
        raise ApplicationError(_("The file holds no years."), code="empty_file", field="file")
    with transaction.atomic():
        return [
            AgencyYear.objects.update_or_create(
                agency_id=actor.agency_id, year=year, defaults={"total_purchasing": total}
            )[0]
            for year, total in rows
        ]


def agency_plan_target_set(*, actor: AgencyMember, year, regime: ProcurementRegime, target_amount) -> AgencyPlanTarget:
    """An agency admin files the amount it plans to buy under a regime in a year (its yearly plan). Filing again
    replaces it."""
    require_role(actor, AgencyRole.ADMIN)
    year = check_year(year)
    amount = _won(target_amount, field="target_amount", model=AgencyPlanTarget, model_field="target_amount")
    target, _created = AgencyPlanTarget.objects.update_or_create(
        agency_id=actor.agency_id, year=year, regime=regime, defaults={"target_amount": amount}
    )
    return target
