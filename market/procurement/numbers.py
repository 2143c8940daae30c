"""Human-readable numbers for procurement documents: a prefix, the day, and a random part (ids repeat after a
database reset and would make documents guessable; the random part does not)."""

from django.utils import timezone
from django.utils.crypto import get_random_string

PREFIXES = {
    "quote_request": "RQ",
    "quotation": "QT",
    "purchase": "PO",
    "delivery": "DL",
    "invoice": "IV",
}


def new_number(kind: str) -> str:
    return f"{PREFIXES[kind]}{timezone.localdate():%y%m%d}-{get_random_string(8, '23456789ABCDEFGHJKLMNPQRSTUVWXYZ')}"
