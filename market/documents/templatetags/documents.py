"""Filters of the document templates: won, business numbers, dates, all independent of the active language (a
document renders the same bytes whoever asks for it)."""

import datetime
from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def won(amount) -> str:
    """12345 -> "12,345" (whole won; documents print the unit in the column's heading)."""
    return f"{int(amount):,}"


@register.filter
def business_number(number: str) -> str:
    """1234567890 -> 123-45-67890 (the 사업자등록번호's printed form); anything else as it is, blank as "-"."""
    if not number:
        return "-"
    if len(number) == 10 and number.isdigit():
        return f"{number[:3]}-{number[3:5]}-{number[5:]}"
    return number


@register.filter
def day(value: str) -> str:
    """An ISO date ("2025-03-01") as 2025. 3. 1. (the usual Korean short form); blank as "-"."""
    if not value:
        return "-"
    d = datetime.date.fromisoformat(value)
    return f"{d.year}. {d.month}. {d.day}."


@register.filter
def rate(value: str) -> str:
    """A rate kept as a decimal fraction ("0.0500") as a percentage ("5%", "1.1%")."""
    return f"{(Decimal(value) * 100).normalize():f}%"
