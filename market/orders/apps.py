from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "market.orders"
    label = "orders"
