"""A faster JSON renderer for hot read paths: the same JSON as DRF's JSONRenderer, written by orjson.

DRF's renderer runs the standard library's encoder with a Python `default` hook; on a product list page that is
a few milliseconds of the request. orjson writes the same compact, non-ASCII-unescaped JSON in C. Views opt in with
`renderer_classes = FAST_JSON_RENDERERS` (the browsable API stays second, as in DRF's defaults)."""

import orjson
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

# Everything orjson does not write natively (Decimal, lazy translation strings, QuerySets, …), and datetimes
# (passed through so they read exactly as DRF writes them: "Z" for UTC), goes to DRF's own encoder hook.
_drf_default = JSONEncoder().default
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


class ORJSONRenderer(JSONRenderer):
    """DRF's JSONRenderer's output (compact, UTF-8, U+2028/U+2029 escaped) by orjson.

    What orjson would write differently or refuses falls back to DRF's renderer, so the answer (or the error) is
    DRF's: an indented answer (`Accept: application/json; indent=4`), settings asking for spaced or ASCII-only
    JSON, non-string dict keys, integers beyond 64 bits. One difference is kept: a float NaN or infinity is
    written as null, where DRF's strict JSON raises."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        if indent is not None or not self.compact or self.ensure_ascii:  # layouts orjson does not write
            return super().render(data, accepted_media_type, renderer_context)
        try:
            rendered = orjson.dumps(data, default=_drf_default, option=_OPTIONS)
        except orjson.JSONEncodeError:
            return super().render(data, accepted_media_type, renderer_context)
        # As DRF: JSON that is also a strict JavaScript subset.
        if b"\xe2\x80\xa8" in rendered or b"\xe2\x80\xa9" in rendered:
            rendered = rendered.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
        return rendered


FAST_JSON_RENDERERS = [ORJSONRenderer, BrowsableAPIRenderer]
