"""사업자등록번호 (business registration number): 10 digits, the last a check digit."""

import re

from django.utils.translation import gettext as _

from market.core.errors import ApplicationError

_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def normalize_registration_number(value: str) -> str:
    """'123-45-67890' -> '1234567890'; spaces and hyphens are what people type."""
    return re.sub(r"[\s-]", "", value or "")


def registration_number_is_valid(value: str) -> bool:
    digits = normalize_registration_number(value)
    if not re.fullmatch(r"[0-9]{10}", digits):  # \d would take other scripts' digits too
        return False
    numbers = [int(ch) for ch in digits]
    total = sum(d * w for d, w in zip(numbers, _WEIGHTS, strict=False))
    total += (numbers[8] * 5) // 10
    return (10 - total % 10) % 10 == numbers[9]


def clean_registration_number(value: str, *, field: str = "registration_number") -> str:
    digits = normalize_registration_number(value)
    if not re.fullmatch(r"[0-9]{10}", digits):  # \d would take other scripts' digits too
        raise ApplicationError(
            _("A business registration number (사업자등록번호) has 10 digits."),
            code="registration_number_format",
            field=field,
        )
    if not registration_number_is_valid(digits):
        raise ApplicationError(
            _("The check digit of the business registration number does not match."),
            code="registration_number_checksum",
            field=field,
        )
    return digits


def registration_number_with_check_digit(first_nine: str) -> str:
    """Complete nine digits with their check digit (used by demo data and tests)."""
    numbers = [int(ch) for ch in first_nine]
    total = sum(d * w for d, w in zip(numbers, _WEIGHTS, strict=True)) + (numbers[8] * 5) // 10
    return first_nine + str((10 - total % 10) % 10)
