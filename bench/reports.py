"""The reports (issue 11) over 1,000,000 citizens' order lines (and agencies' accepted delivery lines beside them):
each report's selector against one hand-written SQL aggregate of the same figures over the raw rows, in the same
run, interleaved; and the pre-aggregation job (market.reports.sales.refresh_sales_days) timed on its own.

    eval "$(bash scripts/services.sh env)"
    python bench/reports.py [--lines 1000000] [--agency-lines 100000] [--rounds 5] [--keep-database]
                            [--reuse-database]

It makes a throwaway database (gachi_reports_bench on the DATABASE_URL server; the name must contain 'bench'),
writes agencies' purchases with bench/agency_report.py's generator (`--agency-lines` delivery lines: 2,000 firms
round the 25 districts, refunds, rejected lines), then the citizens' side with INSERT … SELECT over generate_series
(no services, no Python loop over rows): 10 products a firm, 50,000 citizens round the districts, orders of 4 lines
from 2 firms (2 parts) paid during 2025 (one in 9 of them still unpaid or expired: not sales), a payment per order,
and one part in 40 refunded in full 5 days after payment (a payment-ledger refund entry, as the payments service
books it).

The reports read the pre-aggregated table (SalesDay) the beat job fills; the hand-written SQL reads the raw rows,
so each ratio compares "report as served" with "the same figures computed directly". The figures must be equal:
the bench fails if one differs.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import agency_report  # noqa: E402  (the agencies' generator and database helpers)

BENCH_DB = os.environ.get("REPORTS_BENCH_DATABASE_NAME", "gachi_reports_bench")  # bench/all.sh: its own
TARGET_RATIO = 1.5
LINES_PER_ORDER = 4
log = agency_report.log

CITIZENS = """
CREATE TEMP TABLE bf AS SELECT id, registration_number::int AS i, district_id FROM firms_firm
WHERE name LIKE 'bench firm %%';
CREATE INDEX ON bf (i);
ANALYZE bf;

INSERT INTO catalog_category (slug, name_ko, name_en, position, path, parent_id)
SELECT 'bench', 'bench', 'bench', 0, '', NULL WHERE NOT EXISTS (SELECT 1 FROM catalog_category);

INSERT INTO catalog_product (sku, title, description, price, stock, unit, min_order_quantity, status, created_at,
  updated_at, published_at, category_id, firm_id, vat_exempt)
SELECT 'B-' || bf.i || '-' || k, 'bench product ' || bf.i || '-' || k, '', 1000 * (1 + (bf.i * 10 + k) * 37 %% 100),
  100, '개', 1, 'published', now(), now(), now(), (SELECT min(id) FROM catalog_category), bf.id, false
FROM bf, generate_series(0, 9) AS k;

CREATE TEMP TABLE bp AS
SELECT p.id, p.firm_id, bf.i AS firm_i, bf.district_id, p.price, p.title, p.sku,
  (bf.i - 1) * 10 + split_part(p.sku, '-', 3)::int AS n
FROM catalog_product p JOIN bf ON bf.id = p.firm_id;
CREATE INDEX ON bp (n);
ANALYZE bp;

INSERT INTO accounts_user (password, is_superuser, first_name, last_name, is_staff, is_active, date_joined, email,
  display_name, kind, district_id)
SELECT '!', false, '', '', false, true, now(), 'bench-citizen-' || i || '@example.test', '', 'buyer',
  (SELECT array_agg(code ORDER BY code) FROM firms_district)[1 + i %% 25]
FROM generate_series(1, 50000) AS i;

CREATE TEMP TABLE bu AS
SELECT id, split_part(split_part(email, '@', 1), '-', 3)::int AS i, district_id FROM accounts_user
WHERE email LIKE 'bench-citizen-%%';
CREATE INDEX ON bu (i);
ANALYZE bu;

-- order j: buyer 1 + j*7 % 50000; firms a and b (a skewed: one firm in about 13 orders is firm 1, as a popular
-- seller's would be; b spread evenly and never a); paid on a day of 2025 at an hour of the day (Seoul); one in nine
-- unpaid (pending) or expired; a paid one closed when j % 3 = 0
CREATE TEMP TABLE bo AS
SELECT j, buyer_id, buyer_district_id, 1 + u * u * u / 4000000 AS firm_a,
  1 + (u * u * u / 4000000 + 1 + (j * 31) %% 1999) %% 2000 AS firm_b, paid_at, status
FROM (
  SELECT j, bu.id AS buyer_id, bu.district_id AS buyer_district_id, (j::bigint * 7919) %% 2000 AS u,
    timestamptz '2025-01-01 00:00:00+09' + ((j * 97) %% 365) * interval '1 day' + ((j * 13) %% 24) * interval '1 hour'
      AS paid_at,
    CASE WHEN j %% 9 = 4 THEN 'pending_payment' WHEN j %% 9 = 7 THEN 'expired' WHEN j %% 3 = 0 THEN 'closed'
         ELSE 'paid' END AS status
  FROM generate_series(1, %(orders)s) AS j JOIN bu ON bu.i = 1 + (j * 7) %% 50000
) AS drawn;

INSERT INTO orders_order (number, buyer_kind, status, currency, items_total, shipping_total, total, shipping_name,
  shipping_phone, shipping_postal_code, shipping_address1, shipping_address2, reservation_expires_at, placed_at,
  paid_at, buyer_id, buyer_district_id)
SELECT 'BO-' || j, 'citizen', status, 'KRW', 0, 0, 0, 'bench', '010', '04001', 'bench', '', paid_at, paid_at,
  CASE WHEN status IN ('paid', 'closed') THEN paid_at END, buyer_id, buyer_district_id
FROM bo ORDER BY j;

CREATE TEMP TABLE boid AS SELECT o.id AS order_id, bo.* FROM orders_order o JOIN bo ON o.number = 'BO-' || bo.j;
CREATE INDEX ON boid (order_id);
ANALYZE boid;

INSERT INTO orders_fulfilment (status, items_total, refunded_amount, carrier, tracking_number, cancel_reason,
  firm_id, order_id)
SELECT CASE WHEN boid.status = 'closed' THEN 'purchase_confirmed' WHEN boid.status = 'paid' THEN 'confirmed'
            WHEN boid.status = 'expired' THEN 'cancelled' ELSE 'pending' END,
  0, 0, '', '', '', bf.id, boid.order_id
FROM boid, LATERAL (VALUES (boid.firm_a), (boid.firm_b)) AS side(firm_i) JOIN bf ON bf.i = side.firm_i
ORDER BY boid.order_id, bf.id;

-- two lines a part: products k and k+5 of the firm, 1-5 units
INSERT INTO orders_orderline (title, sku, unit, unit_price, quantity, line_total, firm_kind, firm_id,
  firm_district_id, fulfilment_id, order_id, product_id)
SELECT bp.title, bp.sku, '개', bp.price, q, bp.price * q,
  coalesce((SELECT d.kind FROM firms_designation d WHERE d.firm_id = f.firm_id AND d.status = 'active'
            ORDER BY d.id LIMIT 1), ''),
  f.firm_id, bp.district_id, f.id, f.order_id, bp.id
FROM orders_fulfilment f JOIN boid ON boid.order_id = f.order_id JOIN bf ON bf.id = f.firm_id,
  LATERAL (SELECT 1 + (boid.j + k) %% 5 AS q, (bf.i - 1) * 10 + (boid.j + k * 5) %% 10 AS n
           FROM generate_series(0, 1) AS k) AS pick
  JOIN bp ON bp.n = pick.n
ORDER BY f.id;

UPDATE orders_fulfilment f SET items_total = s.total
FROM (SELECT fulfilment_id, sum(line_total) AS total FROM orders_orderline GROUP BY fulfilment_id) s
WHERE s.fulfilment_id = f.id;
UPDATE orders_order o SET items_total = s.total, total = s.total
FROM (SELECT order_id, sum(items_total) AS total FROM orders_fulfilment GROUP BY order_id) s
WHERE s.order_id = o.id;

INSERT INTO payments_payment (provider, intent_id, client_secret, amount, currency, status, last_error,
  confirm_attempts, created_at, updated_at, order_id)
SELECT 'stripe', 'pi_bench_' || boid.j, '', o.total, 'KRW',
  CASE WHEN boid.status IN ('paid', 'closed') THEN 'succeeded' ELSE 'pending' END, '', 0, boid.paid_at, boid.paid_at,
  o.id
FROM boid JOIN orders_order o ON o.id = boid.order_id;

-- one paid part in 40 refunded in full, 5 days after payment (the part cancelled)
INSERT INTO payments_paymentledgerentry (kind, amount, external_id, note, created_at, fulfilment_id, payment_id)
SELECT 'refund', f.items_total, 're_bench_' || f.id, 'bench', boid.paid_at + interval '5 days', f.id, p.id
FROM orders_fulfilment f JOIN boid ON boid.order_id = f.order_id JOIN payments_payment p ON p.order_id = f.order_id
WHERE boid.status IN ('paid', 'closed') AND f.id %% 40 = 0;
UPDATE orders_fulfilment f SET refunded_amount = items_total, status = 'cancelled'
WHERE id IN (SELECT fulfilment_id FROM payments_paymentledgerentry WHERE kind = 'refund');
"""


def fill_citizens(url: str, lines: int) -> None:
    import psycopg

    orders = max(1, lines // LINES_PER_ORDER)
    started = time.perf_counter()
    with psycopg.connect(url) as conn:
        with conn.cursor() as cursor:
            cursor.execute(CITIZENS.replace("%(orders)s", str(int(orders))).replace("%%", "%"))
        conn.commit()
    log(f"citizens' orders written in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    log(f"VACUUM ANALYZE in {time.perf_counter() - started:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000, help="citizens' order lines")
    parser.add_argument("--agency-lines", type=int, default=100_000, help="agencies' delivery lines")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep-database", action="store_true", help=f"keep {BENCH_DB} (else dropped)")
    parser.add_argument("--reuse-database", action="store_true", help="time a kept database again (no generation)")
    parser.add_argument("--json", metavar="PATH", help="write the figures and ratios to this file as JSON")
    args = parser.parse_args()
    if "bench" not in BENCH_DB:
        sys.exit(f"refusing to use {BENCH_DB!r}: the bench database's name must contain 'bench'")

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit('DATABASE_URL must name the PostgreSQL server (eval "$(bash scripts/services.sh env)").')
    url = agency_report.with_db_name(base, BENCH_DB)
    os.environ.update(
        DATABASE_URL=url, DJANGO_SETTINGS_MODULE="market.settings.base", DJANGO_DEBUG="0", LOG_LEVEL="WARNING"
    )
    os.environ.pop("REDIS_URL", None)

    if not args.reuse_database:
        agency_report.create_and_fill(url, args.agency_lines)
        fill_citizens(url, args.lines)
    try:
        import django

        django.setup()
        from reports_cases import run_cases

        return run_cases(rounds=args.rounds, target=TARGET_RATIO, json_path=args.json)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_database:
            with agency_report.admin_connect(url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
            log(f"database {BENCH_DB} dropped")


if __name__ == "__main__":
    sys.exit(main())
