"""What counts as a sale, on which day, and what a refund takes back: the one home of these rules for every sales
report (sellers', districts', the city's), and the job that pre-aggregates them into `SalesDay`.

- A citizen's sale: each line of an order that was paid (status paid or closed), on the day it was paid (Seoul
  time), at its line total. A part cancelled or returned after payment is still a sale of that day; its refund
  takes it back on the day the refund was booked.
- An agency's sale: each delivery line accepted at inspection, on the acceptance day, at its amount (VAT
  included), as purchase performance counts it (market/procurement/selectors/performance.py).
- A refund: a citizen's part refunded through the gateway (the payment ledger's refund entries of a part), on the
  day it was booked; an agency's refund (`AgencyRefund`) on the day it was paid. Refunds are their own column, so
  a report shows sales, refunds and sales net of refunds.
- The firm's kind and district, and the buyer's district (a citizen's at checkout, an agency's), are those kept on
  the rows at the sale, not today's.

`refresh_sales_days` rebuilds the whole table in one transaction with four INSERT … SELECT statements (one per
source), each the ORM's own grouped query, so the database does all the summing and readers see the old table
until the new one is committed. It runs on every database the project supports (PostgreSQL, SQLite).
"""

import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BigIntegerField, CharField, Count, F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone

from market.orders.models import OrderLine, OrderStatus
from market.payments.models import LedgerKind, PaymentLedgerEntry
from market.procurement.models import AgencyRefund, DeliveryLine, InspectionResult
from market.reports.models import ReportRefresh, SalesChannel, SalesDay

SALES_DAYS = "sales_days"  # ReportRefresh.name of the SalesDay table

# The columns of SalesDay the sources fill, in this order.
_COLUMNS = (
    "day",
    "channel",
    "firm_id",
    "firm_kind",
    "firm_district_id",
    "buyer_district_id",
    "product_id",
    "quantity",
    "lines",
    "gross",
    "refunds",
)


def _zero():
    return Value(0, output_field=BigIntegerField())


def _no_product():
    return Cast(Value(None), output_field=IntegerField())


def _grouped(queryset, **columns):
    """`queryset` grouped by the key columns and summed into the measure columns, selecting exactly `_COLUMNS`
    under their own names (so the INSERT can name them, whatever order the ORM compiles them in)."""
    keys = {name: columns[name] for name in _COLUMNS[:7]}
    measures = {name: columns[name] for name in _COLUMNS[7:]}
    aliased = {f"s_{name}": expression for name, expression in keys.items()}
    return (
        queryset.annotate(**aliased).values(*aliased).annotate(**{f"s_{n}": e for n, e in measures.items()}).order_by()
    )


def citizen_sales():
    return _grouped(
        OrderLine.objects.filter(order__status__in=[OrderStatus.PAID, OrderStatus.CLOSED]),
        day=TruncDate("order__paid_at"),
        channel=Value(SalesChannel.CITIZEN.value, output_field=CharField()),
        firm_id=F("firm_id"),
        firm_kind=F("firm_kind"),
        firm_district_id=F("firm_district_id"),
        buyer_district_id=F("order__buyer_district_id"),
        product_id=F("product_id"),
        quantity=Sum("quantity"),
        lines=Count("pk"),
        gross=Sum("line_total"),
        refunds=_zero(),
    )


def citizen_refunds():
    # A part's lines all carry the firm's kind and district as they were at checkout: any one of them says it.
    line = OrderLine.objects.filter(fulfilment_id=OuterRef("fulfilment_id")).order_by("pk")
    return _grouped(
        PaymentLedgerEntry.objects.filter(kind=LedgerKind.REFUND, fulfilment__isnull=False),
        day=TruncDate("created_at"),
        channel=Value(SalesChannel.CITIZEN.value, output_field=CharField()),
        firm_id=F("fulfilment__firm_id"),
        firm_kind=Subquery(line.values("firm_kind")[:1]),
        firm_district_id=Subquery(line.values("firm_district_id")[:1]),
        buyer_district_id=F("fulfilment__order__buyer_district_id"),
        product_id=_no_product(),
        quantity=_zero(),
        lines=_zero(),
        gross=_zero(),
        refunds=Sum("amount"),
    )


def agency_sales():
    return _grouped(
        DeliveryLine.objects.filter(result=InspectionResult.ACCEPTED, delivery__accepted_on__isnull=False),
        day=F("delivery__accepted_on"),
        channel=Value(SalesChannel.AGENCY.value, output_field=CharField()),
        firm_id=F("delivery__purchase__firm_id"),
        firm_kind=F("delivery__firm_kind"),
        firm_district_id=F("delivery__purchase__firm_district_id"),
        buyer_district_id=F("delivery__purchase__agency_district_id"),
        product_id=F("purchase_line__product_id"),
        quantity=Sum("quantity"),
        lines=Count("pk"),
        gross=Sum("amount"),
        refunds=_zero(),
    )


def agency_refunds():
    return _grouped(
        AgencyRefund.objects.all(),
        day=F("refunded_on"),
        channel=Value(SalesChannel.AGENCY.value, output_field=CharField()),
        firm_id=F("delivery_line__delivery__purchase__firm_id"),
        firm_kind=F("delivery_line__delivery__firm_kind"),
        firm_district_id=F("delivery_line__delivery__purchase__firm_district_id"),
        buyer_district_id=F("delivery_line__delivery__purchase__agency_district_id"),
        product_id=_no_product(),
        quantity=_zero(),
        lines=_zero(),
        gross=_zero(),
        refunds=Sum("amount"),
    )


SOURCES = (citizen_sales, citizen_refunds, agency_sales, agency_refunds)


def refresh_sales_days() -> ReportRefresh:
    """Rebuild SalesDay from the sale rows, in one transaction; record when and how long."""
    started = time.monotonic()
    table = connection.ops.quote_name(SalesDay._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(SalesDay._meta.get_field(c.removesuffix("_id")).column) for c in _COLUMNS
    )
    selected = ", ".join(connection.ops.quote_name(f"s_{c}") for c in _COLUMNS)
    with transaction.atomic():
        SalesDay.objects.all()._raw_delete(SalesDay.objects.db)
        with connection.cursor() as cursor:
            for source in SOURCES:
                sql, params = source().query.sql_with_params()
                cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {selected} FROM ({sql}) AS source", params)
            if connection.vendor == "postgresql":
                # Every row is new: the planner's statistics are refreshed now rather than at autovacuum's next visit,
                # so the first reports after a rebuild read the table by its indexes.
                cursor.execute(f"ANALYZE {table}")
        rows = SalesDay.objects.count()
        refresh, _ = ReportRefresh.objects.update_or_create(
            name=SALES_DAYS,
            defaults={
                "computed_at": timezone.now(),
                "duration_ms": int((time.monotonic() - started) * 1000),
                "rows": rows,
            },
        )
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # The rebuild leaves the whole old table behind as dead rows, which each report then reads through (by the
        # firm's index entries, old and new) until autovacuum's next visit: a small firm's report took 22 ms after
        # three rebuilds, 2.6 ms once vacuumed. VACUUM cannot run in a transaction (a caller's atomic block: skipped).
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {table}")
    return refresh


def sales_days_computed_at():
    """When SalesDay was last rebuilt (None: never)."""
    return ReportRefresh.objects.filter(name=SALES_DAYS).values_list("computed_at", flat=True).first()


def refresh_period_seconds() -> int:
    """How often the beat job rebuilds SalesDay: a change of orders shows in the reports within this time."""
    return settings.REPORTS_REFRESH_SECONDS
