"""Shapes of deliveries (납품), their inspection (검수), agencies' invoices and refunds, for the agency, the firm
and operators.

Amounts are whole won: `amount` and `total` include VAT; `supply_value`/`supply_total` (공급가액) and `vat`/
`vat_total` (세액) split them. The can_* flags are the checks the services refuse with
(market/procurement/services/deliveries.py: inspection_refusal, invoicing_refusal, payment_refusal), for the
caller (serializer context: `member` for the agency's side).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import IntegerField
from market.procurement.models import (
    AgencyRefund,
    AgencyRole,
    DeliveryLine,
    InspectionResult,
    PurchaseLine,
)
from market.procurement.services.deliveries import (
    MAX_DELIVERY_LINES,
    card_payment_refusal,
    delivery_invoice,
    inspection_refusal,
    invoicing_refusal,
    payment_refusal,
)


class AgencyPartyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AgencyDeliveryLineSerializer(serializers.ModelSerializer):
    purchase_line_id = serializers.IntegerField()
    title = serializers.CharField(source="purchase_line.title")
    unit = serializers.CharField(source="purchase_line.unit")
    unit_price = serializers.IntegerField(source="purchase_line.unit_price", help_text="VAT included")
    vat_exempt = serializers.BooleanField(source="purchase_line.vat_exempt", help_text="면세: carries no VAT")
    refunded_amount = serializers.SerializerMethodField(help_text="given back to the agency so far")

    class Meta:
        model = DeliveryLine
        fields = [
            "id",
            "purchase_line_id",
            "title",
            "unit",
            "unit_price",
            "vat_exempt",
            "quantity",
            "amount",
            "supply_value",
            "vat",
            "result",
            "rejection_reason",
            "refunded_amount",
        ]

    def get_refunded_amount(self, line) -> int:
        return sum(refund.amount for refund in line.refunds.all())


class AgencyInvoiceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()


class AgencyDeliverySerializer(serializers.Serializer):
    """A delivery with its lines and, once invoiced, its invoice."""

    id = serializers.IntegerField()
    number = serializers.CharField()
    purchase_id = serializers.IntegerField()
    purchase_number = serializers.CharField(source="purchase.number")
    purchase_title = serializers.CharField(source="purchase.title")
    agency = AgencyPartyRefSerializer(source="purchase.agency")
    firm = AgencyPartyRefSerializer(source="purchase.firm")
    status = serializers.CharField()
    delivered_on = serializers.DateField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()
    inspected_at = serializers.DateTimeField(allow_null=True)
    accepted_on = serializers.DateField(
        allow_null=True, help_text="검수일: the day the accepted amount counts toward the agency's purchases"
    )
    firm_kind = serializers.CharField(help_text="the kind the firm's sale is reported under on the acceptance day")
    accepted_total = serializers.SerializerMethodField(help_text="what was accepted, VAT included (what is invoiced)")
    lines = AgencyDeliveryLineSerializer(many=True)
    invoice = serializers.SerializerMethodField()
    can_inspect = serializers.SerializerMethodField(help_text="the caller may inspect it now (agency inspectors)")
    can_invoice = serializers.SerializerMethodField(help_text="the firm may invoice it now")

    def get_accepted_total(self, delivery) -> int:
        return sum(line.amount for line in delivery.lines.all() if line.result == InspectionResult.ACCEPTED)

    @extend_schema_field(AgencyInvoiceRefSerializer(allow_null=True))
    def get_invoice(self, delivery):
        invoice = delivery_invoice(delivery)
        return AgencyInvoiceRefSerializer(invoice).data if invoice is not None else None

    def get_can_inspect(self, delivery) -> bool:
        member = self.context.get("member")
        return bool(member and member.has_role(AgencyRole.INSPECTOR) and inspection_refusal(delivery) is None)

    def get_can_invoice(self, delivery) -> bool:
        return invoicing_refusal(delivery) is None


class AgencyRefundSerializer(serializers.ModelSerializer):
    delivery_line_id = serializers.IntegerField()
    invoice_id = serializers.IntegerField()

    class Meta:
        model = AgencyRefund
        fields = ["id", "invoice_id", "delivery_line_id", "amount", "reason", "refunded_on", "created_at"]


class AgencyInvoiceLineSerializer(AgencyDeliveryLineSerializer):
    class Meta(AgencyDeliveryLineSerializer.Meta):
        fields = [f for f in AgencyDeliveryLineSerializer.Meta.fields if f not in ("result", "rejection_reason")]


class AgencyInvoiceSerializer(serializers.Serializer):
    """An agency's invoice: the accepted lines of one inspected delivery."""

    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    purchase_id = serializers.IntegerField()
    purchase_number = serializers.CharField(source="purchase.number")
    delivery_id = serializers.IntegerField()
    delivery_number = serializers.CharField(source="delivery.number")
    agency = AgencyPartyRefSerializer()
    firm = AgencyPartyRefSerializer()
    supply_total = serializers.IntegerField()
    vat_total = serializers.IntegerField()
    total = serializers.IntegerField()
    issued_on = serializers.DateField()
    due_on = serializers.DateField()
    sent = serializers.SerializerMethodField(help_text="the payment gateway has it (sent to the agency)")
    hosted_invoice_url = serializers.CharField(help_text="the gateway's page of the invoice; blank until sent")
    paid_at = serializers.DateTimeField(allow_null=True)
    paid_by_method = serializers.CharField(help_text="bank_transfer, card, or blank (paid at the gateway)")
    payment_reference = serializers.CharField()
    lines = AgencyInvoiceLineSerializer(many=True, source="delivery.invoiced_lines")
    refunds = AgencyRefundSerializer(many=True)
    refunded_total = serializers.SerializerMethodField()
    can_mark_paid = serializers.SerializerMethodField(help_text="a bank transfer may be confirmed now")
    can_pay_by_card = serializers.SerializerMethodField(
        help_text="open and at most AGENCY_CARD_PAYMENT_LIMIT won: the agency may pay it by card"
    )

    def get_sent(self, invoice) -> bool:
        return bool(invoice.provider_invoice_id)

    def get_refunded_total(self, invoice) -> int:
        return sum(refund.amount for refund in invoice.refunds.all())

    def get_can_mark_paid(self, invoice) -> bool:
        return payment_refusal(invoice) is None

    def get_can_pay_by_card(self, invoice) -> bool:
        return card_payment_refusal(invoice) is None


# --- input ---------------------------------------------------------------------------------------------------------
class DeliveryLineInputSerializer(serializers.Serializer):
    purchase_line_id = IntegerField(min_value=1)
    quantity = IntegerField(column=(PurchaseLine, "quantity"), min_value=1)


class DeliveryInputSerializer(serializers.Serializer):
    delivered_on = serializers.DateField(help_text="not in the future")
    lines = DeliveryLineInputSerializer(many=True, min_length=1, max_length=MAX_DELIVERY_LINES)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class InspectionResultInputSerializer(serializers.Serializer):
    purchase_line_id = IntegerField(min_value=1, help_text="the purchase line this delivery carried")
    result = serializers.ChoiceField(choices=[InspectionResult.ACCEPTED, InspectionResult.REJECTED])
    reason = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text="required for a rejection"
    )


class InspectionInputSerializer(serializers.Serializer):
    results = InspectionResultInputSerializer(
        many=True, max_length=MAX_DELIVERY_LINES, help_text="one per delivered line"
    )
    accepted_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="the inspection day: today by default"
    )


class MarkPaidInputSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=100, help_text="the bank transfer's reference, as on the statement")


class RefundInputSerializer(serializers.Serializer):
    delivery_line_id = IntegerField(min_value=1)
    amount = IntegerField(column=(AgencyRefund, "amount"), min_value=1)
    reason = serializers.CharField(max_length=500)
    refunded_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="today by default")


class AgencyCardPaymentInputSerializer(serializers.Serializer):
    payment_method = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="a payment method id (pm_...); leave it out to read back a payment the card authenticated "
        "in the browser (3-D Secure)",
    )
    return_url = serializers.URLField(required=False, allow_null=True, default=None, max_length=500)


class AgencyCardPaymentSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="the card payment's state: succeeded, requires_action, ...")
    client_secret = serializers.CharField(
        allow_null=True, help_text="for Stripe.js to finish the card's authentication (requires_action)"
    )
    last_error = serializers.CharField(allow_null=True)


class AgencyCardPaymentResultSerializer(serializers.Serializer):
    invoice = AgencyInvoiceSerializer()
    payment = AgencyCardPaymentSerializer()
