"""A citizen's value consumption (market/reports/impact.py): their own figures over all time or a year, the impact
receipt of one of their orders (another buyer's order is not found), and the yearly card they may share by an
unguessable link (market/reports/impact_card.py): create, list, revoke; anyone with the link reads the figures the
citizen chose and the card's PNG."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.fields import IntegerField
from market.orders.selectors import order_list_for_buyer
from market.procurement.selectors.performance import KIND_LABELS
from market.reports.impact import (
    ELSEWHERE,
    FIRST_YEAR,
    LOCAL,
    UNKNOWN,
    Impact,
    buyer_years,
    impact_for_buyer,
    impact_for_order,
    parse_year,
)
from market.reports.impact_card import (
    FIGURES,
    SharedFigures,
    impact_card_create,
    impact_card_revoke,
    impact_card_shared,
    impact_cards_of,
    render_card_png,
    shared_figures,
)

YEAR = OpenApiParameter(
    "year", int, required=False, description="A calendar year (Seoul time); left out: all time, by year."
)
PNG = {(200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY, description="The card, 1200 × 630 PNG.")}
CARD_MAX_AGE = 300  # seconds a shared card's image may be cached: its figures follow refunds within that time


# --- serializers ----------------------------------------------------------------------------------------------------
class ImpactKindAmountSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="social_enterprise, pre_social, cooperative, …, or none")
    label = serializers.CharField()
    amount = serializers.IntegerField()


class ImpactCirculationSerializer(serializers.Serializer):
    local = serializers.IntegerField(help_text="Won to firms in the buyer's own district (at checkout)")
    elsewhere = serializers.IntegerField(help_text="Won to firms elsewhere in Seoul")
    unknown = serializers.IntegerField(help_text="Won of orders that kept no buyer district")


class ImpactDistrictAmountSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_ko = serializers.CharField()
    name_en = serializers.CharField()
    amount = serializers.IntegerField()


class ImpactVulnerableSerializer(serializers.Serializer):
    weighted = serializers.IntegerField(
        help_text="Σ won × the firm's declared share of vulnerable employees, rounded once (derived from firms' "
        "declared values)"
    )
    declared = serializers.IntegerField(help_text="Won to firms that declared a share")
    undeclared = serializers.IntegerField(help_text="Won to firms that declared none (not weighted)")


class ImpactTagAmountSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name_ko = serializers.CharField()
    name_en = serializers.CharField()
    area = serializers.CharField()
    amount = serializers.IntegerField()


class ImpactSeriesPointSerializer(serializers.Serializer):
    key = serializers.IntegerField(help_text="The month (1–12) of a year, or the year (all time)")
    amount = serializers.IntegerField()


class ImpactSerializer(serializers.Serializer):
    gross = serializers.IntegerField(help_text="Won bought (paid or closed orders' lines)")
    refunds = serializers.IntegerField(help_text="Won refunded (booked in the period)")
    total = serializers.IntegerField(help_text="gross − refunds")
    orders = serializers.IntegerField()
    firms = serializers.IntegerField()
    by_kind = ImpactKindAmountSerializer(many=True, help_text="Every reported kind, net of refunds")
    circulation = ImpactCirculationSerializer()
    by_district = ImpactDistrictAmountSerializer(many=True, help_text="Firms' districts with anything bought")
    vulnerable = ImpactVulnerableSerializer()
    by_tag = ImpactTagAmountSerializer(many=True, help_text="Tags of the products bought (a line counts in each tag)")
    series = ImpactSeriesPointSerializer(many=True)


def impact_data(impact: Impact) -> dict:
    return {
        "gross": impact.gross,
        "refunds": impact.refunds,
        "total": impact.total,
        "orders": impact.orders,
        "firms": impact.firms,
        "by_kind": [{"kind": k, "label": KIND_LABELS[k], "amount": v} for k, v in impact.by_kind.items()],
        "circulation": {
            "local": impact.circulation[LOCAL],
            "elsewhere": impact.circulation[ELSEWHERE],
            "unknown": impact.circulation[UNKNOWN],
        },
        "by_district": [vars(d) for d in impact.by_district],
        "vulnerable": {
            "weighted": impact.vulnerable_weighted,
            "declared": impact.vulnerable_declared,
            "undeclared": impact.vulnerable_undeclared,
        },
        "by_tag": [vars(t) for t in impact.by_tag],
        "series": [{"key": k, "amount": v} for k, v in impact.series.items()],
    }


class MyImpactSerializer(ImpactSerializer):
    year = serializers.IntegerField(allow_null=True, help_text="The year asked for; null: all time")
    years = serializers.ListField(child=serializers.IntegerField(), help_text="Years with a paid order, newest first")


class OrderImpactSerializer(ImpactSerializer):
    number = serializers.CharField()
    paid = serializers.BooleanField(help_text="Whether the order was paid (an unpaid order counts nothing)")


class ImpactCardSerializer(serializers.Serializer):
    token = serializers.CharField()
    year = serializers.IntegerField()
    show_total = serializers.BooleanField()
    show_kinds = serializers.BooleanField()
    show_local = serializers.BooleanField()
    show_vulnerable = serializers.BooleanField()
    show_tags = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class ImpactCardInputSerializer(serializers.Serializer):
    year = IntegerField(min_value=FIRST_YEAR, max_value=9999, help_text="The card's year (up to this year)")
    show_total = serializers.BooleanField(default=True)
    show_kinds = serializers.BooleanField(default=True)
    show_local = serializers.BooleanField(default=True)
    show_vulnerable = serializers.BooleanField(default=False)
    show_tags = serializers.BooleanField(default=True)


class ImpactSharedFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    total = serializers.IntegerField(allow_null=True)
    orders = serializers.IntegerField(allow_null=True)
    by_kind = ImpactKindAmountSerializer(many=True, allow_null=True)
    local = serializers.IntegerField(allow_null=True)
    local_share = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    vulnerable_weighted = serializers.IntegerField(
        allow_null=True, help_text="Derived from firms' declared shares of vulnerable employees"
    )
    by_tag = ImpactTagAmountSerializer(many=True, allow_null=True)


def shared_data(figures: SharedFigures) -> dict:
    return {
        "year": figures.year,
        "total": figures.total,
        "orders": figures.orders,
        "by_kind": None
        if figures.by_kind is None
        else [{"kind": k, "label": KIND_LABELS[k], "amount": v} for k, v in figures.by_kind.items()],
        "local": figures.local,
        "local_share": figures.local_share,
        "vulnerable_weighted": figures.vulnerable_weighted,
        "by_tag": None if figures.by_tag is None else [vars(t) for t in figures.by_tag],
    }


# --- the citizen's own ----------------------------------------------------------------------------------------------
class MyImpact(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[YEAR], responses=MyImpactSerializer)
    def get(self, request):
        """The caller's value consumption: all time (series by year) or one year (series by month)."""
        year = parse_year(request.query_params.get("year"))
        data = impact_data(impact_for_buyer(buyer=request.user, year=year))
        data.update(year=year, years=buyer_years(buyer=request.user))
        return Response(MyImpactSerializer(data).data)


class OrderImpact(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=OrderImpactSerializer)
    def get(self, request, number):
        """The impact receipt of one of the caller's orders (by its number): its sales less its refunds so far."""
        order = get_object_or_404(order_list_for_buyer(buyer=request.user), number=number)
        data = impact_data(impact_for_order(order=order))
        data.update(number=order.number, paid=order.paid_at is not None)
        return Response(OrderImpactSerializer(data).data)


class MyImpactCards(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=ImpactCardSerializer(many=True))
    def get(self, request):
        """The caller's shared cards that are live (one per year at most)."""
        return Response(ImpactCardSerializer(impact_cards_of(user=request.user), many=True).data)

    @extend_schema(request=ImpactCardInputSerializer, responses={201: ImpactCardSerializer})
    def post(self, request):
        """Share a year's card with the figures chosen: a new link; the year's link before it stops working."""
        serializer = ImpactCardInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        shown = {name: serializer.validated_data[name] for name in FIGURES}
        card = impact_card_create(user=request.user, year=serializer.validated_data["year"], **shown)
        return Response(ImpactCardSerializer(card).data, status=status.HTTP_201_CREATED)


class MyImpactCard(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={204: None})
    def delete(self, request, token):
        """Stop sharing: the link and its image show nothing from now on."""
        impact_card_revoke(user=request.user, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- anyone with the link -------------------------------------------------------------------------------------------
class SharedImpactCard(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []  # the same answer for everyone; no session needed

    @extend_schema(responses=ImpactSharedFiguresSerializer)
    def get(self, request, token):
        """The figures a citizen chose to share (null: not shared). Never a name or an address."""
        return Response(ImpactSharedFiguresSerializer(shared_data(shared_figures(impact_card_shared(token)))).data)


class SharedImpactCardImage(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(responses=PNG)
    def get(self, request, token):
        """The card as an image (for messengers' link previews, og:image)."""
        png = render_card_png(shared_figures(impact_card_shared(token)))
        response = HttpResponse(png, content_type="image/png")
        patch_cache_control(response, public=True, max_age=CARD_MAX_AGE)
        return response
