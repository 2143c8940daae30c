import pytest

from market.core.errors import ApplicationError
from market.firms.validators import clean_registration_number, registration_number_is_valid


@pytest.mark.parametrize("number", ["220-81-62517", "2208162517", "124-81-00998"])
def test_known_valid_registration_numbers(number):
    assert registration_number_is_valid(number)


@pytest.mark.parametrize("number", ["220-81-62518", "1234567890", "12345", "abcdefghij", ""])
def test_invalid_registration_numbers(number):
    assert not registration_number_is_valid(number)


def test_clean_says_which_rule_failed():
    with pytest.raises(ApplicationError) as format_error:
        clean_registration_number("123-45")
    assert format_error.value.code == "registration_number_format"
    with pytest.raises(ApplicationError) as checksum_error:
        clean_registration_number("220-81-62518")
    assert checksum_error.value.code == "registration_number_checksum"
    assert clean_registration_number("220-81-62517") == "2208162517"
