import pytest

from market.core.tax import split_vat


@pytest.mark.parametrize(
    ("amount", "supply", "vat"),
    [
        (11_000, 10_000, 1_000),
        (15_000, 13_636, 1_364),  # 13,636.36... rounds down
        (1, 1, 0),  # 0.909... rounds up to 1 won of supply, no VAT
        (0, 0, 0),
        (5, 5, 0),  # 4.545... rounds up
        (6, 5, 1),  # 5.454... rounds down
        (10, 9, 1),
        (1_100, 1_000, 100),  # a float division gives 999.999...
        (33, 30, 3),
        (50_000_000, 45_454_545, 4_545_455),
        (9_999_999_999_999, 9_090_909_090_908, 909_090_909_091),  # beyond a float's exact ratio, still exact
    ],
)
def test_split_vat_taxed(amount, supply, vat):
    assert split_vat(amount, exempt=False) == (supply, vat)


def test_split_vat_is_the_nearest_whole_won_of_amount_over_1_1():
    for amount in range(0, 5_000):
        supply, vat = split_vat(amount, exempt=False)
        assert supply + vat == amount
        # |supply - amount*10/11| <= 1/2, checked in integers: |11*supply - 10*amount| * 2 <= 11
        assert abs(11 * supply - 10 * amount) * 2 <= 11


@pytest.mark.parametrize("amount", [0, 1, 11_000, 15_000, 123_457])
def test_split_vat_exempt_carries_no_vat(amount):
    assert split_vat(amount, exempt=True) == (amount, 0)


def test_split_vat_negative_mirrors_positive():
    assert split_vat(-15_000, exempt=False) == (-13_636, -1_364)
    assert split_vat(-5, exempt=False) == (-5, 0)
    assert split_vat(-15_000, exempt=True) == (-15_000, 0)


@pytest.mark.parametrize("amount", [1.0, 11000.0, "11000", True, None])
def test_split_vat_refuses_non_integers(amount):
    with pytest.raises(TypeError):
        split_vat(amount, exempt=False)
