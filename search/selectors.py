"""Reads of search: run a query on the primary backend, fall back to the database when it is down,
and hydrate hits from the database (the source of truth)."""
import logging

from market.catalog.models import Category
from market.catalog.selectors import product_list_public
from market.firms.models import District, FirmKind, SviGrade
from market.catalog.models import SocialValueTag
from search.backends.base import PRICE_RANGES, SearchRequest, SearchResult, SearchUnavailable, Suggestion
from search.services import database_backend, primary_backend

logger = logging.getLogger(__name__)


def search_products(request: SearchRequest) -> SearchResult:
    backend = primary_backend()
    try:
        return backend.search(request)
    except SearchUnavailable as exc:
        if backend is database_backend():
            raise
        logger.warning("search falls back to the database backend: %s", exc)
        result = database_backend().search(request)
        result.degraded = True
        return result


def suggest_products(q: str, *, limit: int = 8) -> tuple[list[Suggestion], bool]:
    backend = primary_backend()
    try:
        return backend.autocomplete(q, limit=limit), False
    except SearchUnavailable as exc:
        if backend is database_backend():
            raise
        logger.warning("suggest falls back to the database backend: %s", exc)
        return database_backend().autocomplete(q, limit=limit), True


def hydrate(ids: list[int]) -> list:
    """The public products for these ids, in hit order, in one query (plus prefetches); stale hits dropped."""
    by_id = {product.pk: product for product in product_list_public().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def present_facets(counts: dict) -> dict:
    """Raw facet counts as labelled lists (and the category facet as a tree)."""
    facets = {}
    for facet, values in counts.items():
        if facet == "category":
            facets[facet] = _category_tree(values)
        elif facet == "price":
            facets[facet] = [{"key": key, "from": low, "to": high, "count": values.get(key, 0)}
                             for key, low, high in PRICE_RANGES]
        elif facet == "in_stock":
            facets[facet] = [{"value": flag, "count": values.get(flag, 0)} for flag in (True, False)]
        else:
            labels = _labels(facet, values.keys())
            facets[facet] = sorted(
                ({"value": value, "label": labels.get(value, value), "count": count} for value, count in
                 values.items() if count),
                key=lambda item: (-item["count"], str(item["value"])),
            )
    return facets


def _labels(facet: str, values) -> dict:
    if facet == "firm_kind":
        return dict(FirmKind.choices)
    if facet == "svi_grade":
        return dict(SviGrade.choices)
    if facet == "district":
        return dict(District.objects.filter(code__in=list(values)).values_list("code", "name_ko"))
    if facet == "tags":
        return dict(SocialValueTag.objects.filter(slug__in=list(values)).values_list("slug", "name_ko"))
    return {}


def _category_tree(counts: dict) -> list[dict]:
    nodes, roots = {}, []
    for category in Category.objects.filter(pk__in=list(counts)).order_by("path"):
        node = {"id": category.pk, "slug": category.slug, "name_ko": category.name_ko,
                "name_en": category.name_en, "count": counts[category.pk], "children": []}
        nodes[category.pk] = node
        parent = nodes.get(category.parent_id)
        (parent["children"] if parent else roots).append(node)
    return roots
