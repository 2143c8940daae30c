"""The rebuild of SalesDay vacuums the table once committed (PostgreSQL): the old rows it deleted would otherwise be
read through by every report until autovacuum's next visit. Inside a caller's transaction it cannot, and does not."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from market.reports.models import SalesDay
from market.reports.sales import refresh_sales_days

TABLE = SalesDay._meta.db_table


def vacuums(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("VACUUM")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rebuild_outside_a_transaction_vacuums_the_table():
    if connection.vendor != "postgresql":
        pytest.skip("VACUUM is PostgreSQL's")
    with CaptureQueriesContext(connection) as queries:
        refresh_sales_days()
    assert vacuums(queries) == [f'VACUUM "{TABLE}"']
    with connection.cursor() as cursor:
        cursor.execute("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = %s", [TABLE])
        (count,) = cursor.fetchone()
    assert count >= 1


@pytest.mark.django_db
def test_a_rebuild_inside_a_transaction_leaves_vacuum_to_later():
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        refresh_sales_days()
    assert vacuums(queries) == []
