import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from api.fields import IntegerFilter
from market.catalog.models import Category, Product
from market.core.parsing import IntegerParseError, column_bounds, parse_int
from market.firms.models import Designation, District, FirmKind

# A leading '-' reverses: 'newest' is newest first, '-newest' oldest first.
ORDERINGS = {
    "newest": ("-published_at", "-id"),
    "-newest": ("published_at", "id"),
    "price": ("price", "id"),
    "-price": ("-price", "-id"),
    "name": ("title", "id"),
    "-name": ("-title", "-id"),
}


def category_by_id_or_slug(value: str) -> Category | None:
    """The category a query parameter names by id (ASCII digits) or slug, or None."""
    low, high = column_bounds(Category, "id")
    try:
        lookup = {"pk": parse_int(value, minimum=low, maximum=high)}
    except IntegerParseError:
        lookup = {"slug": value}
    return Category.objects.filter(**lookup).first()


class ProductFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(method="filter_category", help_text="id or slug; includes subcategories")
    district = django_filters.CharFilter(method="filter_district", help_text="firm's district code, e.g. 11440")
    firm_kind = django_filters.ChoiceFilter(choices=FirmKind.choices, method="filter_firm_kind")
    firm = IntegerFilter(field_name="firm_id")
    price_min = IntegerFilter(field_name="price", lookup_expr="gte")
    price_max = IntegerFilter(field_name="price", lookup_expr="lte")
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
            raise ValidationError({"price_min": [_("price_min must not be greater than price_max.")]})
        return valid

    def order(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value])

    def filter_category(self, queryset, name, value):
        category = category_by_id_or_slug(value)
        if category is None:
            raise ValidationError({"category": [_("Unknown category %(ref)r.") % {"ref": value}]})
        return queryset.in_category_tree(category)

    def filter_district(self, queryset, name, value):
        if not District.objects.filter(code=value).exists():
            raise ValidationError({"district": [_("Unknown district code %(code)r.") % {"code": value}]})
        return queryset.filter(firm__district_id=value)

    def filter_firm_kind(self, queryset, name, value):
        return queryset.filter(Exists(Designation.objects.valid().filter(firm=OuterRef("firm_id"), kind=value)))

    def filter_tags(self, queryset, name, value):
        slugs = [slug.strip() for slug in value.split(",") if slug.strip()]
        through = Product.tags.through
        return queryset.filter(
            Exists(through.objects.filter(product_id=OuterRef("pk"), socialvaluetag__slug__in=slugs))
        )
