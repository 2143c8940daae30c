"""With a read replica configured, reports read their pre-aggregated tables from it and nothing else does; with
none (the default), every read goes to the primary. The test settings' `replica` alias is a second connection to
the test database, so what the replica answers can be compared with the primary's."""

import datetime

import pytest
from django.db import connections, router, transaction
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from market.orders.models import Order, OrderLine
from market.reports.filters import ReportFilters
from market.reports.models import ReportRefresh, SalesDay
from market.reports.sales import refresh_sales_days, sales_days_computed_at
from market.reports.seller import seller_sales_days, seller_sales_report
from tests.factories import ProductFactory, UserFactory
from tests.reports.test_sales_days import citizen_order

SEOUL = datetime.timezone(datetime.timedelta(hours=9))


@pytest.fixture
def replica(settings):
    settings.REPORTS_READ_DATABASE = "replica"


def test_with_no_replica_everything_reads_and_writes_on_the_primary():
    for model in (SalesDay, ReportRefresh, Order):
        assert router.db_for_read(model) == "default"
        assert router.db_for_write(model) == "default"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_a_replica_only_the_pre_aggregated_tables_are_read_from_it(replica):
    assert router.db_for_read(SalesDay) == "replica"
    assert router.db_for_read(ReportRefresh) == "replica"
    assert router.db_for_read(Order) == router.db_for_read(OrderLine) == "default"  # live rows: the primary
    assert router.db_for_write(SalesDay) == "default"
    with transaction.atomic():  # the refresh job reads back what it has just written
        assert router.db_for_read(SalesDay) == "default"
    assert router.allow_migrate("replica", "reports") is False
    assert router.allow_migrate("default", "reports") is not False


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_reports_selectors_read_sales_days_from_the_replica_with_the_same_figures(settings):
    buyer = UserFactory()
    soap = ProductFactory(price=5_000, stock=50)
    citizen_order(buyer, (soap, 3), paid_at=datetime.datetime(2026, 5, 20, 12, 0, tzinfo=SEOUL))
    filters = ReportFilters(date_from=datetime.date(2026, 5, 1), date_to=datetime.date(2026, 5, 31))

    def figures():
        report = seller_sales_report(firm=soap.firm, filters=filters)  # its tables in one compiled statement
        rows = seller_sales_days(firm=soap.firm, filters=filters).aggregate(gross=Sum("gross"), lines=Sum("lines"))
        return rows, report.totals, report.series, report.top_products

    refresh_sales_days()  # no replica: the primary
    on_primary, first_refresh = figures(), sales_days_computed_at()
    assert on_primary[0] == {"gross": 15_000, "lines": 1} and on_primary[1].gross == 15_000

    settings.REPORTS_READ_DATABASE = "replica"
    refresh_sales_days()  # the job writes (and reads back) on the primary with a replica configured too
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        from_replica, computed_at = figures(), sales_days_computed_at()

    assert from_replica == on_primary
    assert computed_at > first_refresh  # the second rebuild's time, read from the replica
    replica_sql = " ".join(q["sql"] for q in on_replica.captured_queries)
    assert "reports_salesday" in replica_sql and "reports_reportrefresh" in replica_sql
    assert sum("reports_salesday" in q["sql"] for q in on_replica.captured_queries) == 2  # the rows, the report
    # The primary: the firm's settlement balance (the ledger, live), nothing of SalesDay.
    assert not any("reports_" in q["sql"] for q in on_default.captured_queries)
