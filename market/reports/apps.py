from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "market.reports"
    label = "reports"
    verbose_name = "보고서 (reports)"
