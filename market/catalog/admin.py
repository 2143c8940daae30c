"""Operators' admin for the catalogue. Every write goes through a service, so search hears of it."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count

from market.catalog.models import Category, Product, ProductImage, SocialValueTag
from market.catalog.services import (
    CATEGORY_FIELDS,
    PRODUCT_FIELDS,
    TAG_FIELDS,
    category_create,
    category_update,
    clean_product_fields,
    format_price_tiers,
    parse_price_tiers,
    product_create,
    product_delete,
    product_update,
    social_value_tag_create,
    social_value_tag_delete,
    social_value_tag_update,
)
from market.core.errors import ApplicationError


def _submitted(form, fields, change: bool) -> dict:
    """The form's values for a service: all of them for a new row, only the changed ones for an edit."""
    names = [f for f in fields if f in form.cleaned_data and (not change or f in form.changed_data)]
    return {name: form.cleaned_data[name] for name in names}


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "slug", "parent", "position"]
    search_fields = ["name_ko", "name_en", "slug"]
    readonly_fields = ["path"]

    def save_model(self, request, obj, form, change):
        if change:  # a new name re-indexes the subtree's products
            category_update(category=obj, **_submitted(form, CATEGORY_FIELDS, change))
        else:  # the tree path is set by the service
            created = category_create(
                slug=obj.slug, name_ko=obj.name_ko, name_en=obj.name_en, parent=obj.parent, position=obj.position
            )
            obj.pk, obj.path = created.pk, created.path

    def get_readonly_fields(self, request, obj=None):
        # Moving a node would orphan its subtree's paths; re-create it instead.
        return ["path", "parent"] if obj else ["path"]


@admin.register(SocialValueTag)
class SocialValueTagAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "slug", "area", "product_count"]
    list_filter = ["area"]
    search_fields = ["name_ko", "name_en", "slug"]
    fields = ["name_ko", "name_en", "slug", "area"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(product_count=Count("products"))

    @admin.display(description="상품 수 (products)", ordering="product_count")
    def product_count(self, obj):
        return obj.product_count

    def save_model(self, request, obj, form, change):
        if change:  # products carrying the tag are re-indexed
            social_value_tag_update(tag=obj, **_submitted(form, TAG_FIELDS, change))
        else:
            obj.pk = social_value_tag_create(**_submitted(form, TAG_FIELDS, change)).pk

    def delete_model(self, request, obj):
        social_value_tag_delete(tag=obj)

    def delete_queryset(self, request, queryset):
        for tag in queryset:
            social_value_tag_delete(tag=tag)


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    fields = ["original", "width", "height", "format", "position", "renditions"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ProductAdminForm(forms.ModelForm):
    """Checks what the admin sends against the catalogue's rules (the ones product_create/product_update apply)."""

    # The tiers in the CSV import's notation; saved by the service with the product (replacing all of them).
    price_tiers = forms.CharField(
        label="수량별 가격 (volume price tiers)",
        required=False,
        help_text="수량:단가;수량:단가, e.g. 10:9000;50:8500 (10개 이상 9,000원, 50개 이상 8,500원). Empty: none.",
    )

    class Meta:
        model = Product
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["price_tiers"] = format_price_tiers(self.instance.price_tiers.all())

    def clean_price_tiers(self):
        try:
            return parse_price_tiers(self.cleaned_data["price_tiers"])
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from error

    def clean(self):
        cleaned_data = super().clean()
        change = self.instance.pk is not None
        firm = self.instance.firm if change else cleaned_data.get("firm")
        if firm is not None:
            try:
                clean_product_fields(
                    firm, _submitted(self, PRODUCT_FIELDS, change), product=self.instance if change else None
                )
            except ApplicationError as error:
                field = (error.field or "").split("[")[0]  # a tier's row (price_tiers[1].unit_price) is the one box
                for problem in error.details or [{"message": error.message}]:
                    self.add_error(field if field in self.fields else None, problem["message"])
        return cleaned_data


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductAdminForm
    list_display = ["title", "firm", "category", "price", "stock", "vat_exempt", "status", "created_at"]
    list_filter = ["status", "vat_exempt", "category", "firm__district"]
    search_fields = ["title", "sku", "firm__name"]
    list_select_related = ["firm", "category"]
    raw_id_fields = ["firm"]
    inlines = [ProductImageInline]
    readonly_fields = ["created_at", "updated_at", "published_at"]

    def get_readonly_fields(self, request, obj=None):
        # A listing stays with the firm that made it (its orders and settlement do).
        return [*self.readonly_fields, "firm"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        values = _submitted(form, PRODUCT_FIELDS, change)  # with the tags: the service sets and announces them
        if change:
            product_update(product=obj, **values)
        else:
            created = product_create(firm=obj.firm, **values)
            obj.pk, obj.published_at, obj.updated_at = created.pk, created.published_at, created.updated_at

    def save_related(self, request, form, formsets, change):
        # The tags, the only many-to-many field, were saved by the service in save_model; images are read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def has_delete_permission(self, request, obj=None):
        # An ordered product stays for its orders' sake; hide it instead (product_delete refuses too).
        if obj is not None and obj.order_lines.exists():
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        product_delete(product=obj)

    def delete_queryset(self, request, queryset):
        for product in queryset:
            try:
                product_delete(product=product)
            except ApplicationError as error:
                self.message_user(request, f"{product}: {error.message}", messages.ERROR)
