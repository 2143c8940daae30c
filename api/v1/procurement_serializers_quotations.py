"""Shapes of requests for quotation, quotations and agencies' purchases, for the agency and the firm.

Amounts are whole won: `unit_price`, `line_total` and `total` include VAT; `supply_value`/`supply_total` (공급가액)
and `vat`/`vat_total` (세액) split them. The can_* flags are computed by market/procurement/rules.py, the checks
the services refuse with, for the caller (serializer context: `member` or `firm`, `today`, `now`, `threshold`).
"""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import IntegerField
from market.procurement.models import (
    AgencyRole,
    Purchase,
    PurchaseEvent,
    PurchaseLine,
    Quotation,
    QuotationLine,
    QuoteRequest,
    QuoteRequestItem,
)
from market.procurement.rules import (
    approval_refusal,
    purchase_cancel_refusal,
    quotation_selection_refusal,
    quotation_submit_refusal,
    quotation_withdraw_refusal,
    quote_request_cancel_refusal,
    resubmit_refusal,
    return_refusal,
)
from market.procurement.selectors.quotations import above_catalogue_price, catalogue_unit_price, own_quotation
from market.procurement.services.quotations import MAX_ITEMS, MAX_RECIPIENTS


class OutputModelSerializer(serializers.ModelSerializer):
    """Output only: every field read-only, so the schema marks every field the answer always holds as required."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


class PartySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PersonSerializer(serializers.Serializer):
    """A member of the caller's own agency, by the name they go by (else their e-mail address)."""

    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.display_name or user.email


# --- requests and quotations ----------------------------------------------------------------------------------
class QuoteRequestItemSerializer(OutputModelSerializer):
    product_id = serializers.IntegerField(allow_null=True, help_text="the catalogue product; null for free text")
    catalogue_unit_price = serializers.SerializerMethodField(
        help_text="the product's volume price for the quantity today (VAT included); null for free text"
    )

    class Meta:
        model = QuoteRequestItem
        fields = ["id", "product_id", "description", "quantity", "unit", "position", "catalogue_unit_price"]

    def get_catalogue_unit_price(self, item) -> int | None:
        return catalogue_unit_price(item)


class QuotationLineSerializer(OutputModelSerializer):
    item_id = serializers.IntegerField()
    product_id = serializers.IntegerField(allow_null=True, help_text="the firm's own catalogue product, if it is one")
    above_catalogue_price = serializers.SerializerMethodField(
        help_text="the firm quoted its catalogue product above today's catalogue price for the quantity"
    )

    class Meta:
        model = QuotationLine
        fields = [
            "item_id",
            "product_id",
            "title",
            "unit",
            "quantity",
            "unit_price",
            "vat_exempt",
            "line_total",
            "supply_value",
            "vat",
            "above_catalogue_price",
        ]

    def get_above_catalogue_price(self, line) -> bool:
        return above_catalogue_price(line)


class QuotationSerializer(OutputModelSerializer):
    quote_request_id = serializers.IntegerField()
    firm = PartySerializer()
    lines = QuotationLineSerializer(many=True)

    class Meta:
        model = Quotation
        fields = [
            "id",
            "number",
            "quote_request_id",
            "firm",
            "status",
            "valid_until",
            "delivery_terms",
            "note",
            "supply_total",
            "vat_total",
            "total",
            "submitted_at",
            "lines",
        ]


class AgencyQuotationSerializer(QuotationSerializer):
    can_select = serializers.SerializerMethodField(help_text="select/ with this quotation would be accepted now")

    class Meta(QuotationSerializer.Meta):
        fields = [*QuotationSerializer.Meta.fields, "can_select"]

    def get_can_select(self, quotation) -> bool:
        member = self.context["member"]
        return member.has_role(AgencyRole.REQUESTER) and (
            quotation_selection_refusal(quotation, today=self.context["today"]) is None
        )


class SellerQuotationSerializer(QuotationSerializer):
    can_withdraw = serializers.SerializerMethodField(help_text="withdraw/ would be accepted now")

    class Meta(QuotationSerializer.Meta):
        fields = [*QuotationSerializer.Meta.fields, "can_withdraw"]

    def get_can_withdraw(self, quotation) -> bool:
        return quotation_withdraw_refusal(quotation) is None


class _QuoteRequestFieldsSerializer(OutputModelSerializer):
    items = QuoteRequestItemSerializer(many=True)
    deadline_passed = serializers.SerializerMethodField(help_text="the reply deadline has passed")

    class Meta:
        model = QuoteRequest
        fields = [
            "id",
            "number",
            "title",
            "status",
            "delivery_place",
            "delivery_date",
            "reply_deadline",
            "deadline_passed",
            "note",
            "created_at",
            "items",
        ]

    def get_deadline_passed(self, quote_request) -> bool:
        return self.context["now"] >= quote_request.reply_deadline


class AgencyQuoteRequestSerializer(_QuoteRequestFieldsSerializer):
    """A request of the caller's agency with the firms asked and every quotation received."""

    requester = PersonSerializer()
    firms = serializers.SerializerMethodField()
    quotations = AgencyQuotationSerializer(many=True)
    can_cancel = serializers.SerializerMethodField(help_text="cancel/ would be accepted now")

    class Meta(_QuoteRequestFieldsSerializer.Meta):
        fields = [*_QuoteRequestFieldsSerializer.Meta.fields, "requester", "firms", "quotations", "can_cancel"]

    @extend_schema_field(PartySerializer(many=True))
    def get_firms(self, quote_request) -> list[dict]:
        return [{"id": r.firm.pk, "name": r.firm.name} for r in quote_request.recipients.all()]

    def get_can_cancel(self, quote_request) -> bool:
        return quote_request_cancel_refusal(quote_request, self.context["member"]) is None


class SellerQuoteRequestSerializer(_QuoteRequestFieldsSerializer):
    """A request sent to the caller's firm, with the firm's own quotation (never another firm's)."""

    agency = PartySerializer()
    my_quotation = serializers.SerializerMethodField(
        help_text="the firm's quotation: the live one, else the latest withdrawn; null before it quotes"
    )
    can_quote = serializers.SerializerMethodField(help_text="quotation/ would be accepted now")

    class Meta(_QuoteRequestFieldsSerializer.Meta):
        fields = [*_QuoteRequestFieldsSerializer.Meta.fields, "agency", "my_quotation", "can_quote"]

    @extend_schema_field(SellerQuotationSerializer(allow_null=True))
    def get_my_quotation(self, quote_request) -> dict | None:
        quotation = own_quotation(quote_request, self.context["firm"].pk)
        return SellerQuotationSerializer(quotation, context=self.context).data if quotation else None

    def get_can_quote(self, quote_request) -> bool:
        return quotation_submit_refusal(quote_request, self.context["firm"], now=self.context["now"]) is None


class ComparisonOfferSerializer(serializers.Serializer):
    quotation_id = serializers.IntegerField()
    firm_id = serializers.IntegerField()
    firm_name = serializers.CharField()
    unit_price = serializers.IntegerField()
    line_total = serializers.IntegerField()
    supply_value = serializers.IntegerField()
    vat = serializers.IntegerField()
    vat_exempt = serializers.BooleanField()
    above_catalogue_price = serializers.BooleanField()
    cheapest = serializers.BooleanField(help_text="the lowest line total for this item among valid quotations")


class ComparisonItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product_id = serializers.IntegerField(allow_null=True)
    description = serializers.CharField()
    quantity = serializers.IntegerField()
    unit = serializers.CharField()
    catalogue_unit_price = serializers.IntegerField(allow_null=True)
    offers = ComparisonOfferSerializer(many=True)


class ComparisonQuotationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    firm_id = serializers.IntegerField()
    firm_name = serializers.CharField()
    status = serializers.CharField()
    valid_until = serializers.DateField()
    valid = serializers.BooleanField(help_text="still valid today")
    delivery_terms = serializers.CharField()
    supply_total = serializers.IntegerField()
    vat_total = serializers.IntegerField()
    total = serializers.IntegerField()
    cheapest = serializers.BooleanField(help_text="the lowest total among valid quotations")


class ComparisonSerializer(serializers.Serializer):
    """market.procurement.selectors.quotations.quote_request_comparison: withdrawn quotations left out,
    quotations ordered by total."""

    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    items = ComparisonItemSerializer(many=True)
    quotations = ComparisonQuotationSerializer(many=True)


# --- input: requests and quotations ---------------------------------------------------------------------------
class QuoteRequestItemInputSerializer(serializers.Serializer):
    product_id = IntegerField(
        min_value=1, required=False, allow_null=True, help_text="a published catalogue product; omit for free text"
    )
    description = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="what is needed (free text)"
    )
    quantity = IntegerField(column=(QuoteRequestItem, "quantity"), min_value=1)
    unit = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class QuoteRequestInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    items = QuoteRequestItemInputSerializer(many=True, min_length=1, max_length=MAX_ITEMS)
    firms = serializers.ListField(
        child=IntegerField(min_value=1),
        max_length=MAX_RECIPIENTS,
        required=False,
        default=list,
        help_text="selling firms to ask; each catalogue item's firm is added",
    )
    delivery_place = serializers.CharField(max_length=300)
    delivery_date = serializers.DateField()
    reply_deadline = serializers.DateTimeField(help_text="in the future, before the delivery date")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class QuotationLineInputSerializer(serializers.Serializer):
    item_id = IntegerField(min_value=1)
    unit_price = IntegerField(
        column=(QuotationLine, "unit_price"),
        min_value=1,
        required=False,
        allow_null=True,
        help_text="VAT included; omitted for the firm's own catalogue product: its volume price for the quantity",
    )
    vat_exempt = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="면세 (free-text items; a product's is its own)"
    )


class QuotationInputSerializer(serializers.Serializer):
    lines = QuotationLineInputSerializer(many=True, min_length=1, max_length=MAX_ITEMS)
    valid_until = serializers.DateField()
    delivery_terms = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class SelectInputSerializer(serializers.Serializer):
    quotation = IntegerField(min_value=1, help_text="the id of a quotation of this request")
    delivery_place = serializers.CharField(max_length=300, required=False, help_text="the request's by default")
    delivery_date = serializers.DateField(required=False, help_text="the request's by default")


# --- purchases ------------------------------------------------------------------------------------------------
class PurchaseLineSerializer(OutputModelSerializer):
    product_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = PurchaseLine
        fields = [
            "id",
            "product_id",
            "title",
            "unit",
            "quantity",
            "unit_price",
            "vat_exempt",
            "line_total",
            "supply_value",
            "vat",
            "delivered_quantity",
            "accepted_quantity",
            "rejected_quantity",
        ]


class PurchaseEventSerializer(OutputModelSerializer):
    actor = PersonSerializer(allow_null=True)

    class Meta:
        model = PurchaseEvent
        fields = ["kind", "comment", "actor", "created_at"]


class TenderReasonSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="above_threshold, vulnerable_share_low or vulnerable_share_undeclared")
    message = serializers.CharField()


class RefusalSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class _PurchaseFieldsSerializer(OutputModelSerializer):
    quotation_id = serializers.IntegerField(allow_null=True)
    quotation_number = serializers.CharField(source="quotation.number", allow_null=True, default=None)
    lines = PurchaseLineSerializer(many=True)

    class Meta:
        model = Purchase
        fields = [
            "id",
            "number",
            "channel",
            "status",
            "title",
            "quotation_id",
            "quotation_number",
            "delivery_place",
            "delivery_date",
            "supply_total",
            "vat_total",
            "total",
            "created_at",
            "submitted_at",
            "approved_at",
            "completed_at",
            "cancelled_at",
            "lines",
        ]


class AgencyPurchaseSerializer(_PurchaseFieldsSerializer):
    """A purchase of the caller's agency, its approval trail, whether it needs a tender, and what the caller may
    do with it now."""

    firm = PartySerializer()
    requester = PersonSerializer()
    approver = PersonSerializer(allow_null=True)
    tender_reasons = TenderReasonSerializer(many=True, help_text="why a tender is needed (stored at the last check)")
    national_procurement_url = serializers.SerializerMethodField(
        help_text="where to buy it instead (나라장터), when a tender is needed"
    )
    approval_refusal = serializers.SerializerMethodField(
        help_text="why it cannot be approved by the caller today (null when it can), as approve/ would answer"
    )
    events = PurchaseEventSerializer(many=True)
    can_approve = serializers.SerializerMethodField(help_text="approve/ would be accepted now")
    can_return = serializers.SerializerMethodField(help_text="return/ would be accepted now (with a comment)")
    can_resubmit = serializers.SerializerMethodField(help_text="resubmit/ would be accepted now")
    can_cancel = serializers.SerializerMethodField(help_text="cancel/ would be accepted now (with a reason)")

    class Meta(_PurchaseFieldsSerializer.Meta):
        fields = [
            *_PurchaseFieldsSerializer.Meta.fields,
            "firm",
            "requester",
            "approver",
            "tender_required",
            "tender_reasons",
            "national_procurement_url",
            "approval_refusal",
            "events",
            "can_approve",
            "can_return",
            "can_resubmit",
            "can_cancel",
        ]

    def _approval_refusal(self, purchase):
        return approval_refusal(
            purchase, self.context["member"].user, on=self.context["today"], threshold=self.context["threshold"]
        )

    def get_national_procurement_url(self, purchase) -> str | None:
        return settings.NATIONAL_PROCUREMENT_URL if purchase.tender_required else None

    @extend_schema_field(RefusalSerializer(allow_null=True))
    def get_approval_refusal(self, purchase) -> dict | None:
        refusal = self._approval_refusal(purchase)
        return {"code": refusal.code, "message": refusal.message} if refusal else None

    def get_can_approve(self, purchase) -> bool:
        member = self.context["member"]
        return member.has_role(AgencyRole.APPROVER) and self._approval_refusal(purchase) is None

    def get_can_return(self, purchase) -> bool:
        member = self.context["member"]
        return member.has_role(AgencyRole.APPROVER) and return_refusal(purchase, member.user) is None

    def get_can_resubmit(self, purchase) -> bool:
        member = self.context["member"]
        return member.has_role(AgencyRole.REQUESTER) and resubmit_refusal(purchase, member.user) is None

    def get_can_cancel(self, purchase) -> bool:
        return purchase_cancel_refusal(purchase, self.context["member"]) is None


class SellerAgencyOrderSerializer(_PurchaseFieldsSerializer):
    """A purchase an agency ordered from the caller's firm (approved): what to deliver, where and by when."""

    agency = PartySerializer()

    class Meta(_PurchaseFieldsSerializer.Meta):
        fields = [*_PurchaseFieldsSerializer.Meta.fields, "agency"]


# --- input: purchases -------------------------------------------------------------------------------------------
class BuyNowItemInputSerializer(serializers.Serializer):
    product_id = IntegerField(min_value=1)
    quantity = IntegerField(column=(PurchaseLine, "quantity"), min_value=1)


class BuyNowInputSerializer(serializers.Serializer):
    items = BuyNowItemInputSerializer(many=True, min_length=1, max_length=MAX_ITEMS)
    delivery_place = serializers.CharField(max_length=300)
    delivery_date = serializers.DateField()
    title = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text="the first product's by default"
    )


class CommentInputSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=1000)


class OptionalCommentInputSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)
