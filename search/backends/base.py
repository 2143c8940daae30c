"""The one small search interface both backends implement, and the shapes they exchange."""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

FACETS = ("category", "firm_kind", "district", "price", "tags", "svi_grade", "in_stock")
SORTS = ("relevance", "price", "-price", "newest")
# Price buckets of the price facet (whole won; `to` is exclusive). Data, so a later issue can make it a setting.
PRICE_RANGES = (
    ("0-10000", None, 10_000),
    ("10000-30000", 10_000, 30_000),
    ("30000-50000", 30_000, 50_000),
    ("50000-100000", 50_000, 100_000),
    ("100000-", 100_000, None),
)
MAX_QUERY_LENGTH = 100
MAX_PAGE_SIZE = 50
MAX_RESULT_WINDOW = 10_000
# When every word together finds nothing, or only a few products, a backend relaxes the query in these steps:
# all words; all words allowing a typo in each (Elasticsearch only); most words (three in four); any word (best
# effort). Products holding every word stay first. The step used is returned, so the user is told close matches
# are shown.
RELAX_LEVELS = ("all", "typos", "most", "any")


def relax_levels(words: int, *, relax: bool = True, typos: bool = False) -> tuple[str, ...]:
    """The relaxation steps worth trying for a query of this many words: 'most' from three words on."""
    levels = ["all"]
    if relax and typos and words:
        levels.append("typos")
    if relax and words >= 3:
        levels.append("most")
    if relax and words >= 2:
        levels.append("any")
    return tuple(levels)


def relaxed_words_needed(words: int, level: str) -> int:
    """How many of the query's words a hit must hold at this level."""
    if level in ("all", "typos"):
        return words
    if level == "most":
        return max(2, (words * 3) // 4)
    return 1


class SearchUnavailable(Exception):
    """The search engine did not answer; the caller falls back or retries later."""


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    category_id: int | None = None  # includes its subcategories
    firm_kinds: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    svi_grades: tuple[str, ...] = ()
    price_min: int | None = None
    price_max: int | None = None
    in_stock: bool | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    facets: tuple[str, ...] = FACETS
    highlight: bool = True
    relax: bool = True
    # Categories the query most likely names (search.intent): ranked higher, never a filter.
    boost_category_ids: tuple[int, ...] = ()
    # Whether a typo may be forgiven (Elasticsearch): the search selector clears it when every word is a word the
    # catalogue knows, or none is one edit from a word it knows (와인 is not a typo of 시각장애인's 애인).
    typos: bool = True

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass
class SearchResult:
    ids: list[int]
    total: int
    # Raw counts per facet: {"category": {3: 10, 4: 2}, "firm_kind": {"cooperative": 5}, "price": {"0-10000": 3}}
    facet_counts: dict[str, dict] = field(default_factory=dict)
    # {product_id: {"title": ["<em>수제</em> 쿠키"], "description": [...]}}
    highlights: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    backend: str = ""
    degraded: bool = False
    # {product_id: relevance score}; comparable within one response and one backend only.
    scores: dict[int, float] = field(default_factory=dict)
    relaxation: str = "all"  # the RELAX_LEVELS step that produced the hits
    exact_total: int = 0  # how many of them hold every word of the query (they come first)
    # {product_id: the hit's document (title, description, price, stock, published_at and the result card, see
    # market.catalog.cards.product_card)} when the backend returns them (Elasticsearch), else None: the hits are then
    # read from the database.
    cards: dict[int, dict] | None = None


@dataclass
class Suggestion:
    text: str
    product_id: int


class SearchBackend(ABC):
    name = "base"

    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResult: ...

    @abstractmethod
    def autocomplete(self, q: str, *, limit: int = 8) -> list[Suggestion]: ...

    @abstractmethod
    def index(self, documents: list[dict]) -> None:
        """Add or replace these documents (public products)."""

    def index_bulk(self, documents) -> int:
        """Index an iterable of document batches; returns how many were indexed."""
        count = 0
        for batch in documents:
            self.index(batch)
            count += len(batch)
        return count

    @abstractmethod
    def delete(self, product_ids: list[int]) -> None:
        """Remove these products; ids not in the index are ignored."""

    @abstractmethod
    def rebuild(self, batches, *, progress=None) -> int:
        """Replace the whole index with these document batches, without a moment of empty results."""

    def index_state(self) -> str:
        """'missing' when the index must be built, 'stale' when code changed what it holds, else 'current'."""
        return "current"

    def apply_replica_count(self) -> bool:
        """Give a current index the configured number of replicas; True when it changed (nothing to do here)."""
        return False
