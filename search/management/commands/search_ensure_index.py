from django.core.management.base import BaseCommand

from search.services import index_ensure


class Command(BaseCommand):
    help = (
        "Run at every start instead of search_rebuild: build each search index only when it is missing or was "
        "built with another mapping version (Elasticsearch: a hash of the mapping and analysis kept in the "
        "index's _meta), under a lock so replicas starting together build it once. search_rebuild still "
        "rebuilds on demand."
    )

    def handle(self, *args, **options):
        for name, outcome in index_ensure().items():
            if outcome == "unavailable":
                self.stderr.write(self.style.WARNING(f"{name}: not reachable, left as it is (see the log)"))
            elif options["verbosity"] > 0:
                self.stdout.write(self.style.SUCCESS(f"{name}: {outcome}"))
