"""Public agencies buying from social economy firms: agencies and their members, requests for quotation and
quotations, purchases through internal approval, deliveries inspected line by line, invoices, refunds, and what
purchase performance is counted against (procurement regimes, firms' qualifications, agencies' yearly totals
and plans).

Money is whole won, VAT included unless a field says supply value (공급가액) or VAT (세액). Lines keep the facts
documents and reports need as they were at the time (title, unit, price, VAT exemption), so a later change
to the product does not rewrite a quotation, an order or an invoice.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from market.catalog.models import Product
from market.firms.models import District, Firm


# --- agencies and people --------------------------------------------------------------------------------------
class AgencyKind(models.TextChoices):
    CITY = "city", "서울특별시"
    DISTRICT_OFFICE = "district_office", "자치구"
    PUBLIC_INSTITUTION = "public_institution", "공공기관 (투자·출연기관)"
    SCHOOL = "school", "학교"
    OTHER = "other", "기타 공공기관"


class AgencyStatus(models.TextChoices):
    PENDING = "pending", "승인 대기"
    APPROVED = "approved", "승인"
    REJECTED = "rejected", "반려"


class Agency(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="agencies")
    business_number = models.CharField("사업자등록번호 (or 고유번호)", max_length=10, blank=True)
    address = models.CharField(max_length=300, blank=True)
    billing_email = models.EmailField(blank=True)  # where invoices are sent
    status = models.CharField(max_length=10, choices=AgencyStatus.choices, default=AgencyStatus.PENDING)
    rejection_reason = models.CharField(max_length=500, blank=True)
    stripe_customer_id = models.CharField(max_length=100, blank=True)  # made at the first invoice
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "agencies"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""), name="agency_rejection_has_reason"
            )
        ]

    def __str__(self):
        return self.name


class AgencyRole(models.TextChoices):
    REQUESTER = "requester", "요청자"
    APPROVER = "approver", "승인자"
    INSPECTOR = "inspector", "검수자"
    ADMIN = "admin", "기관 관리자"


class AgencyMember(models.Model):
    """A person acting for one agency, in one or more roles (a small agency's one clerk may hold them all;
    approving one's own request is refused by the service, whatever the roles)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_membership")
    is_requester = models.BooleanField(default=False)
    is_approver = models.BooleanField(default=False)
    is_inspector = models.BooleanField(default=False)
    is_admin = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["agency_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_requester=True) | Q(is_approver=True) | Q(is_inspector=True) | Q(is_admin=True),
                name="agency_member_has_a_role",
            )
        ]

    def __str__(self):
        return f"{self.user} @ {self.agency}"

    @property
    def roles(self) -> list[str]:
        return [role for role in AgencyRole.values if getattr(self, f"is_{role}")]

    def has_role(self, role: str) -> bool:
        return bool(getattr(self, f"is_{role}"))


class AgencyInvitation(models.Model):
    """An agency admin's invitation: whoever signs in with `email` and presents `token` joins in these roles."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    is_requester = models.BooleanField(default=False)
    is_approver = models.BooleanField(default=False)
    is_inspector = models.BooleanField(default=False)
    is_admin = models.BooleanField(default=False)
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def roles(self) -> list[str]:
        return [role for role in AgencyRole.values if getattr(self, f"is_{role}")]


# --- rules kept as data ---------------------------------------------------------------------------------------
class ContractThreshold(models.Model):
    """The direct-contract (수의계약) limit from a day on: an order whose amount is strictly above it needs a
    tender through the national system (나라장터). The row with the latest `valid_from` not after a day applies."""

    valid_from = models.DateField(unique=True)
    amount = models.PositiveBigIntegerField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-valid_from"]


class QualificationKind(models.TextChoices):
    """Certifications other than the social economy designations that procurement regimes count."""

    SEVERELY_DISABLED_FACILITY = "severely_disabled_facility", "중증장애인생산품 생산시설"
    DISABLED_OWNED = "disabled_owned", "장애인기업"
    WOMEN_OWNED = "women_owned", "여성기업"
    DISABILITY_STANDARD_WORKPLACE = "disability_standard_workplace", "장애인표준사업장"


class QualificationQuerySet(models.QuerySet):
    def valid(self, on: datetime.date | None = None):
        """In force on a day, like Designation.objects.valid (a revoked one until its revocation day)."""
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on), Q(revoked_on__isnull=True) | Q(revoked_on__gt=on)
        )


class FirmQualification(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="qualifications")
    kind = models.CharField(max_length=40, choices=QualificationKind.choices)
    number = models.CharField(max_length=60, blank=True)
    issuer = models.CharField(max_length=100, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    revoked_on = models.DateField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)

    objects = QualificationQuerySet.as_manager()

    class Meta:
        ordering = ["firm_id", "kind", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="qualification_end_after_start",
            )
        ]


class RegimeBasis(models.TextChoices):
    DESIGNATION = "designation", "사회적경제 지정 (designation kinds)"
    QUALIFICATION = "qualification", "기타 인증 (qualification kind)"


class ProcurementRegime(models.Model):
    """A preferential-purchasing regime: which firms count toward it and the share of an agency's total it aims
    at. A firm counts if, on the day a delivery was accepted, it held a valid designation of one of
    `designation_kinds` (basis designation) or a valid qualification of `qualification_kind`."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    target_rate = models.DecimalField(max_digits=6, decimal_places=4)  # 0.0500 for 5%
    basis = models.CharField(max_length=20, choices=RegimeBasis.choices)
    designation_kinds = models.JSONField(default=list, blank=True)
    qualification_kind = models.CharField(max_length=40, choices=QualificationKind.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(target_rate__gte=0, target_rate__lte=1), name="regime_rate_0_1"),
        ]

    def __str__(self):
        return self.name


class AgencyYear(models.Model):
    """An agency's total purchasing in a year (every supplier, VAT included), entered or imported: the
    denominator of its shares."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField()
    total_purchasing = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="agency_year_unique")]


class AgencyPlanTarget(models.Model):
    """The amount an agency plans to buy under a regime in a year (its filed plan)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="plan_targets")
    year = models.PositiveSmallIntegerField()
    regime = models.ForeignKey(ProcurementRegime, on_delete=models.PROTECT, related_name="+")
    target_amount = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["agency_id", "-year", "regime_id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "regime"], name="agency_plan_unique")]


# --- requests for quotation and quotations ------------------------------------------------------------------
class QuoteRequestStatus(models.TextChoices):
    OPEN = "open", "견적 접수 중"
    CLOSED = "closed", "마감"  # a quotation was chosen (the deadline passing is read from reply_deadline)
    CANCELLED = "cancelled", "취소"


class QuoteRequest(models.Model):
    """견적 요청: what an agency needs, sent to one or several firms, answered until `reply_deadline`."""

    number = models.CharField(max_length=32, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="quote_requests")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    delivery_place = models.CharField(max_length=300)
    delivery_date = models.DateField()
    reply_deadline = models.DateTimeField()
    note = models.TextField(blank=True, max_length=2000)
    status = models.CharField(max_length=10, choices=QuoteRequestStatus.choices, default=QuoteRequestStatus.OPEN)
    firms = models.ManyToManyField(Firm, through="QuoteRequestFirm", related_name="quote_requests")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.number


class QuoteRequestFirm(models.Model):
    quote_request = models.ForeignKey(QuoteRequest, on_delete=models.CASCADE, related_name="recipients")
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["quote_request", "firm"], name="rfq_firm_once")]


class QuoteRequestItem(models.Model):
    """A catalogue product (which fixes the firm's listing and its volume prices) or a need in free text."""

    quote_request = models.ForeignKey(QuoteRequest, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    description = models.CharField(max_length=300)
    quantity = models.PositiveIntegerField()
    unit = models.CharField(max_length=20, default="개")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["quote_request_id", "position", "id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="rfq_item_quantity_positive")]


class QuotationStatus(models.TextChoices):
    SUBMITTED = "submitted", "제출"
    WITHDRAWN = "withdrawn", "철회"
    SELECTED = "selected", "선정"  # the agency made a purchase of it
    NOT_SELECTED = "not_selected", "미선정"


class Quotation(models.Model):
    """견적서: one firm's answer to a request. Amounts are sums of its lines."""

    number = models.CharField(max_length=32, unique=True)
    quote_request = models.ForeignKey(QuoteRequest, on_delete=models.PROTECT, related_name="quotations")
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="quotations")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=15, choices=QuotationStatus.choices, default=QuotationStatus.SUBMITTED)
    valid_until = models.DateField()
    delivery_terms = models.CharField(max_length=500, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    supply_total = models.PositiveBigIntegerField(default=0)
    vat_total = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["quote_request_id", "total", "id"]
        constraints = [
            # One live quotation per firm and request: a firm that wants to change it withdraws it first.
            models.UniqueConstraint(
                fields=["quote_request", "firm"], condition=~Q(status="withdrawn"), name="quotation_one_live_per_firm"
            ),
            models.CheckConstraint(condition=Q(total=F("supply_total") + F("vat_total")), name="quotation_adds_up"),
        ]

    def __str__(self):
        return self.number


class QuotationLine(models.Model):
    quotation = models.ForeignKey(Quotation, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(QuoteRequestItem, on_delete=models.PROTECT, related_name="quotation_lines")
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=300)
    unit = models.CharField(max_length=20)
    quantity = models.PositiveIntegerField()
    unit_price = models.PositiveBigIntegerField()  # VAT included
    vat_exempt = models.BooleanField(default=False)
    line_total = models.PositiveBigIntegerField()
    supply_value = models.PositiveBigIntegerField()
    vat = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["quotation_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["quotation", "item"], name="quotation_line_one_per_item"),
            models.CheckConstraint(condition=Q(line_total=F("unit_price") * F("quantity")), name="qline_total"),
            models.CheckConstraint(condition=Q(line_total=F("supply_value") + F("vat")), name="qline_vat_adds_up"),
        ]


# --- purchases: approval, delivery, inspection, invoice ---------------------------------------------------------
class PurchaseChannel(models.TextChoices):
    BUY_NOW = "buy_now", "바로구매"
    QUOTATION = "quotation", "견적"


class PurchaseStatus(models.TextChoices):
    SUBMITTED = "submitted", "승인 대기"
    RETURNED = "returned", "반려 (보완 요청)"
    ORDERED = "ordered", "발주"  # approved: the firm delivers
    COMPLETED = "completed", "완료"  # every unit delivered and inspected
    CANCELLED = "cancelled", "취소"


class Purchase(models.Model):
    """An agency's order to one firm: the requester submits it, an approver (never the requester) approves it,
    which orders it from the firm. Facts reports group by (agency district, firm district) are kept here."""

    number = models.CharField(max_length=32, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="purchases")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="agency_purchases")
    channel = models.CharField(max_length=10, choices=PurchaseChannel.choices)
    quotation = models.OneToOneField(
        Quotation, null=True, blank=True, on_delete=models.PROTECT, related_name="purchase"
    )
    status = models.CharField(
        max_length=10, choices=PurchaseStatus.choices, default=PurchaseStatus.SUBMITTED, db_index=True
    )
    title = models.CharField(max_length=200)
    delivery_place = models.CharField(max_length=300)
    delivery_date = models.DateField()
    supply_total = models.PositiveBigIntegerField(default=0)
    vat_total = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    # Checked at submission and again at approval: above the direct-contract threshold, or a firm not
    # qualifying for a direct contract, means a tender through the national system (나라장터).
    tender_required = models.BooleanField(default=False)
    tender_reasons = models.JSONField(default=list, blank=True)
    agency_district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    firm_district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(total=F("supply_total") + F("vat_total")), name="purchase_adds_up"),
            models.CheckConstraint(
                condition=Q(channel="buy_now", quotation__isnull=True)
                | Q(channel="quotation", quotation__isnull=False),
                name="purchase_channel_matches_quotation",
            ),
        ]

    def __str__(self):
        return self.number


class PurchaseLine(models.Model):
    purchase = models.ForeignKey(Purchase, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=300)
    unit = models.CharField(max_length=20)
    quantity = models.PositiveIntegerField()
    unit_price = models.PositiveBigIntegerField()  # VAT included
    vat_exempt = models.BooleanField(default=False)
    line_total = models.PositiveBigIntegerField()
    supply_value = models.PositiveBigIntegerField()
    vat = models.PositiveBigIntegerField()
    # Kept by the delivery and inspection services under the purchase's row lock. Every unit ever delivered
    # counts in delivered_quantity; a unit rejected at inspection also counts in rejected_quantity and is owed
    # again, so what is left to deliver is quantity - delivered_quantity + rejected_quantity (the firm may
    # redeliver it).
    delivered_quantity = models.PositiveIntegerField(default=0)
    accepted_quantity = models.PositiveIntegerField(default=0)
    rejected_quantity = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["purchase_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="purchase_line_quantity_positive"),
            models.CheckConstraint(condition=Q(line_total=F("unit_price") * F("quantity")), name="pline_total"),
            models.CheckConstraint(condition=Q(line_total=F("supply_value") + F("vat")), name="pline_vat_adds_up"),
            models.CheckConstraint(
                condition=Q(delivered_quantity__lte=F("quantity") + F("rejected_quantity")),
                name="pline_not_overdelivered",
            ),
            models.CheckConstraint(
                condition=Q(accepted_quantity__lte=F("delivered_quantity") - F("rejected_quantity")),
                name="pline_inspected_within_delivered",
            ),
        ]

    @property
    def left_to_deliver(self) -> int:
        return self.quantity - self.delivered_quantity + self.rejected_quantity


class PurchaseEvent(models.Model):
    """Every step of a purchase, with who and when: the approval trail (a return carries its comment)."""

    purchase = models.ForeignKey(Purchase, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=30)
    comment = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]


class DeliveryStatus(models.TextChoices):
    AWAITING_INSPECTION = "awaiting_inspection", "검수 대기"
    INSPECTED = "inspected", "검수 완료"


class Delivery(models.Model):
    """납품: what the firm delivered at once (a purchase may arrive in several deliveries), inspected (검수) by
    the agency line by line. Inspection is the agency's confirmation of receipt: its day (`accepted_on`) is
    the day the accepted amount counts toward the agency's purchase performance."""

    number = models.CharField(max_length=32, unique=True)
    purchase = models.ForeignKey(Purchase, on_delete=models.PROTECT, related_name="deliveries")
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.AWAITING_INSPECTION, db_index=True
    )
    delivered_on = models.DateField()
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    inspected_at = models.DateTimeField(null=True, blank=True)
    accepted_on = models.DateField(null=True, blank=True, db_index=True)
    # The kind the firm's sale is reported under on the acceptance day (firms.selectors.firm_reported_kinds).
    firm_kind = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["purchase_id", "id"]
        verbose_name_plural = "deliveries"


class InspectionResult(models.TextChoices):
    PENDING = "pending", "검수 대기"
    ACCEPTED = "accepted", "합격"
    REJECTED = "rejected", "불합격"


class DeliveryLine(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="lines")
    purchase_line = models.ForeignKey(PurchaseLine, on_delete=models.PROTECT, related_name="delivery_lines")
    quantity = models.PositiveIntegerField()
    result = models.CharField(max_length=10, choices=InspectionResult.choices, default=InspectionResult.PENDING)
    rejection_reason = models.CharField(max_length=500, blank=True)
    # What this line is worth (quantity × the purchase line's unit price), split for the documents.
    amount = models.PositiveBigIntegerField()
    supply_value = models.PositiveBigIntegerField()
    vat = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["delivery_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "purchase_line"], name="delivery_line_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="delivery_line_quantity_positive"),
            models.CheckConstraint(condition=Q(amount=F("supply_value") + F("vat")), name="dline_vat_adds_up"),
            models.CheckConstraint(
                condition=~Q(result="rejected") | ~Q(rejection_reason=""), name="dline_rejection_has_reason"
            ),
        ]
        indexes = [
            # Purchase performance sums each delivery's accepted lines: read from this index alone (index-only).
            models.Index(fields=["delivery", "amount"], condition=Q(result="accepted"), name="dline_accepted_amount"),
        ]


class InvoiceStatus(models.TextChoices):
    OPEN = "open", "청구 (입금 대기)"
    PAID = "paid", "입금 완료"
    VOID = "void", "무효"


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", "계좌이체"
    CARD = "card", "카드"


class AgencyInvoice(models.Model):
    """The bill for one inspected delivery: its accepted lines only (a rejected line is never invoiced). Sent
    through the payment gateway as an invoice the agency pays by bank transfer (due in `days_until_due`),
    marked paid when an operator or the firm confirms the transfer; small ones may be paid by card. A paid
    invoice books the sale into the firm's settlement ledger, payable at once."""

    number = models.CharField(max_length=32, unique=True)
    delivery = models.OneToOneField(Delivery, on_delete=models.PROTECT, related_name="invoice")
    purchase = models.ForeignKey(Purchase, on_delete=models.PROTECT, related_name="invoices")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="invoices")
    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="agency_invoices")
    status = models.CharField(max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN, db_index=True)
    supply_total = models.PositiveBigIntegerField()
    vat_total = models.PositiveBigIntegerField()
    total = models.PositiveBigIntegerField()
    issued_on = models.DateField()
    due_on = models.DateField()
    provider = models.CharField(max_length=20, default="stripe")
    provider_invoice_id = models.CharField(max_length=100, blank=True)  # blank until the gateway has it
    hosted_invoice_url = models.URLField(max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by_method = models.CharField(max_length=20, choices=PaymentMethod.choices, blank=True)
    payment_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payment_reference = models.CharField(max_length=100, blank=True)  # the bank transfer's reference
    # A small invoice may be paid by card: the payment intent made for it (once), through the payment provider.
    card_intent_id = models.CharField(max_length=100, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(total=F("supply_total") + F("vat_total")), name="invoice_adds_up"),
            models.CheckConstraint(
                condition=Q(paid_at__isnull=True) | Q(status="paid"), name="invoice_paid_at_when_paid"
            ),
        ]

    def __str__(self):
        return self.number


class AgencyRefund(models.Model):
    """Money given back to an agency for accepted goods (a defect found later, a returned unit). It reduces the
    performance of the year and regimes of the acceptance it refunds, whatever day it is paid."""

    invoice = models.ForeignKey(AgencyInvoice, on_delete=models.PROTECT, related_name="refunds")
    delivery_line = models.ForeignKey(DeliveryLine, on_delete=models.PROTECT, related_name="refunds")
    amount = models.PositiveBigIntegerField()
    reason = models.CharField(max_length=500)
    refunded_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=1), name="agency_refund_positive")]
