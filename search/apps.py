from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from search import receivers  # noqa: F401  (subscribes to market's change announcements)
