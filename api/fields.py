"""Input fields that read whole numbers through market.core.parsing.parse_int (ASCII digits, range-checked).

Use these instead of DRF's IntegerField and django-filter's NumberFilter for anything a client sends: theirs
accept other scripts' digits and numbers too large for the column (tests/api/test_bad_input.py guards this).
"""

import re

import django_filters
from django import forms
from django.utils.translation import gettext as _
from rest_framework import serializers

from market.core.parsing import BIGINT_MAX, BIGINT_MIN, IntegerParseError, column_bounds, parse_int


class IntegerField(serializers.IntegerField):
    """DRF's IntegerField with our parser. Without min_value/max_value it takes what a bigint holds;
    `column=(Model, "field")` takes that column's range instead."""

    def __init__(self, *, column=None, **kwargs):
        if column is not None:
            low, high = column_bounds(*column)
            kwargs.setdefault("min_value", low)
            kwargs.setdefault("max_value", high)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        low = BIGINT_MIN if self.min_value is None else self.min_value
        high = BIGINT_MAX if self.max_value is None else self.max_value
        try:
            return parse_int(data, minimum=low, maximum=high)
        except IntegerParseError as exc:
            raise serializers.ValidationError(exc.message, code=exc.code) from exc


class IntegerFormField(forms.Field):
    def __init__(self, *, min_value=None, max_value=None, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_int(value, minimum=self.min_value, maximum=self.max_value)
        except IntegerParseError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc


class IntegerFilter(django_filters.Filter):
    """A query filter on an integer column, bounded by that column (`field_name` on the FilterSet's model)."""

    field_class = IntegerFormField

    def __init__(self, *args, min_value=None, max_value=None, **kwargs):
        self.bounds = (min_value, max_value)
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            low, high = self.bounds
            if self.model is not None and (low is None or high is None):
                column_low, column_high = column_bounds(self.model, self.field_name)
                low = column_low if low is None else low
                high = column_high if high is None else high
            self.extra.update(min_value=low, max_value=high)
        return super().field


_DECIMAL = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?", re.ASCII)


class DecimalField(serializers.DecimalField):
    """DRF's DecimalField, reading text only in ASCII digits (Decimal() also takes '٥٠' and '５０')."""

    def to_internal_value(self, data):
        if isinstance(data, str) and not _DECIMAL.fullmatch(data.strip()):
            raise serializers.ValidationError(
                _("Enter a number in ASCII digits (0-9), e.g. 12.5."), code="not_a_number"
            )
        return super().to_internal_value(data)
