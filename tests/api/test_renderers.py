"""ORJSONRenderer writes what DRF's JSONRenderer writes: the same bytes where both write a value the same way, the
same values where only the float spelling may differ, and DRF's own answer (or error) where orjson would not."""

import dataclasses
import datetime
import decimal
import json
import uuid
import zoneinfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from api.renderers import ORJSONRenderer

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")

PAYLOADS = {
    "korean text": {"title": "유기농 현미 떡국떡 1kg", "unit": "봉", "alt_text": "사진 0", "emoji": "🍚"},
    "product-like": ReturnDict(
        {
            "id": 7,
            "price": 12_000,
            "in_stock": True,
            "published_at": "2026-12-01T09:30:00.123456+09:00",
            "category": {"id": 3, "parent": None},
            "tags": ReturnList([{"slug": "eco-friendly", "name_ko": "친환경"}], serializer=None),
            "images": [],
            "renditions": {},
        },
        serializer=None,
    ),
    "datetimes": {
        "utc": datetime.datetime(2026, 12, 1, 3, 4, 5, tzinfo=datetime.UTC),
        "utc micro": datetime.datetime(2026, 12, 1, 3, 4, 5, 120, tzinfo=datetime.UTC),
        "seoul": datetime.datetime(2026, 12, 1, 12, 0, tzinfo=SEOUL),
        "naive": datetime.datetime(2026, 12, 1, 12, 0, 0, 500000),
        "date": datetime.date(2026, 2, 28),
        "time": datetime.time(23, 59, 1),
        "delta": datetime.timedelta(days=1, seconds=3),
    },
    "other types": {
        "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "lazy": gettext_lazy("Not found."),
        "tuple": (1, "둘", None),
        "bytes": b"abc",
        "nested": [[{"a": [True, False, None]}]],
        "negative": -(2**62),
    },
    "separators in text": {"note": '줄\u2028바꿈\u2029단락 "quoted" \\ back\nslash\t<tab>'},
    "empty": {},
    "list": [1, 2, 3],
}
FLOATS = {
    "decimals": {"price": decimal.Decimal("12000.50"), "share": decimal.Decimal("0.1"), "n": decimal.Decimal("3")},
    "floats": {"ratio": 0.1 + 0.2, "tiny": 1e-7, "big": 1.5e300, "whole": 2.0},
}


def both(data, media_type="application/json"):
    return JSONRenderer().render(data, media_type), ORJSONRenderer().render(data, media_type)


@pytest.mark.parametrize("name", PAYLOADS)
def test_same_bytes_as_drf(name):
    drf, ours = both(PAYLOADS[name])
    assert ours == drf


@pytest.mark.parametrize("name", FLOATS)
def test_same_values_as_drf_for_decimals_and_floats(name):
    drf, ours = both(FLOATS[name])
    assert json.loads(ours) == json.loads(drf)
    assert json.loads(ours)["price" if name == "decimals" else "ratio"] == pytest.approx(
        12000.5 if name == "decimals" else 0.30000000000000004, rel=0
    )


def test_non_ascii_is_written_as_utf8_not_escaped():
    rendered = ORJSONRenderer().render({"title": "같이마켓"})
    assert rendered == '{"title":"같이마켓"}'.encode()
    assert b"\\u" not in rendered


def test_line_and_paragraph_separators_are_escaped_as_drf_does():
    rendered = ORJSONRenderer().render(["\u2028", "\u2029"])
    assert rendered == b'["\\u2028","\\u2029"]'


def test_none_renders_empty_body():
    assert ORJSONRenderer().render(None) == b""


def test_indent_asked_by_the_client_falls_back_to_drf():
    drf, ours = both({"a": [1, {"b": "가"}]}, "application/json; indent=4")
    assert ours == drf
    assert b"\n    " in ours


@pytest.mark.parametrize(
    "data",
    [{1: "int key", 2: "둘"}, {"big": 2**70}, {"nested": [{3: "x"}]}],
    ids=["int keys", "big int", "nested int key"],
)
def test_what_orjson_refuses_falls_back_to_drf(data):
    drf, ours = both(data)
    assert ours == drf


def test_unserializable_raises_like_drf():
    @dataclasses.dataclass
    class Point:
        x: int

    for renderer in (JSONRenderer(), ORJSONRenderer()):
        with pytest.raises(TypeError):
            renderer.render({"point": Point(1)})
        with pytest.raises(TypeError):
            renderer.render({"thing": object()})


def test_media_type_and_format_match_drf():
    assert (ORJSONRenderer.media_type, ORJSONRenderer.format, ORJSONRenderer.charset) == (
        JSONRenderer.media_type,
        JSONRenderer.format,
        JSONRenderer.charset,
    )


def test_nan_is_written_as_null_where_drf_refuses():
    """The one documented difference (no serializer of ours writes a float NaN)."""
    with pytest.raises(ValueError):
        JSONRenderer().render({"x": float("nan")})
    assert ORJSONRenderer().render({"x": float("nan")}) == b'{"x":null}'
