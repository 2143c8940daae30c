"""The one parser for whole numbers typed by people: query parameters, paging, JSON bodies, CSV cells.

Python's int(), str.isdigit() and Decimal() all accept other scripts' digits ('١٢٣', '１２', and isdigit() even
'²'), and int() takes any length. Here a number is ASCII digits with an optional sign, and it must fit the column
it is compared with or stored in, so a lookup never overflows in the database.
"""

import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _

from market.core.errors import ApplicationError

# PostgreSQL's integer and bigint (Django's table of column ranges, the same on every backend we run).
INT_MIN, INT_MAX = BaseDatabaseOperations.integer_field_ranges["IntegerField"]
BIGINT_MIN, BIGINT_MAX = BaseDatabaseOperations.integer_field_ranges["BigIntegerField"]

_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+", re.ASCII)  # 12,000 as spreadsheets write it
# A bigint has 19 digits; anything longer (after leading zeros) is out of range without converting it.
_MAX_DIGITS = len(str(BIGINT_MAX))


class IntegerParseError(ApplicationError):
    """Not a whole number (code not_an_integer) or outside the allowed range (code out_of_range)."""


def parse_int(
    value,
    *,
    field: str | None = None,
    minimum: int | None = BIGINT_MIN,
    maximum: int | None = BIGINT_MAX,
    thousands: bool = False,
) -> int:
    """`value` (a str, or an int or integral float from JSON) as an int between minimum and maximum.

    thousands: also read '12,000' (comma-grouped by threes), as spreadsheets write amounts.
    """
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float):
        number = int(value) if value.is_integer() else None
    elif isinstance(value, str):
        number = _from_text(value.strip(" \t\r\n"), thousands=thousands)
    else:
        number = None
    if number is None:
        raise IntegerParseError(_("Enter a whole number in ASCII digits (0-9)."), code="not_an_integer", field=field)
    low = BIGINT_MIN if minimum is None else minimum
    high = BIGINT_MAX if maximum is None else maximum
    if not low <= number <= high:
        raise IntegerParseError(
            _("Enter a whole number from %(minimum)s to %(maximum)s.")
            % {"minimum": f"{low:,}", "maximum": f"{high:,}"},
            code="out_of_range",
            field=field,
        )
    return number


def _from_text(text: str, *, thousands: bool) -> int | None:
    if thousands and _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    if not _INTEGER.fullmatch(text):
        return None
    sign = -1 if text[0] == "-" else 1
    digits = text.lstrip("+-").lstrip("0") or "0"
    if len(digits) > _MAX_DIGITS:
        return sign * 10**_MAX_DIGITS  # beyond a bigint either way; its exact value does not matter
    return sign * int(digits)


def column_bounds(model, field_name: str) -> tuple[int, int]:
    """The values an integer column can hold: its type's range narrowed by the field's own validators.

    A foreign key's column is its target's (firm -> the firm's BigAutoField).
    """
    field = model._meta.get_field(field_name)
    column = getattr(field, "target_field", None) or field
    low, high = BaseDatabaseOperations.integer_field_ranges[column.get_internal_type()]
    for validator in field._validators:  # the validators declared on the field, not the database's
        if isinstance(validator, MinValueValidator) and not callable(validator.limit_value):
            low = max(low, validator.limit_value)
        elif isinstance(validator, MaxValueValidator) and not callable(validator.limit_value):
            high = min(high, validator.limit_value)
    return low, high


# Control characters (C0, DEL, C1) other than tab and line breaks, and lone surrogates. The JSON API's text
# fields refuse NUL and surrogates (Django's and DRF's CharField validators); we refuse the rest of the control
# characters too, on every path that stores text people read (products through the API and the CSV import).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def check_text(value: str, *, field: str | None = None) -> str:
    """`value` unchanged, or an error naming the first control character in it."""
    found = _CONTROL.search(value)
    if found:
        raise ApplicationError(
            _("%(field)s holds a control character (U+%(code)04X); remove it.")
            % {"field": field or _("The text"), "code": ord(found.group())},
            code="control_character",
            field=field,
        )
    return value
