"""`manage.py seed_demo` makes believable demo data that follows the marketplace's rules, once."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Sum
from django.utils import timezone

from market.accounts.models import User
from market.catalog.models import Category, Product, ProductImage
from market.firms.models import Designation, DesignationStatus, District, Firm, FirmKind, VerificationStatus
from market.orders.models import Order, OrderLine, OrderStatus
from market.payments.models import LedgerKind, PaymentLedgerEntry, SettlementEntry
from market.procurement.models import (
    Agency,
    AgencyInvoice,
    AgencyMember,
    AgencyStatus,
    Delivery,
    DeliveryLine,
    DeliveryStatus,
    InvoiceStatus,
    Purchase,
    PurchaseStatus,
    QuoteRequest,
    QuoteRequestStatus,
)
from market.reports.models import DistrictOfficer, SalesDay
from search.models import ProductSearchEntry
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def seed(**options):
    out = StringIO()
    call_command("seed_demo", firms=30, products=120, images=5, seed=1, verbosity=0, stdout=out, **options)
    return out.getvalue()


def counts():
    return (
        User.objects.count(),
        Firm.objects.count(),
        Designation.objects.count(),
        Product.objects.count(),
        ProductImage.objects.count(),
        Agency.objects.count(),
        Purchase.objects.count(),
        AgencyInvoice.objects.count(),
        Order.objects.count(),
    )


def test_seed_demo_makes_varied_data_that_follows_the_rules_and_runs_once(django_capture_on_commit_callbacks):
    # The test runs inside a transaction: run the rendition tasks queued for after commit.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        output = seed()
    # Each callback is partial(enqueue, task, args, kwargs) (market/core/events.py).
    rendition_jobs = [
        c for c in callbacks if getattr(c, "args", None) and "renditions" in getattr(c.args[0], "name", "")
    ]
    assert len(rendition_jobs) == 5
    # The demo's search entries are written by the flush queued after the products' commit.
    assert ProductSearchEntry.objects.count() == Product.objects.public().count() > 0
    assert "admin@demo.gachi.kr" in output

    firms = Firm.objects.all()
    assert firms.count() == 30
    # 30 firms still reach all 25 districts: the first 25 go round-robin.
    assert set(firms.values_list("district", flat=True)) == set(District.objects.values_list("code", flat=True))
    assert len(District.objects.all()) == 25
    assert set(Designation.objects.values_list("kind", flat=True)) == set(FirmKind.values)
    assert (
        firms.filter(designations__kind=FirmKind.SOCIAL_ENTERPRISE)
        .filter(designations__kind=FirmKind.SOCIAL_COOPERATIVE)
        .exists()
    )

    today = timezone.localdate()
    expired = firms.filter(verification_status=VerificationStatus.VERIFIED).exclude(
        designations__in=Designation.objects.valid(today)
    )
    assert expired.filter(designations__end_date__lt=today).exists()
    assert all("만료" in f.listings_hidden_reason or "취소" in f.listings_hidden_reason for f in expired)
    assert firms.filter(verification_status=VerificationStatus.PENDING).exists()
    assert Designation.objects.filter(status=DesignationStatus.PENDING).exists()
    assert firms.filter(verification_status=VerificationStatus.REJECTED).exclude(rejection_reason="").exists()
    assert Designation.objects.filter(status=DesignationStatus.REVOKED).exists()
    # Visibility was computed by the service: exactly the verified firms with a valid designation sell.
    selling = set(firms.verified().with_valid_designation(today).values_list("pk", flat=True))
    assert set(firms.selling().values_list("pk", flat=True)) == selling
    # The README's first seller can sell; the ones that cannot are named in the summary.
    first_seller_firm = Firm.objects.get(members__user__email="seller1@demo.gachi.kr")
    assert first_seller_firm.pk in selling
    assert "these cannot" in output and "seller1," not in output.split("these cannot")[1]

    products = Product.objects.all()
    assert products.count() == 120
    prices = list(products.values_list("price", flat=True))
    assert all(isinstance(p, int) and p >= 100 and p % 100 == 0 for p in prices)
    leaves = Category.objects.filter(parent__isnull=False)
    assert set(products.values_list("category", flat=True)) == set(leaves.values_list("pk", flat=True))

    public = Product.objects.public()
    assert public.exists()
    assert not public.exclude(firm__listings_hidden_reason="").exists()
    hidden_firms = firms.exclude(listings_hidden_reason="")
    assert hidden_firms.exists()
    assert products.filter(firm__in=hidden_firms).exists()
    assert not public.filter(firm__in=hidden_firms).exists()

    images = ProductImage.objects.all()
    assert images.count() == 5
    assert images.order_by().values("product").distinct().count() == 5
    assert all(set(image.renditions) == set(ProductImage.RENDITIONS) for image in images)

    check_agencies_with_a_year_of_history(output)
    check_citizens_with_a_year_of_orders(output)

    before = counts()
    assert "already exists" in seed()
    assert counts() == before


def test_reset_rebuilds_the_same_demo_data_and_leaves_other_data_alone():
    other = ProductFactory()
    options = {"firms": 26, "products": 40, "images": 0, "seed": 7, "verbosity": 0, "stdout": StringIO()}
    call_command("seed_demo", **options)
    first = sorted(Product.objects.exclude(pk=other.pk).values_list("title", "price", "firm__name"))
    before = counts()

    call_command("seed_demo", reset=True, **options)

    assert counts() == before
    assert sorted(Product.objects.exclude(pk=other.pk).values_list("title", "price", "firm__name")) == first
    assert Product.objects.filter(pk=other.pk).exists()


def check_agencies_with_a_year_of_history(output: str) -> None:
    """Two approved agencies, each with a member in every role, a year of purchases accepted month after month,
    and something waiting at each step of the flow; made through the services, so the rules held."""
    agencies = Agency.objects.all()
    assert agencies.count() == 2 and set(agencies.values_list("status", flat=True)) == {AgencyStatus.APPROVED}
    assert "{mapo,seoul-welfare}-{admin,requester,approver,inspector}@demo.gachi.kr" in output
    for agency in agencies:
        members = AgencyMember.objects.filter(agency=agency)
        for role in ("requester", "approver", "inspector", "admin"):
            assert members.filter(**{f"is_{role}": True}).exists(), (agency, role)
        today = timezone.localdate()
        accepted = Delivery.objects.filter(purchase__agency=agency, status=DeliveryStatus.INSPECTED)
        months = {(d.year, d.month) for d in accepted.values_list("accepted_on", flat=True)}
        assert len(months) >= 11
        assert min(accepted.values_list("accepted_on", flat=True)) <= today - datetime.timedelta(days=300)
        purchases = Purchase.objects.filter(agency=agency)
        assert purchases.filter(status=PurchaseStatus.SUBMITTED).exists()  # waiting for approval
        assert purchases.filter(status=PurchaseStatus.ORDERED, deliveries__isnull=True).exists()  # for delivery
        assert accepted.count() < Delivery.objects.filter(purchase__agency=agency).count()  # for inspection
        assert QuoteRequest.objects.filter(
            agency=agency, status=QuoteRequestStatus.OPEN, quotations__isnull=False
        ).exists()
        invoices = AgencyInvoice.objects.filter(agency=agency)
        assert (
            invoices.filter(status=InvoiceStatus.OPEN).exists() and invoices.filter(status=InvoiceStatus.PAID).exists()
        )
    # An invoice bills exactly its delivery's accepted lines: a rejected line (there are some) is never invoiced.
    assert DeliveryLine.objects.filter(result="rejected").exists()
    for invoice in AgencyInvoice.objects.all():
        accepted_total = sum(
            line.amount for line in DeliveryLine.objects.filter(delivery=invoice.delivery_id, result="accepted")
        )
        assert invoice.total == accepted_total
    # Each paid invoice booked its sale into the firm's settlement ledger, once.
    paid = AgencyInvoice.objects.filter(status=InvoiceStatus.PAID)
    sales = SettlementEntry.objects.filter(key__startswith="agency-invoice-", kind="sale")
    assert sales.count() == paid.count() and sum(sales.values_list("amount", flat=True)) == sum(
        paid.values_list("total", flat=True)
    )


def check_citizens_with_a_year_of_orders(output: str) -> None:
    """Citizens of many districts with paid orders over the past year (some from firms of their own district,
    some refunded), the reports' table filled from them, a district officer and an operator to read it."""
    orders = Order.objects.filter(buyer__email__startswith="citizen")
    assert orders.count() >= 30
    assert not orders.exclude(status__in=[OrderStatus.PAID, OrderStatus.CLOSED]).exists()
    # The district kept on the order is the buyer's, as checkout keeps it.
    assert not orders.exclude(buyer_district=F("buyer__district")).exists()
    assert orders.values("buyer_district").distinct().count() >= 10
    today = timezone.localdate()
    placed = [timezone.localdate(at) for at in orders.values_list("placed_at", flat=True)]
    assert len({(d.year, d.month) for d in placed}) >= 8
    assert min(placed) <= today - datetime.timedelta(days=300) and max(placed) <= today
    assert orders.annotate(firms=Count("fulfilments")).filter(firms__gt=1).exists()
    lines = OrderLine.objects.filter(order__in=orders)
    assert lines.filter(firm_district=F("order__buyer_district")).exists()  # bought in their own district
    # Refunds are the payment ledger's refund entries of whole parts, booked after the part was paid.
    refunds = PaymentLedgerEntry.objects.filter(kind=LedgerKind.REFUND, payment__order__in=orders)
    assert refunds.count() >= 2
    for entry in refunds.select_related("fulfilment__order"):
        assert entry.fulfilment.status in ("cancelled", "returned")
        assert entry.amount == entry.fulfilment.items_total == entry.fulfilment.refunded_amount
        assert entry.created_at > entry.fulfilment.order.paid_at
    # SalesDay was rebuilt after seeding: its citizens' figures are the orders' and the refunds'.
    citizen_days = SalesDay.objects.filter(channel="citizen").aggregate(gross=Sum("gross"), refunds=Sum("refunds"))
    assert citizen_days["gross"] == sum(lines.values_list("line_total", flat=True)) > 0
    assert citizen_days["refunds"] == sum(refunds.values_list("amount", flat=True))
    assert SalesDay.objects.filter(channel="citizen").dates("day", "month").count() >= 8

    officer = DistrictOfficer.objects.select_related("user").get(user__email="officer-mapo@demo.gachi.kr")
    assert officer.district_id == "11440" and not officer.user.is_staff
    assert User.objects.get(email="admin@demo.gachi.kr").is_staff  # the operator
    assert "officer-mapo@demo.gachi.kr" in output and "citizen1..citizen" in output
