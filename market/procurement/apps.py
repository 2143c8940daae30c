from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "market.procurement"
    label = "procurement"
    verbose_name = "공공구매 (public procurement)"
