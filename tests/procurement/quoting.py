"""Builders for the quotation and purchase tests: firms an agency may buy from directly, a request for quotation,
a quotation, through the services under test."""

import datetime
from decimal import Decimal

from django.utils import timezone

from market.catalog.models import PriceTier
from market.procurement.services.quotations import quotation_submit, quote_request_create
from tests.factories import FirmFactory, ProductFactory, SellerFactory

LONG_AGO = datetime.date(2020, 1, 1)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """A moment of a day in Seoul."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def eligible_firm(**kwargs):
    """A selling firm holding a social enterprise designation since 2020, with 35% vulnerable employees: a
    direct contract with it needs no tender below the threshold."""
    kwargs.setdefault("vulnerable_employee_share", Decimal("35.00"))
    kwargs.setdefault("designation", {"start_date": LONG_AGO})
    return FirmFactory(**kwargs)


def seller_of(firm):
    return SellerFactory(firm=firm)


def product_of(firm, *, price=11_000, tiers=(), moq=1, vat_exempt=False, **kwargs):
    product = ProductFactory(firm=firm, price=price, min_order_quantity=moq, vat_exempt=vat_exempt, **kwargs)
    for min_quantity, unit_price in tiers:
        PriceTier.objects.create(product=product, min_quantity=min_quantity, unit_price=unit_price)
    return product


def rfq(member, *, items, firms=(), now=None, delivery_in_days=30, deadline_in_days=7, **kwargs):
    """A request for quotation by `member`: `items` are (product, quantity) or (description, quantity)."""
    now = now or timezone.now()
    return quote_request_create(
        member=member,
        title=kwargs.pop("title", "사무용품 구매"),
        items=[
            {"description": what, "quantity": quantity}
            if isinstance(what, str)
            else {"product_id": what.pk, "quantity": quantity}
            for what, quantity in items
        ],
        firm_ids=[f.pk for f in firms],
        delivery_place=kwargs.pop("delivery_place", "서울특별시 중구 세종대로 110"),
        delivery_date=timezone.localdate(now) + datetime.timedelta(days=delivery_in_days),
        reply_deadline=now + datetime.timedelta(days=deadline_in_days),
        now=now,
        **kwargs,
    )


def quote(seller, quote_request, *, prices=None, valid_days=30, now=None, **kwargs):
    """`seller`'s quotation on every item: `prices` maps an item's position to a unit price (or a dict of line
    fields); an item not named takes its default (the catalogue price of the firm's own product)."""
    now = now or timezone.now()
    prices = prices or {}
    lines = []
    for item in quote_request.items.order_by("position"):
        given = prices.get(item.position)
        line = {"item_id": item.pk}
        if isinstance(given, dict):
            line.update(given)
        elif given is not None:
            line["unit_price"] = given
        lines.append(line)
    return quotation_submit(
        seller=seller,
        quote_request_id=quote_request.pk,
        lines=lines,
        valid_until=timezone.localdate(now) + datetime.timedelta(days=valid_days),
        now=now,
        **kwargs,
    )
