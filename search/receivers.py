"""Subscribe to market's change announcements: record the products whose index entries must change."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from market.catalog.models import Category, SocialValueTag
from market.core.events import firms_changed, products_changed
from market.firms.models import District
from search.reference import reference_changed
from search.services import index_mark_firms_dirty, index_mark_products_dirty


@receiver(products_changed, dispatch_uid="search-products-changed")
def _products_changed(sender, product_ids, **kwargs):
    index_mark_products_dirty(product_ids=product_ids)


@receiver(firms_changed, dispatch_uid="search-firms-changed")
def _firms_changed(sender, firm_ids, **kwargs):
    index_mark_firms_dirty(firm_ids=firm_ids)


def _reference_changed(sender, **kwargs):
    reference_changed()


# Any write to the reference data search keeps in memory (search.reference), however it is made: services, the
# admin, fixtures. (QuerySet.update and bulk_create send no signal; nothing writes these tables that way.)
for _model in (Category, SocialValueTag, District):
    post_save.connect(_reference_changed, sender=_model, dispatch_uid=f"search-reference-{_model.__name__}-save")
    post_delete.connect(_reference_changed, sender=_model, dispatch_uid=f"search-reference-{_model.__name__}-delete")
