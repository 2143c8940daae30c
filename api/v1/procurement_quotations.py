"""Requests for quotation, quotations and purchases through approval: the agency's side under agency/ (its
requests, the comparison, selection, buy-now, approvals) and the firm's under seller/ (requests sent to it, its
quotations, its agency orders). Agency endpoints inherit AgencyScopedMixin and seller endpoints
SellerScopedMixin: another agency's or firm's rows are 404. The rules live in market/procurement (services,
rules.py); views parse, call a service and serialize."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import AgencyScopedMixin, SellerScopedMixin
from api.v1.procurement_serializers_quotations import (
    AgencyPurchaseSerializer,
    AgencyQuoteRequestSerializer,
    BuyNowInputSerializer,
    CommentInputSerializer,
    ComparisonSerializer,
    OptionalCommentInputSerializer,
    QuotationInputSerializer,
    QuoteRequestInputSerializer,
    ReasonInputSerializer,
    SelectInputSerializer,
    SellerAgencyOrderSerializer,
    SellerQuotationSerializer,
    SellerQuoteRequestSerializer,
)
from market.procurement.models import Purchase, Quotation, QuoteRequest
from market.procurement.rules import contract_threshold
from market.procurement.selectors.purchases import (
    purchase_approvals_for,
    purchase_list_for_agency,
    purchase_list_for_firm,
)
from market.procurement.selectors.quotations import (
    quote_request_comparison,
    quote_request_list_for_agency,
    quote_request_list_for_firm,
)
from market.procurement.services.purchases import (
    purchase_approve,
    purchase_buy_now,
    purchase_cancel,
    purchase_from_quotation,
    purchase_resubmit,
    purchase_return,
)
from market.procurement.services.quotations import (
    quotation_submit,
    quotation_withdraw,
    quote_request_cancel,
    quote_request_create,
)


def _parsed(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- agency: requests for quotation --------------------------------------------------------------------------
class AgencyQuoteRequestMixin(AgencyScopedMixin):
    def get_serializer_context(self):
        now = timezone.now()
        return {"request": self.request, "member": self.get_membership(), "now": now, "today": timezone.localdate(now)}

    def quote_requests(self):
        return quote_request_list_for_agency(agency=self.get_agency())

    def quote_request_data(self, pk) -> dict:
        quote_request = get_object_or_404(self.quote_requests(), pk=pk)
        return AgencyQuoteRequestSerializer(quote_request, context=self.get_serializer_context()).data


class AgencyQuoteRequests(AgencyQuoteRequestMixin, generics.ListAPIView):
    """Your agency's requests for quotation, newest first (filter by status); a requester sends a new one."""

    serializer_class = AgencyQuoteRequestSerializer
    filterset_fields = {"status": ["exact"]}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no agency
            return QuoteRequest.objects.none()
        return self.quote_requests()

    @extend_schema(request=QuoteRequestInputSerializer, responses={201: AgencyQuoteRequestSerializer})
    def post(self, request):
        data = _parsed(QuoteRequestInputSerializer, request)
        quote_request = quote_request_create(member=self.get_membership(), firm_ids=data.pop("firms"), **data)
        return Response(self.quote_request_data(quote_request.pk), status=status.HTTP_201_CREATED)


class AgencyQuoteRequestDetail(AgencyQuoteRequestMixin, APIView):
    @extend_schema(responses=AgencyQuoteRequestSerializer)
    def get(self, request, pk):
        return Response(self.quote_request_data(pk))


class AgencyQuoteRequestCancel(AgencyQuoteRequestMixin, APIView):
    @extend_schema(request=None, responses=AgencyQuoteRequestSerializer)
    def post(self, request, pk):
        """Cancel an open request (its requester or an agency admin); its quotations are not selected."""
        quote_request_cancel(member=self.get_membership(), quote_request_id=pk)
        return Response(self.quote_request_data(pk))


class AgencyQuoteRequestComparison(AgencyQuoteRequestMixin, APIView):
    @extend_schema(responses=ComparisonSerializer)
    def get(self, request, pk):
        """The request's quotations side by side: per item each firm's unit price and line total, the totals,
        validity, and the cheapest per item and overall among the quotations still valid."""
        quote_request = get_object_or_404(self.quote_requests(), pk=pk)
        return Response(ComparisonSerializer(quote_request_comparison(quote_request, today=timezone.localdate())).data)


# --- agency: purchases -----------------------------------------------------------------------------------------
class AgencyPurchaseMixin(AgencyScopedMixin):
    def get_serializer_context(self):
        today = timezone.localdate()
        return {
            "request": self.request,
            "member": self.get_membership(),
            "today": today,
            "threshold": contract_threshold(today),  # once per request, not per row
        }

    def purchase_data(self, pk) -> dict:
        purchase = get_object_or_404(purchase_list_for_agency(agency=self.get_agency()), pk=pk)
        return AgencyPurchaseSerializer(purchase, context=self.get_serializer_context()).data


class AgencyQuoteRequestSelect(AgencyPurchaseMixin, APIView):
    @extend_schema(request=SelectInputSerializer, responses={201: AgencyPurchaseSerializer})
    def post(self, request, pk):
        """Select a live, still valid quotation of this request (a requester): its purchase is submitted for
        approval, the request closes and the other quotations are not selected."""
        data = _parsed(SelectInputSerializer, request)
        purchase = purchase_from_quotation(
            member=self.get_membership(), quote_request_id=pk, quotation_id=data.pop("quotation"), **data
        )
        return Response(self.purchase_data(purchase.pk), status=status.HTTP_201_CREATED)


class AgencyPurchases(AgencyPurchaseMixin, generics.ListAPIView):
    """Your agency's purchases, newest first (filter by status or channel)."""

    serializer_class = AgencyPurchaseSerializer
    filterset_fields = {"status": ["exact"], "channel": ["exact"]}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Purchase.objects.none()
        return purchase_list_for_agency(agency=self.get_agency())


class AgencyApprovals(AgencyPurchaseMixin, generics.ListAPIView):
    """Purchases waiting for your approval: submitted in your agency by someone else, oldest first (empty unless
    you are an approver)."""

    serializer_class = AgencyPurchaseSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Purchase.objects.none()
        return purchase_approvals_for(member=self.get_membership())


class AgencyPurchaseDetail(AgencyPurchaseMixin, APIView):
    @extend_schema(responses=AgencyPurchaseSerializer)
    def get(self, request, pk):
        return Response(self.purchase_data(pk))


class AgencyPurchaseBuyNow(AgencyPurchaseMixin, APIView):
    @extend_schema(request=BuyNowInputSerializer, responses={201: AgencyPurchaseSerializer})
    def post(self, request):
        """바로구매: submit a purchase of one firm's catalogue products at their volume prices, up to
        AGENCY_BUY_NOW_LIMIT (400 buy_now_limit_exceeded above it: send a request for quotation)."""
        purchase = purchase_buy_now(member=self.get_membership(), **_parsed(BuyNowInputSerializer, request))
        return Response(self.purchase_data(purchase.pk), status=status.HTTP_201_CREATED)


class AgencyPurchaseApprove(AgencyPurchaseMixin, APIView):
    @extend_schema(request=None, responses=AgencyPurchaseSerializer)
    def post(self, request, pk):
        """Approve (an approver, never the requester: 403 own_request): the purchase is ordered from the firm.
        409 tender_required when it needs a tender (나라장터), firm_not_eligible or firm_excluded_svi on the day."""
        purchase_approve(member=self.get_membership(), purchase_id=pk)
        return Response(self.purchase_data(pk))


class AgencyPurchaseReturn(AgencyPurchaseMixin, APIView):
    @extend_schema(request=CommentInputSerializer, responses=AgencyPurchaseSerializer)
    def post(self, request, pk):
        """Return a submitted purchase to its requester, with a comment (an approver)."""
        purchase_return(member=self.get_membership(), purchase_id=pk, **_parsed(CommentInputSerializer, request))
        return Response(self.purchase_data(pk))


class AgencyPurchaseResubmit(AgencyPurchaseMixin, APIView):
    @extend_schema(request=OptionalCommentInputSerializer, responses=AgencyPurchaseSerializer)
    def post(self, request, pk):
        """Submit a returned purchase again (its requester), optionally answering the approver's comment."""
        data = _parsed(OptionalCommentInputSerializer, request)
        purchase_resubmit(member=self.get_membership(), purchase_id=pk, **data)
        return Response(self.purchase_data(pk))


class AgencyPurchaseCancel(AgencyPurchaseMixin, APIView):
    @extend_schema(request=ReasonInputSerializer, responses=AgencyPurchaseSerializer)
    def post(self, request, pk):
        """Cancel a purchase with a reason (its requester or an agency admin) until the firm delivers any of it."""
        purchase_cancel(member=self.get_membership(), purchase_id=pk, **_parsed(ReasonInputSerializer, request))
        return Response(self.purchase_data(pk))


# --- seller: requests sent to the firm, quotations, agency orders ---------------------------------------------
class SellerQuoteRequestMixin(SellerScopedMixin):
    def get_serializer_context(self):
        return {"request": self.request, "firm": self.get_firm(), "now": timezone.now()}

    def quote_request_data(self, pk) -> dict:
        quote_request = get_object_or_404(quote_request_list_for_firm(firm=self.get_firm()), pk=pk)
        return SellerQuoteRequestSerializer(quote_request, context=self.get_serializer_context()).data


class SellerQuoteRequests(SellerQuoteRequestMixin, generics.ListAPIView):
    """Requests for quotation sent to your firm, newest first, each with your quotation if you sent one."""

    serializer_class = SellerQuoteRequestSerializer
    filterset_fields = {"status": ["exact"]}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QuoteRequest.objects.none()
        return quote_request_list_for_firm(firm=self.get_firm())


class SellerQuoteRequestDetail(SellerQuoteRequestMixin, APIView):
    @extend_schema(responses=SellerQuoteRequestSerializer)
    def get(self, request, pk):
        return Response(self.quote_request_data(pk))


class SellerQuotationSubmit(SellerQuoteRequestMixin, APIView):
    @extend_schema(request=QuotationInputSerializer, responses={201: SellerQuoteRequestSerializer})
    def post(self, request, pk):
        """Send your firm's quotation: a line per item (your own catalogue product defaults to its volume price
        for the quantity), before the reply deadline (409 deadline_passed after it)."""
        quotation_submit(seller=request.user, quote_request_id=pk, **_parsed(QuotationInputSerializer, request))
        return Response(self.quote_request_data(pk), status=status.HTTP_201_CREATED)


class SellerQuotationWithdraw(SellerScopedMixin, APIView):
    @extend_schema(request=None, responses=SellerQuotationSerializer)
    def post(self, request, pk):
        """Withdraw your firm's quotation before the agency decides (you may then send another before the
        deadline)."""
        quotation_withdraw(seller=request.user, quotation_id=pk)
        quotation = get_object_or_404(
            Quotation.objects.filter(firm=self.get_firm())
            .select_related("firm", "quote_request")
            .prefetch_related("lines__product__price_tiers"),
            pk=pk,
        )
        return Response(SellerQuotationSerializer(quotation).data)


class SellerAgencyOrders(SellerScopedMixin, generics.ListAPIView):
    """Purchases agencies ordered from your firm (approved), newest first: what to deliver, where and by when."""

    serializer_class = SellerAgencyOrderSerializer
    filterset_fields = {"status": ["exact"]}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Purchase.objects.none()
        return purchase_list_for_firm(firm=self.get_firm())


class SellerAgencyOrderDetail(SellerScopedMixin, APIView):
    @extend_schema(responses=SellerAgencyOrderSerializer)
    def get(self, request, pk):
        return Response(
            SellerAgencyOrderSerializer(get_object_or_404(purchase_list_for_firm(firm=self.get_firm()), pk=pk)).data
        )
