"""Length limits on text input, read from the model fields they are stored in (one home for each limit).

Too long an input is the caller's error, answered with a clear 400 (code too_long) naming the field and the
limit, instead of a database error (CharField) or a row of unbounded size (TextField, where Django itself
checks max_length only in forms).
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from market.core.errors import ApplicationError


def check_length(value, *, model, field: str, input_field: str | None = None):
    """`value` unchanged, or an error when it is text longer than `model.field`'s max_length."""
    limit = getattr(model._meta.get_field(field), "max_length", None)
    if isinstance(value, str) and limit and len(value) > limit:
        raise ApplicationError(
            _("%(field)s may be at most %(limit)s characters; this one has %(length)s.")
            % {"field": input_field or field, "limit": f"{limit:,}", "length": f"{len(value):,}"},
            code="too_long",
            field=input_field or field,
        )
    return value


def check_lengths(values: dict, *, model) -> None:
    """check_length for every text value whose key names a field of `model`."""
    for name, value in values.items():
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        check_length(value, model=model, field=name)
