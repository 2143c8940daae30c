"""Reads of deliveries, inspections, agencies' invoices and refunds, scoped to the agency or firm asking."""

from django.db.models import Prefetch, QuerySet

from market.procurement.models import AgencyInvoice, AgencyRefund, Delivery, DeliveryLine, InspectionResult


def _deliveries() -> QuerySet[Delivery]:
    return (
        Delivery.objects.select_related("purchase__agency", "purchase__firm", "invoice")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=DeliveryLine.objects.select_related("purchase_line").prefetch_related("refunds"),
            )
        )
        .order_by("-created_at", "-id")
    )


def delivery_list_for_agency(*, agency_id: int, status: str | None = None) -> QuerySet[Delivery]:
    """The deliveries to the agency (newest first), with their lines and invoice, in a fixed number of queries."""
    deliveries = _deliveries().filter(purchase__agency_id=agency_id)
    return deliveries.filter(status=status) if status else deliveries


def delivery_list_for_firm(*, firm_id: int, purchase_id: int | None = None) -> QuerySet[Delivery]:
    deliveries = _deliveries().filter(purchase__firm_id=firm_id)
    return deliveries.filter(purchase_id=purchase_id) if purchase_id else deliveries


def _invoices() -> QuerySet[AgencyInvoice]:
    return (
        AgencyInvoice.objects.select_related("agency", "firm", "purchase", "delivery")
        .prefetch_related(
            Prefetch(
                "delivery__lines",
                queryset=DeliveryLine.objects.filter(result=InspectionResult.ACCEPTED)
                .select_related("purchase_line")
                .prefetch_related("refunds"),
                to_attr="invoiced_lines",
            ),
            Prefetch("refunds", queryset=AgencyRefund.objects.order_by("created_at", "id")),
        )
        .order_by("-created_at", "-id")
    )


def invoice_list_for_agency(*, agency_id: int, status: str | None = None) -> QuerySet[AgencyInvoice]:
    invoices = _invoices().filter(agency_id=agency_id)
    return invoices.filter(status=status) if status else invoices


def invoice_list_for_firm(*, firm_id: int, status: str | None = None) -> QuerySet[AgencyInvoice]:
    invoices = _invoices().filter(firm_id=firm_id)
    return invoices.filter(status=status) if status else invoices


def invoice_list_for_operators(*, status: str | None = None) -> QuerySet[AgencyInvoice]:
    invoices = _invoices()
    return invoices.filter(status=status) if status else invoices
