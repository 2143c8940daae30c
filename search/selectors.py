"""Reads of search: run a query on the primary backend, fall back to the database when it is down, and draw the
hits from the index's documents where they are current, else from the database (the source of truth)."""

import dataclasses
import logging

from django.db import connection

from market.catalog.models import Product
from market.catalog.selectors import product_list_public
from market.firms.models import FirmKind, SviGrade
from search.backends.base import PRICE_RANGES, SearchRequest, SearchResult, SearchUnavailable, Suggestion
from search.intent import CategoryGuess, correct_words, guess_categories
from search.models import PendingIndexUpdate
from search.reference import reference
from search.services import database_backend, primary_backend
from search.understanding import UnderstoodQuery, understand

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class UnderstoodSearch:
    """A search as the user meant it: the request sent to the backend, what the query was understood to say,
    and the result."""

    request: SearchRequest
    understood: UnderstoodQuery
    categories: list[CategoryGuess]
    result: SearchResult
    did_you_mean: str | None = None


def _narrower(a: int | None, b: int | None, pick) -> int | None:
    values = [v for v in (a, b) if v is not None]
    return pick(values) if values else None


def search_products_understood(request: SearchRequest) -> UnderstoodSearch:
    """Search with the query understood first (search.understanding): its price and district phrases become
    filters (joined with those given as parameters), predicates are dropped, and the category it names (search.intent)
    is boosted. With no hit, or hits found only by forgiving typos, a did-you-mean from the catalogue's own words."""
    understood = understand(request.q)
    correction = correct_words(understood.terms) if understood.terms else None
    categories = []
    if understood.terms and request.sort == "relevance":
        # A word the catalogue does not know names no category; what it was likely meant to be may (녹챠 -> 녹차).
        categories = guess_categories(understood.terms) or (guess_categories(correction.split()) if correction else [])
    effective = dataclasses.replace(
        request,
        q=understood.text,
        districts=tuple(dict.fromkeys(request.districts + understood.districts)),
        price_min=_narrower(request.price_min, understood.price_min, max),
        price_max=_narrower(request.price_max, understood.price_max, min),
        boost_category_ids=tuple(guess.category_id for guess in categories),
        typos=request.typos and correction is not None,
    )
    result = search_products(effective)
    did_you_mean = None
    if (not result.total or result.relaxation == "typos") and correction:
        did_you_mean = " ".join([*(f.phrase for f in understood.applied), correction])
    return UnderstoodSearch(
        request=effective, understood=understood, categories=categories, result=result, did_you_mean=did_you_mean
    )


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


@dataclasses.dataclass
class Hit:
    """One hit of a result page: its document as the index returned it (`source`, see market.catalog.cards
    product_card), or, when the index does not hold the product as it is now, the product from the database."""

    id: int
    source: dict | None = None
    product: Product | None = None


def result_hits(result: SearchResult) -> list[Hit]:
    """The result's hits in order. With documents from the index (Elasticsearch), a page costs one query: the
    hits whose products changed since they were indexed (their outbox rows are written in the changing transaction,
    so none is missed) are read from the database, and dropped when no longer public; the rest are drawn from their
    documents. Without documents (the database backend), every hit is read from the database."""
    if result.cards is None:
        return [Hit(id=product.pk, product=product) for product in hydrate(result.ids)]
    if not result.ids:
        return []
    pending = _pending_ids(result.ids)
    current = {product.pk: product for product in hydrate([pk for pk in result.ids if pk in pending])}
    hits = []
    for pk in result.ids:
        if pk not in pending:
            hits.append(Hit(id=pk, source=result.cards[pk]))
        elif pk in current:
            hits.append(Hit(id=pk, product=current[pk]))
    return hits


def _pending_ids(ids: list[int]) -> set[int]:
    """Which of these products wait in the outbox. Written in SQL: the ORM's building of this one query cost more
    than running it."""
    table = connection.ops.quote_name(PendingIndexUpdate._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT product_id FROM {table} WHERE product_id IN ({', '.join(['%s'] * len(ids))})", ids)
        return {pk for (pk,) in cursor.fetchall()}


def hydrate(ids: list[int]) -> list:
    """The public products for these ids, in hit order, in one query (plus prefetches); stale hits dropped."""
    if not ids:
        return []
    by_id = {product.pk: product for product in product_list_public().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def present_facets(counts: dict) -> dict:
    """Raw facet counts as labelled lists (and the category facet as a tree)."""
    facets = {}
    for facet, values in counts.items():
        if facet == "category":
            facets[facet] = _category_tree(values)
        elif facet == "price":
            facets[facet] = [
                {"key": key, "from": low, "to": high, "count": values.get(key, 0)} for key, low, high in PRICE_RANGES
            ]
        elif facet == "in_stock":
            facets[facet] = [{"value": flag, "count": values.get(flag, 0)} for flag in (True, False)]
        else:
            labels = _labels(facet, values.keys())
            facets[facet] = sorted(
                (
                    {"value": value, "label": labels.get(value, value), "count": count}
                    for value, count in values.items()
                    if count
                ),
                key=lambda item: (-item["count"], str(item["value"])),
            )
    return facets


def _labels(facet: str, values) -> dict:
    if facet == "firm_kind":
        return dict(FirmKind.choices)
    if facet == "svi_grade":
        return dict(SviGrade.choices)
    if facet == "district":
        return reference().district_names
    if facet == "tags":
        return reference().tag_names
    return {}


def _category_tree(counts: dict) -> list[dict]:
    nodes, roots = {}, []
    for category in reference().categories.values():  # in path order: a parent before its children
        if category.id not in counts:
            continue
        node = {
            "id": category.id,
            "slug": category.slug,
            "name_ko": category.name_ko,
            "name_en": category.name_en,
            "count": counts[category.id],
            "children": [],
        }
        nodes[category.id] = node
        parent = nodes.get(category.parent_id)
        (parent["children"] if parent else roots).append(node)
    return roots
