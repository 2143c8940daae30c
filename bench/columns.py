"""Output helpers the benchmark scripts share: columns that line up with Korean (double-width) text."""

import unicodedata


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text, size: int, right: bool = False) -> str:
    text = str(text)
    fill = " " * max(0, size - width(text))
    return fill + text if right else text + fill


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"
