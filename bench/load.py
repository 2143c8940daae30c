"""Bounded load test: browse + search + cart + checkout through HTTP, then a consistency audit of the data.

    bash bench/load.sh            (starts the services and sets the environment; LOAD_SECONDS=120 by default)

Everything runs on 127.0.0.1: the app under gunicorn (market.settings.base, DEBUG off, Celery tasks in the
request as in the embedded default), on a database of its own (gachi_load_bench, recreated, dropped at the end
unless LOAD_KEEP_DATABASE=1), an Elasticsearch index prefix of its own (dropped at the end) when
ELASTICSEARCH_URL is set, and a localstripe of its own (bench/load.sh starts it). Locust runs headless
(bench/locustfile.py) with LOAD_USERS buyers for LOAD_SECONDS.

Reported: requests/s, p95 and errors (from locust), and these checks, each of which must hold:
- stock: for every product, stock now + units reserved (active or committed) == stock at the start; never < 0;
- orders: total == sum of lines == sum of fulfilments; one reservation per line with the line's quantity;
- paid orders: exactly one Payment, succeeded, for the order's total; one charge in the ledger for it;
  reservations committed; sales booked to the firms == the total;
- unpaid orders: reservations active; cancelled orders: reservations released and no succeeded payment;
- the gateway agrees: every PaymentIntent at localstripe has our amount, and is succeeded exactly when ours is;
- what buyers were told: orders in the database == checkouts answered 201; paid orders == payments answered 200.
Exits non-zero when there was any error or any check failed.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from checkout_bench import db_name, drop_database, free_port, recreate_database, stop_process, with_db_name  # noqa: E402

LOAD_DB = "gachi_load_bench"
OUT = ROOT / "var" / "load"
LOAD_DOMAIN = "@load.example"  # the load buyers' e-mail domain: the audit checks their orders only
HOT_PRODUCTS, HOT_STOCK = 5, 12
QUERIES = [
    "쿠키",
    "수제 쿠키",
    "비누",
    "커피",
    "에코백",
    "떡",
    "참기름",
    "꿀",
    "도자기",
    "티셔츠",
    "ㅋㅍ",
    "coffee",
    "선물세트",
    "유기농",
    "장바구니",
    "천연 비누",
    "마스크",
    "김치",
    "잼",
    "차",
]


def log(message: str) -> None:
    print(f"[load] {message}", flush=True)


def configure_environment() -> str:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit('DATABASE_URL must name the PostgreSQL server (eval "$(bash scripts/services.sh env)").')
    url = with_db_name(base, LOAD_DB)
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "market.settings.base",
            "DJANGO_DEBUG": "0",
            "LOG_LEVEL": "ERROR",
            "CELERY_TASK_ALWAYS_EAGER": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "SEARCH_INDEX_PREFIX": f"load-{os.getpid()}",
            "STRIPE_SECRET_KEY": f"sk_test_gachiload{int(time.time())}",
        }
    )
    os.environ.pop("REDIS_URL", None)  # tasks run in the request; nothing lands in the shared Redis
    return url


def prepare(users: int) -> dict:
    """Demo catalogue, buyers with tokens, a few hot products with little stock; returns what locust needs."""
    import django
    from django.core.management import call_command

    django.setup()
    from knox.models import AuthToken

    from market.accounts.services import user_register_buyer
    from market.catalog.models import Product

    call_command("migrate", verbosity=0)
    call_command("seed_demo", firms=20, products=300, images=0, verbosity=0)
    if os.environ.get("ELASTICSEARCH_URL"):
        call_command("search_rebuild", verbosity=0)
    public = list(Product.objects.public().order_by("pk").values_list("pk", flat=True))
    hot = public[:: max(len(public) // HOT_PRODUCTS, 1)][:HOT_PRODUCTS]
    Product.objects.filter(pk__in=hot).update(stock=HOT_STOCK, min_order_quantity=1)
    tokens = []
    for i in range(users):
        buyer = user_register_buyer(
            email=f"load{i}{LOAD_DOMAIN}", password="load-test-password-1", display_name=f"부하 {i}"
        )
        tokens.append(AuthToken.objects.create(user=buyer)[1])
    initial_stock = dict(Product.objects.values_list("pk", "stock"))
    return {
        "tokens": tokens,
        "products": public,
        "hot_products": hot,
        "queries": QUERIES,
        "initial_stock": {str(k): v for k, v in initial_stock.items()},
    }


def start_gunicorn(workers: int) -> tuple[subprocess.Popen, str]:
    import urllib.request

    port = free_port()
    log_file = open(OUT / "gunicorn.log", "ab")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "market.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--preload",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}; see {OUT / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(f"{base_url}/api/v1/categories/", timeout=5) as response:
                if response.status == 200:
                    return proc, base_url
        except OSError:
            time.sleep(0.3)
    stop_process(proc)
    raise RuntimeError("gunicorn did not answer within 60 s")


def run_locust(base_url: str, users: int, seconds: int) -> dict:
    stats_file = OUT / "locust.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(max(users // 2, 1)),
            "-t",
            f"{seconds}s",
            "--host",
            base_url,
            "--only-summary",
            "--stop-timeout",
            "15",
            "--exit-code-on-error",
            "0",
        ],
        cwd=ROOT,
        check=True,
        env={**os.environ, "LOAD_DATA_FILE": str(OUT / "data.json"), "LOAD_STATS_FILE": str(stats_file)},
    )
    return json.loads(stats_file.read_text())


def ok_answers(figures: dict, key: str) -> int:
    """How many requests of one kind were answered as success (2xx, or an expected refusal)."""
    row = figures["by_name"].get(key, {"requests": 0, "errors": 0})
    return row["requests"] - row["errors"]


def audit(initial_stock: dict, figures: dict) -> list[tuple[str, bool, str]]:
    """Every order, payment, reservation and stock count of the run consistent; returns (check, passed, detail).
    The run's are the load buyers' (the demo's own citizens' orders were paid by the seed, not at the gateway, and
    their stock was taken before the initial stock was read)."""
    from django.db.models import Q, Sum

    from market.catalog.models import Product
    from market.orders.models import Order, OrderStatus, ReservationStatus, StockReservation
    from market.payments.models import LedgerKind, Payment, PaymentStatus, SettlementEntry, SettlementKind
    from market.payments.provider import get_payment_provider

    checks = []

    def check(name, problems, count):
        checks.append(
            (
                name,
                not problems,
                f"{count} checked" + (f"; {len(problems)} wrong, e.g. {problems[:3]}" if problems else ""),
            )
        )

    ours = Q(order__buyer__email__endswith=LOAD_DOMAIN)
    held = dict(
        StockReservation.objects.filter(ours, status__in=[ReservationStatus.ACTIVE, ReservationStatus.COMMITTED])
        .values("product_id")
        .annotate(q=Sum("quantity"))
        .values_list("product_id", "q")
    )
    products = dict(Product.objects.values_list("pk", "stock"))
    check(
        "stock now + reserved == stock at the start, never negative",
        [pk for pk, stock in products.items() if stock < 0 or stock + held.get(pk, 0) != initial_stock[str(pk)]],
        len(products),
    )

    orders = list(
        Order.objects.filter(buyer__email__endswith=LOAD_DOMAIN).prefetch_related(
            "lines", "fulfilments", "reservations"
        )
    )
    problems = []
    for order in orders:
        lines = sum(line.line_total for line in order.lines.all())
        parts = sum(part.items_total for part in order.fulfilments.all())
        reserved = sorted((r.product_id, r.quantity) for r in order.reservations.all())
        ordered = sorted((line.product_id, line.quantity) for line in order.lines.all())
        if not (order.total == order.items_total == lines == parts) or reserved != ordered:
            problems.append(order.pk)
    check("order total == lines == fulfilments; one reservation per line", problems, len(orders))

    paid_statuses = [OrderStatus.PAID, OrderStatus.CLOSED]
    problems = []
    paid = [o for o in orders if o.status in paid_statuses]
    for order in paid:
        payments = list(Payment.objects.filter(order=order))
        charges = [e.amount for p in payments for e in p.ledger.filter(kind=LedgerKind.CHARGE)]
        sales = SettlementEntry.objects.filter(order=order, kind=SettlementKind.SALE).aggregate(s=Sum("amount"))["s"]
        if (
            len(payments) != 1
            or payments[0].status != PaymentStatus.SUCCEEDED
            or payments[0].amount != order.total
            or charges != [order.total]
            or sales != order.total
            or {r.status for r in order.reservations.all()} != {ReservationStatus.COMMITTED}
        ):
            problems.append(order.pk)
    check(
        "each paid order: one succeeded payment and one charge for its total, sales booked, stock committed",
        problems,
        len(paid),
    )

    problems = [
        o.pk
        for o in orders
        if o.status == OrderStatus.PENDING_PAYMENT
        and {r.status for r in o.reservations.all()} != {ReservationStatus.ACTIVE}
    ]
    problems += [
        o.pk
        for o in orders
        if o.status in (OrderStatus.CANCELLED, OrderStatus.EXPIRED)
        and (
            {r.status for r in o.reservations.all()} != {ReservationStatus.RELEASED}
            or Payment.objects.filter(order=o, status=PaymentStatus.SUCCEEDED).exists()
        )
    ]
    check("unpaid orders hold their stock, cancelled ones gave it back and took no money", problems, len(orders))

    stray = (
        Payment.objects.filter(ours, status=PaymentStatus.SUCCEEDED).exclude(order__status__in=paid_statuses).count()
    )
    stray += StockReservation.objects.filter(Q(order__isnull=True)).count()
    check(
        "no succeeded payment or reservation outside a paid/placed order",
        ["stray"] * stray,
        Payment.objects.filter(ours).count(),
    )

    provider, problems, payments = get_payment_provider(), [], list(Payment.objects.filter(ours))
    for payment in payments:
        intent = provider.retrieve_payment_intent(payment.intent_id)
        if intent.amount != payment.amount or (intent.status == "succeeded") != (
            payment.status == PaymentStatus.SUCCEEDED
        ):
            problems.append(payment.pk)
    check("the gateway agrees with every payment (amount, succeeded or not)", problems, len(payments))

    answered_201 = ok_answers(figures, "POST /api/v1/checkout/") - figures["refused_checkouts"]
    confirms = ok_answers(figures, "POST /api/v1/orders/ID/payment/confirm/")
    checks.append(
        (
            "orders == checkouts answered 201 (refusals made none)",
            len(orders) == answered_201,
            f"{len(orders)} orders, {answered_201} answered 201",
        )
    )
    checks.append(
        ("paid orders == payments answered 200", len(paid) == confirms, f"{len(paid)} paid, {confirms} answered 200")
    )
    return checks


def main() -> int:
    users = int(os.environ.get("LOAD_USERS", "10"))
    seconds = int(os.environ.get("LOAD_SECONDS", "120"))
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in OUT.glob("*"):
        if stale.is_file():
            stale.unlink()
    url = configure_environment()
    log(f"database {db_name(url)}, {users} buyers for {seconds}s, Stripe API at {os.environ.get('STRIPE_API_BASE')}")
    recreate_database(url)
    gunicorn = None
    try:
        started = time.monotonic()
        data = prepare(users)
        (OUT / "data.json").write_text(json.dumps(data))
        log(
            f"prepared {len(data['products'])} products ({len(data['hot_products'])} hot with {HOT_STOCK} units) "
            f"in {time.monotonic() - started:.0f}s"
        )
        gunicorn, base_url = start_gunicorn(int(os.environ.get("LOAD_WORKERS", "3")))
        figures = run_locust(base_url, users, seconds)
        stop_process(gunicorn)
        gunicorn = None
        checks = audit(data["initial_stock"], figures)
    finally:
        if gunicorn is not None:
            stop_process(gunicorn)
        _drop_search_indices()
        if os.environ.get("LOAD_KEEP_DATABASE") != "1":
            from django.db import connections

            connections.close_all()
            drop_database(url)

    log(
        f"{figures['requests']} requests in {seconds}s: {figures['rps']:.1f} req/s, p95 {figures['p95_ms']:.0f} ms, "
        f"median {figures['median_ms']:.0f} ms, {figures['errors']} errors"
    )
    for name, row in sorted(figures["by_name"].items()):
        log(f"  {name:42} {row['requests']:6} requests  p95 {row['p95_ms']:6.0f} ms  {row['errors']} errors")
    for failure, count in figures["failures"].items():
        log(f"  error x{count}: {failure}")
    log(f"  checkouts refused for lack of stock (expected, made no order): {figures['refused_checkouts']}")
    for name, passed, detail in checks:
        log(f"  [{'ok' if passed else 'FAILED'}] {name} ({detail})")
    (OUT / "summary.json").write_text(
        json.dumps({"users": users, "seconds": seconds, **figures, "checks": checks}, ensure_ascii=False, indent=1)
    )
    failed = figures["errors"] > 0 or not all(passed for _, passed, _ in checks)
    log("FAILED" if failed else f"held: 0 errors, {len(checks)} consistency checks passed")
    return 1 if failed else 0


def _drop_search_indices() -> None:
    if not os.environ.get("ELASTICSEARCH_URL"):
        return
    try:
        from search.services import elasticsearch_backend

        backend = elasticsearch_backend()
        if backend is not None:
            backend.drop()
    except Exception as exc:  # noqa: BLE001 - cleanup only
        log(f"could not drop the load test's search indices: {exc}")


if __name__ == "__main__":
    sys.exit(main())
