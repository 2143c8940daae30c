from django.db import models
from django.db.models import Q
from django.utils import timezone

from market.firms.models import Firm


class Category(models.Model):
    """A node of the category tree. `path` ('/3/17/') lets one query take a whole subtree."""

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    slug = models.SlugField(max_length=80, unique=True)
    name_ko = models.CharField(max_length=80)
    name_en = models.CharField(max_length=80)
    position = models.PositiveIntegerField(default=0)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["path"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name_ko

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2


class SocialValueArea(models.TextChoices):
    """The four areas of social value shown to buyers (SPC scheme)."""

    PRODUCT = "product", "제품·서비스"
    INTERNAL = "internal", "내부 (취약계층 고용 등)"
    EXTERNAL = "external", "외부 (지역·소상공인 거래)"
    ENVIRONMENT = "environment", "환경"


class SocialValueTag(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name_ko = models.CharField(max_length=60)
    name_en = models.CharField(max_length=60)
    area = models.CharField(max_length=20, choices=SocialValueArea.choices)

    class Meta:
        ordering = ["area", "slug"]

    def __str__(self):
        return self.name_ko


class ProductStatus(models.TextChoices):
    DRAFT = "draft", "임시저장"
    PUBLISHED = "published", "판매중"
    HIDDEN = "hidden", "숨김"


def in_category_trees(categories) -> models.Q:
    """A condition on products: in any of these categories or below them (for filters and for ranking)."""
    condition = models.Q(pk__in=[])
    for category in categories:
        condition |= models.Q(category__path__startswith=category.path)
    return condition


def on_sale_condition() -> Q:
    """The condition of `ProductQuerySet.public()`, for a query that must also see the products failing it
    (checkout locks every product in the cart and tells the buyer which one is no longer on sale)."""
    return Q(
        status=ProductStatus.PUBLISHED,
        firm__verification_status="verified",
        firm__listings_hidden_reason="",
    )


class ProductQuerySet(models.QuerySet):
    def public(self):
        """What citizens may see and buy: published, by a verified firm that holds a valid designation."""
        return self.filter(on_sale_condition())

    def in_category_tree(self, category: Category):
        return self.filter(in_category_trees([category]))


class Product(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    sku = models.CharField("seller's product code", max_length=64, blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=5000)
    price = models.PositiveBigIntegerField("price in whole KRW")
    stock = models.PositiveIntegerField(default=0)
    unit = models.CharField(max_length=20, default="개")
    min_order_quantity = models.PositiveIntegerField(default=1)
    # 면세: unprocessed farm, fishery and livestock produce, some books; documents show no VAT for it.
    vat_exempt = models.BooleanField("VAT-exempt (면세)", default=False)
    status = models.CharField(max_length=10, choices=ProductStatus.choices, default=ProductStatus.DRAFT, db_index=True)
    tags = models.ManyToManyField(SocialValueTag, blank=True, related_name="products")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "sku"], condition=~Q(sku=""), name="product_unique_firm_sku"),
            models.CheckConstraint(condition=Q(min_order_quantity__gte=1), name="product_moq_at_least_1"),
            models.CheckConstraint(condition=Q(price__gte=1), name="product_price_positive"),
        ]
        indexes = [models.Index(fields=["status", "price"]), models.Index(fields=["firm", "status"])]

    def __str__(self):
        return self.title

    @property
    def in_stock(self) -> bool:
        """Whether a buyer can order it now: at least the minimum order is in stock."""
        return self.stock >= self.min_order_quantity

    @property
    def hidden_reason(self) -> str:
        """Why citizens cannot see this listing, in words for its seller ('' when it is public)."""
        if self.status == ProductStatus.DRAFT:
            return "임시저장 상태입니다 (draft)."
        if self.status == ProductStatus.HIDDEN:
            return "판매자가 숨긴 상품입니다 (hidden by the seller)."
        firm = self.firm
        if firm.verification_status == "pending":
            return "업체 인증 검토 중입니다 (the firm awaits verification)."
        if firm.verification_status == "rejected":
            return f"업체 인증이 반려되었습니다: {firm.rejection_reason}"
        return firm.listings_hidden_reason


class PriceTier(models.Model):
    """A volume price: from `min_quantity` units up (until the next tier), each unit costs `unit_price`.

    Quantities below the first tier pay the product's own price. The service (product_update with price_tiers)
    keeps each tier's price strictly below the product's price and below every tier with a smaller quantity;
    market/catalog/pricing.py unit_price_for is the one place that picks the tier for a quantity.
    """

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="price_tiers")
    min_quantity = models.PositiveIntegerField()
    unit_price = models.PositiveBigIntegerField("unit price in whole KRW")

    class Meta:
        ordering = ["product_id", "min_quantity"]
        constraints = [
            models.UniqueConstraint(fields=["product", "min_quantity"], name="price_tier_unique_quantity"),
            models.CheckConstraint(condition=Q(min_quantity__gte=2), name="price_tier_min_quantity_at_least_2"),
            models.CheckConstraint(condition=Q(unit_price__gte=1), name="price_tier_unit_price_positive"),
        ]

    def __str__(self):
        return f"{self.min_quantity}+ at {self.unit_price:,} won"


def product_image_path(instance, filename):
    return f"products/{instance.product_id}/{filename}"


def pending_image_path(instance, filename):
    return f"uploads/pending/{filename}"


class ProductImage(models.Model):
    RENDITIONS = ("thumbnail", "card", "large", "webp")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    # The clean copy (no metadata), made by the processing task; empty until then.
    original = models.ImageField(upload_to=product_image_path, width_field="width", height_field="height", blank=True)
    # The upload as received, until the task has cleaned it (then deleted); never given a URL.
    pending_upload = models.FileField(upload_to=pending_image_path, blank=True)
    # Set when the upload proved damaged only when decoded (e.g. "image_invalid"); the image then has no file.
    processing_error = models.CharField(max_length=40, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    format = models.CharField(max_length=10)
    alt_text = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)
    # {"thumbnail": "products/1/renditions/5-thumbnail.jpg", ...}; filled by the renditions task.
    renditions = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["product_id", "position", "id"]

    def __str__(self):
        return f"image {self.pk} of product {self.product_id}"
