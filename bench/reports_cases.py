"""The cases bench/reports.py times: each report's selector against one hand-written SQL aggregate of the same
figures over the raw rows (the rules of market/reports/sales.py written out by hand), the figures compared."""

import datetime
import json
import os
import statistics
import time
from pathlib import Path

from django.db import connection

YEAR = 2025
FROM, TO = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)

# Every sale and refund as market/reports/sales.py defines them, from the raw rows; {where} filters each arm.
FACTS = """
WITH facts AS (
  SELECT (o.paid_at AT TIME ZONE 'Asia/Seoul')::date AS day, 'citizen' AS channel, l.firm_id, l.firm_kind,
    l.firm_district_id, o.buyer_district_id, l.product_id, l.quantity::bigint AS quantity, 1 AS lines,
    l.line_total AS gross, 0::bigint AS refunds
  FROM orders_orderline l JOIN orders_order o ON o.id = l.order_id
  WHERE o.status IN ('paid', 'closed') {citizen}
  UNION ALL
  SELECT (e.created_at AT TIME ZONE 'Asia/Seoul')::date, 'citizen', f.firm_id, first.firm_kind,
    first.firm_district_id, o.buyer_district_id, NULL, 0, 0, 0, e.amount
  FROM payments_paymentledgerentry e JOIN orders_fulfilment f ON f.id = e.fulfilment_id
  JOIN orders_order o ON o.id = f.order_id,
  LATERAL (SELECT l.firm_kind, l.firm_district_id FROM orders_orderline l WHERE l.fulfilment_id = f.id
           ORDER BY l.id LIMIT 1) AS first
  WHERE e.kind = 'refund' {citizen_refund}
  UNION ALL
  SELECT d.accepted_on, 'agency', p.firm_id, d.firm_kind, p.firm_district_id, p.agency_district_id, pl.product_id,
    dl.quantity, 1, dl.amount, 0
  FROM procurement_deliveryline dl JOIN procurement_delivery d ON d.id = dl.delivery_id
  JOIN procurement_purchase p ON p.id = d.purchase_id JOIN procurement_purchaseline pl ON pl.id = dl.purchase_line_id
  WHERE dl.result = 'accepted' AND d.accepted_on IS NOT NULL {agency}
  UNION ALL
  SELECT r.refunded_on, 'agency', p.firm_id, d.firm_kind, p.firm_district_id, p.agency_district_id, NULL, 0, 0, 0,
    r.amount
  FROM procurement_agencyrefund r JOIN procurement_deliveryline dl ON dl.id = r.delivery_line_id
  JOIN procurement_delivery d ON d.id = dl.delivery_id JOIN procurement_purchase p ON p.id = d.purchase_id
  WHERE true {agency_refund}
)
"""


def facts(*, firm_id=None, date_from=FROM, date_to=TO) -> tuple[str, list]:
    """The facts CTE restricted to the period (and a firm), each condition in every arm so each arm uses its own
    indexes."""
    seoul_from = f"timestamptz '{date_from.isoformat()} 00:00:00+09'"
    seoul_to = f"timestamptz '{(date_to + datetime.timedelta(days=1)).isoformat()} 00:00:00+09'"
    day = f"BETWEEN date '{date_from.isoformat()}' AND date '{date_to.isoformat()}'"
    firm = f" AND {{}} = {int(firm_id)}" if firm_id else ""
    return (
        FACTS.format(
            citizen=f"AND o.paid_at >= {seoul_from} AND o.paid_at < {seoul_to}" + firm.format("l.firm_id"),
            citizen_refund=f"AND e.created_at >= {seoul_from} AND e.created_at < {seoul_to}" + firm.format("f.firm_id"),
            agency=f"AND d.accepted_on {day}" + firm.format("p.firm_id"),
            agency_refund=f"AND r.refunded_on {day}" + firm.format("p.firm_id"),
        ),
        [],
    )


# --- the city's report ----------------------------------------------------------------------------------------------
CITY = """
SELECT GROUPING(firm_district_id) AS g_seller, GROUPING(buyer_district_id) AS g_buyer, GROUPING(month) AS g_month,
  GROUPING(channel) AS g_channel, firm_district_id, buyer_district_id, month, channel, sum(gross), sum(refunds),
  sum(gross - refunds) FILTER (WHERE buyer_district_id = firm_district_id),
  sum(gross - refunds) FILTER (WHERE buyer_district_id IS NOT NULL)
FROM (SELECT *, date_trunc('month', day)::date AS month FROM facts) f
GROUP BY GROUPING SETS ((firm_district_id), (buyer_district_id), (month), (channel), ())
"""


def city_hand(cursor) -> dict:
    sql, params = facts()
    cursor.execute(sql + CITY, params)
    out = {"seller": {}, "buyer": {}, "month": {}}
    rows = cursor.fetchall()
    for g_seller, g_buyer, g_month, g_channel, seller, buyer, month, channel, gross, refunds, local, seoul in rows:
        figures = (int(gross), int(refunds), int(local or 0))
        if not g_seller:
            out["seller"][seller] = figures
        elif not g_buyer:
            out["buyer"][buyer] = figures[:2]
        elif not g_month:
            out["month"][month] = figures
        elif not g_channel:
            if channel == "agency":
                out["purchasing"] = figures[:2]
        else:
            out["total"] = figures[:2]
            out["local"] = (int(gross) - int(refunds), int(local or 0), int(seoul or 0))
    return out


def city_ours(report) -> dict:
    nonzero = lambda figures: any(figures)  # noqa: E731 (the hand SQL has no rows for districts with nothing)
    return {
        "seller": {
            row.district.code: (row.sales.gross, row.sales.refunds, row.local_net)
            for row in report.by_seller_district
            if nonzero((row.sales.gross, row.sales.refunds))
        },
        "buyer": {
            (row.district.code if row.district else None): (row.sales.gross, row.sales.refunds)
            for row in report.by_buyer_district
            if nonzero((row.sales.gross, row.sales.refunds))
        },
        "month": {
            row.month: (row.sales.gross, row.sales.refunds, row.local_net)
            for row in report.months
            if nonzero((row.sales.gross, row.sales.refunds))
        },
        "purchasing": next((p.sales.gross, p.sales.refunds) for p in report.purchasing if p.year == YEAR),
        "total": (report.totals.gross, report.totals.refunds),
        "local": (report.local.total_net, report.local.same_district_net, report.local.seoul_net),
    }


def city_case():
    from market.reports.city import city_report
    from market.reports.filters import MONTH, ReportFilters

    filters = ReportFilters(date_from=FROM, date_to=TO, granularity=MONTH)
    return "city (every district, 2025, by month)", lambda: city_report(filters), city_hand, city_ours


# --- a seller's report ----------------------------------------------------------------------------------------------
SELLER = """
SELECT GROUPING(month) AS g_month, GROUPING(channel) AS g_channel, GROUPING(buyer_district_id) AS g_buyer,
  GROUPING(product_id) AS g_product, month, channel, buyer_district_id, product_id,
  sum(gross), sum(refunds), sum(quantity), sum(lines)
FROM (SELECT *, date_trunc('month', day)::date AS month FROM facts) f
GROUP BY GROUPING SETS ((month), (channel), (buyer_district_id), (product_id), ())
"""


def seller_hand(firm_id):
    def run(cursor) -> dict:
        sql, params = facts(firm_id=firm_id)
        cursor.execute(sql + SELLER, params)
        out = {"month": {}, "channel": {}, "buyer": {}, "product": {}}
        for g_month, g_channel, g_buyer, g_product, month, channel, buyer, product, *sums in cursor.fetchall():
            figures = tuple(int(value) for value in sums)
            if not g_month:
                out["month"][month] = figures
            elif not g_channel:
                out["channel"][channel] = figures
            elif not g_buyer:
                out["buyer"][buyer] = figures
            elif not g_product:
                # The report lists refunds apart from products (a refund row names no product): 0 here too.
                out["product"][product] = (figures[0], 0, *figures[2:])
            else:
                out["total"] = figures
        return out

    return run


def seller_ours(report) -> dict:
    figures = lambda f: (f.gross, f.refunds, f.quantity, f.lines)  # noqa: E731
    return {
        "month": {row.period: figures(row.figures) for row in report.series if any(figures(row.figures))},
        "channel": {row.channel: figures(row.figures) for row in report.by_channel if any(figures(row.figures))},
        "buyer": {row.district: figures(row.figures) for row in report.by_district if any(figures(row.figures))},
        "product": {row.product_id: figures(row.figures) for row in report.top_products},
        "total": figures(report.totals),
    }


def seller_compare(ours: dict, theirs: dict) -> dict:
    """The report lists the top products only: each of them must equal the hand figure."""
    theirs = dict(theirs, product={key: theirs["product"].get(key) for key in ours["product"]})
    return theirs


def seller_case():
    from django.db.models import Count

    from market.firms.models import Firm
    from market.reports.filters import MONTH, ReportFilters
    from market.reports.seller import seller_sales_report

    firm = Firm.objects.annotate(n=Count("order_lines")).order_by("-n").first()
    filters = ReportFilters(date_from=FROM, date_to=TO, granularity=MONTH)
    return (
        f"seller (the busiest firm, 2025 by month: {firm.n:,} order lines)",
        lambda: seller_sales_report(firm=firm, filters=filters),
        seller_hand(firm.pk),
        seller_ours,
    )


def typical_seller_case():
    from django.db.models import Count

    from market.firms.models import Firm
    from market.reports.filters import MONTH, ReportFilters
    from market.reports.seller import seller_sales_report

    firms = list(Firm.objects.annotate(n=Count("order_lines")).filter(n__gt=0).order_by("n", "pk"))
    firm = firms[len(firms) // 2]
    filters = ReportFilters(date_from=FROM, date_to=TO, granularity=MONTH)
    return (
        f"seller (the median firm, 2025 by month: {firm.n:,} order lines)",
        lambda: seller_sales_report(firm=firm, filters=filters),
        seller_hand(firm.pk),
        seller_ours,
    )


# --- a citizen's value consumption ----------------------------------------------------------------------------------
IMPACT = """
SELECT GROUPING(kind) AS g_kind, kind, sum(gross), sum(refunds),
  sum(gross - refunds) FILTER (WHERE firm_district_id = buyer_district_id)
FROM (SELECT *, CASE WHEN firm_kind IN ('pre_social_regional', 'pre_social_ministry') THEN 'pre_social'
                     WHEN firm_kind IN ('social_enterprise', 'cooperative', 'social_cooperative', 'village_enterprise',
                                        'self_sufficiency', 'social_venture') THEN firm_kind
                     ELSE 'none' END AS kind
      FROM facts) f
GROUP BY GROUPING SETS ((kind), ())
"""


def impact_hand(buyer_id):
    def run(cursor) -> dict:
        # The buyer's own rows: the citizens' two arms only, filtered on the buyer (agencies buy no value here).
        sql = FACTS.format(
            citizen=f"AND o.buyer_id = {int(buyer_id)} AND o.paid_at >= timestamptz '{YEAR}-01-01 00:00:00+09'"
            f" AND o.paid_at < timestamptz '{YEAR + 1}-01-01 00:00:00+09'",
            citizen_refund=f"AND o.buyer_id = {int(buyer_id)} AND e.created_at >= timestamptz '{YEAR}-01-01"
            f" 00:00:00+09' AND e.created_at < timestamptz '{YEAR + 1}-01-01 00:00:00+09'",
            agency="AND false",
            agency_refund="AND false",
        )
        cursor.execute(sql + IMPACT)
        out = {"kind": {}}
        for g_kind, kind, gross, refunds, local in cursor.fetchall():
            if not g_kind:
                if int(gross) - int(refunds):
                    out["kind"][kind] = int(gross) - int(refunds)
            else:
                out["total"] = (int(gross), int(refunds))
                out["local"] = int(local or 0)
        return out

    return run


def impact_ours(impact) -> dict:
    from market.reports.impact import LOCAL

    return {
        "kind": {kind: amount for kind, amount in impact.by_kind.items() if amount},
        "total": (impact.gross, impact.refunds),
        "local": impact.circulation[LOCAL],
    }


def impact_case():
    from django.db.models import Count

    from market.accounts.models import User
    from market.reports.impact import impact_for_buyer

    buyer = User.objects.annotate(n=Count("orders")).order_by("-n", "pk").first()
    lines = buyer.orders.aggregate(n=Count("lines"))["n"]
    return (
        f"citizen's value consumption (the busiest buyer, 2025: {lines:,} lines)",
        lambda: impact_for_buyer(buyer=buyer, year=YEAR),
        impact_hand(buyer.pk),
        impact_ours,
    )


# --- the runner -----------------------------------------------------------------------------------------------------
def time_refresh(rounds: int) -> float:
    from market.reports.sales import refresh_sales_days

    times = []
    for n in range(rounds):
        started = time.perf_counter()
        refresh = refresh_sales_days()
        times.append(time.perf_counter() - started)
        print(f"pre-aggregation job, round {n + 1}: {times[-1]:.1f} s ({refresh.rows:,} SalesDay rows)", flush=True)
    return statistics.median(times)


def run_cases(*, rounds: int, target: float, json_path: str | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
        cursor.execute("SELECT count(*) FROM orders_orderline")
        order_lines = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM procurement_deliveryline")
        delivery_lines = cursor.fetchone()[0]
    print(f"{order_lines:,} order lines, {delivery_lines:,} delivery lines; jit off", flush=True)
    refresh = time_refresh(max(1, min(3, rounds)))
    results, failed = [], False
    for name, ours, hand, shape in (seller_case(), typical_seller_case(), city_case(), impact_case()):
        times = {"report": [], "hand SQL": []}
        report = rows = None
        for n in range(rounds):
            for side in ("report", "hand SQL") if n % 2 == 0 else ("hand SQL", "report"):
                load = os.getloadavg()[0]
                started = time.perf_counter()
                if side == "report":
                    report = ours()
                else:
                    with connection.cursor() as cursor:
                        rows = hand(cursor)
                times[side].append(time.perf_counter() - started)
                print(f"{name}, round {n + 1}: {side:8} {times[side][-1] * 1000:8.0f} ms (load {load:.1f})", flush=True)
        mine = shape(report)
        if shape is seller_ours:
            rows = seller_compare(mine, rows)
        equal = mine == rows
        if not equal:
            failed = True
            print(f"FIGURES DIFFER in {name}: {[k for k in mine if mine[k] != rows.get(k)]}", flush=True)
            for key in mine:
                if mine[key] != rows.get(key):
                    print(f"  {key}: report {mine[key]!r:.300}\n  {key}: hand   {rows.get(key)!r:.300}")
        ratio = statistics.median(times["report"]) / statistics.median(times["hand SQL"])
        results.append((name, statistics.median(times["report"]), statistics.median(times["hand SQL"]), ratio, equal))

    print()
    print(f"pre-aggregation job (refresh_sales_days, whole rebuild): median {refresh:.1f} s")
    print(f"{'report':60} {'report ms':>10} {'hand ms':>10} {'ratio':>7}  target <= {target}x  figures")
    for name, mine, hand, ratio, equal in results:
        verdict = "met" if ratio <= target else "MISSED"
        print(f"{name:60} {mine * 1000:10.0f} {hand * 1000:10.0f} {ratio:6.2f}x  {verdict:16} "
              f"{'equal' if equal else 'DIFFER'}")  # fmt: skip
    if json_path:
        figures = {
            "order_lines": order_lines,
            "delivery_lines": delivery_lines,
            "rounds": rounds,
            "refresh_s": refresh,
            "cases": [
                {"name": name, "report_ms": mine * 1000, "hand_ms": hand * 1000, "ratio": ratio, "equal": equal}
                for name, mine, hand, ratio, equal in results
            ],
        }
        Path(json_path).parent.mkdir(parents=True, exist_ok=True)
        Path(json_path).write_text(json.dumps(figures, indent=1) + "\n")
    return 1 if failed else 0
