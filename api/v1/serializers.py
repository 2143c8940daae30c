"""Output and input shapes. Serializers parse and present; the rules live in market/ services."""

import re
from typing import Literal

from django.core.files.storage import FileSystemStorage, default_storage
from rest_framework import serializers

from api.fields import DecimalField, IntegerField
from market.accounts.models import User
from market.catalog.cards import product_card, product_card_of_row
from market.catalog.models import Category, PriceTier, Product, ProductImage, ProductStatus, SocialValueTag
from market.firms.models import (
    Designation,
    District,
    Firm,
    FirmKind,
    PurposeType,
    RegistryImport,
)


# --- reference data -------------------------------------------------------------
class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["code", "name_ko", "name_en"]


class CategoryBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "slug", "name_ko", "name_en", "parent"]


class CategoryTreeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="category.id")
    slug = serializers.CharField(source="category.slug")
    name_ko = serializers.CharField(source="category.name_ko")
    name_en = serializers.CharField(source="category.name_en")
    children = serializers.SerializerMethodField()

    def get_children(self, node) -> list[dict]:
        return CategoryTreeSerializer(node["children"], many=True).data


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = SocialValueTag
        fields = ["slug", "name_ko", "name_en", "area"]


# --- firms -------------------------------------------------------------------------
class DesignationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    is_valid = serializers.SerializerMethodField()

    class Meta:
        model = Designation
        fields = [
            "id",
            "kind",
            "kind_display",
            "issuer",
            "number",
            "start_date",
            "end_date",
            "status",
            "status_reason",
            "is_valid",
        ]

    def get_is_valid(self, designation) -> bool:
        return designation.is_valid_on()


class DesignationInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FirmKind.choices)
    issuer = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True, default=None)


class FirmPublicSerializer(serializers.ModelSerializer):
    """What anyone may see of a firm: its profile and its valid designations (prefetched as `designations`)."""

    district = DistrictSerializer()
    designations = DesignationSerializer(many=True, source="valid_designations")
    kinds = serializers.SerializerMethodField()

    class Meta:
        model = Firm
        fields = [
            "id",
            "name",
            "district",
            "address",
            "description",
            "purpose_type",
            "vulnerable_employee_share",
            "svi_grade",
            "website",
            "kinds",
            "designations",
        ]

    def get_kinds(self, firm) -> list[str]:
        return sorted({d.kind for d in firm.valid_designations})


class FirmPrivateSerializer(serializers.ModelSerializer):
    """A firm as its own members and operators see it."""

    district = DistrictSerializer()
    designations = DesignationSerializer(many=True)
    is_selling = serializers.BooleanField(read_only=True)

    class Meta:
        model = Firm
        fields = [
            "id",
            "name",
            "registration_number",
            "district",
            "address",
            "description",
            "purpose_type",
            "vulnerable_employee_share",
            "svi_grade",
            "website",
            "verification_status",
            "rejection_reason",
            "verified_at",
            "listings_hidden_reason",
            "listings_hidden_since",
            "is_selling",
            "designations",
            "created_at",
        ]


class FirmApplicationSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    registration_number = serializers.CharField(max_length=20)
    district = serializers.CharField(max_length=5, help_text="Seoul district code, e.g. 11440 for 마포구")
    address = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    purpose_type = serializers.ChoiceField(choices=PurposeType.choices, required=False, allow_blank=True, default="")
    vulnerable_employee_share = DecimalField(
        max_digits=5, decimal_places=2, required=False, allow_null=True, default=None
    )
    designations = DesignationInputSerializer(many=True, required=False, default=list)

    @staticmethod
    def service_kwargs(validated: dict) -> dict:
        """firm_apply's keyword arguments from this serializer's validated data."""
        data = dict(validated)
        data["district_code"] = data.pop("district")
        return data


class FirmUpdateSerializer(serializers.Serializer):
    address = serializers.CharField(max_length=300, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    purpose_type = serializers.ChoiceField(choices=PurposeType.choices, required=False, allow_blank=True)
    vulnerable_employee_share = DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True)
    website = serializers.URLField(required=False, allow_blank=True)
    district = serializers.CharField(max_length=5, required=False)


class FirmRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class DesignationStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["active", "revoked"])
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RegistryImportInputSerializer(serializers.Serializer):
    file = serializers.FileField()
    kind = serializers.ChoiceField(choices=FirmKind.choices, default=FirmKind.SOCIAL_ENTERPRISE)


class RegistryImportSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegistryImport
        fields = [
            "id",
            "kind",
            "filename",
            "created_at",
            "rows",
            "created_count",
            "updated_count",
            "unchanged_count",
            "mismatches",
        ]


# --- accounts ------------------------------------------------------------------------
class UserSerializer(serializers.ModelSerializer):
    firm_id = serializers.SerializerMethodField()
    is_operator = serializers.BooleanField(source="is_staff", read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "display_name", "kind", "district", "firm_id", "is_operator"]

    def get_firm_id(self, user) -> int | None:
        membership = getattr(user, "firm_membership", None)
        return membership.firm_id if membership else None


class BuyerRegistrationSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    display_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    district = serializers.CharField(max_length=5, required=False, allow_blank=True, default="")


class SellerRegistrationSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    display_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    firm = FirmApplicationSerializer()


class LoginSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expiry = serializers.DateTimeField(allow_null=True, help_text="When the token stops working.")
    user = UserSerializer()


# --- catalogue -------------------------------------------------------------------------
class ProductImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    renditions = serializers.SerializerMethodField(help_text="size name → URL; empty until renditions_status is ready")
    renditions_status = serializers.SerializerMethodField(
        help_text=(
            "pending: the upload is being processed in the background (url and renditions appear in a few seconds; "
            "read the product again); ready; failed: the file proved damaged when decoded"
        )
    )

    class Meta:
        model = ProductImage
        fields = ["id", "url", "width", "height", "format", "alt_text", "position", "renditions", "renditions_status"]

    def get_url(self, image) -> str | None:
        return image_url(image)

    def get_renditions(self, image) -> dict[str, str]:
        return image_renditions(image)

    def get_renditions_status(self, image) -> Literal["pending", "ready", "failed"]:
        return image_renditions_status(image)


def image_url(image) -> str | None:
    # None until the processing task has stored the clean copy (the upload itself is never served).
    return media_url(image.original.name) if image.original else None


def image_renditions(image) -> dict[str, str]:
    return renditions_urls(image.renditions)


def renditions_urls(renditions: dict | None) -> dict[str, str]:
    return {name: media_url(path) for name, path in (renditions or {}).items()}


def image_renditions_status(image) -> Literal["pending", "ready", "failed"]:
    return renditions_status(image.processing_error, image.renditions)


def renditions_status(processing_error: str, renditions: dict | None) -> Literal["pending", "ready", "failed"]:
    if processing_error:
        return "failed"
    return "ready" if renditions else "pending"


# A stored name made of plain path segments (none empty, none starting with a dot, nothing to quote).
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*")


def media_url(name: str) -> str:
    """default_storage.url(name) (the image fields' storage). For the file system storage and a plain name that
    is its base URL and the name: urljoin and quoting would change nothing, and cost ~20 µs a URL, 160 URLs a page
    of cards."""
    storage = default_storage._wrapped
    if type(storage) is FileSystemStorage and _PLAIN_NAME.fullmatch(name):
        base = storage.base_url
        if base.endswith("/") and not any(char in base for char in "?#;"):
            return base + name
    return default_storage.url(name)


class FirmBriefSerializer(serializers.ModelSerializer):
    district = DistrictSerializer()
    kinds = serializers.SerializerMethodField()

    class Meta:
        model = Firm
        fields = ["id", "name", "district", "svi_grade", "kinds"]

    def get_kinds(self, firm) -> list[str]:
        return firm_kinds(firm)


def firm_kinds(firm) -> list[str]:
    kinds = getattr(firm, "valid_kinds", None)  # annotated by product_list_public()
    if kinds is not None:
        return kinds
    designations = getattr(firm, "valid_designations", None)
    return sorted({d.kind for d in designations}) if designations is not None else []


class PriceTierSerializer(serializers.ModelSerializer):
    class Meta:
        model = PriceTier
        fields = ["min_quantity", "unit_price"]
        extra_kwargs = {
            "min_quantity": {"help_text": "from this many units up (until the next tier)"},
            "unit_price": {"help_text": "whole KRW per unit"},
        }


class PriceTierInputSerializer(serializers.Serializer):
    min_quantity = IntegerField(help_text="from this many units up; at least 2")
    unit_price = IntegerField(
        help_text="whole KRW per unit; below the product's price and below every tier for fewer units"
    )


VAT_EXEMPT_HELP = "면세 (VAT-exempt): its price carries no VAT; documents show a supply value only"
PRICE_TIERS_HELP = (
    "volume prices in min_quantity order; a quantity below the first tier pays price. The cart and checkout charge "
    "the tier with the largest min_quantity not above the line's quantity"
)


class ProductPublicSerializer(serializers.ModelSerializer):
    category = CategoryBriefSerializer()
    firm = FirmBriefSerializer()
    tags = TagSerializer(many=True)
    images = ProductImageSerializer(many=True)
    in_stock = serializers.SerializerMethodField()
    price_tiers = PriceTierSerializer(many=True, read_only=True, help_text=PRICE_TIERS_HELP)
    vat_exempt = serializers.BooleanField(read_only=True, help_text=VAT_EXEMPT_HELP)

    class Meta:
        model = Product
        fields = [
            "id",
            "title",
            "description",
            "price",
            "unit",
            "stock",
            "in_stock",
            "min_order_quantity",
            "price_tiers",
            "vat_exempt",
            "category",
            "firm",
            "tags",
            "images",
            "published_at",
        ]

    def get_in_stock(self, product) -> bool:
        return product.in_stock

    def to_representation(self, product):
        # The fields above written out by hand: DRF's walk of the nested serializers field by field cost as much
        # as the page's queries (bench/pages.py). The declarations stay for the schema and for subclasses' own
        # fields (search hits' highlight and score), which go through DRF as usual (building the fields costs
        # ~1 ms, so only when there are some).
        data = product_public_data(product)
        if len(self.Meta.fields) > len(data):
            for field in self._readable_fields:
                if field.field_name not in data:
                    data[field.field_name] = field.to_representation(field.get_attribute(product))
        return data


_published_at = serializers.DateTimeField()


def public_product(card: dict, *, id, title, description, price, stock, published_at) -> dict:
    """ProductPublicSerializer's fields of a product from its plain values and its card (market.catalog.cards:
    stored values), the image files' URLs made now. The one writer of the public product: the list and page (from
    rows), search hits (from the index's copy of the card) and the serializer (from instances) all go through it."""
    return {
        "id": id,
        "title": title,
        "description": description,
        "price": price,
        "unit": card["unit"],
        "stock": stock,
        "in_stock": card["in_stock"],
        "min_order_quantity": card["min_order_quantity"],
        "price_tiers": card["price_tiers"],
        "vat_exempt": card["vat_exempt"],
        "category": card["category"],
        "firm": card["firm"],
        "tags": card["tags"],
        "images": [
            {
                "id": image["id"],
                "url": media_url(image["original"]) if image["original"] else None,
                "width": image["width"],
                "height": image["height"],
                "format": image["format"],
                "alt_text": image["alt_text"],
                "position": image["position"],
                "renditions": renditions_urls(image["renditions"]),
                "renditions_status": renditions_status(image["processing_error"], image["renditions"]),
            }
            for image in card["images"]
        ],
        "published_at": _published_at.to_representation(published_at) if published_at else None,
    }


def product_public_data(product) -> dict:
    """ProductPublicSerializer's fields of a product from product_list_public() (relations prefetched)."""
    return public_product(
        product_card(product, product.tags.all(), firm_kinds(product.firm)),
        id=product.id,
        title=product.title,
        description=product.description,
        price=product.price,
        stock=product.stock,
        published_at=product.published_at,
    )


def product_public_row_data(row: dict) -> dict:
    """product_public_data() of a row of product_public_rows() (plain values, no model instances): the same
    dict, for the product list and page."""
    return public_product(
        product_card_of_row(row),
        id=row["id"],
        title=row["title"],
        description=row["description"],
        price=row["price"],
        stock=row["stock"],
        published_at=row["published_at"],
    )


class SellerProductSerializer(serializers.ModelSerializer):
    category = CategoryBriefSerializer()
    tags = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    images = ProductImageSerializer(many=True)
    is_public = serializers.SerializerMethodField()
    hidden_reason = serializers.CharField(read_only=True)
    in_stock = serializers.BooleanField(
        read_only=True,
        help_text="at least the minimum order is in stock (a public listing without it cannot be bought)",
    )
    price_tiers = PriceTierSerializer(many=True, read_only=True, help_text=PRICE_TIERS_HELP)
    vat_exempt = serializers.BooleanField(read_only=True, help_text=VAT_EXEMPT_HELP)

    class Meta:
        model = Product
        fields = [
            "id",
            "sku",
            "title",
            "description",
            "price",
            "unit",
            "stock",
            "min_order_quantity",
            "price_tiers",
            "vat_exempt",
            "status",
            "category",
            "tags",
            "images",
            "is_public",
            "hidden_reason",
            "in_stock",
            "created_at",
            "updated_at",
            "published_at",
        ]

    def get_is_public(self, product) -> bool:
        return not product.hidden_reason


class ProductInputSerializer(serializers.Serializer):
    """Types only; the catalogue's rules (ranges, duplicates, categories) are checked by the service."""

    category = serializers.CharField(help_text="category id or slug")
    sku = serializers.CharField(max_length=64, required=False, allow_blank=True)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    price = IntegerField(help_text="whole KRW")
    stock = IntegerField(required=False)
    unit = serializers.CharField(max_length=20, required=False, allow_blank=True)
    min_order_quantity = IntegerField(required=False)
    vat_exempt = serializers.BooleanField(required=False, help_text=VAT_EXEMPT_HELP)
    status = serializers.ChoiceField(choices=ProductStatus.choices, required=False)
    tags = serializers.ListField(child=serializers.SlugField(), required=False)
    price_tiers = PriceTierInputSerializer(
        many=True,
        required=False,
        help_text=(
            "replaces all the product's volume prices (any order; [] removes them); a bad row is refused with "
            "its field, e.g. price_tiers[1].unit_price"
        ),
    )


class StockInputSerializer(serializers.Serializer):
    stock = IntegerField(required=False, help_text="set stock to this number")
    delta = IntegerField(required=False, help_text="or move it by this many (may be negative)")


class ImageUploadSerializer(serializers.Serializer):
    image = serializers.FileField(help_text="JPEG, PNG or WebP")
    alt_text = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ImageReorderSerializer(serializers.Serializer):
    image_ids = serializers.ListField(child=IntegerField(column=(ProductImage, "id")), max_length=100)


class ProductImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV with the columns listed in the README")


class ProductImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    rows = serializers.IntegerField()


class ErrorDetailSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True)
    code = serializers.CharField()
    message = serializers.CharField()


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    field = serializers.CharField(allow_null=True)
    details = ErrorDetailSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    """The one error shape of every API error."""

    error = ErrorBodySerializer()
