"""An agency never sees another agency's data: every endpoint under /api/v1/agency/, found in the OpenAPI schema
(so an endpoint added later is covered the day it lands), is called by a member of agency B (every role) with
agency A's rows, and by A's own member as the control.

- A path with parameters ({id}, {line_id}...): filled with ids of A's objects, made by REGISTRY (below) from
  the path segment before each parameter ("members/{id}" -> REGISTRY["members"]). B must get 404; A's member
  must not (so the id was real and the call reached it). A call whose view reads its body before the object
  needs a valid body in BODIES, or B's 400 would hide whether the object was found (the test says so).
- A GET without parameters (lists, the agency itself, downloads): A holds one object of every REGISTRY kind
  first. A list named like a REGISTRY kind ("agency/invitations/") must show A's member A's object and show
  B's member none of A's ids; every answer to B must hold none of A's markers (its name, its people's e-mail
  addresses, whatever REGISTRY entries add), whatever its format.
- Writes without parameters (POST agency/invitations/...) create rows of the caller's own agency: the services'
  tests cover them; a write whose body names another agency's objects belongs in BODIES and a test of its own.

ADDING AN ENDPOINT: if its path has a parameter after a segment REGISTRY does not know, test_every_agency_
endpoint_is_covered fails, naming the segment. Add `REGISTRY["<segment>"] = make` where `make(world, made)`
creates one such object belonging to agency A (world.a; its admin in every role is world.a_admin) and returns
its id; `made` holds the ids made for the path's earlier parameters (a nested path's parent), by parameter
name. Objects that belong to no agency (a firm, a product) are SHARED: `REGISTRY["firms"] = shared(make)`, and
B may reach them.
"""

from __future__ import annotations

import datetime
import itertools
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from market.accounts.models import User
from market.procurement.models import AgencyPlanTarget, AgencyYear, Delivery, ProcurementRegime, Quotation
from market.procurement.services.agencies import agency_create, agency_invite
from market.procurement.services.deliveries import delivery_inspect, delivery_record, invoice_issue
from market.procurement.services.purchases import purchase_buy_now
from tests.factories import OperatorFactory, SellerFactory, UserFactory
from tests.procurement.factories import agency_member, ordered_purchase
from tests.procurement.quoting import eligible_firm, product_of, quote, rfq, seller_of

pytestmark = pytest.mark.django_db
API = "/api/v1/"
PARAMETER = re.compile(r"([^/{}]+)/\{([^}]+)\}")
_serial = itertools.count(1)


@dataclass
class World:
    a: object  # agency A, whose rows B must never see
    a_admin: object  # A's admin (AgencyMember, every role)
    b: object
    b_admin: object
    markers: list[str] = field(default_factory=list)  # text of A's that no answer to B may contain

    def mark(self, *texts: str) -> None:
        self.markers.extend(texts)


@dataclass(frozen=True)
class Shared:
    """An object that is no agency's own (B may reach it): made by `make` all the same."""

    make: Callable


def shared(make: Callable) -> Shared:
    return Shared(make)


def _member(world: World, made: dict) -> int:
    member = agency_member(world.a, "requester")
    world.mark(member.user.email)
    return member.pk


def _invitation(world: World, made: dict) -> int:
    email = f"invitee-{next(_serial)}-{uuid.uuid4().hex[:6]}@agency-a.example.kr"
    world.mark(email)
    return agency_invite(actor=world.a_admin, email=email, roles=["inspector"]).pk


def _delivery(world: World, made: dict) -> int:
    """A delivery to agency A awaiting inspection: one unit of a purchase A ordered from a firm."""
    purchase = ordered_purchase(agency=world.a, lines=((4, 11_000, False),))
    delivery = delivery_record(
        purchase_id=purchase.pk,
        actor=SellerFactory(firm=purchase.firm),
        lines=[{"purchase_line_id": purchase.lines.get().pk, "quantity": 1}],
        delivered_on=timezone.localdate(),
    )
    world.mark(purchase.number, delivery.number)
    return delivery.pk


def _invoice(world: World, made: dict) -> int:
    """An open invoice to agency A: a delivery inspected by A's admin, invoiced by an operator."""
    delivery = Delivery.objects.get(pk=_delivery(world, made))
    results = [{"purchase_line_id": line.purchase_line_id, "result": "accepted"} for line in delivery.lines.all()]
    delivery_inspect(delivery_id=delivery.pk, member=world.a_admin, results=results)
    invoice = invoice_issue(delivery_id=delivery.pk, actor=OperatorFactory())
    world.mark(invoice.number)
    return invoice.pk


def _inspection(world: World, made: dict) -> dict:
    lines = Delivery.objects.get(pk=made["id"]).lines.all()
    return {"results": [{"purchase_line_id": line.purchase_line_id, "result": "accepted"} for line in lines]}


def _year(world: World, made: dict) -> int:
    total = 918_273_645 + next(_serial)  # a figure no other agency records: a marker
    world.mark(str(total))
    return AgencyYear.objects.create(agency=world.a, year=2024, total_purchasing=total).pk


def _plan_target(world: World, made: dict) -> int:
    amount = 192_837_465 + next(_serial)
    world.mark(str(amount))
    regime = ProcurementRegime.objects.get(code="women_owned")
    return AgencyPlanTarget.objects.create(agency=world.a, year=2024, regime=regime, target_amount=amount).pk


def _quote_request(world: World, made: dict) -> int:
    """A request of A's, quoted by a firm (so select/ has a quotation to take)."""
    firm = eligible_firm()
    title = f"A의 견적 요청 {next(_serial)}-{uuid.uuid4().hex[:6]}"
    world.mark(title)
    request = rfq(agency_member(world.a, "requester"), items=[("현수막", 2)], firms=[firm], title=title)
    quote(seller_of(firm), request, prices={0: 40_000})
    return request.pk


def _purchase(world: World, made: dict) -> int:
    """A purchase of A's waiting for approval, requested by a colleague of A's admin (who may approve it)."""
    title = f"A의 구매 {next(_serial)}-{uuid.uuid4().hex[:6]}"
    world.mark(title)
    return purchase_buy_now(
        member=agency_member(world.a, "requester"),
        items=[{"product_id": product_of(eligible_firm(), price=33_000).pk, "quantity": 1}],
        delivery_place="서울특별시 마포구 월드컵로 212",
        delivery_date=timezone.localdate() + datetime.timedelta(days=10),
        title=title,
    ).pk


def _quotation(world: World, made: dict) -> int:
    """A firm's quotation answering a request of A's (the document A may download)."""
    return Quotation.objects.filter(quote_request_id=_quote_request(world, made)).values_list("pk", flat=True).get()


def _firm(world: World, made: dict) -> int:
    """A selling firm: no agency's own, so every agency may read its designation summary."""
    return eligible_firm().pk


# How to make one object of agency A for a path segment: make(world, made) -> id. Extend it (see the docstring).
REGISTRY: dict[str, Callable | Shared] = {
    "members": _member,
    "invitations": _invitation,
    "deliveries": _delivery,
    "invoices": _invoice,
    "years": _year,
    "plan-targets": _plan_target,
    "quote-requests": _quote_request,
    "purchases": _purchase,
    "quotations": _quotation,
    "firms": shared(_firm),
}

# Valid bodies for calls whose view reads the body before it looks the object up: (method, path) -> body(world, made).
BODIES: dict[tuple[str, str], Callable] = {
    ("PATCH", "agency/members/{id}/"): lambda world, made: {"roles": ["inspector"]},
    ("POST", "agency/deliveries/{id}/inspect/"): _inspection,
    ("POST", "agency/quote-requests/{id}/select/"): lambda world, made: {
        "quotation": Quotation.objects.filter(quote_request_id=made["id"]).values_list("pk", flat=True).get()
    },
    ("POST", "agency/purchases/{id}/return/"): lambda world, made: {"comment": "보완해 주세요"},
    ("POST", "agency/purchases/{id}/cancel/"): lambda world, made: {"reason": "예산이 바뀌었습니다"},
}


def _agency_endpoints() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        (method.upper(), path.removeprefix(API))
        for path, operations in schema["paths"].items()
        if path.startswith(f"{API}agency/")
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    )


ENDPOINTS = _agency_endpoints()
WITH_PARAMETERS = [e for e in ENDPOINTS if PARAMETER.search(e[1])]
READS = [e for e in ENDPOINTS if e[0] == "GET" and not PARAMETER.search(e[1])]


def test_every_agency_endpoint_is_covered():
    assert ("GET", "agency/members/") in ENDPOINTS and ("DELETE", "agency/members/{id}/") in ENDPOINTS
    unknown = sorted(
        {
            f"{segment!r} (in {method} {path})"
            for method, path in WITH_PARAMETERS
            for segment, _ in PARAMETER.findall(path)
            if segment not in REGISTRY
        }
    )
    assert not unknown, (
        "tests/procurement/test_isolation.py: add REGISTRY entries (how to make one of agency A's objects) for "
        f"these path segments: {', '.join(unknown)}"
    )
    stale = set(REGISTRY) - {segment for _, path in ENDPOINTS for segment in re.findall(r"[^/{}]+", path)}
    assert not stale, f"REGISTRY names segments no agency endpoint has: {sorted(stale)}"


@pytest.fixture
def world() -> World:
    operator = OperatorFactory()
    agencies = {}
    for side in ("a", "b"):
        admin = UserFactory()
        agency = agency_create(
            operator=operator,
            admin_email=admin.email,
            name=f"기관{side.upper()}-{uuid.uuid4().hex[:8]}",
            kind="public_institution",
            district_code="11440",
            address=f"서울특별시 마포구 {side} 1",
            billing_email=f"billing-{uuid.uuid4().hex[:8]}@agency-{side}.example.kr",
        )
        agencies[side] = (agency, agency.members.get(user=admin))
    world = World(a=agencies["a"][0], a_admin=agencies["a"][1], b=agencies["b"][0], b_admin=agencies["b"][1])
    world.mark(world.a.name, world.a.billing_email, world.a_admin.user.email)
    return world


def _client(member) -> APIClient:
    """A client of the member's account, loaded afresh (as each request does)."""
    client = APIClient()
    client.force_authenticate(User.objects.get(pk=member.user_id))
    return client


def _call(member, method: str, path: str, body: dict | None):
    client = _client(member)
    if body is None:
        return getattr(client, method.lower())(API + path)
    return getattr(client, method.lower())(API + path, body, format="json")


def _make(world: World, path: str) -> tuple[dict, bool]:
    """Ids of A's objects for every parameter of `path`, and whether any of them is agency-scoped."""
    made, scoped = {}, False
    for segment, parameter in PARAMETER.findall(path):
        entry = REGISTRY[segment]
        if isinstance(entry, Shared):
            made[parameter] = entry.make(world, made)
        else:
            made[parameter] = entry(world, made)
            scoped = True
    return made, scoped


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def _ids(response) -> set[int] | None:
    if "json" not in response.get("Content-Type", ""):
        return None
    data = response.json()
    rows = data.get("results") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        return None
    return {row["id"] for row in rows if isinstance(row, dict) and "id" in row}


@pytest.mark.parametrize("endpoint", WITH_PARAMETERS, ids=lambda e: f"{e[0]} {e[1]}")
def test_another_agencys_object_is_not_found(world, endpoint):
    method, template = endpoint
    if any(segment not in REGISTRY for segment, _ in PARAMETER.findall(template)):
        pytest.fail(f"{method} {template}: no REGISTRY entry for its path segments (see the module docstring)")
    made, scoped = _make(world, template)
    path = template.format(**made)
    if not scoped:
        # Every object in the path is shared (a firm): B reaches it, and learns nothing of A by it.
        response = _call(world.b_admin, method, path, None if method == "GET" else {})
        assert response.status_code < 400, f"{method} {path}: {response.status_code}"
        assert not [m for m in world.markers if m in _text(response)], f"{method} {path} shows A's data to B"
        return
    body = BODIES[endpoint](world, made) if endpoint in BODIES else ({} if method in ("POST", "PUT", "PATCH") else None)

    response = _call(world.b_admin, method, path, body)
    assert response.status_code != 400 or endpoint in BODIES, (
        f"{method} {path}: B got 400 before the object was looked up ({_text(response)[:300]}); "
        "give a valid body in BODIES so the call reaches the object"
    )
    assert response.status_code == 404, f"B {method} {path}: {response.status_code} {_text(response)[:300]}"
    assert set(response.json()["error"]) == {"code", "message", "field", "details"}

    control = _call(world.a_admin, method, path, body)
    assert control.status_code != 404, f"A's own {method} {path} was not found either: {_text(control)[:300]}"


@pytest.mark.parametrize("endpoint", READS, ids=lambda e: f"{e[0]} {e[1]}")
def test_a_read_shows_nothing_of_another_agency(world, endpoint):
    _, path = endpoint
    own = {segment: entry(world, {}) for segment, entry in REGISTRY.items() if not isinstance(entry, Shared)}
    kind = path.rstrip("/").rsplit("/", 1)[-1]

    response = _call(world.b_admin, "GET", path, None)
    assert response.status_code < 500, f"B GET {path}: {response.status_code}"
    text = _text(response)
    leaked = [marker for marker in world.markers if marker in text]
    assert not leaked, f"B GET {path} shows A's {leaked}"
    if kind in own:
        ids = _ids(response)
        assert ids is not None and own[kind] not in ids, f"B GET {path}: {text[:300]}"
        control = _ids(_call(world.a_admin, "GET", path, None))
        assert control is not None and own[kind] in control, f"A's own GET {path} does not list A's {kind}"


def test_a_member_sees_their_own_agency_and_its_people_only(world):
    colleague = _member(world, {})
    mine = _call(world.b_admin, "GET", "agency/", None).json()
    assert (mine["id"], mine["member_id"]) == (world.b.pk, world.b_admin.pk)
    members = _call(world.b_admin, "GET", "agency/members/", None).json()["results"]
    assert [m["id"] for m in members] == [world.b_admin.pk]
    assert colleague in {m["id"] for m in _call(world.a_admin, "GET", "agency/members/", None).json()["results"]}
