"""Query understanding: price and district phrases, predicates (no backend involved)."""

import pytest

from search import korean
from search.understanding import parse_amount, understand

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text, won",
    [
        ("5만원", 50_000),
        ("5만", 50_000),
        ("만원", 10_000),
        ("1만5천원", 15_000),
        ("3.5만원", 35_000),
        ("5천원", 5_000),
        ("15,000원", 15_000),
        ("15000원", 15_000),
        ("1만5000원", 15_000),
        ("천원", 1_000),
    ],
)
def test_amounts_as_typed(text, won):
    assert parse_amount(text) == won


@pytest.mark.parametrize(
    "q, text, low, high",
    [
        ("5만원 이하 선물세트", "선물세트", None, 50_000),
        ("선물세트 5만원이하", "선물세트", None, 50_000),
        ("1만원대 비누", "비누", 10_000, 19_999),
        ("10만원대 선물", "선물", 100_000, 199_999),
        ("만원 미만 양말", "양말", None, 9_999),
        ("2~3만원 커피", "커피", 20_000, 30_000),
        ("2만원~3만원 텀블러", "텀블러", 20_000, 30_000),
        ("3만원 이상 꿀", "꿀", 30_000, None),
        ("3만원 초과 꿀", "꿀", 30_001, None),
        ("커피 2만5천원 이하", "커피", None, 25_000),
        ("15,000원 이하 머그", "머그", None, 15_000),
        ("3만원 선물", "선물", None, 30_000),  # a bare amount is a budget
    ],
)
def test_price_phrases_become_a_range_and_leave_the_text(q, text, low, high):
    understood = understand(q)
    assert (understood.text, understood.price_min, understood.price_max) == (text, low, high)
    [applied] = understood.applied
    assert applied.field == "price" and applied.value == {"min": low, "max": high}
    assert applied.query_without == text


def test_numbers_that_are_not_money_stay_words():
    understood = understand("2인분 밀키트")
    assert understood.text == "2인분 밀키트" and understood.price_max is None and not understood.applied
    assert not understand("쿠키 만").applied and not understand("만두").applied


@pytest.mark.parametrize(
    "q, code, text",
    [
        ("성동구 반찬", "11200", "반찬"),
        ("성동 반찬", "11200", "반찬"),
        ("노원 떡", "11350", "떡"),
        ("떡 노원구", "11350", "떡"),
        ("노원구에서 파는 떡", "11350", "떡"),
        ("seongdong 반찬", "11200", "반찬"),
        ("을지로 인쇄", "11140", "인쇄"),  # a neighbourhood of places.txt
    ],
)
def test_district_names_become_a_filter(q, code, text):
    understood = understand(q)
    assert understood.districts == (code,) and understood.text == text
    [applied] = understood.applied
    assert applied.field == "district" and applied.value == code


def test_applied_filters_can_each_be_taken_back():
    understood = understand("마포 5만원 이하 케이터링")
    assert understood.text == "케이터링" and understood.districts == ("11440",) and understood.price_max == 50_000
    by_field = {f.field: f for f in understood.applied}
    assert by_field["price"].query_without == "마포 케이터링"
    assert by_field["district"].query_without == "5만원 이하 케이터링"
    assert by_field["district"].label == "마포구"


def test_a_district_alone_is_searched_as_text():
    # 노원 alone may be part of a firm's name; with no product word there is nothing to filter
    assert understand("노원").districts == () and understand("노원").text == "노원"
    assert understand("중 반찬").districts == ()  # 중구 has no short form


@pytest.mark.parametrize(
    "q, text, dropped",
    [
        ("아이가 좋아하는 간식", "아이 간식", ("좋아하는",)),
        ("선물하기 좋은 차", "선물 차", ("좋은",)),
        ("사무실에서 쓸 종이컵", "사무실 종이컵", ("쓸",)),
        ("요리하는 사람 앞치마", "요리 사람 앞치마", ()),
    ],
)
def test_predicates_are_dropped(q, text, dropped):
    understood = understand(q)
    assert understood.text == text and understood.dropped == dropped


def test_only_predicates_are_searched_as_typed():
    assert understand("좋은").text == "좋은"


def test_chosung_queries_are_left_alone():
    understood = understand("ㅋㅍ")
    assert understood.text == "ㅋㅍ" and not understood.applied


@pytest.mark.parametrize(
    "q, text", [("서대문구 꽃집", "꽃"), ("반찬가게", "반찬"), ("빵집", "빵"), ("사진집", "사진집")]
)
def test_a_shop_of_something_means_that_thing(q, text):
    assert understand(q).text == text


@pytest.mark.parametrize(
    "title, head",
    [
        ("녹차 비누 선물세트", "비누"),
        ("Best 유기농 쌀 10kg", "쌀"),
        ("[선물용] 아이 간식 쌀과자", "쌀과자"),
        ("출장 뷔페 케이터링 (50인)", "케이터링"),
        ("계절 꽃다발", "꽃다발"),
        ("세트", "세트"),
        ("", ""),
    ],
)
def test_a_title_names_its_last_word_after_amounts_and_packing(title, head):
    assert korean.head_word(title) == head
