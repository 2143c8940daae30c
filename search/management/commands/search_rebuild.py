from django.core.management.base import BaseCommand
from tqdm import tqdm

from market.catalog.models import Product
from search.services import all_backends, index_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search indexes from the database. Elasticsearch gets a new index and an atomic alias "
        "swap, so search never goes dark; the database backend is replaced in one transaction."
    )

    def handle(self, *args, **options):
        total = Product.objects.public().count()
        names = ", ".join(backend.name for backend in all_backends())
        self.stdout.write(f"Rebuilding {names} for {total} public products")
        bars = {}

        def progress(count, _bars=bars):
            _bars["bar"].update(count)

        results = {}
        for backend in all_backends():
            with tqdm(total=total, unit="doc", desc=backend.name, disable=not self.stdout.isatty()) as bar:
                bars["bar"] = bar
                results.update(index_rebuild(backends=[backend], progress=progress))
        for name, count in results.items():
            self.stdout.write(self.style.SUCCESS(f"{name}: {count} documents"))
