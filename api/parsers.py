"""The API's JSON parser: DRF's, with a bound on nesting.

No body we accept nests deeper than a few levels; a deeply nested one is an attack on the parser (Python's json
raises RecursionError past about a thousand levels, which DRF does not catch) or on whatever walks the result.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


def json_depth_exceeds(value, limit: int) -> bool:
    """Whether `value` nests lists and objects more than `limit` deep (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_JSON_MAX_DEPTH
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(
                _("JSON nested more than %(limit)s levels deep is not accepted.") % {"limit": limit},
                code="json_too_deep",
            ) from exc
        if json_depth_exceeds(data, limit):
            raise ParseError(
                _("JSON nested more than %(limit)s levels deep is not accepted.") % {"limit": limit},
                code="json_too_deep",
            )
        return data
