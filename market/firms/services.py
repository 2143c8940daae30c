"""Writes about firms, their members and designations."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from market.core.errors import ApplicationError, Conflict
from market.core.events import announce_firms_changed
from market.core.limits import check_length, check_lengths
from market.firms.models import (
    Designation,
    DesignationStatus,
    District,
    Firm,
    FirmKind,
    FirmMember,
    MemberRole,
    PurposeType,
    SviGrade,
    VerificationStatus,
)
from market.firms.validators import clean_registration_number

# Fields a seller may change on its own firm; name and registration number are what operators verified.
SELLER_EDITABLE_FIELDS = ("address", "description", "purpose_type", "vulnerable_employee_share", "website", "district")
# Operators (the admin) may also correct what they verify, the SVI grade and the payout account.
OPERATOR_EDITABLE_FIELDS = SELLER_EDITABLE_FIELDS + ("name", "registration_number", "svi_grade", "stripe_account_id")
# A designation's own facts; its status changes only through designation_set_status.
DESIGNATION_FIELDS = ("firm", "kind", "issuer", "number", "start_date", "end_date")


def _district(code: str) -> District:
    try:
        return District.objects.get(code=code)
    except District.DoesNotExist:
        raise ApplicationError(
            _("Unknown district code %(code)r: use one of Seoul's 25 자치구 codes.") % {"code": code},
            code="unknown_district",
            field="district",
        ) from None


def _check_choice(value: str, choices, field: str) -> str:
    if value and value not in choices.values:
        raise ApplicationError(
            _("%(value)r is not one of %(items)s.") % {"value": value, "items": ", ".join(choices.values)},
            code="invalid_choice",
            field=field,
        )
    return value


def _check_share(value) -> Decimal | None:
    if value is None or value == "":
        return None
    share = Decimal(str(value))
    if not Decimal(0) <= share <= Decimal(100):
        raise ApplicationError(
            _("The share of vulnerable employees is a percentage from 0 to 100."),
            code="out_of_range",
            field="vulnerable_employee_share",
        )
    return share


def _check_designation_dates(start_date: datetime.date, end_date: datetime.date | None) -> None:
    if end_date is not None and end_date < start_date:
        raise ApplicationError(
            _("A designation cannot end before it starts."), code="end_before_start", field="end_date"
        )


@transaction.atomic
def firm_apply(
    *,
    user,
    name: str,
    registration_number: str,
    district_code: str,
    address: str,
    description: str = "",
    purpose_type: str = "",
    vulnerable_employee_share=None,
    designations: list[dict] = (),
) -> Firm:
    """A seller applies with its firm: the firm starts pending, the user becomes its owner."""
    check_lengths({"name": name, "address": address, "description": description}, model=Firm)
    digits = clean_registration_number(registration_number)
    if Firm.objects.filter(registration_number=digits).exists():
        raise Conflict(
            _("A firm with this 사업자등록번호 is already registered; ask its owner to invite you."),
            code="firm_exists",
            field="registration_number",
        )
    if FirmMember.objects.filter(user=user).exists():
        raise Conflict(_("This account already belongs to a firm."), code="already_member")
    # One account acts for a seller or for a public agency, never both (an agency buying from its own clerk's
    # firm would approve its own sale). Asked through the reverse relation: firms does not import procurement.
    if type(user).objects.filter(pk=user.pk, agency_membership__isnull=False).exists():
        raise Conflict(
            _("This account acts for a public agency; use another account for a firm."), code="agency_member"
        )
    firm = Firm.objects.create(
        name=name.strip(),
        registration_number=digits,
        district=_district(district_code),
        address=address.strip(),
        description=description,
        purpose_type=_check_choice(purpose_type, PurposeType, "purpose_type"),
        vulnerable_employee_share=_check_share(vulnerable_employee_share),
    )
    FirmMember.objects.create(firm=firm, user=user, role=MemberRole.OWNER)
    for item in designations:
        designation_add(firm=firm, **item)
    firm_refresh_listing_visibility(firm=firm)
    return firm


@transaction.atomic
def firm_update(*, firm: Firm, editable: tuple[str, ...] = SELLER_EDITABLE_FIELDS, **changes) -> Firm:
    """Change a firm's details (a seller: SELLER_EDITABLE_FIELDS; an operator: OPERATOR_EDITABLE_FIELDS)."""
    unknown = set(changes) - set(editable)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed here: %(items)s.") % {"items": ", ".join(sorted(unknown))},
            code="not_editable",
            field=sorted(unknown)[0],
        )
    check_lengths(changes, model=Firm)
    if "district" in changes and not isinstance(changes["district"], District):
        changes["district"] = _district(changes["district"])
    if "purpose_type" in changes:
        _check_choice(changes["purpose_type"], PurposeType, "purpose_type")
    if "vulnerable_employee_share" in changes:
        changes["vulnerable_employee_share"] = _check_share(changes["vulnerable_employee_share"])
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
        if not changes["name"]:
            raise ApplicationError(_("A firm needs a name."), code="required", field="name")
    if "registration_number" in changes:
        changes["registration_number"] = clean_registration_number(changes["registration_number"])
        if Firm.objects.filter(registration_number=changes["registration_number"]).exclude(pk=firm.pk).exists():
            raise Conflict(_("Another firm has this 사업자등록번호."), code="firm_exists", field="registration_number")
    if "svi_grade" in changes:
        _check_choice(changes["svi_grade"], SviGrade, "svi_grade")
    for key, value in changes.items():
        setattr(firm, key, value)
    firm.save()
    announce_firms_changed(firm.pk)
    return firm


@transaction.atomic
def firm_verify(*, firm: Firm, operator) -> Firm:
    """An operator confirms the firm and the designations it declared."""
    firm = Firm.objects.select_for_update().get(pk=firm.pk)
    firm.verification_status = VerificationStatus.VERIFIED
    firm.rejection_reason = ""
    firm.verified_at = timezone.now()
    firm.verified_by = operator
    firm.save()
    firm.designations.filter(status=DesignationStatus.PENDING).update(
        status=DesignationStatus.ACTIVE, updated_at=timezone.now()
    )
    firm_refresh_listing_visibility(firm=firm)
    return firm


@transaction.atomic
def firm_reject(*, firm: Firm, operator, reason: str) -> Firm:
    if not (reason or "").strip():
        raise ApplicationError(
            _("Say why the firm is rejected; the seller will read it."), code="reason_required", field="reason"
        )
    check_length(reason.strip(), model=Firm, field="rejection_reason", input_field="reason")
    firm = Firm.objects.select_for_update().get(pk=firm.pk)
    firm.verification_status = VerificationStatus.REJECTED
    firm.rejection_reason = reason.strip()
    firm.verified_at = timezone.now()
    firm.verified_by = operator
    firm.save()
    announce_firms_changed(firm.pk)
    return firm


def designation_add(
    *,
    firm: Firm,
    kind: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    issuer: str = "",
    number: str = "",
    status: str = DesignationStatus.PENDING,
) -> Designation:
    """Record a designation. Sellers' declarations start pending; operators and registry imports add active ones."""
    _check_choice(kind, FirmKind, "kind")
    _check_designation_dates(start_date, end_date)
    check_lengths({"issuer": issuer, "number": number}, model=Designation)
    number = (number or "").strip()
    if number and Designation.objects.filter(kind=kind, number=number).exists():
        raise Conflict(
            _("Designation number %(number)s of this kind is already recorded.") % {"number": number},
            code="designation_exists",
            field="number",
        )
    with transaction.atomic():
        designation = Designation.objects.create(
            firm=firm,
            kind=kind,
            issuer=issuer,
            number=number,
            start_date=start_date,
            end_date=end_date,
            status=status,
        )
        firm_refresh_listing_visibility(firm=firm)
    return designation


@transaction.atomic
def designation_update(*, designation: Designation, **changes) -> Designation:
    """Correct a designation's facts (kind, number, issuer, dates, firm); the firms' listings follow at once."""
    unknown = set(changes) - set(DESIGNATION_FIELDS)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed here: %(items)s.") % {"items": ", ".join(sorted(unknown))},
            code="not_editable",
            field=sorted(unknown)[0],
        )
    stored = Designation.objects.select_for_update().only("firm_id").get(pk=designation.pk)
    if "kind" in changes:
        _check_choice(changes["kind"], FirmKind, "kind")
    if "number" in changes:
        changes["number"] = (changes["number"] or "").strip()
    for key, value in changes.items():
        setattr(designation, key, value)
    _check_designation_dates(designation.start_date, designation.end_date)
    if (
        designation.number
        and Designation.objects.filter(kind=designation.kind, number=designation.number)
        .exclude(pk=designation.pk)
        .exists()
    ):
        raise Conflict(
            _("Designation number %(number)s of this kind is already recorded.") % {"number": designation.number},
            code="designation_exists",
            field="number",
        )
    designation.save()
    firm_refresh_listing_visibility(firm=designation.firm)
    if stored.firm_id != designation.firm_id:  # moved: the firm it left may have lost its last valid one
        firm_refresh_listing_visibility(firm=Firm.objects.get(pk=stored.firm_id))
    return designation


@transaction.atomic
def designation_set_status(
    *, designation: Designation, status: str, reason: str = "", effective_on: datetime.date | None = None
) -> Designation:
    """Operators activate or revoke a designation; the firm's listings follow at once.

    A revocation takes effect on `effective_on` (today by default, never later): the designation was in force
    before that day, which is what purchase performance asks of a purchase accepted then."""
    _check_choice(status, DesignationStatus, "status")
    if status == DesignationStatus.REVOKED and not reason.strip():
        raise ApplicationError(_("Say why the designation is revoked."), code="reason_required", field="reason")
    today = timezone.localdate()
    if status == DesignationStatus.REVOKED:
        effective_on = effective_on or today
        if effective_on > today:
            raise ApplicationError(
                _("A revocation takes effect today or on a past day."), code="invalid_date", field="effective_on"
            )
        designation.revoked_on = effective_on
    else:
        designation.revoked_on = None
    designation.status = status
    designation.status_reason = reason.strip()
    designation.save()
    firm_refresh_listing_visibility(firm=designation.firm)
    return designation


def _hidden_reason(firm: Firm, today: datetime.date) -> str:
    designations = list(firm.designations.all())
    if any(d.is_valid_on(today) for d in designations):
        return ""
    if not designations:
        return "유효한 사회적경제 지정이 없습니다 (the firm holds no designation)."
    revoked = [d for d in designations if d.status == DesignationStatus.REVOKED]
    lapsed = [d for d in designations if d.end_date and d.end_date < today and d.status != DesignationStatus.REVOKED]
    if lapsed and len(lapsed) + len(revoked) == len(designations):
        last = max(lapsed, key=lambda d: d.end_date)
        return (
            f"{last.get_kind_display()} 지정이 {last.end_date:%Y-%m-%d}에 만료되었습니다 "
            f"(the last designation expired on {last.end_date:%Y-%m-%d})."
        )
    if revoked and len(revoked) == len(designations):
        return f"지정이 취소되었습니다: {revoked[-1].status_reason} (the designation was revoked)."
    return "유효한 지정이 확인을 기다리고 있습니다 (no designation is confirmed and in force yet)."


def firm_refresh_listing_visibility(
    *, firm: Firm, today: datetime.date | None = None, announce_unchanged: bool = True
) -> bool:
    """Hide a firm's listings when it holds no valid designation, show them again when it does.

    Compares with the stored state under a row lock (the caller's object may be stale), and announces the
    firm as changed (its designations did, even when visibility did not) unless told not to.
    Returns True when the firm's visibility changed.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        stored = Firm.objects.select_for_update().only("listings_hidden_reason").get(pk=firm.pk)
        reason = _hidden_reason(firm, today)
        firm.listings_hidden_reason = reason
        if reason == stored.listings_hidden_reason:
            if announce_unchanged:
                announce_firms_changed(firm.pk)
            return False
        announce_firms_changed(firm.pk)
        firm.listings_hidden_since = timezone.now() if reason else None
        Firm.objects.filter(pk=firm.pk).update(
            listings_hidden_reason=reason, listings_hidden_since=firm.listings_hidden_since
        )
    return True


def firms_refresh_listing_visibility(*, today: datetime.date | None = None) -> dict:
    """The daily sweep: bring every firm's listing visibility in line with its designations on `today`."""
    today = today or timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    hidden = shown = 0
    for firm in Firm.objects.prefetch_related("designations").iterator(chunk_size=500):
        # The kinds in force changed overnight (one of several lapsed, or one began) though visibility may not:
        # what the firm's listings show (its kinds) changed all the same.
        designations = list(firm.designations.all())
        kinds_changed = {d.kind for d in designations if d.is_valid_on(today)} != {
            d.kind for d in designations if d.is_valid_on(yesterday)
        }
        if firm_refresh_listing_visibility(firm=firm, today=today, announce_unchanged=kinds_changed):
            if firm.listings_hidden_reason:
                hidden += 1
            else:
                shown += 1
    return {"hidden": hidden, "shown": shown}
