from django.contrib import admin

from market.catalog.models import Category, Product, ProductImage, SocialValueTag
from market.catalog.services import category_create


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "slug", "parent", "position"]
    search_fields = ["name_ko", "name_en", "slug"]
    readonly_fields = ["path"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:  # the tree path is set by the service
            created = category_create(slug=obj.slug, name_ko=obj.name_ko, name_en=obj.name_en, parent=obj.parent,
                                      position=obj.position)
            obj.pk, obj.path = created.pk, created.path

    def get_readonly_fields(self, request, obj=None):
        # Moving a node would orphan its subtree's paths; re-create it instead.
        return ["path", "parent"] if obj else ["path"]


@admin.register(SocialValueTag)
class SocialValueTagAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "slug", "area"]
    list_filter = ["area"]


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    fields = ["original", "width", "height", "format", "position", "renditions"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["title", "firm", "category", "price", "stock", "status", "created_at"]
    list_filter = ["status", "category", "firm__district"]
    search_fields = ["title", "sku", "firm__name"]
    list_select_related = ["firm", "category"]
    raw_id_fields = ["firm"]
    inlines = [ProductImageInline]
    readonly_fields = ["created_at", "updated_at", "published_at"]
