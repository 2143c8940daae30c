"""Reports: the pre-aggregated sales table the heavy reports read, when it was computed, who may see a district's
figures, the city's public-purchasing figures and goal, agencies' published disclosures, and who wants the
monthly e-mail.

What counts as a sale, on which day, and what a refund takes back is decided in one place, `market/reports/sales.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from market.catalog.models import Product
from market.firms.models import District, Firm


class SalesChannel(models.TextChoices):
    CITIZEN = "citizen", "시민 구매"
    AGENCY = "agency", "공공기관 구매"


class SalesDay(models.Model):
    """One day's sales of one product (or, for a refund, of one firm's part: product empty) of one firm to buyers
    of one district through one channel, summed; rebuilt by `reports.sales.refresh_sales_days` (Celery beat).

    The firm's kind and district are those kept on the sale's rows when it was made, not today's."""

    # A copy derived from rows whose own keys are checked, rebuilt whole each time: no foreign-key constraints or
    # per-key indexes of its own (maintaining them for every inserted row was most of the rebuild's time; the
    # reports read by day, or by firm and day), and no cascade to follow.
    day = models.DateField()
    channel = models.CharField(max_length=10, choices=SalesChannel.choices)
    firm = models.ForeignKey(Firm, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+")
    firm_kind = models.CharField(max_length=30)
    firm_district = models.ForeignKey(
        District, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    buyer_district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    product = models.ForeignKey(
        Product,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    quantity = models.BigIntegerField(default=0)  # units sold (refunds: 0)
    lines = models.BigIntegerField(default=0)  # sale lines summed (refunds: 0)
    gross = models.BigIntegerField(default=0)  # won sold, VAT included
    refunds = models.BigIntegerField(default=0)  # won given back that day (a positive number)

    class Meta:
        indexes = [
            models.Index(fields=["day"], name="salesday_day"),
            models.Index(fields=["firm", "day"], name="salesday_firm_day"),
        ]


class ReportRefresh(models.Model):
    """When a pre-aggregated report was last computed, and how long it took."""

    name = models.CharField(max_length=50, primary_key=True)
    computed_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    rows = models.PositiveBigIntegerField(default=0)


class DistrictOfficer(models.Model):
    """Staff of a district's social economy support centre: they see their own district's figures, nothing else.
    Operators (staff users) see every district."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="district_office")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="officers")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.user} ({self.district_id})"


class CityFigureKind(models.TextChoices):
    ACTUAL = "actual", "실적"
    GOAL = "goal", "목표"


class CityPurchasingFigure(models.Model):
    """Seoul's public purchasing of social economy products, as the city published it (data, not computed): an
    actual year's amount or the goal (amount and share of each agency's total purchasing)."""

    kind = models.CharField(max_length=10, choices=CityFigureKind.choices)
    year = models.PositiveSmallIntegerField(null=True, blank=True)  # the goal names no year
    amount = models.PositiveBigIntegerField()  # won
    share = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)  # 0.0500 = 5%
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "year"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="city_figure_once"),
            models.CheckConstraint(condition=Q(kind="goal") | Q(year__isnull=False), name="city_actual_has_year"),
        ]


class AgencyDisclosure(models.Model):
    """An agency's plan and results of a year, published by its agency admin for the public page (공시). What is
    shown is computed when asked; publishing says that the agency stands behind it. Withdrawn: unpublished_at."""

    agency = models.ForeignKey("procurement.Agency", on_delete=models.CASCADE, related_name="disclosures")
    year = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    unpublished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "agency_id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="disclosure_once_per_year")]


class MonthlySummarySubscription(models.Model):
    """A user who asked for the monthly e-mail summary (opt-in), and the last month sent to them (so a retried
    job sends each month once)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="monthly_summary")
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_month = models.DateField(null=True, blank=True)  # the first day of the month last summarised


class ImpactCard(models.Model):
    """A citizen's yearly value-consumption card, shared by an unguessable token (opt-in, market/reports/impact_card
    .py): anyone with the link sees the figures chosen here, computed when asked, and never the citizen's name or
    address. Revoked (revoked_at set), the link shows nothing; a new card for the year revokes the one before."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="impact_cards")
    year = models.PositiveSmallIntegerField()
    token = models.CharField(max_length=64, unique=True)
    show_total = models.BooleanField(default=True)
    show_kinds = models.BooleanField(default=True)
    show_local = models.BooleanField(default=True)
    show_vulnerable = models.BooleanField(default=False)
    show_tags = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "year"], condition=Q(revoked_at__isnull=True), name="impact_card_one_live_per_year"
            )
        ]
