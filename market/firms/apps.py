from django.apps import AppConfig


class FirmsConfig(AppConfig):
    name = "market.firms"
    label = "firms"
    verbose_name = "Firms and designations"
