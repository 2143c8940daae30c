from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "market.procurement"
    label = "procurement"
    verbose_name = "공공구매 (public procurement)"

    def ready(self):
        from market.payments.services import gateway_invoice_event
        from market.procurement.services.deliveries import on_gateway_invoice_event

        # The payments inbox announces the gateway's invoice events; agencies' invoices are ours to apply.
        gateway_invoice_event.connect(on_gateway_invoice_event, dispatch_uid="procurement-agency-invoice-paid")
