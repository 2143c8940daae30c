"""Run localstripe (a stateful fake Stripe API) on one loopback address.

    python scripts/localstripe_server.py [--host 127.0.0.1] [--port 8420] [--state-file PATH]

localstripe's own command binds every interface and reloads its last state from a pickle in the
system temp folder. This launcher imports its aiohttp app instead, binds to one address, always starts
from scratch and keeps state in memory only (or in --state-file, when given, for a demo that should
survive restarts). Reset it with `DELETE /_config/data`.

It also fills two gaps of localstripe, so that the same gateway code runs unchanged against it and
against real Stripe:

* Idempotency keys. Stripe replays the saved response of the first request made with an
  `Idempotency-Key` (and refuses the key with other parameters); localstripe ignores the header.
  The middleware below keeps the first response (success or card decline) of every POST per
  (API key, Idempotency-Key), replays it with `Idempotent-Replayed: true`, and answers a reuse with
  different parameters with a 400 `idempotency_error`, as Stripe does. Cleared with the data.
* `created[gt|gte|lt|lte]` on `GET /v1/payment_intents`, which localstripe rejects; that list comes
  newest first, as Stripe's does.
* `payment_method` (and `return_url`) on `POST /v1/payment_intents/{id}/confirm`, which localstripe
  answers with "Not implemented"; a new payment method after a declined one is accepted, as by Stripe.
* `receipt_email`, `description` and `transfer_group` on PaymentIntents, which localstripe refuses as
  unexpected: kept and shown back, without effect (localstripe sends no receipts and has no Connect).
* Confirming a PaymentIntent from the browser, as Stripe.js does: `POST /v1/payment_intents/{id}/confirm`
  with the publishable key and the intent's `client_secret` (instead of the secret key) and the card in
  `payment_method_data`. The Stripe.js stand-in localstripe serves at /js.stripe.com/v3/ ignores the card
  element given to `confirmCardPayment`; we serve it with scripts/localstripe_stripe_js.js appended, which
  sends the card that way and then runs the stand-in's own 3-D Secure dialog when the intent asks for it,
  so the web UI's code is the one Stripe.js needs, with no branch for the stand-in.
* Stripe's generic declined test card, 4000000000000002, which localstripe declines only when attached to a
  customer: declined when charged too, as by Stripe.

Run it with the interpreter that has localstripe installed (scripts/services.sh keeps one in
var/localstripe-venv, apart from the project's own environment).
"""

import argparse
import hashlib
import logging
import pickle
import re
import sys
from pathlib import Path

from aiohttp import web
from localstripe import resources, server
from localstripe.errors import UserError

_idempotent_responses: dict[tuple[str, str], tuple[str, int, bytes]] = {}


def _idempotency_scope(request) -> str:
    return request.headers.get("Authorization", "")


@web.middleware
async def idempotency_middleware(request, handler):
    if request.method == "DELETE" and request.path == "/_config/data":
        _idempotent_responses.clear()
        return await handler(request)
    key = request.headers.get("Idempotency-Key")
    if request.method != "POST" or not key or not request.path.startswith("/v1/"):
        return await handler(request)
    body = await request.read()
    fingerprint = hashlib.sha256(request.method.encode() + request.path_qs.encode() + b"\0" + body).hexdigest()
    cache_key = (_idempotency_scope(request), key)
    saved = _idempotent_responses.get(cache_key)
    if saved is not None:
        saved_fingerprint, status, saved_body = saved
        if saved_fingerprint != fingerprint:
            return web.json_response(
                {
                    "error": {
                        "type": "idempotency_error",
                        "message": "Keys for idempotent requests can only be used with the same parameters "
                        "they were first used with.",
                    }
                },
                status=400,
            )
        return web.Response(
            body=saved_body,
            status=status,
            content_type="application/json",
            headers={"Idempotent-Replayed": "true", "Idempotency-Key": key},
        )
    response = await handler(request)
    # Like Stripe: keep results of requests that ran (successes, card declines), not refusals of bad input.
    if (
        (response.status < 300 or response.status == 402)
        and isinstance(response, web.Response)
        and response.body is not None
    ):
        _idempotent_responses[cache_key] = (fingerprint, response.status, bytes(response.body))
    response.headers["Idempotency-Key"] = key
    return response


def _filter_created(items, created):
    if not isinstance(created, dict):
        try:
            exact = int(created)
        except (TypeError, ValueError):
            raise UserError(400, "Bad request") from None
        return [i for i in items if i.created == exact]
    tests = {"gt": int.__gt__, "gte": int.__ge__, "lt": int.__lt__, "lte": int.__le__}
    for op, value in created.items():
        if op not in tests:
            raise UserError(400, "Bad request")
        try:
            bound = int(value)
        except (TypeError, ValueError):
            raise UserError(400, "Bad request") from None
        items = [i for i in items if tests[op](i.created, bound)]
    return items


def _patch_payment_intent_list():
    base_list_all = resources.StripeObject._api_list_all.__func__

    def _api_list_all(cls, url, created=None, limit=None, starting_after=None, **kwargs):
        li = base_list_all(cls, url, limit=limit, starting_after=starting_after, **kwargs)
        # Stripe lists newest first.
        li._list.sort(key=lambda i: i.created, reverse=True)
        if created is not None:
            li._list = _filter_created(li._list, created)
        return li

    resources.PaymentIntent._api_list_all = classmethod(_api_list_all)


def _configure_store(state_file: str | None):
    store_cls = type(resources.store)
    if state_file is None:
        store_cls.dump_to_disk = lambda self: None
        store_cls.try_load_from_disk = lambda self: None
        return

    def dump_to_disk(self):
        with open(state_file, "wb") as f:
            pickle.dump(dict(self), f, protocol=pickle.HIGHEST_PROTOCOL)

    def try_load_from_disk(self):
        try:
            with open(state_file, "rb") as f:
                saved = pickle.load(f)
        except FileNotFoundError:
            return
        dict.clear(self)
        dict.update(self, saved)

    store_cls.dump_to_disk = dump_to_disk
    store_cls.try_load_from_disk = try_load_from_disk
    resources.store.try_load_from_disk()


_CONFIRM_PATH = re.compile(r"^/v1/payment_intents/(pi_\w+)/confirm$")


def _is_publishable(key) -> bool:
    return isinstance(key, str) and key.startswith("pk_") and len(key) > 5


@web.middleware
async def auth_with_client_secret(request, handler):
    """localstripe's authentication, plus what Stripe allows a browser: confirming a PaymentIntent with the
    publishable key and that intent's client secret (confirm_with_payment_method checks the secret)."""
    if request.method == "POST" and _CONFIRM_PATH.match(request.path) and server.get_api_key(request) is None:
        data = await server.get_post_data(request, remove_auth=False) or {}
        if _is_publishable(data.get("key")) and isinstance(data.get("client_secret"), str):
            return await handler(request)
    return await server.auth_middleware(request, handler)


@web.middleware
async def confirm_with_payment_method(request, handler):
    # Innermost: runs after the authentication, and localstripe's error middleware turns UserError into
    # Stripe's error shape.
    match = _CONFIRM_PATH.match(request.path)
    if request.method != "POST" or not match:
        return await handler(request)
    data = dict(await server.get_post_data(request) or {})
    payment_method = data.pop("payment_method", None)
    payment_method_data = data.pop("payment_method_data", None)
    client_secret = data.pop("client_secret", None)
    data.pop("return_url", None)
    if payment_method is None and payment_method_data is None and client_secret is None:
        return await handler(request)
    expand = data.pop("expand", None)
    intent = resources.PaymentIntent._api_retrieve(match.group(1))
    if client_secret is not None and client_secret != intent.client_secret:
        raise UserError(401, "The client_secret does not match this PaymentIntent.")
    if payment_method is not None or payment_method_data is not None:
        if intent.status not in ("requires_payment_method", "requires_confirmation", "requires_action"):
            raise UserError(
                400,
                f"This PaymentIntent's status is {intent.status}; it cannot be confirmed.",
                {"code": "payment_intent_unexpected_state"},
            )
        if payment_method is not None:
            # Resolves test ids such as pm_card_visa into a stored PaymentMethod; 404 for unknown ones.
            method = resources.PaymentMethod._api_retrieve(payment_method)
        elif isinstance(payment_method_data, dict):
            method = resources.PaymentMethod._api_create(**payment_method_data)  # 400 for a malformed card
        else:
            raise UserError(400, "Bad request")
        intent.payment_method = method.id
        intent.next_action = None
        intent._authentication_failed = False
        if intent.latest_charge is not None and intent.latest_charge.status == "failed":
            intent.latest_charge = None  # a new attempt after a decline
    confirmed = resources.PaymentIntent._api_confirm(id=intent.id, **data)
    return server.json_response(confirmed._export(expand=expand))


_STRIPE_JS_PATCH = Path(__file__).with_name("localstripe_stripe_js.js")


@web.middleware
async def stripe_js_with_card_confirmation(request, handler):
    """The stand-in Stripe.js, with scripts/localstripe_stripe_js.js appended (read at each request)."""
    if request.method != "GET" or request.path != "/js.stripe.com/v3/":
        return await handler(request)
    stand_in = (Path(server.__file__).parent / "localstripe-v3.js").read_text()
    return web.Response(
        text=stand_in + "\n" + _STRIPE_JS_PATCH.read_text(),
        content_type="application/javascript",
        headers={"Cache-Control": "no-cache"},
    )


_DECLINED_WHEN_CHARGED = {"4000000000000002"}  # Stripe's generic decline (card_declined)


def _patch_declined_cards():
    base = resources.PaymentMethod._charging_is_declined

    def _charging_is_declined(self):
        return base(self) or (self.type == "card" and self._card_number in _DECLINED_WHEN_CHARGED)

    resources.PaymentMethod._charging_is_declined = _charging_is_declined


_EXTRA_INTENT_FIELDS = ("receipt_email", "description", "transfer_group")


def _patch_payment_intent_fields():
    base_init = resources.PaymentIntent.__init__

    def __init__(self, *args, **kwargs):
        extra = {name: kwargs.pop(name) for name in _EXTRA_INTENT_FIELDS if name in kwargs}
        base_init(self, *args, **kwargs)
        for name in _EXTRA_INTENT_FIELDS:
            setattr(self, name, extra.get(name))

    resources.PaymentIntent.__init__ = __init__


def build_app(state_file: str | None = None) -> web.Application:
    _configure_store(state_file)
    _patch_payment_intent_list()
    _patch_payment_intent_fields()
    _patch_declined_cards()
    app = server.app
    app.middlewares.insert(0, idempotency_middleware)
    app.middlewares[app.middlewares.index(server.auth_middleware)] = auth_with_client_secret
    app.middlewares.append(confirm_with_payment_method)
    app.middlewares.append(stripe_js_with_card_confirmation)
    return app


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument(
        "--state-file", default=None, help="keep state in this pickle file across restarts (default: memory only)"
    )
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    logger = logging.getLogger("aiohttp.access")
    web.run_app(
        build_app(args.state_file),
        host=args.host,
        port=args.port,
        access_log=logger,
        print=lambda msg: print(msg, file=sys.stderr, flush=True),
    )


if __name__ == "__main__":
    main()
