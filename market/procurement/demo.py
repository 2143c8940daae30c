"""Demo data for public procurement: two agencies with a member in each role and a year of purchasing made
through the services (backdated through their `now` and day parameters, so every rule is checked as it would
have been on the day), and work waiting at each step of the flow for someone trying the portal.

Called by `manage.py seed_demo` after the firms and products exist. Deterministic for a given random seed.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from market.accounts.models import User
from market.catalog.models import Product
from market.firms.models import Designation, DesignationStatus, Firm, SviGrade
from market.procurement.models import (
    AgencyInvoice,
    AgencyKind,
    AgencyMember,
    AgencyPlanTarget,
    AgencyRole,
    AgencyYear,
    Delivery,
    InspectionResult,
    ProcurementRegime,
    Purchase,
    PurchaseStatus,
)
from market.procurement.services.agencies import agency_create, agency_invitation_accept, agency_invite
from market.procurement.services.deliveries import delivery_inspect, delivery_record, invoice_issue, invoice_mark_paid
from market.procurement.services.purchases import purchase_approve, purchase_buy_now, purchase_from_quotation
from market.procurement.services.quotations import quotation_submit, quote_request_create

DAY = datetime.timedelta(days=1)
ROLES = ("requester", "approver", "inspector")
REJECTION_REASONS = ["포장 파손", "수량 부족분 재납품 요청", "유통기한 임박", "규격 불일치"]


@dataclass(frozen=True)
class DemoAgency:
    key: str
    name: str
    kind: str
    district_code: str
    address: str
    total_purchasing: int  # a year's purchasing from every supplier, VAT included


AGENCIES = [
    DemoAgency(
        "mapo", "마포구청", AgencyKind.DISTRICT_OFFICE, "11440", "서울특별시 마포구 월드컵로 212", 4_200_000_000
    ),
    DemoAgency(
        "seoul-welfare",
        "서울시복지재단",
        AgencyKind.PUBLIC_INSTITUTION,
        "11140",
        "서울특별시 중구 서소문로 11",
        1_350_000_000,
    ),
]


def agency_email(agency_key: str, role: str, domain: str) -> str:
    return f"{agency_key}-{role}@{domain}"


class AgencySeeder:
    def __init__(self, *, rng: random.Random, operator, domain: str, password: str, today: datetime.date):
        self.rng, self.operator, self.domain, self.today = rng, operator, domain, today
        self.password_hash = make_password(password)
        self.sellers = {m.firm_id: m.user for m in _seller_memberships()}

    # --- people ------------------------------------------------------------------------------------------------
    def _user(self, email: str, name: str) -> User:
        return User.objects.create(email=email, password=self.password_hash, display_name=name)

    def create_agency(self, spec: DemoAgency) -> dict[str, AgencyMember]:
        admin = self._user(agency_email(spec.key, "admin", self.domain), f"{spec.name} 관리자")
        agency = agency_create(
            operator=self.operator,
            admin_email=admin.email,
            name=spec.name,
            kind=spec.kind,
            district_code=spec.district_code,
            address=spec.address,
            billing_email=agency_email(spec.key, "finance", self.domain),
        )
        members = {"admin": AgencyMember.objects.get(user=admin)}
        for role in ROLES:
            user = self._user(agency_email(spec.key, role, self.domain), f"{spec.name} {AgencyRole(role).label}")
            invitation = agency_invite(actor=members["admin"], email=user.email, roles=[role])
            members[role] = agency_invitation_accept(user=user, token=invitation.token)
        for year, share in ((self.today.year - 1, 0.92), (self.today.year, 1.0)):
            AgencyYear.objects.create(agency=agency, year=year, total_purchasing=int(spec.total_purchasing * share))
            for regime in ProcurementRegime.objects.filter(active=True):
                target = int(spec.total_purchasing * share * float(regime.target_rate))
                AgencyPlanTarget.objects.create(agency=agency, year=year, regime=regime, target_amount=target)
        return members

    # --- what agencies buy from ----------------------------------------------------------------------------------
    def eligible_products(self) -> list[Product]:
        """Products of firms an agency may buy from directly on every day of the past year: selling, designated
        for over a year, at least 30% vulnerable employees, not excluded by their SVI grade, with a seller."""
        year_ago = self.today - 400 * DAY
        in_force_all_year = Designation.objects.valid(year_ago).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=self.today), firm=OuterRef("pk"), status=DesignationStatus.ACTIVE
        )
        firms = (
            Firm.objects.selling()
            .filter(Exists(in_force_all_year), vulnerable_employee_share__gte=30, pk__in=list(self.sellers))
            .exclude(svi_grade__in=[SviGrade.INSUFFICIENT, SviGrade.WEAK])
        )
        # Cheap enough that a minimum order stays well inside a 바로구매 (and a quotation under the threshold).
        return list(
            Product.objects.public()
            .alias(minimum_amount=F("price") * F("min_order_quantity"))
            .filter(firm__in=firms, price__lte=100_000, minimum_amount__lte=500_000)
            .select_related("firm", "category")
            .order_by("id")[:400]
        )

    # --- one purchase from request to payment ---------------------------------------------------------------------
    def _at(self, day: datetime.date, hour: int = 10) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    def buy_now(self, members, products, day: datetime.date, *, approve=True) -> Purchase:
        firm_products = self._products_of_one_firm(products, 2)
        items = [{"product_id": p.pk, "quantity": self._quantity(p, budget=2_000_000)} for p in firm_products]
        purchase = purchase_buy_now(
            member=members["requester"],
            items=items,
            delivery_place=f"{members['requester'].agency.address} 총무과",
            delivery_date=day + 10 * DAY,
            title=f"{firm_products[0].title} 외 구매",
            now=self._at(day),
        )
        if approve:
            purchase = purchase_approve(member=members["approver"], purchase_id=purchase.pk, now=self._at(day + DAY))
        return purchase

    def by_quotation(self, members, products, day: datetime.date, *, select=True, approve=True):
        firm_products = self._products_of_one_firm(products, 2)
        other = self.rng.choice([p for p in products if p.firm_id != firm_products[0].firm_id])
        items = [{"product_id": p.pk, "quantity": self._quantity(p, budget=8_000_000)} for p in firm_products] + [
            {"description": "행사용 답례품 포장 (맞춤 인쇄)", "quantity": 200, "unit": "세트"}
        ]
        quote_request = quote_request_create(
            member=members["requester"],
            title=f"{firm_products[0].category.name_ko} 등 견적 요청",
            items=items,
            firm_ids=[firm_products[0].firm_id, other.firm_id],
            delivery_place=f"{members['requester'].agency.address} 대회의실",
            delivery_date=day + 21 * DAY,
            reply_deadline=self._at(day + 5 * DAY, 18),
            now=self._at(day),
        )
        quotations = []
        for firm_id, discount in ((firm_products[0].firm_id, 0.95), (other.firm_id, 1.0)):
            lines = []
            for item in quote_request.items.all():
                own = item.product is not None and item.product.firm_id == firm_id
                price = None if own else int(self.rng.randint(8, 16) * 1000 * discount)
                lines.append(
                    {"item_id": item.pk, "unit_price": price, "vat_exempt": False} if price else {"item_id": item.pk}
                )
            quotations.append(
                quotation_submit(
                    seller=self.sellers[firm_id],
                    quote_request_id=quote_request.pk,
                    lines=lines,
                    valid_until=day + 30 * DAY,
                    delivery_terms="발주 후 14일 이내 납품, 배송비 포함",
                    now=self._at(day + 2 * DAY),
                )
            )
        if not select:
            return quote_request
        cheapest = min(quotations, key=lambda q: q.total)
        purchase = purchase_from_quotation(
            member=members["requester"],
            quote_request_id=quote_request.pk,
            quotation_id=cheapest.pk,
            now=self._at(day + 6 * DAY),
        )
        if approve and not purchase.tender_required:
            purchase = purchase_approve(
                member=members["approver"], purchase_id=purchase.pk, now=self._at(day + 7 * DAY)
            )
        return purchase

    def deliver_and_settle(
        self, members, purchase: Purchase, day: datetime.date, *, inspect=True, invoice=True, pay=True
    ):
        """Deliver (in two parts now and then), inspect (now and then rejecting a line), invoice and pay."""
        seller = self.sellers[purchase.firm_id]
        lines = list(purchase.lines.all())
        split = len(lines) > 1 and self.rng.random() < 0.3
        parts = [lines[:1], lines[1:]] if split else [lines]
        for n, part in enumerate(parts):
            delivered_on = min(day + (4 + 3 * n) * DAY, self.today)
            delivery = delivery_record(
                purchase_id=purchase.pk,
                actor=seller,
                lines=[{"purchase_line_id": line.pk, "quantity": line.quantity} for line in part],
                delivered_on=delivered_on,
            )
            if not inspect:
                return delivery
            reject_one = len(part) > 1 and self.rng.random() < 0.15
            results = [{"purchase_line_id": line.pk, "result": InspectionResult.ACCEPTED} for line in part]
            if reject_one:
                results[-1] = {
                    "purchase_line_id": part[-1].pk,
                    "result": InspectionResult.REJECTED,
                    "reason": self.rng.choice(REJECTION_REASONS),
                }
            accepted_on = min(delivered_on + 2 * DAY, self.today)
            delivery = delivery_inspect(
                delivery_id=delivery.pk, member=members["inspector"], results=results, accepted_on=accepted_on
            )
            if not invoice:
                return delivery
            bill = invoice_issue(delivery_id=delivery.pk, actor=seller, issued_on=accepted_on)
            if pay:
                invoice_mark_paid(invoice_id=bill.pk, actor=seller, reference=f"이체 {bill.number[-6:]}")
                # History: the transfer came in some days after the invoice (the service stamps today).
                paid_at = self._at(min(accepted_on + self.rng.randint(5, 25) * DAY, self.today), 15)
                AgencyInvoice.objects.filter(pk=bill.pk).update(paid_at=paid_at)
        return purchase

    # --- helpers ---------------------------------------------------------------------------------------------------
    def _products_of_one_firm(self, products, count: int) -> list[Product]:
        first = self.rng.choice(products)
        same = [p for p in products if p.firm_id == first.firm_id]
        return self.rng.sample(same, min(count, len(same)))

    def _quantity(self, product: Product, *, budget: int) -> int:
        """A round quantity of at least the minimum order, worth at most about `budget` won."""
        wanted = self.rng.choice([10, 20, 30, 50, 100, 200])
        return max(product.min_order_quantity, min(wanted, budget // product.price))


def _seller_memberships():
    from market.firms.models import FirmMember

    return FirmMember.objects.select_related("user").order_by("firm_id", "id")


def seed_agencies(*, rng: random.Random, operator, domain: str, password: str, today: datetime.date) -> dict:
    """Two agencies, a year of purchases through every step, and work waiting at each step. Returns counts."""
    seeder = AgencySeeder(rng=rng, operator=operator, domain=domain, password=password, today=today)
    products = seeder.eligible_products()
    if len({p.firm_id for p in products}) < 2:
        return {"agencies": 0}
    for spec in AGENCIES:
        members = seeder.create_agency(spec)
        # A year of history: a few purchases a month, each delivered, inspected, invoiced and paid.
        for months_back in range(12, 0, -1):
            start = today - datetime.timedelta(days=30 * months_back + 10)
            for n in range(3):
                day = start + (n * 8) * DAY
                if n == 2:
                    purchase = seeder.by_quotation(members, products, day)
                else:
                    purchase = seeder.buy_now(members, products, day)
                if purchase.status == PurchaseStatus.ORDERED:
                    seeder.deliver_and_settle(members, purchase, day + 7 * DAY)
        # Work waiting now, one at each step.
        recent = today - 3 * DAY
        seeder.by_quotation(members, products, today, select=False)  # quotations to compare
        seeder.buy_now(members, products, today, approve=False)  # waiting for approval
        seeder.buy_now(members, products, recent)  # ordered, waiting for delivery
        seeder.deliver_and_settle(members, seeder.buy_now(members, products, recent), recent, inspect=False)
        seeder.deliver_and_settle(members, seeder.buy_now(members, products, recent), recent, pay=False)
    return {
        "agencies": len(AGENCIES),
        "purchases": Purchase.objects.count(),
        "deliveries": Delivery.objects.count(),
        "invoices": AgencyInvoice.objects.count(),
    }


def delete_demo_agencies(demo_users, firm_ids) -> None:
    """Everything the demo's agencies did (for `seed_demo --reset`): their purchases' whole trail, and the
    settlement rows their paid invoices booked for the demo's firms."""
    from market.payments.models import SettlementEntry
    from market.procurement.models import (
        Agency,
        AgencyRefund,
        DeliveryLine,
        PurchaseEvent,
        PurchaseLine,
        Quotation,
        QuotationLine,
        QuoteRequest,
    )

    agencies = Agency.objects.filter(members__user__in=demo_users).distinct()
    numbers = list(AgencyInvoice.objects.filter(agency__in=agencies).values_list("number", flat=True))
    SettlementEntry.objects.filter(
        firm_id__in=firm_ids, key__in=[f"agency-invoice-{n}-{k}" for n in numbers for k in ("sale", "fee")]
    ).delete()
    AgencyRefund.objects.filter(invoice__agency__in=agencies).delete()
    AgencyInvoice.objects.filter(agency__in=agencies).delete()
    DeliveryLine.objects.filter(delivery__purchase__agency__in=agencies).delete()
    Delivery.objects.filter(purchase__agency__in=agencies).delete()
    PurchaseEvent.objects.filter(purchase__agency__in=agencies).delete()
    PurchaseLine.objects.filter(purchase__agency__in=agencies).delete()
    Purchase.objects.filter(agency__in=agencies).delete()
    QuotationLine.objects.filter(quotation__quote_request__agency__in=agencies).delete()
    Quotation.objects.filter(quote_request__agency__in=agencies).delete()
    QuoteRequest.objects.filter(agency__in=agencies).delete()
    agencies.delete()
