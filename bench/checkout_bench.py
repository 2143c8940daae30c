"""Checkout throughput under concurrent buyers on a few hot products, beside pgbench on the same server.

    DATABASE_URL=postgres://…/gachi STRIPE_API_BASE=http://127.0.0.1:8420 \
        python bench/checkout_bench.py [--buyers 16] [--seconds 30] [--stock 400] [--variants api,direct,stripe]

(bench/checkout_run.sh starts the services and sets the environment.)

A checkout is what a buyer does: put 1–2 units of 1–2 hot products in the cart and place the order, which
reserves stock under row locks (market.orders.services.order_place). Variants, each on its own set of hot
products so that every set can be checked for oversell on its own:

* api           — through HTTP: gunicorn on 127.0.0.1 with several workers, token auth, PUT
                  /api/v1/cart/items/{id}/ then POST /api/v1/checkout/ (which also creates the PaymentIntent at
                  localstripe);
* direct        — the service functions (cart_for, cart_set_item, order_place) called by N processes, each with
                  its own database connection: the database-bound figure, no HTTP and no payment gateway;
* api-eager, direct-eager — the same with Celery tasks run eagerly, in the request, as in the embedded default
                  (no broker): after each order commits, its e-mail task and the search-index flush run in the
                  buyer's process. In api and direct the tasks are queued instead, as in production (a broker and
                  a worker elsewhere; here an in-memory broker nobody reads, so that work is not counted — the
                  search outbox rows, written inside the order transaction, are; the bench flushes them once at
                  the end and reports how long that took);
* stripe        — only the gateway call that checkout makes (create_payment_intent at localstripe), N processes,
                  to show what that part costs on its own.

Each variant runs until its time limit, its order limit, or until every hot product is sold out (buyers keep
going on the remaining products, so the last units are fought over). Refusals for lack of stock are counted
apart from errors. At the end every hot product must satisfy: initial stock == remaining + ordered, and
remaining >= 0.

Then pgbench (TPC-B-like, `-i -s 10` then `-c 16 -j 2 -T 30`) runs against the same PostgreSQL server, and
the ratio orders/s ÷ pgbench tps is printed (target >= 0.20).

The checkout data lives in its own database, gachi_checkout_bench (DATABASE_URL with the database name
replaced; recreated at each run), pgbench in gachi_pgbench; both are dropped at the end unless --keep-databases.
E-mail goes to Django's dummy backend (in the eager variants the placed-order e-mail is still rendered); the
search flush updates the database search entries only (ELASTICSEARCH_URL is emptied unless --elasticsearch).
Nothing is sent to Redis (REDIS_URL is unset for the bench's processes: Celery's broker is in-memory).
"""

import argparse
import datetime
import glob
import json
import multiprocessing as mp
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DB = "gachi_checkout_bench"
PGBENCH_DB = os.environ.get("PGBENCH_DATABASE_NAME", "gachi_pgbench")  # bench/all.sh runs on its own
SHIPPING = {"name": "김벤치", "phone": "010-0000-0000", "postal_code": "04001", "address1": "서울 마포구 월드컵로 1"}
PRICES = [12000, 8000, 15000, 9900, 6500, 21000]
TARGET_RATIO = 0.20


def log(message: str) -> None:
    print(message, flush=True)


# --- environment and databases ----------------------------------------------------------------------------
def with_db_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def db_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def configure_environment(args) -> tuple[str, str]:
    """Point this process (and the gunicorn it starts) at the bench database and the bench's side-effect setup."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit('DATABASE_URL must name the PostgreSQL server (eval "$(bash scripts/services.sh env)").')
    bench_url = os.environ.get("CHECKOUT_BENCH_DATABASE_URL") or with_db_name(base, BENCH_DB)
    if "bench" not in db_name(bench_url):
        sys.exit(f"refusing to use {db_name(bench_url)!r}: the checkout bench database's name must contain 'bench'")
    os.environ["DATABASE_URL"] = bench_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "market.settings.base"
    os.environ["DJANGO_DEBUG"] = "0"  # DEBUG keeps every query in memory
    os.environ["LOG_LEVEL"] = "ERROR"  # 409s are expected here; django.request logs them as warnings
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"  # per variant: see set_eager / start_gunicorn
    os.environ.pop("REDIS_URL", None)  # in-memory broker: nothing lands in the shared Redis
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    if not args.elasticsearch:
        os.environ["ELASTICSEARCH_URL"] = ""
    os.environ.setdefault("STRIPE_API_BASE", "http://127.0.0.1:8420")
    # Idempotency keys are per order id and localstripe scopes them by API key: a key of this run's own keeps
    # them apart from other runs' (order ids restart at 1 in a fresh database) and from the test suite's.
    os.environ["STRIPE_SECRET_KEY"] = f"sk_test_gachi_checkout_bench_{int(time.time())}"
    return base, bench_url


def admin_connect(url: str):
    import psycopg

    return psycopg.connect(with_db_name(url, "postgres"), autocommit=True)


def recreate_database(url: str) -> None:
    name = db_name(url)
    with admin_connect(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    with admin_connect(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_name(url)}" WITH (FORCE)')


# --- data --------------------------------------------------------------------------------------------------
def setup_data(args, variants: list[str]) -> dict:
    """~5 verified firms with a valid designation, hot products per variant, buyers with API tokens."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from market.accounts.services import user_token_issue
    from market.catalog.models import Category, Product, ProductStatus
    from market.firms.models import Designation, DesignationStatus, District, Firm, FirmKind, VerificationStatus
    from market.firms.validators import registration_number_with_check_digit

    User = get_user_model()
    now = timezone.now()
    today = timezone.localdate()
    districts = list(District.objects.order_by("code"))
    category = Category.objects.filter(slug="bakery").first() or Category.objects.filter(parent__isnull=False).first()
    kinds = [
        FirmKind.SOCIAL_ENTERPRISE,
        FirmKind.SOCIAL_COOPERATIVE,
        FirmKind.COOPERATIVE,
        FirmKind.VILLAGE_ENTERPRISE,
        FirmKind.SELF_SUFFICIENCY,
    ]
    with transaction.atomic():
        firms = []
        for i in range(args.firms):
            firm = Firm.objects.create(
                name=f"벤치 사회적기업 {i + 1}",
                registration_number=registration_number_with_check_digit(f"{900000001 + i}"),
                district=districts[i % len(districts)],
                address=f"서울특별시 마포구 벤치로 {i + 1}",
                verification_status=VerificationStatus.VERIFIED,
                verified_at=now,
            )
            Designation.objects.create(
                firm=firm,
                kind=kinds[i % len(kinds)],
                issuer="서울특별시",
                number=f"BENCH-{i + 1:04d}",
                start_date=today - datetime.timedelta(days=365),
                status=DesignationStatus.ACTIVE,
            )
            firms.append(firm)
        hot = {}
        n = 0
        for variant in variants:
            if variant == "stripe":
                continue
            ids = []
            for j in range(args.hot_products):
                product = Product.objects.create(
                    firm=firms[n % len(firms)],
                    category=category,
                    sku=f"HOT-{variant}-{j + 1}",
                    title=f"인기 상품 {variant} {j + 1}",
                    description="체크아웃 벤치마크용 인기 상품",
                    price=PRICES[n % len(PRICES)],
                    stock=args.stock[j % len(args.stock)],
                    min_order_quantity=1,
                    status=ProductStatus.PUBLISHED,
                    published_at=now,
                )
                ids.append(product.pk)
                n += 1
            hot[variant] = ids
        probe = Product.objects.create(
            firm=firms[0],
            category=category,
            sku="PROBE",
            title="측정용 상품",
            price=PRICES[0],
            stock=1000,
            min_order_quantity=1,
            status=ProductStatus.PUBLISHED,
            published_at=now,
        )
        buyers = []
        for i in range(args.buyers):
            user = User.objects.create_user(
                email=f"buyer{i + 1}@checkout-bench.invalid",
                password=None,
                display_name=f"구매자 {i + 1}",
                district=districts[i % len(districts)],
            )
            buyers.append({"id": user.pk, "token": user_token_issue(user=user)[0]})
    return {"hot": hot, "buyers": buyers, "probe": probe.pk}


# --- shared state of one variant ---------------------------------------------------------------------------
class Shared:
    def __init__(self, ctx, n_products: int, max_orders: int, deadline_seconds: float):
        self.sold_out = ctx.Array("b", n_products)
        self.orders = ctx.Value("i", 0)
        self.start = ctx.Event()
        self.started_at = ctx.Value("d", 0.0)
        self.max_orders = max_orders
        self.seconds = deadline_seconds

    def deadline(self) -> float:
        return self.started_at.value + self.seconds

    def should_stop(self) -> bool:
        return time.monotonic() >= self.deadline() or self.orders.value >= self.max_orders or all(self.sold_out[:])

    def count_order(self) -> None:
        with self.orders.get_lock():
            self.orders.value += 1

    def pick(self, rng: random.Random, products: list[int]) -> list[tuple[int, int]] | None:
        """1–2 of the products not known to be sold out, 1–2 units each; None when everything is gone."""
        open_ = [pk for i, pk in enumerate(products) if not self.sold_out[i]]
        if not open_:
            return None
        chosen = rng.sample(open_, min(len(open_), rng.choice((1, 2))))
        return [(pk, rng.choice((1, 2))) for pk in sorted(chosen)]

    def refresh_sold_out(self, products: list[int]) -> None:
        from market.catalog.models import Product

        stock = dict(Product.objects.filter(pk__in=products).values_list("pk", "stock"))
        for i, pk in enumerate(products):
            if stock.get(pk, 0) <= 0:
                self.sold_out[i] = 1


def new_result() -> dict:
    return {
        "ok": 0,
        "ok_without_payment": 0,
        "cart_insufficient": 0,
        "checkout_insufficient": 0,
        "errors": {},
        "latency": [],
        "checkout_latency": [],
        "finished_at": 0.0,
    }


def add_error(result: dict, key: str) -> None:
    result["errors"][key] = result["errors"].get(key, 0) + 1


def set_eager(eager: bool) -> None:
    """Run Celery tasks in the calling process (the embedded default) or queue them (production's shape)."""
    from django.conf import settings

    from market.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = eager
    app.conf.task_always_eager = eager


# --- workers -----------------------------------------------------------------------------------------------
def api_worker(index: int, base_url: str, buyer: dict, products: list[int], shared: Shared, queue) -> None:
    import requests

    rng = random.Random(1000 + index)
    result = new_result()
    session = requests.Session()
    session.headers["Authorization"] = f"Token {buyer['token']}"
    shared.start.wait()
    try:
        while not shared.should_stop():
            picked = shared.pick(rng, products)
            if picked is None:
                break
            t0 = time.perf_counter()
            refused = False
            for pk, quantity in picked:
                r = session.put(f"{base_url}/api/v1/cart/items/{pk}/", json={"quantity": quantity}, timeout=60)
                if r.status_code != 200:
                    code = _error_code(r)
                    if code == "insufficient_stock":
                        result["cart_insufficient"] += 1
                    else:
                        add_error(result, f"cart {r.status_code} {code}")
                    refused = True
                    break
            if not refused:
                t1 = time.perf_counter()
                r = session.post(f"{base_url}/api/v1/checkout/", json={"shipping": SHIPPING}, timeout=60)
                t2 = time.perf_counter()
                if r.status_code == 201:
                    shared.count_order()
                    result["ok"] += 1
                    if r.json().get("payment") is None:
                        result["ok_without_payment"] += 1
                    result["latency"].append(t2 - t0)
                    result["checkout_latency"].append(t2 - t1)
                    continue
                code = _error_code(r)
                if r.status_code == 409 and code == "insufficient_stock":
                    result["checkout_insufficient"] += 1
                else:
                    add_error(result, f"checkout {r.status_code} {code}")
            # Refused: empty the cart before the next try, and learn what is sold out.
            for pk, _ in picked:
                session.delete(f"{base_url}/api/v1/cart/items/{pk}/", timeout=60)
            shared.refresh_sold_out(products)
    except Exception as exc:  # noqa: BLE001 - reported, not hidden
        add_error(result, f"client {type(exc).__name__}: {str(exc)[:120]}")
    result["finished_at"] = time.monotonic()
    queue.put(result)


def _error_code(response) -> str:
    try:
        return response.json()["error"]["code"]
    except Exception:  # noqa: BLE001
        return "?"


def direct_worker(index: int, eager: bool, buyer: dict, products: list[int], shared: Shared, queue) -> None:
    from django.contrib.auth import get_user_model

    from market.core.errors import ApplicationError
    from market.orders.models import CartItem
    from market.orders.services import cart_for, cart_set_item, order_place

    set_eager(eager)
    rng = random.Random(2000 + index)
    result = new_result()
    user = get_user_model().objects.get(pk=buyer["id"])
    shared.start.wait()
    try:
        while not shared.should_stop():
            picked = shared.pick(rng, products)
            if picked is None:
                break
            t0 = time.perf_counter()
            stage = "cart"
            try:
                cart = cart_for(user=user)
                for pk, quantity in picked:
                    cart_set_item(cart=cart, product_id=pk, quantity=quantity)
                stage = "checkout"
                t1 = time.perf_counter()
                order_place(buyer=user, cart=cart, shipping=SHIPPING)
                t2 = time.perf_counter()
                shared.count_order()
                result["ok"] += 1
                result["latency"].append(t2 - t0)
                result["checkout_latency"].append(t2 - t1)
                continue
            except ApplicationError as exc:
                if exc.code == "insufficient_stock":
                    result[f"{stage}_insufficient"] += 1
                else:
                    add_error(result, f"{stage} {exc.code}")
            except Exception as exc:  # noqa: BLE001 - a deadlock or the like: count it and go on
                add_error(result, f"{stage} {type(exc).__name__}: {str(exc).splitlines()[0][:100]}")
            CartItem.objects.filter(cart__user=user).delete()
            shared.refresh_sold_out(products)
    except Exception as exc:  # noqa: BLE001
        add_error(result, f"worker {type(exc).__name__}: {str(exc)[:120]}")
    result["finished_at"] = time.monotonic()
    queue.put(result)


def stripe_worker(index: int, buyer: dict, products: list[int], shared: Shared, queue) -> None:
    from market.payments.provider import get_payment_provider

    result = new_result()
    provider = get_payment_provider()
    n = 0
    shared.start.wait()
    try:
        while not shared.should_stop():
            n += 1
            t0 = time.perf_counter()
            try:
                provider.create_payment_intent(
                    amount=10000 + n,
                    currency="krw",
                    idempotency_key=f"gachi-checkout-bench-{index}-{n}",
                    metadata={"order_id": str(n), "order_number": f"BENCH-{index}-{n}"},
                    receipt_email=f"buyer{index + 1}@checkout-bench.invalid",
                )
            except Exception as exc:  # noqa: BLE001
                add_error(result, f"{type(exc).__name__}: {str(exc)[:100]}")
                continue
            result["ok"] += 1
            result["latency"].append(time.perf_counter() - t0)
            shared.count_order()
    except Exception as exc:  # noqa: BLE001
        add_error(result, f"worker {type(exc).__name__}: {str(exc)[:120]}")
    result["finished_at"] = time.monotonic()
    queue.put(result)


def run_variant(name: str, target, target_args, data: dict, products: list[int], args) -> dict:
    """Start one process per buyer, release them together, collect what they counted."""
    from django.db import connections

    ctx = mp.get_context("fork")
    shared = Shared(ctx, len(products) or 1, args.max_orders, args.stripe_seconds if name == "stripe" else args.seconds)
    queue = ctx.Queue()
    connections.close_all()  # the children open their own
    procs = [
        ctx.Process(target=target, args=(i, *target_args, data["buyers"][i], products, shared, queue), daemon=True)
        for i in range(args.buyers)
    ]
    for p in procs:
        p.start()
    time.sleep(1.0)  # let every child import and connect before the clock starts
    shared.started_at.value = time.monotonic()
    shared.start.set()
    results = []
    hard_deadline = time.monotonic() + shared.seconds + 120
    while len(results) < len(procs) and time.monotonic() < hard_deadline:
        try:
            results.append(queue.get(timeout=5))
        except Exception:  # noqa: BLE001 - queue.Empty: check the children are alive
            if not any(p.is_alive() for p in procs) and queue.empty():
                break
    for p in procs:
        p.join(timeout=10)
        if p.is_alive():
            p.terminate()
    total = new_result()
    for r in results:
        for key in ("ok", "ok_without_payment", "cart_insufficient", "checkout_insufficient"):
            total[key] += r[key]
        for key, count in r["errors"].items():
            total["errors"][key] = total["errors"].get(key, 0) + count
        total["latency"] += r["latency"]
        total["checkout_latency"] += r["checkout_latency"]
    ends = [r["finished_at"] for r in results] or [time.monotonic()]
    total["elapsed"] = max(ends) - shared.started_at.value
    total["workers_reported"] = len(results)
    total["workers_started"] = len(procs)
    total["sold_out"] = sum(shared.sold_out[:]) if products else 0
    return total


# --- gunicorn ---------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(args, log_path: Path, token: str, eager: bool) -> tuple[subprocess.Popen, str]:
    import requests

    port = args.port or free_port()
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "market.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.gunicorn_workers),
        "--preload",
        "--timeout",
        "120",
        "--graceful-timeout",
        "10",
        "--log-level",
        "warning",
    ]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_file = open(log_path, "ab")
    env = {**os.environ, "CELERY_TASK_ALWAYS_EAGER": "1" if eager else "0"}
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT, env=env)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}; see {log_path}")
        try:
            if (
                requests.get(
                    f"{base_url}/api/v1/cart/", headers={"Authorization": f"Token {token}"}, timeout=5
                ).status_code
                == 200
            ):
                break
        except requests.RequestException:
            pass
        time.sleep(0.3)
    else:
        stop_process(proc)
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {log_path}")

    # Warm every worker up (URL resolvers, templates, the first database connection).
    def warm():
        with requests.Session() as s:
            for _ in range(args.gunicorn_workers * 2):
                s.get(f"{base_url}/api/v1/cart/", headers={"Authorization": f"Token {token}"}, timeout=30)

    threads = [threading.Thread(target=warm) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return proc, base_url


def stop_process(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def flush_outbox() -> None:
    """What the queued search flush tasks would have done, once, as a worker would (it coalesces them)."""
    from search.models import PendingIndexUpdate
    from search.services import index_flush_pending

    pending = PendingIndexUpdate.objects.count()
    t0 = time.monotonic()
    done = index_flush_pending()
    log(f"  search outbox: {pending} pending products flushed once afterwards in {time.monotonic() - t0:.2f}s ({done})")


def probe_cost(data: dict) -> dict:
    """One buyer alone, no contention: what one checkout costs in queries and time, tasks queued and eager."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from market.orders.services import cart_for, cart_set_item, order_place

    user = get_user_model().objects.get(pk=data["buyers"][0]["id"])

    def checkout():
        cart = cart_for(user=user)
        cart_set_item(cart=cart, product_id=data["probe"], quantity=1)
        t1 = time.perf_counter()
        with CaptureQueriesContext(connection) as placed:
            order_place(buyer=user, cart=cart, shipping=SHIPPING)
        return time.perf_counter() - t1, len(placed.captured_queries)

    parts, figures = [], {}
    for eager in (False, True):
        set_eager(eager)
        checkout()  # warm
        runs = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as all_queries:
                t0 = time.perf_counter()
                place_s, place_q = checkout()
                runs.append((time.perf_counter() - t0, len(all_queries.captured_queries), place_s, place_q))
        total_s, total_q, place_s, place_q = sorted(runs)[len(runs) // 2]
        figures["eager" if eager else "queued"] = {"queries": total_q, "order_place_queries": place_q}
        parts.append(
            f"tasks {'eager' if eager else 'queued'}: {total_q} queries, {total_s * 1000:.0f} ms "
            f"(order_place {place_q} queries, {place_s * 1000:.0f} ms)"
        )
    set_eager(False)
    log(f"  one checkout alone (cart_for + 1 cart_set_item + order_place, median of 5): {'; '.join(parts)}")
    return figures


# --- checks -----------------------------------------------------------------------------------------------
def oversell_check(products: list[int], initial_stock: list[int]) -> dict:
    from django.db.models import Sum

    from market.catalog.models import Product
    from market.orders.models import Order, OrderLine, StockReservation

    rows, oversold, mismatches = [], 0, 0
    for i, pk in enumerate(products):
        initial = initial_stock[i % len(initial_stock)]
        remaining = Product.objects.get(pk=pk).stock
        ordered = OrderLine.objects.filter(product_id=pk).aggregate(s=Sum("quantity"))["s"] or 0
        reserved = StockReservation.objects.filter(product_id=pk).aggregate(s=Sum("quantity"))["s"] or 0
        oversold += max(0, ordered - initial) + max(0, -remaining)
        if initial != remaining + ordered or reserved != ordered or remaining < 0:
            mismatches += 1
        rows.append(
            {"product": pk, "initial": initial, "remaining": remaining, "ordered": ordered, "reserved": reserved}
        )
    orders = Order.objects.filter(lines__product_id__in=products).distinct().count()
    return {"rows": rows, "oversold_units": oversold, "mismatches": mismatches, "orders_in_db": orders}


# --- pgbench ----------------------------------------------------------------------------------------------
def find_pgbench() -> str | None:
    found = shutil.which("pgbench")
    if found:
        return found
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pgbench"), key=lambda p: [int(x) for x in re.findall(r"\d+", p)]
    )
    return candidates[-1] if candidates else None


def run_pgbench(base_url: str, args) -> dict:
    binary = find_pgbench()
    if binary is None:
        return {"error": "pgbench not found (install postgresql-contrib or the postgresql client package)"}
    url = with_db_name(base_url, PGBENCH_DB)
    parts = urlsplit(url)
    env = os.environ.copy()
    env["PGPASSWORD"] = parts.password or ""
    conn = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432), "-U", parts.username or "postgres"]
    recreate_database(url)
    t0 = time.monotonic()
    init = subprocess.run(
        [binary, "-i", "-s", str(args.pgbench_scale), "-q", *conn, PGBENCH_DB], env=env, capture_output=True, text=True
    )
    if init.returncode != 0:
        return {"error": f"pgbench -i failed: {init.stderr.strip()[-300:]}"}
    log(f"  pgbench -i -s {args.pgbench_scale}: {time.monotonic() - t0:.1f}s")
    run = subprocess.run(
        [
            binary,
            "-c",
            str(args.buyers),
            "-j",
            str(args.pgbench_threads),
            "-T",
            str(args.pgbench_seconds),
            *conn,
            PGBENCH_DB,
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        return {"error": f"pgbench failed: {run.stderr.strip()[-300:]}"}
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", run.stdout) or re.search(
        r"tps = ([\d.]+)", run.stdout
    )
    latency = re.search(r"latency average = ([\d.]+) ms", run.stdout)
    return {
        "tps": float(tps.group(1)) if tps else None,
        "latency_ms": float(latency.group(1)) if latency else None,
        "version": subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip(),
        "url": url,
    }


# --- report -----------------------------------------------------------------------------------------------
def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def describe(name: str, r: dict) -> None:
    rate = r["ok"] / r["elapsed"] if r["elapsed"] > 0 else 0.0
    r["rate"] = rate
    unit = "intents" if name == "stripe" else "orders"
    log(
        f"  {unit}: {r['ok']} in {r['elapsed']:.1f}s = {rate:.1f} {unit}/s "
        f"(p50 {pct(r['latency'], 0.5):.0f} ms, p95 {pct(r['latency'], 0.95):.0f} ms per "
        f"{'call' if name == 'stripe' else 'checkout'})"
    )
    if name != "stripe":
        log(
            f"  place-order step alone: p50 {pct(r['checkout_latency'], 0.5):.0f} ms, "
            f"p95 {pct(r['checkout_latency'], 0.95):.0f} ms"
        )
        log(
            f"  refused for stock (Conflict insufficient_stock): {r['cart_insufficient']} when putting in the cart, "
            f"{r['checkout_insufficient']} at order placement; hot products sold out: {r['sold_out']}"
        )
        if r.get("ok_without_payment"):
            log(f"  orders placed whose payment did not start (gateway error): {r['ok_without_payment']}")
    errors = sum(r["errors"].values())
    log(f"  errors: {errors}" + (f" {json.dumps(r['errors'], ensure_ascii=False)}" if errors else ""))
    if r["workers_reported"] != r["workers_started"]:
        log(f"  WARNING: only {r['workers_reported']} of {r['workers_started']} workers reported")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--buyers", type=int, default=16, help="concurrent buyers (processes); pgbench clients too")
    parser.add_argument("--seconds", type=float, default=30.0, help="time limit of each checkout variant")
    parser.add_argument("--stripe-seconds", type=float, default=10.0, help="time limit of the gateway-only variant")
    parser.add_argument("--max-orders", type=int, default=20000, help="order limit of each variant")
    parser.add_argument("--hot-products", type=int, default=4)
    parser.add_argument(
        "--stock",
        default="40,80,400,400",
        help="initial stock of the hot products, comma list used in turn (default: two small "
        "ones, so that some sell out within the run and their last units are fought over)",
    )
    parser.add_argument("--firms", type=int, default=5)
    parser.add_argument(
        "--variants",
        default="api,direct,direct-eager,stripe",
        help="comma list of api, direct, api-eager, direct-eager, stripe",
    )
    parser.add_argument("--gunicorn-workers", type=int, default=8)
    parser.add_argument("--port", type=int, default=0, help="gunicorn port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--pgbench-scale", type=int, default=10)
    parser.add_argument("--pgbench-seconds", type=int, default=30)
    parser.add_argument("--pgbench-threads", type=int, default=2)
    parser.add_argument("--skip-pgbench", action="store_true")
    parser.add_argument("--elasticsearch", action="store_true", help="keep ELASTICSEARCH_URL (index flushes go there)")
    parser.add_argument("--keep-databases", action="store_true", help="do not drop the two bench databases")
    parser.add_argument("--json", metavar="PATH", help="write the figures and ratios to this file as JSON")
    args = parser.parse_args()
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    try:
        args.stock = [int(x) for x in str(args.stock).split(",") if x.strip()]
    except ValueError:
        parser.error("--stock takes whole numbers separated by commas")
    if not args.stock or min(args.stock) < 1:
        parser.error("--stock: at least one unit each")
    unknown = set(variants) - {"api", "direct", "api-eager", "direct-eager", "stripe"}
    if unknown or args.buyers < 1:
        parser.error(f"unknown variants {sorted(unknown)}" if unknown else "--buyers must be >= 1")

    started = time.monotonic()
    base_url, bench_url = configure_environment(args)
    stock = [args.stock[j % len(args.stock)] for j in range(args.hot_products)]
    log(
        f"== checkout bench: {args.buyers} buyers; per variant {args.hot_products} hot products with stock "
        f"{'/'.join(map(str, stock))} ({sum(stock)} units); {args.seconds:.0f}s limit; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start =="
    )
    search = (
        "Elasticsearch + database entries"
        if args.elasticsearch
        else "database entries only (ELASTICSEARCH_URL emptied)"
    )
    log(
        f"  database {db_name(bench_url)} (recreated); search: {search}"
        f"; e-mail: dummy backend; Celery broker in-memory (tasks queued, or eager in the -eager variants)"
    )
    recreate_database(bench_url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    t0 = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    data = setup_data(args, variants)
    log(f"  migrate + setup: {time.monotonic() - t0:.1f}s")

    probe = probe_cost(data)
    results: dict[str, dict] = {}
    checks: dict[str, dict] = {}
    gunicorn = None
    try:
        for variant in variants:
            products = data["hot"].get(variant, [])
            eager = variant.endswith("-eager")
            tasks = "tasks eager: e-mail + search flush in the request" if eager else "tasks queued"
            if variant.startswith("api"):
                log(
                    f"\n== {variant}: PUT cart items + POST /api/v1/checkout/ (gunicorn, {args.gunicorn_workers} "
                    f"sync workers; checkout creates the PaymentIntent at {os.environ['STRIPE_API_BASE']}; "
                    f"{tasks}) =="
                )
                gunicorn, url = start_gunicorn(
                    args, ROOT / "var" / "log" / "checkout-bench-gunicorn.log", data["buyers"][0]["token"], eager
                )
                try:
                    results[variant] = run_variant(variant, api_worker, (url,), data, products, args)
                finally:
                    stop_process(gunicorn)
                    gunicorn = None
            elif variant.startswith("direct"):
                log(
                    f"\n== {variant}: cart_for + cart_set_item + order_place in {args.buyers} processes "
                    f"(no HTTP, no payment gateway; {tasks}) =="
                )
                results[variant] = run_variant(variant, direct_worker, (eager,), data, products, args)
            else:
                log(f"\n== stripe: create_payment_intent alone, {args.buyers} processes, {args.stripe_seconds:.0f}s ==")
                results[variant] = run_variant(variant, stripe_worker, (), data, products, args)
            describe(variant, results[variant])
            if products:
                checks[variant] = oversell_check(products, args.stock)
                c = checks[variant]
                stock_line = ", ".join(f"{r['remaining']}+{r['ordered']}" for r in c["rows"])
                log(
                    f"  stock per product, remaining+ordered (of {'/'.join(map(str, args.stock))}): {stock_line}; "
                    f"orders in the database: {c['orders_in_db']}; oversell: {c['oversold_units']}"
                    + (f"; MISMATCHED products: {c['mismatches']}" if c["mismatches"] else "")
                )
                if c["orders_in_db"] != results[variant]["ok"]:
                    log(
                        f"  NOTE: {c['orders_in_db']} orders in the database but {results[variant]['ok']} checkouts "
                        f"answered success: {c['orders_in_db'] - results[variant]['ok']} orders were placed although "
                        f"the buyer got an error (raised after the commit, from an on-commit task)"
                    )
                if not eager:
                    flush_outbox()
            connections.close_all()

        pgbench = None
        if not args.skip_pgbench:
            log(
                f"\n== pgbench: -i -s {args.pgbench_scale}, then -c {args.buyers} -j {args.pgbench_threads} "
                f"-T {args.pgbench_seconds} (TPC-B-like), database {PGBENCH_DB} on the same server =="
            )
            pgbench = run_pgbench(base_url, args)
            if "error" in pgbench:
                log(f"  {pgbench['error']}")
            else:
                log(f"  {pgbench['version']}: tps {pgbench['tps']:.1f}, latency average {pgbench['latency_ms']:.1f} ms")
    finally:
        if gunicorn is not None:
            stop_process(gunicorn)
        connections.close_all()
        if not args.keep_databases:
            drop_database(bench_url)
            if not args.skip_pgbench:
                drop_database(with_db_name(base_url, PGBENCH_DB))

    # --- summary
    tps = pgbench.get("tps") if pgbench else None
    log("\n== summary ==")
    for variant in ("api", "direct", "api-eager", "direct-eager"):
        if variant in results:
            r = results[variant]
            ratio = f"{r['rate'] / tps:.3f}" if tps else "n/a"
            verdict = "" if not tps else (" (target met)" if r["rate"] / tps >= TARGET_RATIO else " (target MISSED)")
            errors = sum(r["errors"].values())
            log(
                f"  {variant:13} orders/s {r['rate']:7.1f}   p50 {pct(r['latency'], 0.5):6.0f} ms   "
                f"p95 {pct(r['latency'], 0.95):6.0f} ms   ratio to pgbench {ratio}{verdict}"
                + (f"   errors {errors}" if errors else "")
            )
    if "stripe" in results:
        r = results["stripe"]
        log(
            f"  {'stripe':13} intents/s {r['rate']:6.1f}   p50 {pct(r['latency'], 0.5):6.0f} ms   "
            f"p95 {pct(r['latency'], 0.95):6.0f} ms   (create_payment_intent at localstripe alone)"
        )
    log(f"  {'pgbench':13} tps      {tps:7.1f}" if tps else f"  {'pgbench':13} tps      n/a")
    log(f"  target: orders/s >= {TARGET_RATIO:.2f} x pgbench tps" + (f" = {TARGET_RATIO * tps:.1f}" if tps else ""))
    oversold = sum(c["oversold_units"] for c in checks.values())
    mismatched = sum(c["mismatches"] for c in checks.values())
    log(f"  oversell: {oversold}" + (f" (stock books off on {mismatched} products)" if mismatched else ""))
    log(
        f"  databases {'kept' if args.keep_databases else 'dropped'}: {db_name(bench_url)}"
        + ("" if args.skip_pgbench else f", {PGBENCH_DB}")
    )
    log(f"checkout bench took {time.monotonic() - started:.0f}s")
    if args.json:
        figures = {
            "buyers": args.buyers,
            "seconds": args.seconds,
            "pgbench_tps": tps,
            "oversell": oversold,
            "mismatched": mismatched,
            "one_checkout": probe,
            **{
                variant: {
                    "rate": r["rate"],
                    "ok": r["ok"],
                    "p50_ms": pct(r["latency"], 0.5),
                    "p95_ms": pct(r["latency"], 0.95),
                    "errors": sum(r["errors"].values()),
                    "ratio": r["rate"] / tps if tps else None,
                }
                for variant, r in results.items()
            },
        }
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n")
    return 1 if oversold or mismatched else 0


if __name__ == "__main__":
    sys.exit(main())
