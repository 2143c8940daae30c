"""A report query compiled once and run again with new values (market/core/compiled.py): each call's rows are the
ORM's own for its values, on PostgreSQL and SQLite, prepared or not; on PostgreSQL a prepared statement is PREPAREd
once per connection, in the same statement as its first run, and a failed first run does not strand its name."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import BigIntegerField, CharField, DateField, Value
from django.test.utils import CaptureQueriesContext

from market.core.compiled import Param, compiled_rows
from market.firms.models import District

pytestmark = pytest.mark.django_db


def _districts(prefix, day, number):
    """Districts by an English prefix (a LIKE pattern: the SQL holds escaped %), with a date, a number and a
    constant holding a % selected (the date comes back a date on SQLite only through the ORM's converter)."""
    return (
        District.objects.filter(name_en__startswith=prefix)
        .annotate(day=day, number=number, note=Value("100% local", output_field=CharField()))
        .values("code", "name_en", "day", "number", "note")
        .order_by("code")
    )


def _compiled():
    return _districts(Param("prefix", CharField()), Param("day", DateField()), Param("number", BigIntegerField()))


def _expected(prefix, day, number):
    return list(_districts(prefix, Value(day, output_field=DateField()), Value(number, output_field=BigIntegerField())))


@pytest.mark.parametrize("prepared", [False, True])
def test_each_call_gets_the_orms_rows_for_its_own_values(prepared, django_assert_max_num_queries):
    calls = [
        ("Seo", datetime.date(2025, 1, 1), 7),  # several districts
        ("Gang", datetime.date(2026, 2, 3), 2**40),
        ("Nowhere", datetime.date(2025, 1, 1), 0),
        ("Seo", datetime.date(2024, 12, 31), 8),
    ]
    for prefix, day, number in calls:
        with django_assert_max_num_queries(1):
            rows = compiled_rows(
                ("test districts", prepared), _compiled, prepared=prepared, prefix=prefix, day=day, number=number
            )
        assert rows == _expected(prefix, day, number)
        assert bool(rows) == (prefix != "Nowhere")
        assert all(isinstance(row["day"], datetime.date) for row in rows)


def test_prepared_once_per_connection_and_anew_after_a_failed_first_run():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    day = datetime.date(2025, 1, 1)

    def run(key, number=1):
        with CaptureQueriesContext(connection) as queries:
            rows = compiled_rows(key, _compiled, prepared=True, prefix="Gang", day=day, number=number)
        assert rows == _expected("Gang", day, number)
        ((query,),) = [[q["sql"] for q in queries.captured_queries]]
        return query

    assert "PREPARE gachi_test_once_0 AS" in run(("test once",))
    assert run(("test once",)).startswith("EXECUTE gachi_test_once_0 (")

    # The first run fails after its PREPARE (the value overflows the bigint parameter): the name is not reused.
    with pytest.raises(DatabaseError), transaction.atomic():
        compiled_rows(("test failed",), _compiled, prepared=True, prefix="Gang", day=day, number=2**63)
    assert "PREPARE gachi_test_failed_1 AS" in run(("test failed",))
    assert run(("test failed",), number=5).startswith("EXECUTE gachi_test_failed_1 (")
