import django_filters
from django.db.models import Exists, OuterRef
from rest_framework.exceptions import ValidationError

from market.catalog.models import Category, Product
from market.firms.models import Designation, District, FirmKind


# A leading '-' reverses: 'newest' is newest first, '-newest' oldest first.
ORDERINGS = {
    "newest": ("-published_at", "-id"), "-newest": ("published_at", "id"),
    "price": ("price", "id"), "-price": ("-price", "-id"),
    "name": ("title", "id"), "-name": ("-title", "-id"),
}


class ProductFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(method="filter_category", help_text="id or slug; includes subcategories")
    district = django_filters.CharFilter(method="filter_district", help_text="firm's district code, e.g. 11440")
    firm_kind = django_filters.ChoiceFilter(choices=FirmKind.choices, method="filter_firm_kind")
    firm = django_filters.NumberFilter(field_name="firm_id")
    price_min = django_filters.NumberFilter(field_name="price", lookup_expr="gte")
    price_max = django_filters.NumberFilter(field_name="price", lookup_expr="lte")
    tags = django_filters.CharFilter(method="filter_tags", help_text="comma-separated tag slugs; any of them")
    ordering = django_filters.ChoiceFilter(
        choices=[(key, key) for key in ORDERINGS], method="order", help_text="default: newest first"
    )

    class Meta:
        model = Product
        fields = []

    def is_valid(self):
        valid = super().is_valid()
        data = self.form.cleaned_data if valid else {}
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            raise ValidationError({"price_min": ["price_min must not be greater than price_max."]})
        for name in ("price_min", "price_max"):
            if data.get(name) is not None and data[name] < 0:
                raise ValidationError({name: [f"{name} must not be negative."]})
        return valid

    def order(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value])

    def filter_category(self, queryset, name, value):
        lookup = {"pk": int(value)} if value.isdigit() else {"slug": value}
        category = Category.objects.filter(**lookup).first()
        if category is None:
            raise ValidationError({"category": [f"Unknown category {value!r}."]})
        return queryset.in_category_tree(category)

    def filter_district(self, queryset, name, value):
        if not District.objects.filter(code=value).exists():
            raise ValidationError({"district": [f"Unknown district code {value!r}."]})
        return queryset.filter(firm__district_id=value)

    def filter_firm_kind(self, queryset, name, value):
        return queryset.filter(Exists(Designation.objects.valid().filter(firm=OuterRef("firm_id"), kind=value)))

    def filter_tags(self, queryset, name, value):
        slugs = [slug.strip() for slug in value.split(",") if slug.strip()]
        through = Product.tags.through
        return queryset.filter(
            Exists(through.objects.filter(product_id=OuterRef("pk"), socialvaluetag__slug__in=slugs))
        )
