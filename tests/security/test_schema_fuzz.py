"""Schema fuzzing: every operation of our OpenAPI schema, as every kind of caller, checked against the schema.

Schemathesis draws requests from the schema (valid ones and ones that break it), and we mix in our own hostile
values: numbers in other Unicode digits, huge numbers, control characters, long strings; path ids are drawn
from the real objects of `market` (every role's and every other party's) as often as at random, so operations
on an existing object get past the 404. Each request goes through Django's WSGI application inside a savepoint
that is rolled back, so every example starts from the same market. Every response must not be a server error,
and its status code, content type and body must be the ones the schema declares.

The stateful phase follows the schema's links (api/schema.py): scenarios where a call takes its ids from an
earlier answer, starting from each role's own rows of the market.

The run is bounded (FUZZ_EXAMPLES per operation and role) and derandomized, so CI sees the same requests each
time; set FUZZ_EXAMPLES higher locally to search longer.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.security.conftest import AGENCY, ANONYMOUS, BUYER, OPERATOR, SELLER

pytestmark = pytest.mark.django_db

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
STATEFUL_SCENARIOS = int(os.environ.get("FUZZ_STATEFUL_SCENARIOS", "20"))
FUZZ_ROLES = (ANONYMOUS, BUYER, SELLER, OPERATOR, AGENCY)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
STATS = Counter()  # read by the terminal summary in tests/security/conftest.py


def _openapi() -> dict:
    """The schema /api/schema/ serves, generated the same way (public, with no request)."""
    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


SCHEMA = schemathesis.openapi.from_dict(_openapi(), config=schemathesis.Config())
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}

# Path parameters take the id of a real object as often as a drawn one. The object kind is named by the path
# segment before the parameter; a new path segment must be added here (the test says so).
SEEDED_KINDS = {
    "firms": "firms",
    "designations": "designations",
    "payout-batches": "payout_batches",
    "orders": "orders",
    "products": "products",
    "items": "products",
    "images": "images",
    "fulfilments": "fulfilments",
    "claims": "claims",
    "regimes": "regimes",
    "firm-qualifications": "qualifications",
    "agencies": "agencies",
    "members": "members",
    "invitations": "invitations",
    "quotations": "quotations",
    "deliveries": "deliveries",
    "agency-deliveries": "deliveries",
    "agency-invoices": "agency_invoices",
    "agency-orders": "agency_orders",
    "invoices": "agency_invoices",
    "verify": "document_codes",
    "quote-requests": "quote_requests",
    "purchases": "purchases",
    # A citizen's shared impact cards: the market shares none, so a seeded id is a token that is not found.
    "cards": "orders",
    "impact-cards": "orders",
    "districts": "districts",  # Seoul's district codes (reports/districts/{code}/)
    # The market appoints no district officer: a seeded id is one that is not found.
    "district-officers": "orders",
}
# A nested path names an object and its parent: how the child names its parent.
NESTED_PARENT = {"fulfilments": "order_id", "images": "product_id"}
PARAMETER_PATTERN = re.compile(r"([^/{}]+)/\{([^}]+)\}")

# Our own hostile values, mixed into query and path parameters of every type.
UNICODE_DIGITS = ["²", "١٢٣", "１２", "߁", "৩", "𝟗", "Ⅻ", "½", "٣٠", "०"]
HUGE_NUMBERS = [str(2**31), str(2**63), "9" * 40, "-" + "9" * 30, "1e309", "0x10", " 7", "7 ", "+5", "-0", "NaN"]
HOSTILE = st.one_of(
    st.sampled_from(UNICODE_DIGITS + HUGE_NUMBERS),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc"]), min_size=1, max_size=4),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Nd", "L"]), max_size=12),
    st.builds(lambda char, n: char * n, st.sampled_from(["a", "가", "9", "%"]), st.integers(300, 5000)),
)


def seeded_kind(path: str, parameter: str) -> str:
    for segment, name in PARAMETER_PATTERN.findall(path):
        if name == parameter:
            assert segment in SEEDED_KINDS, f"{path}: add {segment!r} to SEEDED_KINDS so it is fuzzed with real ids"
            return SEEDED_KINDS[segment]
    raise AssertionError(f"{path}: no segment names {parameter!r}")


@pytest.fixture
def wsgi_app():
    """Django's own WSGI application, sharing the test's connection (as Django's test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _season(case, data, market, role) -> None:
    """Give the case its caller and mix real ids and our hostile values into its parameters."""
    for name in list(case.path_parameters or {}):
        choice = data.draw(st.sampled_from(["seeded", "seeded", "drawn", "hostile"]), label=f"path {name}")
        if choice == "seeded":
            case.path_parameters[name] = data.draw(
                st.sampled_from(market.ids(seeded_kind(case.operation.path, name))), label=name
            )
        elif choice == "hostile":
            case.path_parameters[name] = data.draw(HOSTILE, label=name)
    names = [name for _, name in PARAMETER_PATTERN.findall(case.operation.path)]
    if len(names) == 2 and data.draw(st.booleans(), label="a real parent and child"):
        parent, child = names
        kind = seeded_kind(case.operation.path, child)
        obj = data.draw(st.sampled_from(market.objects(kind)), label=child)
        case.path_parameters.update({child: obj.pk, parent: getattr(obj, NESTED_PARENT[kind])})
    if isinstance(case.body, dict) and "image_ids" in case.body and data.draw(st.booleans(), label="real images"):
        case.body = {**case.body, "image_ids": data.draw(st.permutations(market.ids("images")), label="image_ids")}
    for parameter in case.operation.query:
        if data.draw(st.integers(0, 3), label=f"hostile {parameter.name}?") == 0:
            case.query = {**(case.query or {}), parameter.name: data.draw(HOSTILE, label=parameter.name)}
    if role != ANONYMOUS:
        case.headers = {**(case.headers or {}), **market[role].headers}


@pytest.mark.parametrize("role", FUZZ_ROLES)
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_operation_answers_as_its_schema_says(label, role, market, wsgi_app):
    operation = OPERATIONS[label]
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @settings(
        max_examples=FUZZ_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=False,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases, data=st.data())
    def fuzz(case, data):
        _season(case, data, market, role)
        with transaction.atomic():
            try:
                response = case.call_and_validate(app=wsgi_app, checks=CHECKS)
                STATS[f"status {response.status_code // 100}xx"] += 1
            finally:
                transaction.set_rollback(True)
        STATS["examples"] += 1

    STATS["operation runs"] += 1
    fuzz()


# Each role's scenarios walk the part of the API it works in (every operation is fuzzed for every role above).
ROLE_PATHS = {
    ANONYMOUS: r"^/api/v1/(products|firms|cart|search|categories)",
    BUYER: r"^/api/v1/(products|cart|checkout|orders)",
    SELLER: r"^/api/v1/seller/",
    OPERATOR: r"^/api/v1/operator/",
    AGENCY: r"^/api/v1/agency/",
}


@pytest.mark.parametrize("role", FUZZ_ROLES)
def test_sequences_along_the_schemas_links(role, market, wsgi_app):
    """The stateful phase: scenarios of calls where each takes its ids from an earlier answer (the schema's links,
    api/schema.py), starting from the real market: a buyer's own orders, a seller's own parts and products."""

    class Scenario(SCHEMA.include(path_regex=ROLE_PATHS[role]).as_state_machine()):
        def setup(self):
            self.savepoint = transaction.atomic()
            self.savepoint.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self.savepoint.__exit__(None, None, None)

        def get_call_kwargs(self, case):
            return {"app": wsgi_app, "headers": market[role].headers}

        def step(self, input):
            output = super().step(input)
            STATS["stateful requests"] += 1
            STATS[f"status {output.response.status_code // 100}xx"] += 1
            if input.is_applied and input.transition is not None:  # ids taken from an earlier answer
                STATS["linked requests"] += 1
                STATS[f"linked-status {output.response.status_code // 100}xx"] += 1
            return output

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)

    Scenario.run(
        settings=settings(
            max_examples=STATEFUL_SCENARIOS,
            stateful_step_count=8,
            derandomize=True,
            database=None,
            deadline=None,
            print_blob=False,
            suppress_health_check=list(HealthCheck),
        )
    )


def test_every_operation_is_fuzzed():
    """The fuzzed schema is the served one, and it is not empty."""
    assert len(OPERATIONS) >= 50
    assert {op.path for op in OPERATIONS.values()} == set(_openapi()["paths"])
