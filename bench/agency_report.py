"""An agency's annual purchase-performance report over 1,000,000 delivery lines: the selector
(market.procurement.selectors.performance.agency_performance) against one hand-written SQL aggregate computing
the same figures, in the same run, interleaved.

    eval "$(bash scripts/services.sh env)"
    python bench/agency_report.py [--lines 1000000] [--rounds 5] [--keep-database]

It makes a throwaway database (DATABASE_URL with the database name replaced by gachi_agency_bench; the name
must contain 'bench'), migrates it and writes the facts with INSERT … SELECT over generate_series (no services,
no Python loop over rows): 2,000 firms round the 25 districts with designations of every kind (one in seven
expiring during the year, one in seventeen revoked during it, some starting during it, some cooperatives
becoming social enterprises on 1 July) and other qualifications (women-owned, disabled-owned, severely disabled
people's facilities, disability standard workplaces; some ending or revoked during the year); agency A with
`--lines` delivery lines accepted in 2025 (8 lines a delivery, one in twelve rejected, one in ten VAT-exempt),
and another tenth of that around it (agency A in December 2024, January 2026 and awaiting inspection; agency B
in 2025); an invoice per inspected delivery; refunds of one accepted line in 97 (a second one for one in 970),
paid 40 and 60 days after acceptance (next year's for December's).

Then `--rounds` rounds, each running the selector and the hand-written SQL in turn (the order alternating), on
one connection with JIT off for both (the selector turns it off for its own statements anyway: compiling its
pivot costs seconds and saves nothing). It prints each side's times, the figures (per regime: counted, share,
gap), the ratio of the medians (target ≤ 1.5×), and fails if any figure of the two differs: every regime's and
the whole marketplace's total, each month, each reported kind and each district.
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DB = os.environ.get("AGENCY_BENCH_DATABASE_NAME", "gachi_agency_bench")  # bench/all.sh: its own
YEAR = 2025
TARGET_RATIO = 1.5
LINES_PER_DELIVERY = 8


def log(message: str) -> None:
    print(message, flush=True)


def with_db_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def db_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def admin_connect(url: str):
    import psycopg

    return psycopg.connect(with_db_name(url, "postgres"), autocommit=True)


# --- data -----------------------------------------------------------------------------------------------------------
# Firm i (1..2000): its designation kind is the i % 10-th of KINDS (none for 8, a cooperative for 9 that also becomes
# a social enterprise on 1 July); the other conditions are read off i as the comments say.
GENERATE = """
INSERT INTO accounts_user (password, is_superuser, first_name, last_name, is_staff, is_active, date_joined, email,
                           display_name, kind)
VALUES ('!', false, '', '', false, true, now(), 'bench-requester@example.test', 'bench', 'buyer');

INSERT INTO firms_firm (name, registration_number, address, description, purpose_type, svi_grade, website,
  verification_status, rejection_reason, listings_hidden_reason, created_at, updated_at, district_id, stripe_account_id)
SELECT 'bench firm ' || i, lpad(i::text, 10, '0'), '', '', '', '', '', 'verified', '', '', now(), now(),
  (SELECT array_agg(code ORDER BY code) FROM firms_district)[1 + i % 25], ''
FROM generate_series(1, 2000) AS i;

CREATE TEMP TABLE bf AS SELECT id, registration_number::int AS i, district_id FROM firms_firm;
CREATE INDEX ON bf (i);
ANALYZE bf;

INSERT INTO firms_designation (kind, issuer, number, start_date, end_date, status, status_reason, created_at,
  updated_at, firm_id, revoked_on)
SELECT (ARRAY['social_enterprise', 'pre_social_regional', 'pre_social_ministry', 'cooperative', 'social_cooperative',
              'village_enterprise', 'self_sufficiency', 'social_venture', 'none', 'cooperative'])[1 + i % 10],
  '', '',
  CASE WHEN i % 13 = 0 THEN date '2025-01-01' + (i * 7 % 300)          -- designated during the year
       ELSE date '2019-01-01' + (i * 37 % 2000) END,
  CASE WHEN i % 7 = 0 AND i % 13 <> 0 THEN date '2025-01-01' + (i * 11 % 365) END,  -- expires during the year
  CASE WHEN i % 17 = 0 OR i % 53 = 0 THEN 'revoked' WHEN i % 61 = 0 THEN 'pending' ELSE 'active' END,
  '', now(), now(), id,
  CASE WHEN i % 17 = 0 THEN date '2025-01-01' + (i * 5 % 365) END       -- revoked during the year (else never in force)
FROM bf WHERE i % 10 <> 8;
INSERT INTO firms_designation (kind, issuer, number, start_date, end_date, status, status_reason, created_at,
  updated_at, firm_id, revoked_on)
SELECT 'social_enterprise', '', '', date '2025-07-01', NULL, 'active', '', now(), now(), id, NULL
FROM bf WHERE i % 10 = 9;

INSERT INTO procurement_firmqualification (kind, number, issuer, start_date, end_date, revoked_on, revoked_reason,
  firm_id)
SELECT 'women_owned', '', '', date '2018-01-01', CASE WHEN i % 12 = 0 THEN date '2025-06-30' END,
  CASE WHEN i % 66 = 0 THEN date '2025-09-01' END, '', id FROM bf WHERE i % 6 = 0
UNION ALL
SELECT 'disabled_owned', '', '', date '2020-01-01', NULL, NULL, '', id FROM bf WHERE i % 20 = 1
UNION ALL
SELECT 'severely_disabled_facility', '', '', date '2024-03-01', date '2026-02-28', NULL, '', id FROM bf WHERE i % 33 = 2
UNION ALL
SELECT 'disability_standard_workplace', '', '', date '2025-04-01', NULL, NULL, '', id FROM bf WHERE i % 29 = 3;

INSERT INTO procurement_agency (name, kind, business_number, address, billing_email, status, rejection_reason,
  stripe_customer_id, created_at, approved_at, district_id)
VALUES ('bench agency A', 'public_institution', '', '', '', 'approved', '', '', now(), now(), '11440'),
       ('bench agency B', 'school', '', '', '', 'approved', '', '', now(), now(), '11110');

-- agency A's total purchasing in 2025 (20 million won a line: social economy firms near 4%) and its plan
INSERT INTO procurement_agencyyear (agency_id, year, total_purchasing, updated_at)
SELECT id, 2025, %(deliveries)s::bigint * 8 * 20000000, now() FROM procurement_agency WHERE name = 'bench agency A';
INSERT INTO procurement_agencyplantarget (agency_id, year, regime_id, target_amount)
SELECT a.id, 2025, r.id, %(deliveries)s::bigint * 8 * 20000000 / 10000 * (r.target_rate * 10000)::bigint
FROM procurement_agency a, procurement_procurementregime r WHERE a.name = 'bench agency A';

-- One purchase and one delivery of 8 lines each: first agency A's year, then a tenth more around it.
CREATE TEMP TABLE plan AS
SELECT j, (SELECT id FROM procurement_agency WHERE name = 'bench agency A') AS agency_id,
  bf.id AS firm_id, bf.district_id AS firm_district_id, date '2025-01-01' + (j * 97 % 365) AS accepted_on
FROM generate_series(1, %(deliveries)s) AS j JOIN bf ON bf.i = 1 + (j * 7919) % 2000;
INSERT INTO plan
SELECT j, (SELECT id FROM procurement_agency
           WHERE name = CASE WHEN j % 4 = 3 THEN 'bench agency B' ELSE 'bench agency A' END),
  bf.id, bf.district_id,
  CASE j % 4 WHEN 0 THEN date '2024-12-01' + (j % 31) WHEN 1 THEN date '2026-01-01' + (j % 31)
              WHEN 2 THEN NULL ELSE date '2025-01-01' + (j * 97 % 365) END
FROM generate_series(%(deliveries)s + 1, %(deliveries)s + %(around)s) AS j JOIN bf ON bf.i = 1 + (j * 7919) % 2000;

INSERT INTO procurement_purchase (number, channel, status, title, delivery_place, delivery_date, supply_total,
  vat_total, total, tender_required, tender_reasons, created_at, submitted_at, approved_at, agency_id,
  agency_district_id, firm_id, firm_district_id, requester_id)
SELECT 'BENCH-' || j, 'buy_now', 'ordered', 'bench', '', coalesce(accepted_on, date '2025-12-31'), 0, 0, 0, false,
  '[]', now(), now(), now(), plan.agency_id, a.district_id, plan.firm_id, plan.firm_district_id,
  (SELECT id FROM accounts_user WHERE email = 'bench-requester@example.test')
FROM plan JOIN procurement_agency a ON a.id = plan.agency_id ORDER BY j;

CREATE TEMP TABLE pid AS
SELECT p.id AS purchase_id, plan.* FROM procurement_purchase p JOIN plan ON p.number = 'BENCH-' || plan.j;

-- quantity 1-20, unit price 1,000-200,000 won, one line in ten VAT-exempt; supply value rounded half up
INSERT INTO procurement_purchaseline (title, unit, quantity, unit_price, vat_exempt, line_total, supply_value, vat,
  delivered_quantity, accepted_quantity, rejected_quantity, purchase_id)
SELECT 'line', '개', q, u, ex, q * u, CASE WHEN ex THEN q * u ELSE (q * u * 10 + 5) / 11 END,
  CASE WHEN ex THEN 0 ELSE q * u - (q * u * 10 + 5) / 11 END, q, 0, 0, purchase_id
FROM (SELECT purchase_id, 1 + (j * 8 + k) % 20 AS q, 1000 * (1 + (j * 8 + k) * 31 % 200) AS u,
             (j * 8 + k) % 10 = 0 AS ex
      FROM pid, generate_series(0, 7) AS k ORDER BY purchase_id, k) s;

-- the kind the sale is reported under on the day (firms.selectors.firm_reported_kinds, in SQL)
INSERT INTO procurement_delivery (number, status, delivered_on, note, created_at, inspected_at, accepted_on,
  firm_kind, created_by_id, purchase_id)
SELECT 'DL-BENCH-' || j, CASE WHEN accepted_on IS NULL THEN 'awaiting_inspection' ELSE 'inspected' END,
  coalesce(accepted_on, date '2025-12-31'), '', now(), CASE WHEN accepted_on IS NOT NULL THEN now() END, accepted_on,
  coalesce((SELECT d.kind FROM firms_designation d
            WHERE d.firm_id = pid.firm_id AND d.start_date <= accepted_on
              AND (d.end_date IS NULL OR d.end_date >= accepted_on)
              AND (d.status = 'active' OR (d.status = 'revoked' AND d.revoked_on > accepted_on))
            ORDER BY array_position(ARRAY['social_enterprise', 'pre_social_regional', 'pre_social_ministry',
              'cooperative', 'social_cooperative', 'village_enterprise', 'self_sufficiency', 'social_venture'],
              d.kind::text) LIMIT 1), ''),
  (SELECT id FROM accounts_user WHERE email = 'bench-requester@example.test'), purchase_id
FROM pid ORDER BY purchase_id;

-- one delivery line per purchase line, written together as the inspection service does; one in 12 rejected
INSERT INTO procurement_deliveryline (quantity, result, rejection_reason, amount, supply_value, vat, delivery_id,
  purchase_line_id)
SELECT pl.quantity,
  CASE WHEN d.accepted_on IS NULL THEN 'pending' WHEN pl.id % 12 = 5 THEN 'rejected' ELSE 'accepted' END,
  CASE WHEN d.accepted_on IS NOT NULL AND pl.id % 12 = 5 THEN 'bench: damaged' ELSE '' END,
  pl.line_total, pl.supply_value, pl.vat, d.id, pl.id
FROM procurement_purchaseline pl JOIN procurement_delivery d ON d.purchase_id = pl.purchase_id
ORDER BY d.id, pl.id;

INSERT INTO procurement_agencyinvoice (number, status, supply_total, vat_total, total, issued_on, due_on, provider,
  provider_invoice_id, hosted_invoice_url, created_at, paid_at, paid_by_method, payment_reference, agency_id,
  firm_id, delivery_id, purchase_id)
SELECT 'IV-' || d.number, 'paid', 0, 0, 0, d.accepted_on, d.accepted_on + 30, 'stripe', '', '', now(), now(),
  'bank_transfer', '', p.agency_id, p.firm_id, d.id, p.id
FROM procurement_delivery d JOIN procurement_purchase p ON p.id = d.purchase_id
WHERE d.accepted_on IS NOT NULL ORDER BY d.id;

INSERT INTO procurement_agencyrefund (amount, reason, refunded_on, created_at, invoice_id, delivery_line_id)
SELECT dl.amount / 3 + 1, 'bench', d.accepted_on + 40, now(), i.id, dl.id
FROM procurement_deliveryline dl JOIN procurement_delivery d ON d.id = dl.delivery_id
JOIN procurement_agencyinvoice i ON i.delivery_id = d.id
WHERE dl.result = 'accepted' AND dl.id % 97 = 0
UNION ALL
SELECT dl.amount / 5 + 1, 'bench', d.accepted_on + 60, now(), i.id, dl.id
FROM procurement_deliveryline dl JOIN procurement_delivery d ON d.id = dl.delivery_id
JOIN procurement_agencyinvoice i ON i.delivery_id = d.id
WHERE dl.result = 'accepted' AND dl.id % 970 = 0;
"""


def create_and_fill(url: str, lines: int) -> None:
    import psycopg

    name = db_name(url)
    with admin_connect(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True, env=os.environ.copy())
    log(f"database {name} created and migrated in {time.perf_counter() - started:.1f} s")
    deliveries = max(1, lines // LINES_PER_DELIVERY)
    started = time.perf_counter()
    with psycopg.connect(url) as conn:
        with conn.cursor() as cursor:
            # Django gives text and boolean fields their defaults in Python, not in the table: give this throwaway
            # database's columns '' and false, so a text or flag field added to a model later needs no change here.
            cursor.execute(
                "SELECT format('ALTER TABLE %I ALTER COLUMN %I SET DEFAULT %s', table_name, column_name,"
                " CASE WHEN data_type = 'boolean' THEN 'false' ELSE quote_literal('') END)"
                " FROM information_schema.columns WHERE table_schema = 'public' AND is_nullable = 'NO'"
                " AND column_default IS NULL AND data_type IN ('character varying', 'text', 'boolean')"
            )
            for (statement,) in cursor.fetchall():
                cursor.execute(statement)
            # Whole numbers only, so no parameters: the script runs as one simple query, several statements.
            script = GENERATE.replace("%(deliveries)s", str(int(deliveries)))
            cursor.execute(script.replace("%(around)s", str(int(max(1, deliveries // 10)))))
        conn.commit()
    log(f"facts written in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        # The visibility map too, as autovacuum would leave it: index-only scans need it.
        conn.execute("VACUUM ANALYZE")
    log(f"VACUUM ANALYZE in {time.perf_counter() - started:.1f} s")


# --- the hand-written aggregate --------------------------------------------------------------------------------------
def hand_sql(regimes) -> tuple[str, list]:
    """One statement: each accepted delivery of the agency's year with its accepted amount less refunds and, per
    regime, whether its firm qualified on the acceptance day; summed per regime by GROUPING SETS over month,
    reported kind and firm district. The regimes' kinds are data, so their EXISTS tests are written from them."""
    flags, params = [], []
    valid_on = (
        "x.firm_id = d.firm_id AND x.start_date <= d.accepted_on"
        " AND (x.end_date IS NULL OR x.end_date >= d.accepted_on)"
    )
    for n, regime in enumerate(regimes):
        if regime.basis == "designation" and regime.designation_kinds:
            flags.append(
                f"EXISTS (SELECT 1 FROM firms_designation x WHERE {valid_on} AND x.kind = ANY(%s) AND "
                f"(x.status = 'active' OR (x.status = 'revoked' AND x.revoked_on > d.accepted_on))) AS r{n}"
            )
            params.append(list(regime.designation_kinds))
        elif regime.basis == "qualification" and regime.qualification_kind:
            flags.append(
                f"EXISTS (SELECT 1 FROM procurement_firmqualification x WHERE {valid_on} AND x.kind = %s AND "
                f"(x.revoked_on IS NULL OR x.revoked_on > d.accepted_on)) AS r{n}"
            )
            params.append(regime.qualification_kind)
        else:
            flags.append(f"false AS r{n}")
    sums = ", ".join(f"COALESCE(SUM(net) FILTER (WHERE r{n}), 0) AS r{n}" for n in range(len(regimes)))
    sql = f"""
    WITH d AS (
      SELECT d.id, d.accepted_on, p.firm_id, p.firm_district_id AS district,
             EXTRACT(MONTH FROM d.accepted_on)::int AS month,
             CASE WHEN d.firm_kind IN ('pre_social_regional', 'pre_social_ministry') THEN 'pre_social'
                  WHEN d.firm_kind IN ('social_enterprise', 'cooperative', 'social_cooperative', 'village_enterprise',
                                       'self_sufficiency', 'social_venture') THEN d.firm_kind
                  ELSE 'none' END AS kind,
             a.accepted - COALESCE(r.refunded, 0) AS net
      FROM procurement_delivery d
      JOIN procurement_purchase p ON p.id = d.purchase_id
      JOIN (SELECT delivery_id, SUM(amount) AS accepted FROM procurement_deliveryline
            WHERE result = 'accepted' GROUP BY delivery_id) a ON a.delivery_id = d.id
      LEFT JOIN (SELECT dl.delivery_id, SUM(r.amount) AS refunded FROM procurement_agencyrefund r
                 JOIN procurement_deliveryline dl ON dl.id = r.delivery_line_id
                 WHERE dl.result = 'accepted' GROUP BY dl.delivery_id) r ON r.delivery_id = d.id
      WHERE p.agency_id = %s AND d.accepted_on >= %s AND d.accepted_on < %s
    ), q AS (
      SELECT d.*, {", ".join(flags)} FROM d
    )
    SELECT GROUPING(month, kind, district) AS grouping, month, kind, district, SUM(net) AS total, {sums}
    FROM q GROUP BY GROUPING SETS ((), (month), (kind), (district))
    """
    return sql, params


def run_hand(cursor, agency_id: int, regimes) -> dict:
    sql, flag_params = hand_sql(regimes)
    start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR + 1, 1, 1)
    cursor.execute(sql, [agency_id, start, end, *flag_params])
    return cursor.fetchall()


def hand_figures(rows, regimes, districts) -> dict:
    """The hand SQL's rows as measure -> {total, month, kind, district} (absent groups are 0)."""
    from market.procurement.selectors.performance import MONTHS, REPORTED_KINDS

    measures = ["all", *(r.code for r in regimes)]
    figures = {
        m: {
            "total": 0,
            "month": dict.fromkeys(MONTHS, 0),
            "kind": dict.fromkeys(REPORTED_KINDS, 0),
            "district": dict.fromkeys(districts, 0),
        }
        for m in measures
    }
    # GROUPING(month, kind, district): 7 = the grand total, 3 = by month, 5 = by kind, 6 = by district.
    where = {7: None, 3: ("month", 1), 5: ("kind", 2), 6: ("district", 3)}
    for row in rows:
        dimension = where[row[0]]
        for n, measure in enumerate(measures):
            value = int(row[4 + n])
            if dimension is None:
                figures[measure]["total"] = value
            else:
                figures[measure][dimension[0]][row[dimension[1]]] = value
    return figures


def report_figures(report) -> dict:
    def one(b):
        return {"total": b.total, "month": b.by_month, "kind": b.by_kind, "district": b.by_district}

    return {"all": one(report.marketplace), **{r.regime.code: one(r.breakdown) for r in report.regimes}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000, help="delivery lines of the reported agency-year")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep-database", action="store_true", help="keep gachi_agency_bench (else dropped)")
    parser.add_argument("--reuse-database", action="store_true", help="time a kept database again (no generation)")
    parser.add_argument("--json", metavar="PATH", help="write the figures and ratios to this file as JSON")
    args = parser.parse_args()
    if "bench" not in BENCH_DB:
        sys.exit(f"refusing to use {BENCH_DB!r}: the bench database's name must contain 'bench'")

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit('DATABASE_URL must name the PostgreSQL server (eval "$(bash scripts/services.sh env)").')
    url = with_db_name(base, BENCH_DB)
    os.environ.update(
        DATABASE_URL=url, DJANGO_SETTINGS_MODULE="market.settings.base", DJANGO_DEBUG="0", LOG_LEVEL="WARNING"
    )
    os.environ.pop("REDIS_URL", None)

    if not args.reuse_database:
        create_and_fill(url, args.lines)
    try:
        import django

        django.setup()
        from django.db import connection

        from market.procurement.models import Agency, DeliveryLine
        from market.procurement.selectors.performance import active_regimes, agency_performance, district_codes

        agency = Agency.objects.get(name="bench agency A")
        in_year = DeliveryLine.objects.filter(
            delivery__purchase__agency=agency, delivery__accepted_on__year=YEAR
        ).count()
        log(f"agency A, {YEAR}: {in_year:,} delivery lines ({DeliveryLine.objects.count():,} in the database)")
        regimes, districts = active_regimes(), district_codes()
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
            cursor.execute("SHOW max_parallel_workers_per_gather")
            log(f"jit off; max_parallel_workers_per_gather {cursor.fetchone()[0]}")

        times = {"selector": [], "hand SQL": []}
        report = rows = None
        for n in range(args.rounds):
            order = ["selector", "hand SQL"] if n % 2 == 0 else ["hand SQL", "selector"]
            for side in order:
                load = os.getloadavg()[0]
                started = time.perf_counter()
                if side == "selector":
                    report = agency_performance(agency, YEAR)
                else:
                    with connection.cursor() as cursor:
                        rows = run_hand(cursor, agency.pk, regimes)
                elapsed = time.perf_counter() - started
                times[side].append(elapsed)
                log(f"round {n + 1}: {side:9} {elapsed * 1000:8.0f} ms  (load average before {load:.1f})")

        ours, theirs = report_figures(report), hand_figures(rows, regimes, districts)
        log("")
        log(f"{'regime':32} {'counted (won)':>18} {'share':>8} {'gap (won)':>18}")
        log(f"{'every accepted purchase':32} {report.marketplace.total:>18,}")
        for result in report.regimes:
            share = "-" if result.share is None else f"{result.share}"
            log(f"{result.regime.code:32} {result.counted:>18,} {share:>8} {result.gap:>18,}")
        log("")
        for side, values in times.items():
            log(
                f"{side:9} median {statistics.median(values) * 1000:8.0f} ms, best {min(values) * 1000:8.0f} ms, "
                f"worst {max(values) * 1000:8.0f} ms"
            )
        ratio = statistics.median(times["selector"]) / statistics.median(times["hand SQL"])
        best_ratio = min(times["selector"]) / min(times["hand SQL"])
        verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
        log(
            f"selector / hand SQL: {ratio:.2f}x (medians), {best_ratio:.2f}x (best); "
            f"target <= {TARGET_RATIO}x: {verdict}"
        )
        if ours != theirs:
            differing = [m for m in ours if ours[m] != theirs.get(m)]
            log(f"FIGURES DIFFER for {differing}")
            return 1
        figures = sum(1 + len(v["month"]) + len(v["kind"]) + len(v["district"]) for v in ours.values())
        log(f"figures equal: {figures} figures ({len(ours)} measures x total, 12 months, 8 kinds, 25 districts)")
        if args.json:
            out = {
                "lines": in_year,
                "rounds": args.rounds,
                "selector_ms": statistics.median(times["selector"]) * 1000,
                "hand_ms": statistics.median(times["hand SQL"]) * 1000,
                "ratio": ratio,
                "best_ratio": best_ratio,
                "figures_equal": figures,
            }
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            Path(args.json).write_text(json.dumps(out, indent=1) + "\n")
        return 0
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_database:
            with admin_connect(url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
            log(f"database {BENCH_DB} dropped")


if __name__ == "__main__":
    sys.exit(main())
