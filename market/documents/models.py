"""Documents the marketplace issues (PDF, server-rendered) and what proves them: each issued document has a
DocumentRecord with a verification code a public page checks, and the facts it was rendered from, so that a
re-download renders the same document again. Electronic tax invoice (전자세금계산서) exports are recorded too."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from market.firms.models import Firm
from market.procurement.models import Agency, AgencyInvoice


class DocumentKind(models.TextChoices):
    QUOTATION = "quotation", "견적서"
    DELIVERY_NOTE = "delivery_note", "납품서"
    DESIGNATIONS = "designations", "사회적경제기업 지정 현황"
    PURCHASE_RECORD = "purchase_record", "구매실적 증명서"


class DocumentRecord(models.Model):
    """One version of one document: the same facts always give the same record (and code); changed facts (an
    inspected delivery, another period, another day) give a new one. `facts` is everything the PDF shows, as
    rendered; `summary` is the part the public verification page tells (parties, totals, period)."""

    code = models.CharField(max_length=16, unique=True)  # 16 symbols, shown as four groups of four
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    subject_number = models.CharField(max_length=60)  # the quotation's or delivery's number, the firm's 사업자등록번호…
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    firm = models.ForeignKey(Firm, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    facts = models.JSONField()
    facts_sha256 = models.CharField(max_length=64)
    summary = models.JSONField()
    # The SHA-256 of the PDF first served under this code, and of any later rendering whose bytes differed
    # (a newer renderer or font): every file we handed out under this code verifies.
    pdf_sha256 = models.CharField(max_length=64)
    other_pdf_sha256s = models.JSONField(default=list, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)
    issued_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "facts_sha256"], name="document_one_record_per_version"),
            models.CheckConstraint(
                condition=Q(agency__isnull=False) | Q(firm__isnull=False), name="document_has_party"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.subject_number} ({self.display_code})"

    @property
    def display_code(self) -> str:
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    def pdf_hashes(self) -> set[str]:
        return {self.pdf_sha256, *self.other_pdf_sha256s}


class TaxInvoiceExport(models.Model):
    """A paid agency invoice's electronic tax invoice data, handed to the configured issuer (TAX_INVOICE_ISSUER).
    The default issuer only exports: `issued` stays false and `provider_reference` blank until an accredited
    provider's issuer issues it with the national tax service."""

    invoice = models.ForeignKey(AgencyInvoice, on_delete=models.PROTECT, related_name="tax_invoice_exports")
    issuer = models.CharField(max_length=200)  # the issuer class's dotted path
    data = models.JSONField()
    issued = models.BooleanField(default=False)
    provider_reference = models.CharField(max_length=100, blank=True)  # the provider's approval number (승인번호)
    message = models.CharField(max_length=500, blank=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    exported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-exported_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(issued=False) | ~Q(provider_reference=""), name="tax_invoice_issued_ref")
        ]
