"""Database backend: the embedded default when no Elasticsearch is configured, and the fallback while it is down.

Each public product has one ProductSearchEntry row of space-joined syllable bigrams (title, body) and 초성
words. Matching is done by the database's own full-text engine on those grams, so partial Korean words match
without a morphological analyzer:

- PostgreSQL: a weighted tsvector (title A, body B, 초성 C) under a GIN expression index, queried with a
  tsquery built here from quoted lexemes and ranked with ts_rank_cd.
- SQLite: an FTS5 external-content table over the entry rows, kept in sync by triggers, queried with
  double-quoted phrases and ranked with bm25.

Both are created by migration 0003_database_fulltext. Query semantics are the same on both vendors: every
query word must match (AND); a word matches when all bigrams of any of its alternatives (the word and its
synonyms) match; the last word also matches as a prefix (search-as-you-type); a query of initial consonants
only matches the 초성 words as prefixes. Hits are always intersected with Product.objects.public(), so a
stale entry never shows.
"""

import html
import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, Exists, F, FloatField, OuterRef, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.utils import NotSupportedError
from django.utils import timezone

from market.catalog.models import Category, Product, in_category_trees
from market.firms.models import Designation
from search import korean
from search.backends.base import (
    MAX_QUERY_LENGTH,
    PRICE_RANGES,
    SearchBackend,
    SearchRequest,
    SearchResult,
    Suggestion,
    relax_levels,
    relaxed_words_needed,
)
from search.models import ProductSearchEntry
from search.synonyms import expand_word, synonym_groups

ENTRY_TABLE = ProductSearchEntry._meta.db_table
FTS_TABLE = f"{ENTRY_TABLE}_fts"
# Must stay identical to the indexed expression of migration 0003, or PostgreSQL will not use the GIN index.
PG_VECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, title_grams), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, body_grams), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, chosung), 'C') || "
    "setweight(to_tsvector('simple'::regconfig, low_grams), 'D'))"
)
# bm25 column weights of the FTS5 table's columns (title_grams, body_grams, chosung, low_grams).
FTS_WEIGHTS = "10.0, 2.0, 5.0, 1.0"
# A product in a category the query names (search.intent) ranks this many times higher.
CATEGORY_BOOST = 3.0
# When all the words find fewer products than this, products holding most or some of them follow, after them.
FILL_BELOW = 10
# Text beyond this many characters per field is not indexed (PostgreSQL caps a tsvector at 1 MB).
MAX_FIELD_CHARS = 20_000
SNIPPET_LENGTH = 80
SNIPPET_BEFORE = 30

# Columns a term may be limited to: the title, the 초성 of title words, or those and the 초성 inside compounds.
TITLE, CHOSUNG, ANY_CHOSUNG = "title", "chosung", "any_chosung"


# --- the query, independent of the vendor ---------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool = False
    column: str | None = None  # None: any column; TITLE, CHOSUNG or ANY_CHOSUNG: only those


# A text query: AND over words; a word is OR over alternatives; an alternative is AND over terms.
TextQuery = list[list[list[Term]]]


def _terms(text: str, *, prefix: bool = False, column: str | None = None) -> list[Term]:
    """All bigrams of all words of `text`; with prefix, the last one matches as a prefix."""
    grams = [gram for word in korean.words(text) for gram in korean.bigrams(word)]
    terms = [Term(gram, column=column) for gram in grams]
    if prefix and terms:
        terms[-1] = Term(terms[-1].text, prefix=True, column=column)
    return terms


def _chosung_query(q: str) -> TextQuery:
    """'ㅋㅍ ㅇㄷ': every word a prefix of some 초성 word, or the whole query a prefix of the compact form."""
    parts = korean.words(q)
    compact = "".join(parts)
    alternatives = [[Term(part, prefix=True, column=CHOSUNG) for part in parts]]
    alternatives.append([Term(compact, prefix=True, column=ANY_CHOSUNG)])
    return [alternatives]


def build_text_query(q: str, groups: list[list[str]]) -> tuple[TextQuery, list[str]]:
    """The query for `q`, and the words a highlighter should mark."""
    q = (q or "")[:MAX_QUERY_LENGTH]
    if korean.is_chosung_query(q):
        return _chosung_query(q), []
    raw_words = korean.words(q)
    query, marks = [], []
    for position, original in enumerate(raw_words):
        word = korean.strip_particle(original)
        last = position == len(raw_words) - 1
        alternatives_text = expand_word(word, groups)
        if original != word:  # a synonym group may hold the unstripped word ('떡볶이')
            alternatives_text += [w for w in expand_word(original, groups)[1:] if w not in alternatives_text]
        alternatives = []
        for index, alternative in enumerate(alternatives_text):
            # Only the typed word is completed as a prefix; its synonyms are whole words.
            terms = _terms(alternative, prefix=last and index == 0)
            if terms and terms not in alternatives:
                alternatives.append(terms)
            marks.extend(korean.words(alternative))
        if alternatives:
            query.append(alternatives)
    return query, list(dict.fromkeys(m for m in marks if m))


def _title_prefix_query(q: str) -> TextQuery:
    """Autocomplete: every word matched in the title, each completed as a prefix; or 초성 prefixes."""
    q = (q or "")[:MAX_QUERY_LENGTH]
    if korean.is_chosung_query(q):
        return _chosung_query(q)
    return [[terms] for word in korean.words(q) if (terms := _terms(word, prefix=True, column=TITLE))]


# --- rendering for each vendor ----------------------------------------------------------------------------
def tsquery_lexeme(text: str) -> str:
    """One quoted tsquery lexeme: whatever the text, it is a lexeme and never an operator."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def fts5_phrase(text: str) -> str:
    """One double-quoted FTS5 string: whatever the text, it is a phrase and never an operator or column."""
    return '"' + text.replace('"', '""') + '"'


_PG_WEIGHTS = {TITLE: "A", CHOSUNG: "C", ANY_CHOSUNG: "CD"}
_FTS_COLUMNS = {TITLE: "title_grams", CHOSUNG: "chosung", ANY_CHOSUNG: "{chosung low_grams}"}


def render_tsquery(query: TextQuery, *, any_word: bool = False) -> str:
    def term(t: Term) -> str:
        suffix = (":*" if t.prefix else "") + _PG_WEIGHTS.get(t.column, "")
        if suffix and not t.prefix:
            suffix = ":" + suffix
        return tsquery_lexeme(t.text) + suffix

    return _render(query, term, " & ", " | ", any_word=any_word)


def render_fts5(query: TextQuery, *, any_word: bool = False) -> str:
    def term(t: Term) -> str:
        phrase = fts5_phrase(t.text) + ("*" if t.prefix else "")
        return f"{_FTS_COLUMNS[t.column]} : {phrase}" if t.column else phrase

    return _render(query, term, " AND ", " OR ", any_word=any_word)


def _render(query: TextQuery, term, and_, or_, *, any_word: bool = False) -> str:
    """Every word must match (AND), or with any_word one of them (OR, for ranking relaxed queries)."""
    words = []
    for alternatives in query:
        rendered = ["(" + and_.join(term(t) for t in terms) + ")" for terms in alternatives]
        words.append("(" + or_.join(rendered) + ")")
    return (or_ if any_word else and_).join(words)


# --- highlighting ----------------------------------------------------------------------------------------
def _mark_pattern(marks: list[str]):
    if not marks:
        return None
    return re.compile("|".join(re.escape(m) for m in sorted(marks, key=len, reverse=True)), re.IGNORECASE)


def _highlight(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """Escape text[start:end] and wrap the spans inside it in <em>; matching happens on the raw text, so a
    query word never lands inside an HTML entity."""
    end = len(text) if end is None else end
    out, cursor = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(html.escape(text[cursor:s]))
        out.append("<em>" + html.escape(text[s:e]) + "</em>")
        cursor = e
    out.append(html.escape(text[cursor:end]))
    return "".join(out)


def highlight_fields(title: str, description: str, pattern) -> dict[str, list[str]]:
    found = {}
    spans = [m.span() for m in pattern.finditer(title or "")]
    if spans:
        found["title"] = [_highlight(title, spans)]
    description = description or ""
    spans = [m.span() for m in pattern.finditer(description)]
    if spans:
        first_start, first_end = spans[0]
        start = max(0, first_start - SNIPPET_BEFORE)
        end = max(min(len(description), start + SNIPPET_LENGTH), first_end)
        snippet = _highlight(description, spans, start, end)
        found["description"] = [("…" if start > 0 else "") + snippet + ("…" if end < len(description) else "")]
    return found


# --- the backend -----------------------------------------------------------------------------------------
def _in_stock_condition() -> Q:
    return Q(stock__gte=F("min_order_quantity"), stock__gt=0)


def _chosung_words(title: str) -> str:
    """'드립백 커피 2인분' -> 'ㄷㄹㅂ ㅋㅍ ㅇㅂ ㄷㄹㅂㅋㅍㅇㅂ': each title word's initial consonants, then the compact
    form, so 'ㅋㅍ' and 'ㄷㄹㅂㅋㅍ' both match as prefixes."""
    consonants = [
        letters
        for word in korean.words(title)
        if (letters := "".join(ch for ch in korean.chosung(word) if korean.is_chosung_query(ch)))
    ]
    if len(consonants) > 1:
        consonants.append("".join(consonants))
    return " ".join(consonants)


def _is_syllable(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def grams_text(text: str) -> str:
    """korean.bigram_text, plus the bigram across each pair of adjacent Hangul words ('수제 쿠키' adds 제쿠),
    so a query written without the space ('수제쿠키') still finds the title written with it."""
    parts = korean.words(text)
    grams = []
    for index, word in enumerate(parts):
        grams.extend(korean.bigrams(word))
        following = parts[index + 1] if index + 1 < len(parts) else ""
        if following and _is_syllable(word[-1]) and _is_syllable(following[0]):
            grams.append(word[-1] + following[0])
    return " ".join(grams)


def entry_fields(document: dict) -> dict:
    body = " ".join(
        str(document.get(key) or "")[:MAX_FIELD_CHARS]
        for key in ("description", "category_names", "firm_name", "tag_names", "district_name", "english")
    )
    # Lower weight than the product's own text: the firm's mission, and 초성 of words inside title compounds.
    low = grams_text(str(document.get("firm_mission") or "")[:MAX_FIELD_CHARS])
    return {
        "title_grams": grams_text((document.get("title") or "")[:MAX_FIELD_CHARS]),
        "body_grams": grams_text(body),
        "chosung": _chosung_words(document.get("title") or ""),
        "low_grams": " ".join(part for part in (low, korean.chosung_inner(document.get("title") or "")) if part),
        "recent_sales": int(document.get("recent_sales") or 0),
    }


class DatabaseBackend(SearchBackend):
    name = "database"

    # --- writes ----------------------------------------------------------------------------------------
    def index(self, documents: list[dict]) -> None:
        documents = list(documents)
        if not documents:
            return
        # A product deleted since its document was built must not break the batch on the foreign key.
        existing = set(Product.objects.filter(pk__in=[d["id"] for d in documents]).values_list("pk", flat=True))
        now = timezone.now()
        rows = {
            doc["id"]: ProductSearchEntry(product_id=doc["id"], updated_at=now, **entry_fields(doc))
            for doc in documents
            if doc["id"] in existing
        }
        ProductSearchEntry.objects.bulk_create(
            list(rows.values()),
            update_conflicts=True,
            unique_fields=["product"],
            update_fields=["title_grams", "body_grams", "chosung", "low_grams", "recent_sales", "updated_at"],
        )

    def delete(self, product_ids: list[int]) -> None:
        product_ids = list(product_ids)
        if product_ids:
            ProductSearchEntry.objects.filter(product_id__in=product_ids).delete()

    def rebuild(self, batches, *, progress=None) -> int:
        """Replace every entry in one transaction: readers see the old entries until it commits."""
        count = 0
        with transaction.atomic():
            ProductSearchEntry.objects.all().delete()
            for batch in batches:
                batch = list(batch)
                self.index(batch)
                count += len(batch)
                if progress:
                    progress(len(batch))
        if self._vendor() == "postgresql":
            # A bulk write leaves the new entries in the GIN index's pending list, which every query scans until
            # autovacuum merges it (searches ran ~10x slower after a rebuild); merge it now, and refresh stats.
            with connection.cursor() as cursor:
                cursor.execute("SELECT gin_clean_pending_list('search_entry_fulltext_idx'::regclass)")
                cursor.execute(f"ANALYZE {ENTRY_TABLE}")
        return count

    def index_state(self) -> str:
        """Its tables come with the migrations and its entries carry no mapping to outgrow, so only 'missing'
        (no entry while there are public products to find) or 'current'."""
        if not ProductSearchEntry.objects.exists() and Product.objects.public().exists():
            return "missing"
        return "current"

    # --- vendor SQL ------------------------------------------------------------------------------------
    @staticmethod
    def _vendor() -> str:
        vendor = connection.vendor
        if vendor not in ("postgresql", "sqlite"):
            raise NotSupportedError(f"the database search backend supports PostgreSQL and SQLite, not {vendor}")
        return vendor

    def _match_ids(self, query: TextQuery) -> RawSQL:
        """A self-contained subquery of matching product ids (safe to nest anywhere)."""
        if self._vendor() == "postgresql":
            return RawSQL(
                f"SELECT product_id FROM {ENTRY_TABLE} WHERE {PG_VECTOR} @@ %s::tsquery", [render_tsquery(query)]
            )
        return RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [render_fts5(query)])

    def _rank(self, query: TextQuery, *, any_word: bool = False) -> RawSQL:
        """The relevance of the outer product row (higher is better); only for the top-level queryset.
        Recent sales lift it a little (a quiet signal, as on Elasticsearch)."""
        product = f"{connection.ops.quote_name(Product._meta.db_table)}.{connection.ops.quote_name('id')}"
        sales = f"(1.0 + 0.15 * ln(2.0 + 0.02 * {ENTRY_TABLE}.recent_sales))"
        if self._vendor() == "postgresql":
            sql = (
                f"(SELECT ts_rank_cd({PG_VECTOR}, %s::tsquery) * {sales} FROM {ENTRY_TABLE} "
                f"WHERE {ENTRY_TABLE}.product_id = {product})"
            )
            return RawSQL(sql, [render_tsquery(query, any_word=any_word)], output_field=FloatField())
        sql = (
            f"(SELECT -bm25({FTS_TABLE}, {FTS_WEIGHTS}) * {sales} FROM {FTS_TABLE} "
            f"JOIN {ENTRY_TABLE} ON {ENTRY_TABLE}.product_id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = {product})"
        )
        return RawSQL(sql, [render_fts5(query, any_word=any_word)], output_field=FloatField())

    def _score(self, query: TextQuery, request: SearchRequest, *, any_word: bool = False):
        """rank × CATEGORY_BOOST when the product is in a category the query names (in-stock products are
        ordered first anyway)."""
        score = self._rank(query, any_word=any_word)
        if request.boost_category_ids:
            named = in_category_trees(Category.objects.filter(pk__in=request.boost_category_ids).only("path"))
            score = score * Case(When(named, then=Value(CATEGORY_BOOST)), default=Value(1.0), output_field=FloatField())
        return score

    @staticmethod
    def _indexed_public_products():
        return Product.objects.public().filter(Exists(ProductSearchEntry.objects.filter(product=OuterRef("pk"))))

    # --- reads -----------------------------------------------------------------------------------------
    @staticmethod
    def _words_needed(query: TextQuery, request: SearchRequest) -> list[tuple[str, int]]:
        """The relaxation steps worth trying, with how many query words a hit must hold at each."""
        levels = relax_levels(len(query), relax=request.relax and not korean.is_chosung_query(request.q))
        return [(level, relaxed_words_needed(len(query), level)) for level in levels]

    def search(self, request: SearchRequest) -> SearchResult:
        base = self._apply_filters(self._indexed_public_products(), request)
        text, marks, level, matched, exact_total, total = None, [], "all", None, 0, None
        qs = base
        if (request.q or "").strip():
            text, marks = build_text_query(request.q, synonym_groups())
            if not text:
                qs = base.none()
            found = -1
            for step, needed in self._words_needed(text, request) if text else []:
                if needed == len(text):
                    candidate, candidate_matched = base.filter(pk__in=self._match_ids(text)), None
                else:
                    # A hit holds at least `needed` of the words; more words held rank first.
                    candidate_matched = sum(
                        (Case(When(pk__in=self._match_ids([word]), then=Value(1)), default=Value(0)) for word in text),
                        Value(0),
                    )
                    candidate = base.annotate(matched_words=candidate_matched).filter(matched_words__gte=needed)
                count = candidate.count()
                if count <= found:
                    continue  # this step adds nothing
                qs, matched, level, found, total = candidate, candidate_matched, step, count, count
                if needed == len(text):
                    exact_total = count
                if count >= FILL_BELOW:
                    break

        if total is None:  # no text, or no step ran
            total = qs.count()
        page = qs.annotate(
            in_stock_flag=Case(
                When(_in_stock_condition(), then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        ranked = False
        if request.sort == "price":
            page = page.order_by("price", "id")
        elif request.sort == "-price":
            page = page.order_by("-price", "id")
        elif request.sort == "newest" or not text:
            page = page.order_by(F("published_at").desc(nulls_last=True), "-id")
        else:
            ranked = True
            page = page.annotate(score=self._score(text, request, any_word=matched is not None))
            order = ["-in_stock_flag", "-score", "id"]
            page = page.order_by("-matched_words", *order) if matched is not None else page.order_by(*order)
        start, size = max(request.offset, 0), max(request.page_size, 0)
        fields = ["pk", "title", "description"] + (["score"] if ranked else [])
        rows = list(page.values_list(*fields)[start : start + size]) if total and size else []
        ids = [row[0] for row in rows]
        scores = {row[0]: float(row[3] or 0) for row in rows} if ranked else {}

        highlights = {}
        pattern = _mark_pattern(marks) if request.highlight else None
        if pattern is not None:
            for pk, title, description, *_ in rows:
                found = highlight_fields(title, description, pattern)
                if found:
                    highlights[pk] = found

        return SearchResult(
            ids=ids,
            total=total,
            facet_counts=self._facet_counts(qs, request.facets, total),
            highlights=highlights,
            backend=self.name,
            scores=scores,
            relaxation=level,
            exact_total=exact_total,
        )

    @staticmethod
    def _apply_filters(qs, request: SearchRequest):
        if request.category_id is not None:
            qs = qs.filter(in_category_trees(Category.objects.filter(pk=request.category_id).only("path")))
        if request.firm_kinds:
            qs = qs.filter(
                Exists(Designation.objects.valid().filter(firm=OuterRef("firm_id"), kind__in=list(request.firm_kinds)))
            )
        if request.districts:
            qs = qs.filter(firm__district_id__in=list(request.districts))
        if request.tags:
            qs = qs.filter(
                Exists(
                    Product.tags.through.objects.filter(
                        product_id=OuterRef("pk"), socialvaluetag__slug__in=list(request.tags)
                    )
                )
            )
        if request.svi_grades:
            qs = qs.filter(firm__svi_grade__in=list(request.svi_grades))
        if request.price_min is not None:
            qs = qs.filter(price__gte=request.price_min)
        if request.price_max is not None:
            qs = qs.filter(price__lte=request.price_max)
        if request.in_stock is True:
            qs = qs.filter(_in_stock_condition())
        elif request.in_stock is False:
            qs = qs.exclude(_in_stock_condition())
        return qs

    def _facet_counts(self, qs, facets, total: int) -> dict:
        counts = {}
        qs = qs.order_by()
        wanted = set(facets)
        if "price" in wanted or "in_stock" in wanted:
            aggregates = {}
            for _key, low, high in PRICE_RANGES:
                bucket = Q()
                if low is not None:
                    bucket &= Q(price__gte=low)
                if high is not None:
                    bucket &= Q(price__lt=high)
                aggregates[f"price_{len(aggregates)}"] = Count("pk", filter=bucket)
            aggregates["in_stock"] = Count("pk", filter=_in_stock_condition())
            row = qs.aggregate(**aggregates) if total else dict.fromkeys(aggregates, 0)
            if "price" in wanted:
                counts["price"] = {key: row[f"price_{i}"] or 0 for i, (key, _, _) in enumerate(PRICE_RANGES)}
            if "in_stock" in wanted:
                in_stock = row["in_stock"] or 0
                counts["in_stock"] = {flag: n for flag, n in ((True, in_stock), (False, total - in_stock)) if n}
        for facet in facets:
            if facet in counts:
                continue
            if not total:
                counts[facet] = {}
            elif facet == "category":
                counts[facet] = self._category_counts(qs)
            elif facet == "firm_kind":
                today = timezone.localdate()
                rows = (
                    qs.filter(
                        Q(firm__designations__end_date__isnull=True) | Q(firm__designations__end_date__gte=today),
                        firm__designations__status="active",
                        firm__designations__start_date__lte=today,
                    )
                    .values_list("firm__designations__kind")
                    .annotate(n=Count("pk", distinct=True))
                )
                counts[facet] = dict(rows)
            elif facet == "district":
                counts[facet] = dict(qs.values_list("firm__district_id").annotate(n=Count("pk")))
            elif facet == "tags":
                rows = qs.values_list("tags__slug").annotate(n=Count("pk", distinct=True))
                counts[facet] = {slug: n for slug, n in rows if slug}
            elif facet == "svi_grade":
                rows = qs.values_list("firm__svi_grade").annotate(n=Count("pk"))
                counts[facet] = {grade: n for grade, n in rows if grade}
        return counts

    @staticmethod
    def _category_counts(qs) -> dict[int, int]:
        """Product counts per category, rolled up so every ancestor counts its whole subtree."""
        direct = dict(qs.values_list("category_id").annotate(n=Count("pk")))
        rolled: dict[int, int] = {}
        for pk, path in Category.objects.filter(pk__in=list(direct)).values_list("pk", "path"):
            for ancestor in (int(part) for part in path.strip("/").split("/") if part):
                rolled[ancestor] = rolled.get(ancestor, 0) + direct[pk]
        return rolled

    def autocomplete(self, q: str, *, limit: int = 8) -> list[Suggestion]:
        """Titles whose words start with what was typed (수 completes 수제, never 옥수수), the title starting with
        it first, then in stock and recent sales; with nothing found, once more with the last word's closest
        catalogue word (one typo)."""
        suggestions = self._complete(q, limit=limit)
        if not suggestions and not korean.is_chosung_query(q):
            from search.intent import correct_words

            corrected = correct_words(korean.words(q))
            if corrected and corrected != " ".join(korean.words(q)):
                suggestions = self._complete(corrected, limit=limit)
        return suggestions

    def _complete(self, q: str, *, limit: int) -> list[Suggestion]:
        query = _title_prefix_query(q)
        if not query or limit <= 0:
            return []
        qs = self._indexed_public_products().filter(pk__in=self._match_ids(query))
        starts = Value(False)
        if not korean.is_chosung_query(q):
            typed = korean.words(q)
            for word in typed:  # every typed word starts a title word
                qs = qs.filter(title__iregex=r"(^|[^0-9a-z가-힣])" + re.escape(word))
            starts = Case(
                When(title__istartswith=" ".join(typed), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        qs = (
            qs.annotate(
                in_stock_flag=Case(
                    When(_in_stock_condition(), then=Value(True)), default=Value(False), output_field=BooleanField()
                ),
                starts_flag=starts,
                rank=self._rank(query),
            )
            .order_by("-in_stock_flag", "-starts_flag", "-rank", "id")
            .values_list("pk", "title")
        )
        suggestions, seen, chunk, start = [], set(), max(limit * 3, 24), 0
        while len(suggestions) < limit:
            rows = list(qs[start : start + chunk])
            for pk, title in rows:
                if title not in seen:
                    seen.add(title)
                    suggestions.append(Suggestion(text=title, product_id=pk))
                    if len(suggestions) == limit:
                        break
            if len(rows) < chunk:
                break
            start += chunk
        return suggestions
