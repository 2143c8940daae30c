"""Shared fixtures for the security tests: a marketplace with every role and one of each object they own.

`market` is built once per test module, through the services (and the real localstripe for the payments),
inside a transaction rolled back when the module ends; each test runs in a savepoint inside it, so what a
test writes is gone before the next test starts.
"""

from __future__ import annotations

import datetime
import io
import secrets
import sys
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from market.catalog.images import product_image_add
from market.firms.models import Designation, District, VerificationStatus
from market.orders.models import ClaimKind, Order
from market.orders.services import (
    cart_for,
    cart_set_item,
    claim_open,
    fulfilment_confirm,
    fulfilment_deliver,
    fulfilment_ship,
    order_place,
)
from market.payments.services import payment_confirm, payment_start
from market.payments.settlement import payout_batch_create
from market.procurement.models import FirmQualification, ProcurementRegime
from market.procurement.services.agencies import (
    agency_create,
    agency_invitation_accept,
    agency_invite,
    agency_register,
)
from market.procurement.services.purchases import purchase_approve, purchase_buy_now, purchase_return
from market.procurement.services.quotations import quotation_submit, quote_request_create
from tests.documents.builders import document_objects
from tests.factories import FirmFactory, OperatorFactory, ProductFactory, SellerFactory, UserFactory
from tests.payments.localstripe import localstripe_url, require_server

# Who can call the API. Every security test covers every role; a new role joins here and in the tables.
# AGENCY and OTHER_AGENCY are the admins (in every role) of two approved public agencies.
ANONYMOUS, BUYER, OTHER_BUYER, SELLER, OTHER_SELLER, OPERATOR, AGENCY, OTHER_AGENCY = (
    "anonymous",
    "buyer",
    "other_buyer",
    "seller",
    "other_seller",
    "operator",
    "agency",
    "other_agency",
)
# Kinds of path ids seeded from a whole table: rules kept as data, firms' certificates.
SEEDED_TABLES = {"regimes": ProcurementRegime, "qualifications": FirmQualification, "districts": District}
ROLES = (ANONYMOUS, BUYER, OTHER_BUYER, SELLER, OTHER_SELLER, OPERATOR, AGENCY, OTHER_AGENCY)
SHIPPING = {
    "name": "김시민",
    "phone": "010-1234-5678",
    "postal_code": "04001",
    "address1": "서울 마포구 월드컵로 1",
    "address2": "",
}


def api_token(user) -> str:
    """A fresh API token for `user`, from whichever token authentication the API is configured with."""
    authentication = settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]
    if apps.is_installed("knox") and any(path.startswith("knox.") for path in authentication):
        from knox.models import AuthToken

        return AuthToken.objects.create(user)[1]
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=user)[0].key


def auth_headers(user) -> dict[str, str]:
    """The headers an API client of `user` sends (none for an anonymous caller)."""
    if user is None:
        return {}
    return {"Authorization": f"Token {api_token(user)}"}


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@dataclass
class Party:
    """One caller and what it owns. Sellers own their firm's rows; buyers their carts and orders; agency admins
    their agency's rows."""

    user: object = None
    firm: object = None
    products: list = field(default_factory=list)
    images: list = field(default_factory=list)
    designations: list = field(default_factory=list)
    orders: list = field(default_factory=list)  # [paid, unpaid, paid and delivered with a claim on one part]
    claims: list = field(default_factory=list)  # return requests the buyer opened
    cart_products: list = field(default_factory=list)
    fulfilments: list = field(default_factory=list)
    agency: object = None
    members: list = field(default_factory=list)  # [the admin's own membership, a colleague's (requester)]
    invitations: list = field(default_factory=list)  # [open (AGENCY's: for BUYER's address), the colleague's]
    # Requests for quotation and purchases (_procurement_rows): an agency's own; a firm's requests received,
    # quotations sent and agency orders.
    quote_requests: list = field(default_factory=list)  # [quoted by the firm, not quoted yet]
    quotations: list = field(default_factory=list)
    purchases: list = field(default_factory=list)  # [waiting for approval, returned to the admin, ordered]
    approvals: list = field(default_factory=list)  # purchases waiting for the admin's decision
    agency_orders: list = field(default_factory=list)
    headers: dict = field(default_factory=dict)


@dataclass
class Market:
    parties: dict  # role -> Party
    pending_firm: object
    payout_batch: object
    pending_agency: object = None
    # The documents endpoints' rows (tests/documents/builders.py document_objects): kind -> objects.
    documents: dict = field(default_factory=dict)

    def __getitem__(self, role) -> Party:
        return self.parties[role]

    def objects(self, kind: str) -> list:
        """Every object of one kind, whoever owns it, in a fixed order."""
        found = {obj.pk: obj for party in self.parties.values() for obj in getattr(party, kind, ())}
        return [found[pk] for pk in sorted(found)]

    def ids(self, kind: str) -> list[int]:
        """Every id of one kind of object, whoever owns it (seeds for path parameters)."""
        ids = {obj.pk for obj in self.objects(kind)}
        if kind == "firms":
            ids = {p.firm.pk for p in self.parties.values() if p.firm} | {self.pending_firm.pk}
        if kind == "payout_batches":
            ids = {self.payout_batch.pk}
        if kind in SEEDED_TABLES:  # rows no party owns: every one in the table
            ids = set(SEEDED_TABLES[kind].objects.values_list("pk", flat=True))
        if kind == "agencies":
            ids = {p.agency.pk for p in self.parties.values() if p.agency} | {self.pending_agency.pk}
        if kind == "agency_orders":  # the purchases of the documents' deliveries (AGENCY's from SELLER's firm)
            ids = {d.purchase_id for d in self.documents.get("deliveries", ())}
        if kind == "document_codes":
            return sorted(record.code for record in self.documents[kind])
        ids |= {obj.pk for obj in self.documents.get(kind, ())}
        return sorted(i for i in ids if i is not None)


def _place_order(buyer, products, *, pay: bool):
    cart = cart_for(user=buyer)
    for product in products:
        cart_set_item(cart=cart, product_id=product.pk, quantity=1)
    order = order_place(buyer=buyer, cart=cart, shipping=SHIPPING)
    if pay:
        payment = payment_start(order=order)
        payment_confirm(payment=payment, payment_method="pm_card_visa")
        order.refresh_from_db()
    return order


def _fresh_order_ids() -> None:
    """Stripe idempotency keys name the order id, and localstripe outlives the test database: start our order ids
    where no earlier run (or another suite sharing the server) has been, as a long-lived database would."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
            [Order._meta.db_table, 10**8 + secrets.randbelow(10**9)],
        )


def _deliver(part, seller) -> None:
    fulfilment_confirm(fulfilment_id=part.pk, actor=seller)
    fulfilment_ship(fulfilment_id=part.pk, actor=seller, carrier="CJ대한통운", tracking_number="6012-3456-7890")
    fulfilment_deliver(fulfilment_id=part.pk, actor=seller)


def _agency_party(operator, name: str, invitee_email: str) -> Party:
    """An approved agency as an operator creates it, its admin (every role), a colleague who joined by
    invitation (requester), and an open invitation to `invitee_email`."""
    admin, colleague = UserFactory(), UserFactory()
    agency = agency_create(
        operator=operator,
        admin_email=admin.email,
        name=name,
        kind="public_institution",
        district_code="11440",
        address="서울특별시 마포구 월드컵로 212",
        billing_email=f"billing-{admin.pk}@agency.example.kr",
    )
    own = agency.members.get(user=admin)
    invitation = agency_invite(actor=own, email=colleague.email, roles=["requester"])
    joined = agency_invitation_accept(user=colleague, token=invitation.token)
    open_invitation = agency_invite(actor=own, email=invitee_email, roles=["inspector"])
    return Party(user=admin, agency=agency, members=[own, joined], invitations=[open_invitation, invitation])


def _procurement_rows(parties) -> None:
    """AGENCY buys from SELLER's firm and OTHER_AGENCY from OTHER_SELLER's, through the services: two requests
    for quotation by the colleague (the first quoted by the firm), and three buy-now purchases of the firm's
    second product: the colleague's waiting for approval, the admin's returned to them by an approver who joined
    by invitation, and the colleague's approved by the admin (ordered, so the firm sees it)."""
    now = timezone.now()
    today = timezone.localdate(now)
    place = "서울특별시 마포구 월드컵로 212"
    for agency_role, seller_role in ((AGENCY, SELLER), (OTHER_AGENCY, OTHER_SELLER)):
        party, seller = parties[agency_role], parties[seller_role]
        seller.firm.vulnerable_employee_share = Decimal("40.00")  # qualifies for a direct contract
        seller.firm.save(update_fields=["vulnerable_employee_share"])
        admin, colleague = party.members[0], party.members[1]
        approver_user = UserFactory()
        invitation = agency_invite(actor=admin, email=approver_user.email, roles=["approver"])
        approver = agency_invitation_accept(user=approver_user, token=invitation.token)
        party.members.append(approver)
        party.invitations.append(invitation)
        requests = [
            quote_request_create(
                member=colleague,
                title=f"행사 물품 {n}",
                items=[
                    {"product_id": seller.products[0].pk, "quantity": 2},
                    {"description": "현수막 제작", "quantity": 1, "unit": "장"},
                ],
                firm_ids=[],
                delivery_place=place,
                delivery_date=today + datetime.timedelta(days=30),
                reply_deadline=now + datetime.timedelta(days=7),
            )
            for n in (1, 2)
        ]
        items = list(requests[0].items.order_by("position"))
        quotation = quotation_submit(
            seller=seller.user,
            quote_request_id=requests[0].pk,
            lines=[{"item_id": items[0].pk}, {"item_id": items[1].pk, "unit_price": 55_000}],
            valid_until=today + datetime.timedelta(days=30),
        )

        waiting, returned, ordered = (
            purchase_buy_now(
                member=member,
                items=[{"product_id": seller.products[1].pk, "quantity": 1}],
                delivery_place=place,
                delivery_date=today + datetime.timedelta(days=14),
            )
            for member in (colleague, admin, colleague)
        )
        purchase_return(member=approver, purchase_id=returned.pk, comment="납품 장소를 확인해 주세요")
        purchase_approve(member=admin, purchase_id=ordered.pk)
        party.quote_requests, party.purchases, party.approvals = requests, [waiting, returned, ordered], [waiting]
        seller.quote_requests, seller.quotations, seller.agency_orders = requests, [quotation], [ordered]


def _document_rows(parties, documents) -> None:
    """The documents' quotations and ordered purchases (tests/documents/builders.py) are rows of the same agencies
    and firms: their lists show them too."""
    for agency_role, seller_role in ((AGENCY, SELLER), (OTHER_AGENCY, OTHER_SELLER)):
        agency, firm = parties[agency_role].agency, parties[seller_role].firm
        for quotation in documents.get("quotations", ()):
            if quotation.quote_request.agency_id == agency.pk:
                parties[agency_role].quote_requests.append(quotation.quote_request)
            if quotation.firm_id == firm.pk:
                parties[seller_role].quote_requests.append(quotation.quote_request)
                parties[seller_role].quotations.append(quotation)
        for delivery in documents.get("deliveries", ()):
            if delivery.purchase.agency_id == agency.pk:
                parties[agency_role].purchases.append(delivery.purchase)
            if delivery.purchase.firm_id == firm.pk:
                parties[seller_role].agency_orders.append(delivery.purchase)


def build_market() -> Market:
    require_server(localstripe_url(), "localstripe")
    _fresh_order_ids()
    sellers = {role: SellerFactory() for role in (SELLER, OTHER_SELLER)}
    parties = {ANONYMOUS: Party(), OPERATOR: Party(user=OperatorFactory())}
    for role, seller in sellers.items():
        firm = seller.firm_membership.firm
        products = [ProductFactory(firm=firm, price=12000, stock=40), ProductFactory(firm=firm, price=9000, stock=40)]
        images = [product_image_add(product=products[0], upload=png_upload(), alt_text="상품 사진")]
        parties[role] = Party(
            user=seller,
            firm=firm,
            products=products,
            images=images,
            designations=list(Designation.objects.filter(firm=firm)),
        )
    both = [parties[SELLER].products[0], parties[OTHER_SELLER].products[0]]
    for role, cart_firm in ((BUYER, SELLER), (OTHER_BUYER, OTHER_SELLER)):
        buyer = UserFactory()
        orders = [
            _place_order(buyer, both, pay=True),
            _place_order(buyer, both, pay=False),
            _place_order(buyer, both, pay=True),
        ]
        for part in orders[2].fulfilments.select_related("firm"):
            seller = sellers[SELLER if part.firm_id == parties[SELLER].firm.pk else OTHER_SELLER]
            _deliver(part, seller)
        # The buyer asks to return the first firm's part; the other firm's part waits for 구매확정.
        claims = [
            claim_open(
                fulfilment_id=orders[2].fulfilments.get(firm=parties[SELLER].firm).pk,
                buyer=buyer,
                kind=ClaimKind.RETURN,
                reason="상자가 젖어서 왔어요",
            )
        ]
        # A cart with something in it (a different thing for each buyer), so cart endpoints have a row to change.
        in_cart = [parties[cart_firm].products[1]]
        cart_set_item(cart=cart_for(user=buyer), product_id=in_cart[0].pk, quantity=2)
        parties[role] = Party(user=buyer, orders=orders, claims=claims, cart_products=in_cart)
    for role in (SELLER, OTHER_SELLER):
        firm = parties[role].firm
        # A firm sees its part of an order once the order is paid.
        parties[role].fulfilments = [
            parties[buyer].orders[index].fulfilments.get(firm=firm)
            for buyer in (BUYER, OTHER_BUYER)
            for index in (0, 2)
        ]
    operator = parties[OPERATOR].user
    # AGENCY's open invitation is for BUYER, so exactly one caller may accept it.
    parties[AGENCY] = _agency_party(operator, "서울특별시 공공기관 A", parties[BUYER].user.email)
    parties[OTHER_AGENCY] = _agency_party(operator, "서울특별시 공공기관 B", "someone-else@agency.example.kr")
    _procurement_rows(parties)
    pending_agency = agency_register(
        user=UserFactory(),
        name="승인 대기 기관",
        kind="school",
        district_code="11410",
        address="서울특별시 서대문구 1",
        billing_email="pending@school.example.kr",
    )
    for party in parties.values():
        party.headers = auth_headers(party.user)
    pending_firm = FirmFactory(verification_status=VerificationStatus.PENDING, designation=False)
    # A row of SEEDED_TABLES no party owns: a firm's certificate (the operators' purchase-performance endpoints).
    FirmQualification.objects.create(
        firm=parties[SELLER].firm, kind="women_owned", start_date=datetime.date(2024, 1, 1)
    )
    payout_batch = payout_batch_create(operator=operator)
    documents = document_objects(
        agencies=(parties[AGENCY].agency, parties[OTHER_AGENCY].agency),
        firms=(parties[SELLER].firm, parties[OTHER_SELLER].firm),
    )
    _document_rows(parties, documents)
    return Market(
        parties=parties,
        pending_firm=pending_firm,
        payout_batch=payout_batch,
        pending_agency=pending_agency,
        documents=documents,
    )


@pytest.fixture(scope="module")
def module_media_root(tmp_path_factory):
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _media_root(module_media_root):
    """The market's images stay where its tests look for them (overrides the per-test media of tests/conftest.py)."""


@pytest.fixture(scope="module")
def market(django_db_setup, django_db_blocker, module_media_root):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_market()  # its on-commit work (e-mails, indexing) is dropped with the rollback
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def pytest_terminal_summary(terminalreporter):
    """The figures of this run's schema fuzzing and authorization matrix, for the README's security table."""
    fuzz = sys.modules.get("tests.security.test_schema_fuzz")
    if fuzz is not None and (fuzz.STATS["examples"] or fuzz.STATS["stateful requests"]):
        stats = fuzz.STATS

        def classes(prefix):
            return ", ".join(f"{key.split()[1]}: {stats[key]}" for key in sorted(stats) if key.startswith(prefix))

        terminalreporter.write_line(
            f"schema fuzzing: {len(fuzz.OPERATIONS)} operations × {len(fuzz.FUZZ_ROLES)} roles "
            f"({stats['operation runs']} runs), {stats['examples']} requests; stateful: "
            f"{stats['stateful requests']} requests in scenarios, {stats['linked requests']} with ids from an "
            f"earlier answer ({classes('linked-status')}); all responses: {classes('status')}"
        )
    matrix = sys.modules.get("tests.security.test_authorization_matrix")
    if matrix is not None:
        terminalreporter.write_line(
            f"authorization matrix: {len(matrix.TABLE)} endpoints × {len(ROLES)} roles = "
            f"{len(matrix.TABLE) * len(ROLES)} checks"
        )
