"""Korean VAT (부가가치세) on the documents between businesses and to agencies.

Consumer prices include VAT. Quotations, delivery notes and tax invoices show the supply value (공급가액) and the
VAT (세액) separately, in whole won, split from the VAT-inclusive amount; VAT-exempt (면세) goods carry none.
"""


def split_vat(amount: int, *, exempt: bool) -> tuple[int, int]:
    """Split a VAT-inclusive amount of won into (supply value 공급가액, VAT 세액), which add up to `amount`.

    Exempt (면세): (amount, 0). Otherwise the supply value is amount / 1.1 rounded half up to a whole won, in
    integers only (in floats 1,100 / 1.1 is 999.999..., one won short once truncated), and the VAT is the rest:
    11,000 -> (10,000, 1,000);
    15,000 -> (13,636, 1,364). A negative amount (a refund, a credit note) splits as the mirror of its positive,
    so a refund of a whole sale cancels that sale's two figures exactly.
    """
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"amount must be an int of won, not {type(amount).__name__}")
    if exempt:
        return amount, 0
    sign = -1 if amount < 0 else 1
    whole = sign * amount
    # The rate is 10%, so the inclusive amount is 11 parts and the supply value 10 of them: whole * 10 / 11,
    # plus half a part before flooring rounds halves up.
    supply = (whole * 10 + 5) // 11
    return sign * supply, sign * (whole - supply)
