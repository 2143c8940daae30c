"""Deliveries (납품), inspection (검수), agencies' invoices, their payment and refunds: the firm's side under
seller/ (deliver an agency order, invoice an inspected delivery, confirm the agency's transfer), the agency's
under agency/ (its deliveries and their inspection, its invoices) and operators' under operator/. Agency
endpoints inherit AgencyScopedMixin and seller endpoints SellerScopedMixin: another agency's or firm's rows are
404. The rules live in market/procurement/services/deliveries.py; views parse, call a service and serialize."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import AgencyScopedMixin, IsOperator, SellerScopedMixin
from api.v1.procurement_serializers_deliveries import (
    AgencyCardPaymentInputSerializer,
    AgencyCardPaymentResultSerializer,
    AgencyDeliverySerializer,
    AgencyInvoiceSerializer,
    AgencyRefundSerializer,
    DeliveryInputSerializer,
    InspectionInputSerializer,
    MarkPaidInputSerializer,
    RefundInputSerializer,
)
from api.v1.serializers import ErrorSerializer
from market.procurement.models import AgencyInvoice, Delivery, Purchase
from market.procurement.selectors.deliveries import (
    delivery_list_for_agency,
    delivery_list_for_firm,
    invoice_list_for_agency,
    invoice_list_for_firm,
    invoice_list_for_operators,
)
from market.procurement.services.deliveries import (
    agency_refund,
    delivery_inspect,
    delivery_record,
    invoice_issue,
    invoice_mark_paid,
    invoice_pay_by_card,
)


def _parsed(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _schema_generation(view) -> bool:
    return getattr(view, "swagger_fake_view", False)  # drf-spectacular's pass has no caller


# --- agency ----------------------------------------------------------------------------------------------------
class AgencyDeliveryMixin(AgencyScopedMixin):
    def get_serializer_context(self):
        return {"request": self.request, "member": self.get_membership()}

    def deliveries(self):
        return delivery_list_for_agency(agency_id=self.get_agency().pk)

    def delivery_data(self, pk) -> dict:
        return AgencyDeliverySerializer(
            get_object_or_404(self.deliveries(), pk=pk), context=self.get_serializer_context()
        ).data


class AgencyDeliveries(AgencyDeliveryMixin, generics.ListAPIView):
    """Deliveries to your agency, newest first (filter by status: awaiting_inspection to find what to inspect)."""

    serializer_class = AgencyDeliverySerializer
    filterset_fields = {"status": ["exact"]}

    def get_queryset(self):
        return Delivery.objects.none() if _schema_generation(self) else self.deliveries()


class AgencyDeliveryDetail(AgencyDeliveryMixin, APIView):
    @extend_schema(responses=AgencyDeliverySerializer)
    def get(self, request, pk):
        return Response(self.delivery_data(pk))


class AgencyDeliveryInspect(AgencyDeliveryMixin, APIView):
    @extend_schema(request=InspectionInputSerializer, responses=AgencyDeliverySerializer)
    def post(self, request, pk):
        """Inspect (검수) the delivery (the inspector role): every delivered line accepted or rejected with a
        reason. A rejected quantity is owed again by the firm; only accepted lines are invoiced."""
        data = _parsed(InspectionInputSerializer, request)
        delivery_inspect(
            delivery_id=pk, member=self.get_membership(), results=data["results"], accepted_on=data["accepted_on"]
        )
        return Response(self.delivery_data(pk))


class AgencyInvoices(AgencyScopedMixin, generics.ListAPIView):
    """Invoices to your agency, newest first (filter by status: open ones are to be paid by their due day)."""

    serializer_class = AgencyInvoiceSerializer
    filterset_fields = {"status": ["exact"]}

    def get_queryset(self):
        if _schema_generation(self):
            return AgencyInvoice.objects.none()
        return invoice_list_for_agency(agency_id=self.get_agency().pk)


class AgencyInvoiceDetail(AgencyScopedMixin, APIView):
    @extend_schema(responses=AgencyInvoiceSerializer)
    def get(self, request, pk):
        invoice = get_object_or_404(invoice_list_for_agency(agency_id=self.get_agency().pk), pk=pk)
        return Response(AgencyInvoiceSerializer(invoice).data)


class AgencyInvoicePayByCard(AgencyScopedMixin, APIView):
    @extend_schema(
        request=AgencyCardPaymentInputSerializer,
        responses={200: AgencyCardPaymentResultSerializer, 402: ErrorSerializer},
    )
    def post(self, request, pk):
        """Pay an open invoice of at most AGENCY_CARD_PAYMENT_LIMIT won by card (an approver). With
        `payment_method` the card is charged on the server; without it, a payment the card authenticated in
        the browser is read back. Paid: the invoice is paid by card. A declined card answers 402."""
        data = _parsed(AgencyCardPaymentInputSerializer, request)
        _invoice, intent = invoice_pay_by_card(invoice_id=pk, member=self.get_membership(), **data)
        invoice = get_object_or_404(invoice_list_for_agency(agency_id=self.get_agency().pk), pk=pk)
        payment = {"status": intent.status, "client_secret": intent.client_secret, "last_error": intent.last_error}
        return Response(AgencyCardPaymentResultSerializer({"invoice": invoice, "payment": payment}).data)


# --- seller ----------------------------------------------------------------------------------------------------
class SellerAgencyOrderDeliveries(SellerScopedMixin, generics.ListAPIView):
    """The deliveries of one agency order of your firm; POST records a new (possibly partial) delivery."""

    serializer_class = AgencyDeliverySerializer
    pagination_class = None

    def get_queryset(self):
        if _schema_generation(self):
            return Delivery.objects.none()
        firm = self.get_firm()
        purchase = get_object_or_404(Purchase.objects.filter(firm=firm), pk=self.kwargs["pk"])
        return delivery_list_for_firm(firm_id=firm.pk, purchase_id=purchase.pk)

    @extend_schema(request=DeliveryInputSerializer, responses={201: AgencyDeliverySerializer})
    def post(self, request, pk):
        """Record a delivery (납품): each line's quantity at most what is left to deliver of it (rejected units
        count as left). It waits for the agency's inspection."""
        firm = self.get_firm()
        get_object_or_404(Purchase.objects.filter(firm=firm), pk=pk)
        data = _parsed(DeliveryInputSerializer, request)
        delivery = delivery_record(purchase_id=pk, actor=request.user, **data)
        found = delivery_list_for_firm(firm_id=firm.pk).get(pk=delivery.pk)
        return Response(AgencyDeliverySerializer(found).data, status=status.HTTP_201_CREATED)


class SellerAgencyDeliveries(SellerScopedMixin, generics.ListAPIView):
    """Every delivery of your firm to agencies, newest first."""

    serializer_class = AgencyDeliverySerializer
    filterset_fields = {"status": ["exact"]}

    def get_queryset(self):
        return (
            Delivery.objects.none() if _schema_generation(self) else delivery_list_for_firm(firm_id=self.get_firm().pk)
        )


def _invoice_data(queryset, pk) -> dict:
    return AgencyInvoiceSerializer(get_object_or_404(queryset, pk=pk)).data


class SellerAgencyDeliveryInvoice(SellerScopedMixin, APIView):
    @extend_schema(request=None, responses={201: AgencyInvoiceSerializer})
    def post(self, request, pk):
        """Invoice an inspected delivery, once, for its accepted lines only. The invoice exists at once (open);
        it is then sent to the agency through the payment gateway (`sent` turns true)."""
        firm = self.get_firm()
        get_object_or_404(Delivery.objects.filter(purchase__firm=firm), pk=pk)
        invoice = invoice_issue(delivery_id=pk, actor=request.user)
        return Response(
            _invoice_data(invoice_list_for_firm(firm_id=firm.pk), invoice.pk), status=status.HTTP_201_CREATED
        )


class SellerAgencyInvoices(SellerScopedMixin, generics.ListAPIView):
    """Your firm's invoices to agencies, newest first (filter by status)."""

    serializer_class = AgencyInvoiceSerializer
    filterset_fields = {"status": ["exact"]}

    def get_queryset(self):
        return (
            AgencyInvoice.objects.none()
            if _schema_generation(self)
            else invoice_list_for_firm(firm_id=self.get_firm().pk)
        )


class SellerAgencyInvoiceMarkPaid(SellerScopedMixin, APIView):
    @extend_schema(request=MarkPaidInputSerializer, responses=AgencyInvoiceSerializer)
    def post(self, request, pk):
        """Confirm the agency's bank transfer: the invoice is paid and the sale is payable to your firm at once."""
        invoices = invoice_list_for_firm(firm_id=self.get_firm().pk)
        get_object_or_404(invoices, pk=pk)
        invoice_mark_paid(invoice_id=pk, actor=request.user, **_parsed(MarkPaidInputSerializer, request))
        return Response(_invoice_data(invoices, pk))


# --- operators ---------------------------------------------------------------------------------------------------
class OperatorAgencyInvoices(generics.ListAPIView):
    """Every agency invoice, newest first (filter by status: open ones wait for a transfer to be confirmed)."""

    permission_classes = [IsOperator]
    serializer_class = AgencyInvoiceSerializer
    filterset_fields = {"status": ["exact"]}

    def get_queryset(self):
        return invoice_list_for_operators()


class OperatorAgencyInvoiceMarkPaid(APIView):
    permission_classes = [IsOperator]

    @extend_schema(request=MarkPaidInputSerializer, responses=AgencyInvoiceSerializer)
    def post(self, request, pk):
        """Confirm an agency's bank transfer for an open invoice (the firm's seller may do it too)."""
        invoices = invoice_list_for_operators()
        get_object_or_404(invoices, pk=pk)
        invoice_mark_paid(invoice_id=pk, actor=request.user, **_parsed(MarkPaidInputSerializer, request))
        return Response(_invoice_data(invoices, pk))


class OperatorAgencyRefunds(APIView):
    permission_classes = [IsOperator]

    @extend_schema(request=RefundInputSerializer, responses={201: AgencyRefundSerializer})
    def post(self, request):
        """Record money given back to an agency for (part of) an accepted line of a paid invoice: at most its
        amount less earlier refunds. The firm's settlement ledger gives it back less the fee refunded."""
        refund = agency_refund(actor=request.user, **_parsed(RefundInputSerializer, request))
        return Response(AgencyRefundSerializer(refund).data, status=status.HTTP_201_CREATED)
