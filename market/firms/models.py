import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone


class District(models.Model):
    """One of Seoul's 25 자치구, keyed by its administrative code (loaded by a data migration)."""

    code = models.CharField(max_length=5, primary_key=True)
    name_ko = models.CharField(max_length=20, unique=True)
    name_en = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.name_ko


class FirmKind(models.TextChoices):
    SOCIAL_ENTERPRISE = "social_enterprise", "사회적기업"
    PRE_SOCIAL_REGIONAL = "pre_social_regional", "예비사회적기업(지역형)"
    PRE_SOCIAL_MINISTRY = "pre_social_ministry", "예비사회적기업(부처형)"
    COOPERATIVE = "cooperative", "협동조합"
    SOCIAL_COOPERATIVE = "social_cooperative", "사회적협동조합"
    VILLAGE_ENTERPRISE = "village_enterprise", "마을기업"
    SELF_SUFFICIENCY = "self_sufficiency", "자활기업"
    SOCIAL_VENTURE = "social_venture", "소셜벤처"


class PurposeType(models.TextChoices):
    JOBS = "jobs", "일자리제공형"
    SOCIAL_SERVICE = "social_service", "사회서비스제공형"
    COMMUNITY = "community", "지역사회공헌형"
    MIXED = "mixed", "혼합형"
    OTHER = "other", "기타(창의·혁신)형"


class SviGrade(models.TextChoices):
    OUTSTANDING = "outstanding", "탁월"
    EXCELLENT = "excellent", "우수"
    GOOD = "good", "양호"
    INSUFFICIENT = "insufficient", "미흡"
    WEAK = "weak", "취약"


class VerificationStatus(models.TextChoices):
    PENDING = "pending", "검토 중"
    VERIFIED = "verified", "확인됨"
    REJECTED = "rejected", "반려"


class FirmQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verification_status=VerificationStatus.VERIFIED)

    def selling(self):
        """Firms whose listings are public: verified and holding a valid designation."""
        return self.verified().filter(listings_hidden_reason="")

    def with_valid_designation(self, on: datetime.date | None = None):
        return self.filter(Exists(Designation.objects.valid(on).filter(firm=OuterRef("pk"))))


class Firm(models.Model):
    name = models.CharField(max_length=200)
    registration_number = models.CharField("사업자등록번호", max_length=10, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="firms")
    address = models.CharField(max_length=300)
    description = models.TextField(blank=True, max_length=2000)
    purpose_type = models.CharField(max_length=20, choices=PurposeType.choices, blank=True)
    vulnerable_employee_share = models.DecimalField(
        "share of vulnerable employees (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    svi_grade = models.CharField(max_length=20, choices=SviGrade.choices, blank=True)
    website = models.URLField(blank=True)
    # A Stripe Connect account, where the firm has one and STRIPE_CONNECT_ENABLED is on: payouts transfer to it.
    stripe_account_id = models.CharField(max_length=100, blank=True)

    verification_status = models.CharField(
        max_length=10, choices=VerificationStatus.choices, default=VerificationStatus.PENDING, db_index=True
    )
    rejection_reason = models.TextField(blank=True, max_length=2000)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept by firm_refresh_listing_visibility (on each designation change and daily): blank while the
    # firm holds a valid designation, else the reason sellers see on their hidden listings.
    listings_hidden_reason = models.CharField(max_length=300, blank=True, default="")
    listings_hidden_since = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FirmQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vulnerable_employee_share__isnull=True)
                | Q(vulnerable_employee_share__gte=0, vulnerable_employee_share__lte=100),
                name="firm_vulnerable_share_0_100",
            ),
            models.CheckConstraint(
                condition=~Q(verification_status="rejected") | ~Q(rejection_reason=""),
                name="firm_rejection_has_reason",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_selling(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED and not self.listings_hidden_reason


class MemberRole(models.TextChoices):
    OWNER = "owner", "대표"
    STAFF = "staff", "직원"


class FirmMember(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="members")
    # A seller account acts for exactly one firm.
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="firm_membership")
    role = models.CharField(max_length=10, choices=MemberRole.choices, default=MemberRole.STAFF)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.user} @ {self.firm} ({self.role})"


class DesignationStatus(models.TextChoices):
    PENDING = "pending", "확인 대기"
    ACTIVE = "active", "유효"
    REVOKED = "revoked", "취소"


class DesignationQuerySet(models.QuerySet):
    def valid(self, on: datetime.date | None = None):
        """Designations in force on a day (today by default). A revoked one was in force before the day of
        its revocation: a purchase accepted then still counted (public purchasing results look back)."""
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on),
            Q(status=DesignationStatus.ACTIVE) | Q(status=DesignationStatus.REVOKED, revoked_on__gt=on),
        )


class Designation(models.Model):
    """One designation a firm holds (a firm may hold several kinds at once)."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="designations")
    kind = models.CharField(max_length=30, choices=FirmKind.choices, db_index=True)
    issuer = models.CharField(max_length=100, blank=True)
    number = models.CharField(max_length=60, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=DesignationStatus.choices, default=DesignationStatus.PENDING)
    status_reason = models.CharField(max_length=300, blank=True)
    # The day a revocation took effect (null for rows revoked before it was recorded: never in force).
    revoked_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DesignationQuerySet.as_manager()

    class Meta:
        ordering = ["firm_id", "kind", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="designation_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["kind", "number"], condition=~Q(number=""), name="designation_unique_kind_number"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}".strip()

    def is_valid_on(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        in_force = self.status == DesignationStatus.ACTIVE or (
            self.status == DesignationStatus.REVOKED and self.revoked_on is not None and self.revoked_on > on
        )
        return in_force and self.start_date <= on and (self.end_date is None or self.end_date >= on)


class RegistryImport(models.Model):
    """One upload of a public registry file, kept with what it changed and what did not match."""

    kind = models.CharField(max_length=30, choices=FirmKind.choices)
    filename = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    mismatches = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]
