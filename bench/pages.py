"""Product list and product page: requests/s of the API against a raw-SQL JSON floor, side by side (issue 12).

    DATABASE_URL=postgres://…/gachi_pages_bench python bench/pages.py [--rounds 5] [--seconds 6] [--clients 4]

The floor is a plain Django view, added to the URLs only inside this bench's gunicorn (never in the product URLs):
one hand-written SQL statement builds the very JSON the API answers (the page's count and links, every product's
fields, firm, district, valid designation kinds, category, tags, images with their rendition URLs, price tiers)
with json_build_object/json_agg, and the view returns PostgreSQL's text as is. Both are served by one gunicorn
(the same workers, middleware and connection settings), on 127.0.0.1; rounds alternate which side goes first;
the figures are medians of the rounds. Before timing, the bench checks that both sides answer the same JSON and
counts the API's SQL queries per page (in-process, Django's test client).

The catalogue comes from bench/generate_products.py (the database name must contain "bench"); the first run adds
1–3 images with renditions to every product (no files: only their paths are read) and two price tiers to one
product in three, in SQL. Gunicorn is stopped by its pid at the end.
"""

import argparse
import datetime
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "market.settings.base")

from columns import pad, verdict  # noqa: E402
from search_bench import STATS_HEADER, free_port, run_load, section  # noqa: E402

TARGET = 0.50  # the API's requests/s at least half the floor's
FLOOR = "/bench/floor/products/"
API = "/api/v1/products/"

# --- the floor: one statement per request ----------------------------------------------------------------------
# What a public product is (market/catalog/models.py ProductQuerySet.public) and a valid designation on a day
# (market/firms/models.py DesignationQuerySet.valid), written out in SQL.
PUBLIC = """p.status = 'published' AND f.verification_status = 'verified' AND f.listings_hidden_reason = ''"""
PRODUCT_JSON = """
json_build_object(
    'id', p.id, 'title', p.title, 'description', p.description, 'price', p.price, 'unit', p.unit,
    'stock', p.stock, 'in_stock', p.stock >= p.min_order_quantity, 'min_order_quantity', p.min_order_quantity,
    'price_tiers', COALESCE((
        SELECT json_agg(json_build_object('min_quantity', t.min_quantity, 'unit_price', t.unit_price)
                        ORDER BY t.min_quantity)
        FROM catalog_pricetier t WHERE t.product_id = p.id), '[]'),
    'vat_exempt', p.vat_exempt,
    'category', json_build_object('id', c.id, 'slug', c.slug, 'name_ko', c.name_ko, 'name_en', c.name_en,
                                  'parent', c.parent_id),
    'firm', json_build_object(
        'id', f.id, 'name', f.name,
        'district', json_build_object('code', d.code, 'name_ko', d.name_ko, 'name_en', d.name_en),
        'svi_grade', f.svi_grade,
        'kinds', COALESCE((
            SELECT json_agg(DISTINCT g.kind ORDER BY g.kind) FROM firms_designation g
            WHERE g.firm_id = f.id AND g.start_date <= %(today)s AND (g.end_date IS NULL OR g.end_date >= %(today)s)
              AND (g.status = 'active' OR (g.status = 'revoked' AND g.revoked_on > %(today)s))), '[]')),
    'tags', COALESCE((
        SELECT json_agg(json_build_object('slug', s.slug, 'name_ko', s.name_ko, 'name_en', s.name_en, 'area', s.area)
                        ORDER BY s.area, s.slug)
        FROM catalog_product_tags pt JOIN catalog_socialvaluetag s ON s.id = pt.socialvaluetag_id
        WHERE pt.product_id = p.id), '[]'),
    'images', COALESCE((
        SELECT json_agg(json_build_object(
            'id', i.id, 'url', CASE WHEN i.original <> '' THEN %(media)s || i.original END,
            'width', i.width, 'height', i.height, 'format', i.format, 'alt_text', i.alt_text, 'position', i.position,
            'renditions', (SELECT COALESCE(json_object_agg(r.key, %(media)s || r.value), '{}')
                           FROM jsonb_each_text(i.renditions) r),
            'renditions_status', CASE WHEN i.processing_error <> '' THEN 'failed'
                                      WHEN i.renditions <> '{}'::jsonb THEN 'ready' ELSE 'pending' END)
            ORDER BY i.position, i.id)
        FROM catalog_productimage i WHERE i.product_id = p.id), '[]'),
    'published_at', p.published_at)
"""
JOINS = """
JOIN firms_firm f ON f.id = p.firm_id
JOIN firms_district d ON d.code = f.district_id
JOIN catalog_category c ON c.id = p.category_id
"""
LIST_SQL = f"""
WITH total AS (
    SELECT count(*) AS n FROM catalog_product p JOIN firms_firm f ON f.id = p.firm_id WHERE {PUBLIC}
), page AS (
    SELECT p.* FROM catalog_product p JOIN firms_firm f ON f.id = p.firm_id WHERE {PUBLIC}
    ORDER BY p.published_at DESC, p.id DESC LIMIT %(size)s OFFSET %(offset)s
)
SELECT json_build_object(
    'count', total.n,
    'next', CASE WHEN %(offset)s + %(size)s < total.n THEN %(base)s || (%(page)s + 1) || %(tail)s END,
    'previous', CASE WHEN %(page)s = 2 THEN %(first)s WHEN %(page)s > 2 THEN %(base)s || (%(page)s - 1) || %(tail)s END,
    'results', COALESCE((
        SELECT json_agg({PRODUCT_JSON} ORDER BY p.published_at DESC, p.id DESC) FROM page p {JOINS}), '[]')
)::text
FROM total
"""
DETAIL_SQL = f"SELECT {PRODUCT_JSON}::text FROM catalog_product p {JOINS} WHERE p.id = %(id)s AND {PUBLIC}"


def floor_params(**extra) -> dict:
    from django.conf import settings
    from django.utils import timezone

    return {"today": timezone.localdate(), "media": settings.MEDIA_URL, **extra}


def floor_list(request):
    from django.db import connection
    from django.http import HttpResponse

    # The API's page and page_size, without its checks (the bench only sends good ones).
    page, size = int(request.GET.get("page", 1)), int(request.GET.get("page_size", 20))
    # The links DRF's PageNumberPagination writes: the same URL with page replaced (and dropped for page 1).
    url = request.build_absolute_uri(request.path)
    params = floor_params(
        page=page,
        size=size,
        offset=(page - 1) * size,
        base=f"{url}?page=",
        tail=f"&page_size={size}",
        first=f"{url}?page_size={size}",
    )
    with connection.cursor() as cursor:
        cursor.execute(LIST_SQL, params)
        return HttpResponse(cursor.fetchone()[0], content_type="application/json")


def floor_detail(request, pk: int):
    from django.db import connection
    from django.http import HttpResponse

    with connection.cursor() as cursor:
        cursor.execute(DETAIL_SQL, floor_params(id=pk))
        row = cursor.fetchone()
    if row is None:
        return HttpResponse('{"detail": "not found"}', status=404, content_type="application/json")
    return HttpResponse(row[0], content_type="application/json")


urlpatterns: list = []


def wsgi_app():
    """Gunicorn's app factory (`pages:wsgi_app()`): the project's URLs with the floor's in front."""
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from django.urls import include, path

    application = get_wsgi_application()
    urlpatterns[:] = [
        path(FLOOR.lstrip("/"), floor_list),
        path(f"{FLOOR.lstrip('/')}<int:pk>/", floor_detail),
        path("", include(settings.ROOT_URLCONF)),
    ]
    settings.ROOT_URLCONF = __name__
    return application


# --- the catalogue's images and price tiers ---------------------------------------------------------------------
ENRICH_SQL = [
    # 1–3 images per product, each with the four renditions' paths; one product in 50 has a pending last image.
    """
    INSERT INTO catalog_productimage
        (product_id, original, pending_upload, processing_error, width, height, format, alt_text, position,
         renditions, created_at)
    SELECT p.id,
           CASE WHEN pending THEN '' ELSE 'products/' || p.id || '/' || n || '.jpg' END,
           '', '', 800, 800, 'JPEG', p.title || ' ' || (n + 1), n,
           CASE WHEN pending THEN '{}'::jsonb ELSE jsonb_build_object(
               'thumbnail', 'products/' || p.id || '/renditions/' || n || '-thumbnail.jpg',
               'card', 'products/' || p.id || '/renditions/' || n || '-card.jpg',
               'large', 'products/' || p.id || '/renditions/' || n || '-large.jpg',
               'webp', 'products/' || p.id || '/renditions/' || n || '-card.webp') END,
           now()
    FROM catalog_product p
    CROSS JOIN generate_series(0, 2) n
    CROSS JOIN LATERAL (SELECT p.id % 50 = 0 AND n = p.id % 3) x(pending)
    WHERE n <= p.id % 3
    """,
    # Two volume prices for one product in three (below the price, cheaper for more).
    """
    INSERT INTO catalog_pricetier (product_id, min_quantity, unit_price)
    SELECT p.id, q.min_quantity, GREATEST(1, p.price * q.share / 100)
    FROM catalog_product p CROSS JOIN (VALUES (10, 95), (50, 90)) q(min_quantity, share)
    WHERE p.id % 3 = 0 AND p.price >= 100
    """,
]


def enrich() -> None:
    from django.db import connection, transaction

    from market.catalog.models import ProductImage

    if ProductImage.objects.exists():
        return
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in ENRICH_SQL:
            cursor.execute(sql)
        cursor.execute("ANALYZE catalog_productimage; ANALYZE catalog_pricetier")
    print(f"added images and price tiers in {time.perf_counter() - started:.1f}s")


# --- checks ------------------------------------------------------------------------------------------------------
def normalized(value):
    """The JSON with timestamps as instants (the API writes Seoul time, PostgreSQL UTC), links without their host."""
    if isinstance(value, dict):
        return {key: normalized(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalized(item) for item in value]
    if isinstance(value, str) and len(value) >= 25 and value[4:5] == "-" and value[10:11] == "T":
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, str) and value.startswith("http://"):  # the page links: the floor's path is its own
        return ("/" + value.split("/", 3)[3]).replace(FLOOR, API)
    return value


def query_counts(list_paths: list[str], detail_paths: list[str]) -> tuple[set[int], set[int]]:
    """SQL queries per request of the API (in-process test client), for a few pages and products."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = []
    for paths in (list_paths, detail_paths):
        seen = set()
        for request_path in paths:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(request_path).status_code == 200
            seen.add(len(captured))
        counts.append(seen)
    return counts[0], counts[1]


class Server:
    """One gunicorn serving the project and the floor on 127.0.0.1 (stopped by its pid)."""

    def __init__(self, *, workers: int, env: dict):
        import urllib3

        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="bench-pages-gunicorn-", suffix=".log", delete=False)
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "pages:wsgi_app()",
            "--pythonpath",
            f"{ROOT},{ROOT / 'bench'}",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.pool = urllib3.HTTPConnectionPool(
            "127.0.0.1", self.port, maxsize=32, block=True, retries=False, timeout=urllib3.Timeout(total=60)
        )

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log_tail()}")
            try:
                if self.pool.request("GET", f"{FLOOR}?page_size=1").status == 200:
                    return
            except Exception:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn not ready after {timeout}s: {self.log_tail()}")

    def log_tail(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-3000:]

    def get(self, request_path: str):
        return self.pool.request("GET", request_path)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the master stops its workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.pool.close()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


# --- main --------------------------------------------------------------------------------------------------------
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Product list and page against a raw-SQL JSON floor.")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds per endpoint")
    parser.add_argument("--seconds", type=float, default=6, help="seconds per side per round")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--page-size", type=int, default=20)
    parser.add_argument("--pages", type=int, default=50, help="list pages cycled through (1..N)")
    parser.add_argument("--products", type=int, default=200, help="product pages cycled through")
    parser.add_argument("--json", metavar="PATH", help="write the figures and ratios to this file as JSON")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    if "bench" not in name:
        sys.exit(f"Refusing to run on database {name!r}: its name must contain 'bench'.")
    from market.catalog.selectors import product_list_public

    enrich()
    public = product_list_public().count()
    if public < args.page_size * args.pages:
        sys.exit(f"{public} public products: generate more (bench/generate_products.py) or ask for fewer --pages")
    step = max(1, public // args.products)
    ids = list(product_list_public().values_list("pk", flat=True)[::step][: args.products])
    list_query = [f"?page={page}&page_size={args.page_size}" for page in range(1, args.pages + 1)]
    detail_query = [f"{pk}/" for pk in ids]
    print(
        f"database {name}: {public:,} public products; list: {args.pages} pages of {args.page_size}; "
        f"detail: {len(ids)} products; {args.rounds} rounds x {args.seconds:g}s per side, {args.clients} clients, "
        f"gunicorn {args.workers} sync workers; {os.cpu_count()} cores"
    )

    list_counts, detail_counts = query_counts(
        [API + q for q in list_query[:3] + list_query[-1:]], [API + q for q in detail_query[:5]]
    )
    print(f"API SQL queries per request: list {sorted(list_counts)}, detail {sorted(detail_counts)} (target <= 5)")

    env = {**os.environ, "DJANGO_DEBUG": "0", "LOG_LEVEL": "WARNING"}
    server = Server(workers=args.workers, env=env)
    try:
        server.wait_ready()
        section("same answers")
        for api_path, floor_path in [
            (API + list_query[0], FLOOR + list_query[0]),
            (API + list_query[-1], FLOOR + list_query[-1]),
            *[(API + q, FLOOR + q) for q in detail_query[:20]],
        ]:
            api_answer, floor_answer = server.get(api_path), server.get(floor_path)
            assert api_answer.status == floor_answer.status == 200, (api_path, api_answer.status, floor_answer.status)
            if normalized(json.loads(api_answer.data)) != normalized(json.loads(floor_answer.data)):
                sys.exit(f"the floor answers differently from the API for {api_path}")
        print("the API and the floor answered the same JSON for 2 list pages and 20 products")

        def caller(prefix, queries):
            def call(k):
                index = k % len(queries)
                response = server.get(prefix + queries[index])
                return index, response.status == 200 and len(response.data) > 2

            return call

        results = {}
        for endpoint, queries in (("list", list_query), ("detail", detail_query)):
            section(f"{endpoint}: API against the floor")
            print(STATS_HEADER)
            rates = {"API": [], "floor": []}
            for round_number in range(args.rounds):
                sides = [("API", API), ("floor", FLOOR)]
                if round_number % 2:
                    sides.reverse()
                for side, prefix in sides:
                    stats = run_load(
                        caller(prefix, queries), 10**9, clients=args.clients, time_limit=args.seconds, start_at=0
                    )
                    if stats.errors:
                        sys.exit(f"{endpoint} {side}: {stats.errors} errors")
                    rates[side].append(stats.n / stats.wall)
                    print(stats.row(f"{endpoint} {side}, round {round_number + 1}"))
            results[endpoint] = {side: statistics.median(values) for side, values in rates.items()}

        section("summary")
        print(f"  {pad('', 10)}{'API req/s':>12}{'floor req/s':>14}{'ratio':>8}  target >= {TARGET:.2f}")
        met_all = True
        for endpoint, medians in results.items():
            ratio = medians["API"] / medians["floor"]
            met_all &= ratio >= TARGET
            print(
                f"  {pad(endpoint, 10)}{medians['API']:>12.1f}{medians['floor']:>14.1f}{ratio:>8.2f}  "
                f"{verdict(ratio >= TARGET)}"
            )
        queries_ok = max(list_counts | detail_counts) <= 5
        print(f"  queries per request <= 5: {verdict(queries_ok)}")
        if args.json:
            figures = {
                "public_products": public,
                "rounds": args.rounds,
                "seconds": args.seconds,
                "clients": args.clients,
                **{f"{e}_{side}_rps": rate for e, medians in results.items() for side, rate in medians.items()},
                **{f"{e}_ratio": medians["API"] / medians["floor"] for e, medians in results.items()},
                "list_queries": max(list_counts),
                "detail_queries": max(detail_counts),
            }
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            Path(args.json).write_text(json.dumps(figures, indent=1) + "\n")
        return 0 if met_all and queries_ok else 1
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
