"""Pieces for answering a report's tables in one statement: a UNION ALL of grouped querysets (each arm tagged with
the table it answers by a constant `Value`), which PostgreSQL and SQLite both run, unlike GROUPING SETS. Every arm
names the same columns in the same order; where an arm has no such key it selects a typed NULL."""

from django.db.models import Value
from django.db.models.functions import Cast


class Null(Cast):
    """A NULL of a type (PostgreSQL types a union's column from its arms: NULLs alone would be text, then clash with
    another arm's number or date). A constant, so no GROUP BY key: an arm grouped by nothing but constants would
    give no row at all over no rows, where an ungrouped aggregate gives its one row of zeros."""

    def __init__(self, output_field):
        super().__init__(Value(None), output_field=output_field)

    def get_group_by_cols(self):
        return []


def union_all(arms: list):
    """The arms (values() querysets with the same columns, no ordering) as one UNION ALL queryset."""
    first, *rest = [arm.order_by() for arm in arms]
    return first.union(*rest, all=True)
