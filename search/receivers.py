"""Subscribe to market's change announcements: record the products whose index entries must change."""

from django.dispatch import receiver

from market.core.events import firms_changed, products_changed
from search.services import index_mark_firms_dirty, index_mark_products_dirty


@receiver(products_changed, dispatch_uid="search-products-changed")
def _products_changed(sender, product_ids, **kwargs):
    index_mark_products_dirty(product_ids=product_ids)


@receiver(firms_changed, dispatch_uid="search-firms-changed")
def _firms_changed(sender, firm_ids, **kwargs):
    index_mark_firms_dirty(firm_ids=firm_ids)
