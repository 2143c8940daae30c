"""A hand-built ledger of one citizen's orders, for the value-consumption report and its API: every row written
directly (no checkout, no gateway), so the expected figures can be worked out by hand (see EXPECTED_2025)."""

import datetime
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

from market.firms.models import District, FirmKind
from market.orders.models import Fulfilment, FulfilmentStatus, Order, OrderLine, OrderStatus
from market.payments.models import LedgerKind, Payment, PaymentLedgerEntry, PaymentStatus
from tests.factories import FirmFactory, ProductFactory, UserFactory

SEOUL = ZoneInfo("Asia/Seoul")
MAPO, JONGNO, GANGNAM, SEOCHO = "11440", "11110", "11680", "11650"
_numbers = itertools.count(1)


def at(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SEOUL)


def firm(kind, district, share):
    made = FirmFactory(
        district=District.objects.get(code=district),
        vulnerable_employee_share=None if share is None else Decimal(share),
        designation={"kind": kind} if kind else False,
    )
    return made


def order(buyer, *, parts, paid_at, status=OrderStatus.PAID, district=MAPO):
    """parts: [(firm, kind kept on the lines, [(product, unit_price, quantity), ...]), ...]"""
    total = sum(price * qty for _firm, _kind, lines in parts for _p, price, qty in lines)
    made = Order.objects.create(
        number=f"T{next(_numbers):08d}",
        buyer=buyer,
        buyer_district=District.objects.get(code=district) if district else None,
        status=status,
        items_total=total,
        total=total,
        shipping_name="받는 분",
        shipping_phone="010-0000-0000",
        shipping_postal_code="04000",
        shipping_address1="서울특별시 마포구 1",
        reservation_expires_at=paid_at or at(2025, 1, 1),
        placed_at=paid_at or at(2025, 1, 1),
        paid_at=paid_at if status in (OrderStatus.PAID, OrderStatus.CLOSED) else None,
    )
    Payment.objects.create(order=made, intent_id=f"pi_{made.number}", amount=total, status=PaymentStatus.SUCCEEDED)
    for part_firm, kind, lines in parts:
        part = Fulfilment.objects.create(
            order=made,
            firm=part_firm,
            status=FulfilmentStatus.CONFIRMED,
            items_total=sum(price * qty for _p, price, qty in lines),
        )
        for product, price, qty in lines:
            OrderLine.objects.create(
                order=made,
                fulfilment=part,
                product=product,
                firm=part_firm,
                title=product.title if product else "지워진 상품",
                unit="개",
                unit_price=price,
                quantity=qty,
                line_total=price * qty,
                firm_kind=kind,
                firm_district_id=part_firm.district_id,
            )
    return made


def refund(made, part_firm, amount, booked_at):
    part = made.fulfilments.get(firm=part_firm)
    part.refunded_amount += amount
    part.save(update_fields=["refunded_amount"])
    return PaymentLedgerEntry.objects.create(
        payment=made.payment,
        fulfilment=part,
        kind=LedgerKind.REFUND,
        amount=amount,
        external_id=f"re_{made.number}_{part.pk}_{amount}",
        created_at=booked_at,
    )


class Ledger:
    """Buyer A in 마포구 and the orders of the module docstring; buyer B's order with the same firm."""

    def __init__(self):
        self.buyer = UserFactory()
        self.other = UserFactory()
        # F1 shares the buyer's district; F3 declared no share; F4 holds no designation (kind "none").
        self.f1 = firm(FirmKind.SOCIAL_ENTERPRISE, MAPO, "40.00")
        self.f2 = firm(FirmKind.PRE_SOCIAL_REGIONAL, JONGNO, "33.33")
        self.f3 = firm(FirmKind.COOPERATIVE, GANGNAM, None)
        self.f4 = firm(None, SEOCHO, "12.50")
        self.p1 = ProductFactory(firm=self.f1, tags=["eco-friendly", "handmade"])
        self.p2 = ProductFactory(firm=self.f1, tags=["disability-employment"])
        self.p3 = ProductFactory(firm=self.f2, tags=["local-farms"])
        self.p4 = ProductFactory(firm=self.f3)
        self.p5 = ProductFactory(firm=self.f4)
        se, pre = FirmKind.SOCIAL_ENTERPRISE.value, FirmKind.PRE_SOCIAL_REGIONAL.value
        coop = FirmKind.COOPERATIVE.value
        self.o1 = order(
            self.buyer,
            parts=[(self.f1, se, [(self.p1, 10_000, 2), (self.p2, 5_000, 1)]), (self.f2, pre, [(self.p3, 7_000, 3)])],
            paid_at=at(2025, 3, 10),
        )
        self.o2 = order(
            self.buyer,
            parts=[(self.f3, coop, [(self.p4, 30_000, 1)]), (self.f1, se, [(self.p1, 10_000, 1)])],
            paid_at=at(2025, 11, 20),
            status=OrderStatus.CLOSED,
        )
        # Paid at 23:30 on 31 December in Seoul (14:30 UTC): a sale of 2024. No buyer district kept.
        self.o3 = order(
            self.buyer, parts=[(self.f4, "", [(self.p5, 4_000, 1)])], paid_at=at(2024, 12, 31, 23, 30), district=None
        )
        # Never counted: unpaid, cancelled, and another buyer's.
        self.unpaid = order(
            self.buyer, parts=[(self.f1, se, [(self.p1, 10_000, 5)])], paid_at=None, status=OrderStatus.PENDING_PAYMENT
        )
        self.cancelled = order(
            self.buyer, parts=[(self.f1, se, [(self.p1, 10_000, 7)])], paid_at=None, status=OrderStatus.CANCELLED
        )
        self.others = order(self.other, parts=[(self.f1, se, [(self.p1, 10_000, 9)])], paid_at=at(2025, 5, 1))
        # The refunded line: F2's whole part; a partial refund of F1's part (spread 5,600 + 1,400 over its lines);
        # the 2024 order's part refunded in part in 2025 (a refund counts when it is booked).
        refund(self.o1, self.f2, 21_000, at(2025, 3, 12))
        refund(self.o1, self.f1, 7_001, at(2025, 4, 1))
        refund(self.o3, self.f4, 2_000, at(2025, 1, 2))
