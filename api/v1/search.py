"""Product search and suggestions (Elasticsearch, or the database when it is not configured or down)."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api.fields import IntegerField
from api.renderers import FAST_JSON_RENDERERS
from api.v1.serializers import ProductPublicSerializer, product_public_data, public_product
from market.catalog.models import Category, Product
from market.core.parsing import IntegerParseError, column_bounds, parse_int
from market.firms.models import FirmKind, SviGrade
from search.backends.base import (
    FACETS,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    MAX_RESULT_WINDOW,
    RELAX_LEVELS,
    SORTS,
    SearchRequest,
)
from search.reference import reference
from search.selectors import Hit, present_facets, result_hits, search_products_understood, suggest_products

# Shown when no product holds every word of the query as typed, and close matches are shown instead.
RELAXED_NOTICES = {
    "typos": gettext_lazy("Showing products spelled like your search."),
    "most": gettext_lazy("No product holds every word of your search; showing similar products."),
    "any": gettext_lazy("No product holds every word of your search; showing similar products."),
}
FILLED_NOTICE = gettext_lazy(
    "Products holding every word of your search come first, then products holding some of them."
)


class CommaList(serializers.CharField):
    def __init__(self, choices=None, **kwargs):
        self.allowed = choices
        super().__init__(required=False, allow_blank=True, **kwargs)

    def to_internal_value(self, data):
        values = tuple(dict.fromkeys(v.strip() for v in super().to_internal_value(data).split(",") if v.strip()))
        if self.allowed is not None:
            unknown = [v for v in values if v not in self.allowed]
            if unknown:
                raise serializers.ValidationError(
                    _("Unknown value(s): %(unknown)s. Use: %(allowed)s.")
                    % {"unknown": ", ".join(unknown), "allowed": ", ".join(self.allowed)},
                    code="unknown_value",
                )
        return values


_CATEGORY_IDS = column_bounds(Category, "id")


class SearchParams(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=True)
    category = serializers.CharField(required=False, help_text="id or slug; includes subcategories")
    firm_kind = CommaList(choices=FirmKind.values, help_text="comma-separated")
    district = CommaList(help_text="comma-separated district codes")
    tags = CommaList(help_text="comma-separated tag slugs; any of them")
    svi_grade = CommaList(choices=SviGrade.values)
    price_min = IntegerField(required=False, column=(Product, "price"))
    price_max = IntegerField(required=False, column=(Product, "price"))
    in_stock = serializers.BooleanField(required=False, allow_null=True, default=None)
    sort = serializers.ChoiceField(choices=SORTS, default="relevance")
    page = IntegerField(default=1, min_value=1, max_value=MAX_RESULT_WINDOW)
    page_size = IntegerField(default=20, min_value=1, max_value=MAX_PAGE_SIZE)
    facets = CommaList(choices=FACETS, help_text=f"which facets to count (default all): {', '.join(FACETS)}")
    highlight = serializers.BooleanField(default=True)

    def validate_q(self, value):
        if len(value) > MAX_QUERY_LENGTH:
            raise serializers.ValidationError(
                _("A query has at most %(limit)s characters.") % {"limit": MAX_QUERY_LENGTH}, code="too_long"
            )
        return value

    def validate_category(self, value):
        # By id (ASCII digits) or slug, as api.v1.filters.category_by_id_or_slug, from search's reference copy.
        categories = reference()
        try:
            pk = parse_int(value, minimum=_CATEGORY_IDS[0], maximum=_CATEGORY_IDS[1])
        except IntegerParseError:
            pk = categories.category_ids_by_slug.get(value)
        if pk not in categories.categories:
            raise serializers.ValidationError(_("Unknown category %(ref)r.") % {"ref": value}, code="unknown_category")
        return pk

    def validate_district(self, values):
        known = reference().district_names
        unknown = [v for v in values if v not in known]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown district code(s): %(items)s.") % {"items": ", ".join(unknown)}, code="unknown_value"
            )
        return values

    def validate(self, data):
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError(
                {"price_min": [_("price_min must not be greater than price_max.")]}, code="bad_price_range"
            )
        if data["page"] * data["page_size"] > MAX_RESULT_WINDOW:
            raise serializers.ValidationError(
                {
                    "page": [
                        _("page × page_size may not pass %(limit)s; narrow the search instead.")
                        % {"limit": MAX_RESULT_WINDOW}
                    ]
                },
                code="page_out_of_range",
            )
        return data

    def to_request(self) -> SearchRequest:
        data = self.validated_data
        return SearchRequest(
            q=data["q"],
            category_id=data.get("category"),
            firm_kinds=data.get("firm_kind", ()),
            districts=data.get("district", ()),
            tags=data.get("tags", ()),
            svi_grades=data.get("svi_grade", ()),
            price_min=data.get("price_min"),
            price_max=data.get("price_max"),
            in_stock=data["in_stock"],
            sort=data["sort"],
            page=data["page"],
            page_size=data["page_size"],
            facets=data.get("facets") or FACETS,
            highlight=data["highlight"],
        )


class SearchHitSerializer(ProductPublicSerializer):
    highlight = serializers.SerializerMethodField()
    score = serializers.SerializerMethodField(help_text="relevance; compare only within one response")

    class Meta(ProductPublicSerializer.Meta):
        fields = [*ProductPublicSerializer.Meta.fields, "highlight", "score"]

    def get_highlight(self, product) -> dict[str, list[str]]:
        return self.context["highlights"].get(product.pk, {})

    def get_score(self, product) -> float | None:
        score = self.context["scores"].get(product.pk)
        return round(score, 4) if score is not None else None


def _card_public_data(pk: int, source: dict) -> dict:
    """The public product from a hit's document: what the index stored (market.catalog.cards.product_card)."""
    published_at = source["published_at"]
    return public_product(
        source["card"],
        id=pk,
        title=source["title"],
        description=source["description"],
        price=source["price"],
        stock=source["stock"],
        published_at=datetime.datetime.fromisoformat(published_at) if published_at else None,
    )


def hit_data(hit: Hit, result) -> dict:
    """One result as SearchHitSerializer describes it: the public product, then highlight and score."""
    data = _card_public_data(hit.id, hit.source) if hit.source is not None else product_public_data(hit.product)
    data["highlight"] = result.highlights.get(hit.id, {})
    score = result.scores.get(hit.id)
    data["score"] = round(score, 4) if score is not None else None
    return data


def _relaxation_message(result) -> str | None:
    if not result.total or result.relaxation == RELAX_LEVELS[0]:
        return None
    if result.exact_total and result.relaxation != "typos":
        return str(FILLED_NOTICE)
    return str(RELAXED_NOTICES[result.relaxation])


class AppliedFilterSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=["district", "price"])
    phrase = serializers.CharField(help_text="the words of the query that asked for it")
    label = serializers.CharField()
    value = serializers.JSONField(help_text='a district code, or {"min": int|null, "max": int|null} in won')
    query_without = serializers.CharField(help_text="send this as q to search without this filter")


class RelaxationSerializer(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=RELAX_LEVELS,
        help_text=(
            "all: every word matched as typed; typos: every word, forgiving a typo (Elasticsearch); most: three in "
            "four words; any: best effort"
        ),
    )
    relaxed = serializers.BooleanField()
    exact_total = serializers.IntegerField(help_text="how many hits hold every word (they come first)")
    message = serializers.CharField(allow_null=True)


class SearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    query_text = serializers.CharField(help_text="the words matched after the query was understood")
    applied_filters = AppliedFilterSerializer(many=True, help_text="filters the query asked for in words")
    dropped_words = serializers.ListField(
        child=serializers.CharField(), help_text="words with no product meaning, not searched"
    )
    relaxation = RelaxationSerializer()
    did_you_mean = serializers.CharField(allow_null=True, help_text="a corrected query when nothing was found")
    count = serializers.IntegerField(help_text="how many products match in all (`count`, as in every list)")
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    backend = serializers.CharField()
    degraded = serializers.BooleanField(help_text="true when Elasticsearch is down and the database answered")
    results = SearchHitSerializer(many=True)
    facets = serializers.DictField()


class SuggestionSerializer(serializers.Serializer):
    text = serializers.CharField()
    product_id = serializers.IntegerField()


class SuggestResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    suggestions = SuggestionSerializer(many=True)
    degraded = serializers.BooleanField()


class SuggestParams(serializers.Serializer):
    q = serializers.CharField(max_length=MAX_QUERY_LENGTH)
    limit = IntegerField(default=8, min_value=1, max_value=20)


class ProductSearch(APIView):
    permission_classes = [permissions.AllowAny]
    renderer_classes = FAST_JSON_RENDERERS

    @extend_schema(parameters=[SearchParams], responses=SearchResponseSerializer)
    def get(self, request):
        params = SearchParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        search = search_products_understood(params.to_request())
        result, understood = search.result, search.understood
        relaxed = result.relaxation != RELAX_LEVELS[0]
        return Response(
            {
                "query": understood.original,
                "query_text": understood.text,
                "applied_filters": [
                    {
                        "field": f.field,
                        "phrase": f.phrase,
                        "label": f.label,
                        "value": f.value,
                        "query_without": f.query_without,
                    }
                    for f in understood.applied
                ],
                "dropped_words": list(understood.dropped),
                "relaxation": {
                    "level": result.relaxation,
                    "relaxed": relaxed,
                    "exact_total": result.exact_total,
                    "message": _relaxation_message(result),
                },
                "did_you_mean": search.did_you_mean,
                "count": result.total,
                "page": search.request.page,
                "page_size": search.request.page_size,
                "backend": result.backend,
                "degraded": result.degraded,
                # Written out (hit_data), not walked field by field through SearchHitSerializer, which describes them.
                "results": [hit_data(hit, result) for hit in result_hits(result)],
                "facets": present_facets(result.facet_counts),
            }
        )


class ProductSuggest(APIView):
    permission_classes = [permissions.AllowAny]
    renderer_classes = FAST_JSON_RENDERERS

    @extend_schema(parameters=[SuggestParams], responses=SuggestResponseSerializer)
    def get(self, request):
        params = SuggestParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        suggestions, degraded = suggest_products(params.validated_data["q"], limit=params.validated_data["limit"])
        return Response(
            {
                "query": params.validated_data["q"],
                "suggestions": [{"text": s.text, "product_id": s.product_id} for s in suggestions],
                "degraded": degraded,
            }
        )
