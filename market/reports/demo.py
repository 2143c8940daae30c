"""Demo data for the reports: citizens in most of Seoul's districts with about a year of paid orders (some parts
shipped, delivered and purchase-confirmed, a few cancelled or returned and refunded), a district officer for 마포구,
and the pre-aggregated sales table filled at once. Called by `manage.py seed_demo` after the agencies' year.

Orders go through the orders services (cart_set_item, order_place, the firm's and the buyer's moves, claims) and
the payments service that applies a succeeded payment (payment_apply_intent: the charge in the payment ledger, the
order paid, the firms' sale and fee in the settlement ledger), as the webhook would. Nothing here calls the payment
gateway: seed_demo runs before the demo's localstripe is started (scripts/demo.sh) and must work offline. So the
demo's intents and refunds are named by us (pi_demo_…, re_demo_…), and refunds are booked by the function the
refund services book the gateway's answer with (`_book_refund`). Refunding a demo order again from the web UI
would ask the gateway about an intent it never saw, and fail.

The services stamp the present; the history's times (orders placed and paid, parts' moves, their events, the
ledgers' rows) are set afterwards with bulk updates, one statement per batch. Deterministic for a given seed,
apart from the order numbers' random part.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from functools import partial

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from market.accounts.models import User, UserKind
from market.catalog.models import Product
from market.firms.models import District, FirmMember
from market.orders.models import (
    ClaimKind,
    Fulfilment,
    FulfilmentClaim,
    Order,
    OrderEvent,
    OrderStatus,
    StockReservation,
)
from market.orders.services import (
    cart_for,
    cart_set_item,
    claim_mark_accepted,
    claim_open,
    fulfilment_confirm,
    fulfilment_confirm_purchase,
    fulfilment_deliver,
    fulfilment_mark_cancelled,
    fulfilment_ship,
    order_place,
)
from market.orders.tasks import send_order_email
from market.payments.models import Payment, PaymentLedgerEntry, SettlementEntry
from market.payments.provider import IntentStatus, PaymentIntentData, RefundData, RefundStatus
from market.payments.services import _book_refund, payment_apply_intent
from market.reports.models import DistrictOfficer
from market.reports.sales import refresh_sales_days

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
OFFICER_DISTRICT = "11440"  # 마포구, where the demo's agency 마포구청 is too
MAX_ORDERS = 300
CARRIERS = ["CJ대한통운", "우체국택배", "한진택배", "롯데택배"]
CANCEL_REASONS = ["재고가 소진되어 발송할 수 없습니다.", "원재료 수급 문제로 제작이 늦어져 취소합니다."]
RETURN_REASONS = ["상품이 파손되어 도착했습니다.", "주문한 것과 다른 색상이 왔습니다."]


def citizen_email(n: int, domain: str) -> str:
    return f"citizen{n}@{domain}"


def officer_email(domain: str) -> str:
    return f"officer-mapo@{domain}"


def _seller_of_each_firm() -> dict[int, User]:
    return {m.firm_id: m.user for m in FirmMember.objects.select_related("user").order_by("firm_id", "id")}


class CitizenOrderSeeder:
    def __init__(self, *, rng: random.Random, domain: str, password: str, now: datetime.datetime):
        self.rng, self.domain, self.now = rng, domain, now
        self.password_hash = make_password(password)  # one hash for every citizen: hashing is the slow part
        self.fake = Faker("ko_KR")
        self.fake.seed_instance(rng.randint(0, 2**31))
        self.sellers = _seller_of_each_firm()
        # The times the history should show, applied once everything is made (see `backdate`).
        self.order_times: dict[int, dict[str, datetime.datetime]] = {}
        self.part_times: dict[int, dict[str, datetime.datetime]] = defaultdict(dict)
        self.event_times: dict[tuple[int, int | None, str], datetime.datetime] = {}
        self.ledger_times: dict[str, datetime.datetime] = {}
        self.settlement_times: dict[str, datetime.datetime] = {}
        self.claim_times: dict[int, tuple[datetime.datetime, datetime.datetime]] = {}
        self.counts = defaultdict(int)

    # --- people ------------------------------------------------------------------------------------------------
    def create_citizens(self) -> list[User]:
        """About three citizens in each of 21 districts (more in 마포구), so every report has buyers to group."""
        districts = list(District.objects.order_by("code"))
        others = [d for d in districts if d.code != OFFICER_DISTRICT]
        chosen = [d for d in districts if d.code == OFFICER_DISTRICT] * 8
        for district in self.rng.sample(others, min(20, len(others))):
            chosen += [district] * self.rng.randint(2, 4)
        users = [
            User(
                email=citizen_email(n, self.domain),
                password=self.password_hash,
                display_name=self.fake.name(),
                kind=UserKind.BUYER,
                district=district,
            )
            for n, district in enumerate(chosen, start=1)
        ]
        return User.objects.bulk_create(users)

    def create_officer(self) -> DistrictOfficer:
        user = User.objects.create(
            email=officer_email(self.domain), password=self.password_hash, display_name="마포구 사회적경제지원센터"
        )
        return DistrictOfficer.objects.create(user=user, district_id=OFFICER_DISTRICT)

    # --- what citizens buy --------------------------------------------------------------------------------------
    def sellable_products(self) -> dict[int, list[Product]]:
        """Public products a citizen buys one to three of, by firm (only firms with a seller to move the parts)."""
        products = (
            Product.objects.public()
            .filter(stock__gte=10, min_order_quantity__lte=2, price__lte=150_000, firm_id__in=list(self.sellers))
            .select_related("firm")
            .order_by("id")
        )
        by_firm = defaultdict(list)
        for product in products:
            by_firm[product.firm_id].append(product)
        return dict(by_firm)

    def placement_times(self, count: int) -> list[datetime.datetime]:
        """`count` times over the past 365 days, denser lately (the marketplace grows month by month)."""
        times = []
        for _ in range(count):
            days_ago = 364 * self.rng.random() ** 1.4
            day = (self.now - days_ago * DAY).astimezone(timezone.get_current_timezone()).date()
            at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(self.rng.randint(8, 22))))
            at += self.rng.randint(0, 59) * datetime.timedelta(minutes=1)
            times.append(min(at, self.now - 2 * HOUR))
        return sorted(times)

    # --- one order ------------------------------------------------------------------------------------------------
    def place(self, buyer: User, by_firm: dict[int, list[Product]], stock: dict[int, int]) -> Order | None:
        firm_ids = list(by_firm)
        local = [f for f in firm_ids if by_firm[f][0].firm.district_id == buyer.district_id]
        first = self.rng.choice(local) if local and self.rng.random() < 0.35 else self.rng.choice(firm_ids)
        count = self.rng.choices([1, 2, 3], weights=[70, 22, 8])[0]
        firms = [first] + self.rng.sample([f for f in firm_ids if f != first], min(count - 1, len(firm_ids) - 1))
        cart = cart_for(user=buyer)
        for firm_id in firms:
            for product in self.rng.sample(by_firm[firm_id], min(self.rng.choice([1, 1, 2]), len(by_firm[firm_id]))):
                quantity = max(product.min_order_quantity, self.rng.choice([1, 1, 1, 2, 3]))
                if stock[product.pk] - quantity < 3:  # leave the storefront something to sell
                    continue
                stock[product.pk] -= quantity
                cart_set_item(cart=cart, product_id=product.pk, quantity=quantity)
        if not cart.items.exists():
            return None
        district = buyer.district
        shipping = {
            "name": buyer.display_name,
            "phone": f"010-{self.rng.randint(2000, 9999)}-{self.rng.randint(1000, 9999)}",
            "postal_code": f"0{self.rng.randint(1000, 8999)}",
            "address1": f"서울특별시 {district.name_ko} {self.fake.street_name()} {self.rng.randint(1, 300)}",
            "address2": f"{self.rng.randint(101, 1204)}호",
        }
        # Not order_checkout: it starts a payment at the gateway, which the demo's seeding never calls.
        return order_place(buyer=buyer, cart=cart, shipping=shipping, notify=False)

    def pay(self, order: Order, placed_at: datetime.datetime) -> Payment:
        """The payment succeeded: applied as the gateway's answer is (charge, order paid, firms' settlement)."""
        payment = Payment.objects.create(order=order, intent_id=f"pi_demo_{order.number}", amount=order.total)
        payment_apply_intent(
            intent=PaymentIntentData(
                id=payment.intent_id,
                status=IntentStatus.SUCCEEDED,
                amount=order.total,
                currency="krw",
                client_secret=None,
            )
        )
        paid_at = placed_at + self.rng.randint(1, 6) * datetime.timedelta(minutes=1)
        self.order_times[order.pk] = {"placed_at": placed_at, "paid_at": paid_at}
        self.event_times[(order.pk, None, "placed")] = placed_at
        self.event_times[(order.pk, None, "paid")] = paid_at
        self.ledger_times[payment.intent_id] = paid_at
        for part in order.fulfilments.all():
            self.settlement_times[f"sale:{part.pk}"] = self.settlement_times[f"fee:{part.pk}"] = paid_at
        return payment

    def book_refund(self, part: Fulfilment, payment: Payment, at, *, reason: str, claim=None) -> None:
        """Book the part's refund as the refund services do once the gateway has refunded (fulfilment_refund,
        claim_refund), with a refund named by us: the gateway is not called (see the module's docstring)."""
        refund = RefundData(
            id=f"re_demo_{part.pk}",
            payment_intent_id=payment.intent_id,
            amount=part.items_total - part.refunded_amount,
            status=RefundStatus.SUCCEEDED,
        )
        with transaction.atomic():
            locked = Fulfilment.objects.select_for_update().select_related("order").get(pk=part.pk)
            if claim is not None:
                FulfilmentClaim.objects.filter(pk=claim.pk, refund_id="").update(refund_id=refund.id)
            _book_refund(locked, payment, refund, reason=reason)
        self.ledger_times[refund.id] = at
        self.settlement_times[f"refund:{refund.id}"] = self.settlement_times[f"fee_refund:{refund.id}"] = at
        self.event_times[(part.order_id, part.pk, "refunded")] = at
        self.counts["refunds"] += 1

    def move(self, order: Order, payment: Payment, buyer: User, fate: str) -> None:
        """Take each part as far as its timeline has reached by now; `fate` is the first part's."""
        paid_at = self.order_times[order.pk]["paid_at"]
        finals = []
        for n, part in enumerate(order.fulfilments.order_by("pk")):
            seller = self.sellers[part.firm_id]
            key, times = (order.pk, part.pk), self.part_times[part.pk]
            confirm_at = paid_at + self.rng.randint(1, 18) * HOUR
            ship_at = confirm_at + self.rng.randint(4, 30) * HOUR
            deliver_at = ship_at + self.rng.randint(18, 50) * HOUR
            claim_at = deliver_at + self.rng.randint(6, 48) * HOUR
            return_at = claim_at + self.rng.randint(20, 50) * HOUR
            confirm_purchase_at = deliver_at + self.rng.randint(4, 140) * HOUR  # within the 7 days' window
            part_fate = fate if n == 0 else "normal"
            if part_fate == "return" and return_at > self.now:
                part_fate = "normal"
            if part_fate == "cancel":
                cancel_at = min(confirm_at, self.now)
                reason = self.rng.choice(CANCEL_REASONS)
                fulfilment_mark_cancelled(fulfilment_id=part.pk, actor=seller, reason=reason)
                times["cancelled_at"] = self.event_times[(*key, "cancelled")] = cancel_at
                self.book_refund(part, payment, cancel_at, reason=reason)
                self.counts["cancelled"] += 1
                finals.append(cancel_at)
                continue
            if confirm_at > self.now:
                continue
            fulfilment_confirm(fulfilment_id=part.pk, actor=seller)
            times["confirmed_at"] = self.event_times[(*key, "confirmed")] = confirm_at
            if ship_at > self.now:
                continue
            fulfilment_ship(
                fulfilment_id=part.pk,
                actor=seller,
                carrier=self.rng.choice(CARRIERS),
                tracking_number=str(self.rng.randint(10**11, 10**12 - 1)),
            )
            times["shipped_at"] = self.event_times[(*key, "shipped")] = ship_at
            if deliver_at > self.now:
                continue
            fulfilment_deliver(fulfilment_id=part.pk, actor=seller)
            times["delivered_at"] = self.event_times[(*key, "delivered")] = deliver_at
            times["auto_confirm_at"] = deliver_at + settings.ORDER_AUTO_CONFIRM_DAYS * DAY
            if part_fate == "return":
                reason = self.rng.choice(RETURN_REASONS)
                claim = claim_open(fulfilment_id=part.pk, buyer=buyer, kind=ClaimKind.RETURN, reason=reason)
                claim = claim_mark_accepted(claim_id=claim.pk, actor=seller, note="반품을 받았습니다. 환불해 드립니다.")
                self.claim_times[claim.pk] = (claim_at, return_at)
                self.event_times[(*key, "claim_opened")] = claim_at
                times["returned_at"] = self.event_times[(*key, "claim_accepted")] = return_at
                part.refresh_from_db()
                self.book_refund(part, payment, return_at, reason=reason, claim=claim)
                self.counts["returned"] += 1
                finals.append(return_at)
            elif confirm_purchase_at <= self.now:
                fulfilment_confirm_purchase(fulfilment_id=part.pk, buyer=buyer)
                times["purchase_confirmed_at"] = confirm_purchase_at
                self.event_times[(*key, "purchase_confirmed")] = confirm_purchase_at
                finals.append(confirm_purchase_at)
        if finals and len(finals) == order.fulfilments.count():
            self.event_times[(order.pk, None, "closed")] = max(finals)

    # --- the history's times ---------------------------------------------------------------------------------------
    def backdate(self) -> None:
        """Give the rows the services stamped with the present the times of the history (bulk updates)."""
        orders = list(Order.objects.filter(pk__in=self.order_times))
        for order in orders:
            times = self.order_times[order.pk]
            order.placed_at, order.paid_at = times["placed_at"], times["paid_at"]
            order.reservation_expires_at = order.placed_at + settings.STOCK_RESERVATION_MINUTES * datetime.timedelta(
                minutes=1
            )
            # The number starts with the day it was placed (order_place writes today's).
            order.number = f"GM{timezone.localtime(order.placed_at):%y%m%d}-{order.number.rsplit('-', 1)[1]}"
        Order.objects.bulk_update(orders, ["placed_at", "paid_at", "reservation_expires_at", "number"], batch_size=100)

        payments = list(Payment.objects.filter(order_id__in=self.order_times))
        for payment in payments:
            payment.created_at = self.order_times[payment.order_id]["placed_at"]
        Payment.objects.bulk_update(payments, ["created_at"], batch_size=100)

        reservations = list(StockReservation.objects.filter(order_id__in=self.order_times))
        for reservation in reservations:
            times = self.order_times[reservation.order_id]
            reservation.created_at, reservation.settled_at = times["placed_at"], times["paid_at"]
        StockReservation.objects.bulk_update(reservations, ["created_at", "settled_at"], batch_size=100)

        parts = list(Fulfilment.objects.filter(pk__in=self.part_times))
        fields = sorted({name for times in self.part_times.values() for name in times})
        for part in parts:
            for name, value in self.part_times[part.pk].items():
                setattr(part, name, value)
        if fields:
            Fulfilment.objects.bulk_update(parts, fields, batch_size=100)

        events = list(OrderEvent.objects.filter(order_id__in=self.order_times))
        for event in events:
            placed = self.order_times[event.order_id]["placed_at"]
            event.created_at = self.event_times.get((event.order_id, event.fulfilment_id, event.kind), placed)
        OrderEvent.objects.bulk_update(events, ["created_at"], batch_size=100)

        entries = list(PaymentLedgerEntry.objects.filter(external_id__in=self.ledger_times))
        for entry in entries:
            entry.created_at = self.ledger_times[entry.external_id]
        PaymentLedgerEntry.objects.bulk_update(entries, ["created_at"], batch_size=100)

        settlements = list(SettlementEntry.objects.filter(key__in=self.settlement_times))
        for entry in settlements:
            entry.created_at = self.settlement_times[entry.key]
        SettlementEntry.objects.bulk_update(settlements, ["created_at"], batch_size=100)

        claims = list(FulfilmentClaim.objects.filter(pk__in=self.claim_times))
        for claim in claims:
            claim.opened_at, claim.resolved_at = self.claim_times[claim.pk]
        FulfilmentClaim.objects.bulk_update(claims, ["opened_at", "resolved_at"], batch_size=100)


def seed_citizen_orders(*, rng: random.Random, domain: str, password: str, orders: int = MAX_ORDERS) -> dict:
    """Citizens, the 마포구 officer and a year of citizens' orders; then SalesDay rebuilt. Returns counts."""
    seeder = CitizenOrderSeeder(rng=rng, domain=domain, password=password, now=timezone.now())
    with transaction.atomic():
        citizens = seeder.create_citizens()
        seeder.create_officer()
        by_firm = seeder.sellable_products()
        if len(by_firm) >= 2:
            stock = {p.pk: p.stock for products in by_firm.values() for p in products}
            for i, placed_at in enumerate(seeder.placement_times(orders)):
                buyer = seeder.rng.choice(citizens)
                order = seeder.place(buyer, by_firm, stock)
                if order is None:
                    continue
                payment = seeder.pay(order, placed_at)
                # A part cancelled by its firm every 23 orders, one returned every 29 (when delivered long enough).
                fate = "cancel" if i % 23 == 5 else "return" if i % 29 == 7 else "normal"
                seeder.move(order, payment, buyer, fate)
            seeder.backdate()
        _drop_order_emails()
    refresh_sales_days()
    placed = Order.objects.filter(pk__in=seeder.order_times)
    return {
        "citizens": len(citizens),
        "districts": len({c.district_id for c in citizens}),
        "orders": placed.count(),
        "closed": placed.filter(status=OrderStatus.CLOSED).count(),
        "cancelled": seeder.counts["cancelled"],
        "returned": seeder.counts["returned"],
        "refunds": seeder.counts["refunds"],
    }


def _drop_order_emails() -> None:
    """The demo's citizens are made up: the e-mails about their orders (over a thousand, each a task that renders
    and sends, printed to the console in the demo) are not sent. Each waits in the transaction's on-commit list as
    partial(enqueue, send_order_email, …) (market/core/events.py); the other callbacks (the search index's flush)
    stay. search/services.py reads the same list."""
    connection.run_on_commit[:] = [
        entry
        for entry in connection.run_on_commit
        if not (isinstance(entry[1], partial) and entry[1].args[:1] == (send_order_email,))
    ]


def delete_demo_orders(demo_users) -> None:
    """Every order of the demo's users, with its payment and ledgers' rows (for `seed_demo --reset`)."""
    orders = Order.objects.filter(buyer__in=demo_users)
    SettlementEntry.objects.filter(order__in=orders).delete()
    SettlementEntry.objects.filter(fulfilment__order__in=orders).delete()
    PaymentLedgerEntry.objects.filter(payment__order__in=orders).delete()
    Payment.objects.filter(order__in=orders).delete()
    orders.delete()
