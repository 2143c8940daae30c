"""What the load test's simulated buyers do (run by bench/load.py; not on its own).

Each user holds a buyer's API token and mixes browsing, search, cart and checkout: most requests read
(product lists and pages, search, suggestions); some fill the cart and check out, then pay with a test card at
the Stripe-API server (localstripe), or cancel. A few hot products with little stock make buyers fight over
the last units: a 409 insufficient_stock (or product_not_available once sold out) is the right answer then,
not an error. Everything else that is not 2xx counts as an error.

Reads LOAD_DATA_FILE: {"tokens": [...], "products": [ids], "hot_products": [ids], "queries": [...]}; writes the
final figures to LOAD_STATS_FILE when locust quits (after the last requests in flight have finished).
"""

import itertools
import json
import os
import random

from locust import HttpUser, between, events, task

with open(os.environ["LOAD_DATA_FILE"], encoding="utf-8") as data_file:
    DATA = json.load(data_file)
_tokens = itertools.cycle(DATA["tokens"])
# A random product may need more than the 1–2 units asked for: its refusal is right too.
EXPECTED_REFUSALS = {"insufficient_stock", "product_not_available", "below_minimum_quantity"}
refused_checkouts = [0]
SHIPPING = {"name": "부하 시험", "phone": "010-0000-0000", "postal_code": "04001", "address1": "서울 마포구 월드컵로 1"}


def _error_code(response) -> str:
    try:
        return response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return ""


class Buyer(HttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self):
        self.client.headers["Authorization"] = f"Token {next(_tokens)}"
        self.rng = random.Random()

    @task(4)
    def browse(self):
        page = self.rng.randint(1, 5)
        self.client.get(f"/api/v1/products/?page={page}", name="/api/v1/products/?page=N")
        self.client.get(f"/api/v1/products/{self.rng.choice(DATA['products'])}/", name="/api/v1/products/ID/")

    @task(4)
    def search(self):
        q = self.rng.choice(DATA["queries"])
        self.client.get("/api/v1/search/products/", params={"q": q}, name="/api/v1/search/products/?q=")
        self.client.get("/api/v1/search/suggest/", params={"q": q[:2]}, name="/api/v1/search/suggest/?q=")

    @task(2)
    def checkout(self):
        picks = [self.rng.choice(DATA["hot_products"])]
        if self.rng.random() < 0.5:
            picks.append(self.rng.choice(DATA["products"]))
        for product_id in dict.fromkeys(picks):
            with self.client.put(
                f"/api/v1/cart/items/{product_id}/",
                json={"quantity": self.rng.randint(1, 2)},
                name="/api/v1/cart/items/ID/",
                catch_response=True,
            ) as response:
                if response.status_code == 200 or _error_code(response) in EXPECTED_REFUSALS:
                    response.success()
        with self.client.post(
            "/api/v1/checkout/", json={"shipping": SHIPPING}, name="/api/v1/checkout/", catch_response=True
        ) as response:
            if response.status_code != 201:
                if _error_code(response) in EXPECTED_REFUSALS | {"cart_empty"}:
                    response.success()
                    refused_checkouts[0] += 1  # so that the audit can compare orders with checkouts answered 201
                    for product_id in dict.fromkeys(picks):  # start again next time
                        self.client.delete(f"/api/v1/cart/items/{product_id}/", name="/api/v1/cart/items/ID/")
                return
            order = response.json()
        if self.rng.random() < 0.8:
            self.client.post(
                f"/api/v1/orders/{order['id']}/payment/confirm/",
                json={"payment_method": "pm_card_visa"},
                name="/api/v1/orders/ID/payment/confirm/",
            )
        else:
            self.client.post(f"/api/v1/orders/{order['id']}/cancel/", json={}, name="/api/v1/orders/ID/cancel/")
        self.client.get("/api/v1/orders/", name="/api/v1/orders/")


_environment = None


@events.init.add_listener
def remember_environment(environment, **kwargs):
    global _environment
    _environment = environment


@events.quit.add_listener
def write_final_stats(**kwargs):
    def figures(entry):
        return {
            "requests": entry.num_requests,
            "errors": entry.num_failures,
            "rps": entry.total_rps,
            "p95_ms": entry.get_response_time_percentile(0.95) or 0,
            "median_ms": entry.get_response_time_percentile(0.5) or 0,
        }

    stats = _environment.stats
    by_name = {f"{method} {name}": figures(entry) for (name, method), entry in stats.entries.items()}
    with open(os.environ["LOAD_STATS_FILE"], "w", encoding="utf-8") as out:
        json.dump(
            {
                **figures(stats.total),
                "by_name": by_name,
                "refused_checkouts": refused_checkouts[0],
                "failures": {f"{e.method} {e.name}: {e.error}": e.occurrences for e in stats.errors.values()},
            },
            out,
            ensure_ascii=False,
        )
