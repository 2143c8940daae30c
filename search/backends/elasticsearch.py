"""Elasticsearch backend, written with the client's DSL (elasticsearch.dsl).

Index layout: a read/write alias `<prefix>-products` points at one concrete index `<prefix>-products-<stamp>`.
A rebuild fills a new index (reachable meanwhile through `<prefix>-products-building`, so live updates go to
both), then swaps the alias in one atomic call and drops the old index: search never goes dark.
"""

import hashlib
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from elasticsearch import ApiError, ConnectionError, ConnectionTimeout, Elasticsearch, NotFoundError, helpers
from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Long,
    Object,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
    tokenizer,
)
from elasticsearch.serializer import OrjsonSerializer

from search import korean
from search.backends.base import (
    PRICE_RANGES,
    SearchBackend,
    SearchRequest,
    SearchResult,
    SearchUnavailable,
    Suggestion,
    relax_levels,
    relaxed_words_needed,
)
from search.documents import DOCUMENT_VERSION
from search.intent import intent_model
from search.synonyms import elasticsearch_rules, synonym_groups

logger = logging.getLogger(__name__)

# The index's mapping `_meta` key holding the mapping version it was built with (see mapping_version).
MAPPING_VERSION_KEY = "gachi_mapping_version"

# What a search hit brings back of its document: everything a result card shows, so the page is drawn from the
# index alone (the searched-only fields, like jamo and english, stay behind).
HIT_SOURCE = ["title", "description", "price", "stock", "published_at", "card"]

# A product in a category the query names (search.intent) scores this many times higher.
CATEGORY_BOOST = 3.0


def _quiet_signals() -> list[dict]:
    """The score functions every ranked query multiplies in (in stock, recent sales), fresh plain dicts a call."""
    return [
        {"filter": {"term": {"in_stock": True}}, "weight": 1.5},
        {"field_value_factor": {"field": "recent_sales", "modifier": "ln2p", "factor": 0.02, "missing": 0}},
    ]


# When all the words find fewer products than this, products holding most or some of them follow (see RELAX_LEVELS);
# those holding all of them stay first, scoring EXACT_BONUS more.
FILL_BELOW = 10
EXACT_BONUS = 1000.0
FIRM_BONUS = EXACT_BONUS / 2
# A title holding the words as typed (not only their synonyms) adds this weight.
PLAIN_BOOST = 4.0
# A 초성 query's likeliest catalogue word (and its synonyms) scores this fraction of what it would as typed.
CHOSUNG_WORD_BOOST = 0.1
# A match on the title's head word (korean.head_word: what the product is) adds this weight.
HEAD_BOOST = 3.0

# --- analysis: the same names and parameters as Elastic's analysis-nori and analysis-common ----------------
# Index time keeps compounds and their parts (mixed); search time uses the parts only (discard), because
# synonym_graph cannot follow a tokenizer that stacks tokens (elastic/elasticsearch#37751). Both read the user
# dictionary (search/user_dictionary.txt), so domain words (자립준비청년, 밀키트) split the same way on both sides.
USER_DICTIONARY_FILE = Path(__file__).resolve().parents[1] / "user_dictionary.txt"
# nori's default stop tags (particles, endings, punctuation: 비누를 is searched as 비누) ...
INDEX_STOPTAGS = [
    "EP",
    "EF",
    "EC",
    "ETN",
    "ETM",
    "IC",
    "JKS",
    "JKC",
    "JKG",
    "JKO",
    "JKB",
    "JKV",
    "JKQ",
    "JX",
    "JC",
    "MAG",
    "MAJ",
    "MM",
    "SP",
    "SSC",
    "SSO",
    "SC",
    "SE",
    "XPN",
    "XSA",
    "XSN",
    "XSV",
    "UNA",
    "NA",
    "VSV",
]
# ... and at query time also verbs, adjectives, auxiliaries, copulas, bound nouns and pronouns, which carry no
# product meaning in a query (아이가 좋아하는 간식 -> 아이 간식).
SEARCH_STOPTAGS = [*INDEX_STOPTAGS, "VV", "VA", "VX", "VCP", "VCN", "NNB", "NP"]
ngram_tokenizer = tokenizer("gram_tokenizer", "ngram", min_gram=2, max_gram=3, token_chars=["letter", "digit"])
ngram_analyzer = analyzer("gram", tokenizer=ngram_tokenizer, filter=["lowercase"])
prefix_filter = token_filter("prefix_grams", "edge_ngram", min_gram=1, max_gram=20)
prefix_index = analyzer("prefix_index", tokenizer="whitespace", filter=["lowercase", prefix_filter])
prefix_search = analyzer("prefix_search", tokenizer="whitespace", filter=["lowercase"])
words_analyzer = analyzer("words", tokenizer="whitespace", filter=["lowercase"])


def user_dictionary_rules() -> list[str]:
    """The nori user dictionary's entries, without comments and blank lines."""
    if not USER_DICTIONARY_FILE.exists():
        return []
    lines = (line.split("#", 1)[0].strip() for line in USER_DICTIONARY_FILE.read_text(encoding="utf-8").splitlines())
    return list(dict.fromkeys(line for line in lines if line))


def korean_analyzers(synonyms_set: str, dictionary_rules: list[str]):
    """(index analyzer, search analyzer, search analyzer without synonyms) over nori with the user dictionary.
    Synonyms apply at search time, from a synonym set kept in the cluster (the synonyms API): changing the set
    reloads the search analyzer, with no reindex."""
    dictionary = {"user_dictionary_rules": dictionary_rules, "lenient": True} if dictionary_rules else {}
    ko_tokenizer = tokenizer(
        "ko_tokenizer", "nori_tokenizer", decompound_mode="mixed", discard_punctuation=True, **dictionary
    )
    ko_search_tokenizer = tokenizer(
        "ko_search_tokenizer", "nori_tokenizer", decompound_mode="discard", discard_punctuation=True, **dictionary
    )
    index_pos = token_filter("ko_pos", "nori_part_of_speech", stoptags=INDEX_STOPTAGS)
    search_pos = token_filter("ko_search_pos", "nori_part_of_speech", stoptags=SEARCH_STOPTAGS)
    ko_index = analyzer("ko_index", tokenizer=ko_tokenizer, filter=[index_pos, "nori_readingform", "lowercase"])
    synonyms = token_filter("ko_synonyms", "synonym_graph", synonyms_set=synonyms_set, updateable=True, lenient=True)
    # Verbs and adjectives go after the synonyms: the rules are analysed by the filters before the synonym filter,
    # and a rule like '아이돌봄' (돌봄 is tagged as a verb form) must keep all its words.
    ko_search = analyzer(
        "ko_search",
        tokenizer=ko_search_tokenizer,
        filter=[index_pos, "nori_readingform", "lowercase", synonyms, search_pos],
    )
    # The words as typed, without their synonyms: a product named with the word asked for ranks above one named
    # with a synonym (에코백 -> 에코백 before 장바구니), which the synonym graph alone scores alike.
    ko_search_plain = analyzer(
        "ko_search_plain",
        tokenizer=ko_search_tokenizer,
        filter=[index_pos, "nori_readingform", "lowercase", search_pos],
    )
    return ko_index, ko_search, ko_search_plain


def product_document_class(synonyms_set: str, dictionary_rules: list[str] | None = None):
    ko_index, ko_search, ko_search_plain = korean_analyzers(
        synonyms_set, user_dictionary_rules() if dictionary_rules is None else dictionary_rules
    )

    class ProductDocument(Document):
        title = Text(
            analyzer=ko_index,
            search_analyzer=ko_search,
            fields={
                "ngram": Text(analyzer=ngram_analyzer),
                "prefix": Text(analyzer=prefix_index, search_analyzer=prefix_search),
                "raw": Keyword(),
            },
        )
        description = Text(
            analyzer=ko_index, search_analyzer=ko_search, fields={"ngram": Text(analyzer=ngram_analyzer)}
        )
        category_names = Text(analyzer=ko_index, search_analyzer=ko_search)
        tag_names = Text(analyzer=ko_index, search_analyzer=ko_search)
        firm_name = Text(
            analyzer=ko_index,
            search_analyzer=ko_search,
            fields={"ngram": Text(analyzer=ngram_analyzer), "words": Text(analyzer=words_analyzer)},
        )
        firm_mission = Text(analyzer=ko_index, search_analyzer=ko_search)
        district_name = Text(analyzer=ko_index)
        english = Text(analyzer="standard")
        chosung = Text(analyzer=prefix_index, search_analyzer=prefix_search)
        chosung_inner = Text(analyzer=prefix_index, search_analyzer=prefix_search)
        title_head = Text(analyzer=ko_index, search_analyzer=ko_search)
        jamo = Text(analyzer=words_analyzer)
        product_id = Long()
        price = Long()
        stock = Integer()
        in_stock = Boolean()
        recent_sales = Integer()
        category_id = Integer()
        category_ids = Integer(multi=True)
        firm_id = Integer()
        firm_kinds = Keyword(multi=True)
        district = Keyword()
        tags = Keyword(multi=True)
        svi_grade = Keyword()
        published_at = Date()
        # The result card (market.catalog.cards.product_card): stored, returned with hits, neither indexed nor parsed.
        card = Object(enabled=False)

    return ProductDocument


def _wrap_errors(func):
    """Connection trouble and server errors become SearchUnavailable; a 4xx is our bug and is raised."""

    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (ConnectionError, ConnectionTimeout) as exc:
            raise SearchUnavailable(f"Elasticsearch did not answer: {exc}") from exc
        except ApiError as exc:
            if exc.meta.status >= 500 or exc.meta.status == 429:
                raise SearchUnavailable(f"Elasticsearch failed: {exc}") from exc
            raise

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(
        self, *, url: str, index_prefix: str = "gachi", timeout: float = 5.0, shards: int = 1, replicas: int = 0
    ):
        # orjson reads and writes the JSON (the standard library's took ~1 ms a search of a page of hit documents).
        self.client = Elasticsearch(
            url, request_timeout=timeout, max_retries=1, retry_on_timeout=False, serializer=OrjsonSerializer()
        )
        self.shards, self.replicas = shards, replicas
        self.alias = f"{index_prefix}-products"
        self.building_alias = f"{self.alias}-building"
        self.synonyms_set = f"{index_prefix}-synonyms"
        self._alias_ready = False  # set once the alias is known to exist, so queries skip the check

    # --- index management ----------------------------------------------------------------------------
    def _index_definition(self, name: str) -> Index:
        index = Index(name)
        index.settings(number_of_shards=self.shards, number_of_replicas=self.replicas, max_ngram_diff=1)
        index.document(product_document_class(self.synonyms_set))
        # Named by queries (the clauses of _exact_clauses that score the words as typed), by no field.
        index.analyzer(korean_analyzers(self.synonyms_set, user_dictionary_rules())[2])
        return index

    @_wrap_errors
    def publish_synonyms(self, groups: list[list[str]]) -> None:
        """Replace the cluster's synonym set with these groups; indices using it reload their search analyzers
        before this returns, so the next query uses them (no reindex)."""
        rules = [
            {"id": f"g{number}", "synonyms": rule} for number, rule in enumerate(elasticsearch_rules(groups), start=1)
        ]
        self.client.synonyms.put_synonym(id=self.synonyms_set, synonyms_set=rules)

    @_wrap_errors
    def ensure_index(self) -> None:
        """Create the first concrete index behind the alias when there is none."""
        if self._alias_ready:
            return
        if not self.client.indices.exists_alias(name=self.alias):
            self._create_concrete_index(alias=self.alias)
        self._alias_ready = True

    def mapping_version(self) -> str:
        """A stable hash of the settings and mappings this code builds (fields, analyzers, the user dictionary):
        a code change that needs a reindex changes it, so a deploy knows to rebuild (search_ensure_index). The
        replica count is left out: it changes on a live index, without a reindex."""
        body = self._index_definition("version").to_dict()
        body.get("settings", {}).pop("number_of_replicas", None)
        body["document_version"] = DOCUMENT_VERSION  # what the documents hold, beyond the mapping
        return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]

    @_wrap_errors
    def index_state(self) -> str:
        """'missing' (no index behind the alias), 'stale' (built with another mapping version) or 'current'."""
        if not self.client.indices.exists_alias(name=self.alias):
            return "missing"
        mappings = self.client.indices.get_mapping(index=self.alias)
        versions = {m["mappings"].get("_meta", {}).get(MAPPING_VERSION_KEY) for m in mappings.values()}
        return "current" if versions == {self.mapping_version()} else "stale"

    @_wrap_errors
    def apply_replica_count(self) -> bool:
        """Set the live index's replicas to the configured count when they differ (a cluster grown or shrunk)."""
        [(name, info)] = self.client.indices.get_settings(index=self.alias, name="index.number_of_replicas").items()
        if int(info["settings"]["index"]["number_of_replicas"]) == self.replicas:
            return False
        self.client.indices.put_settings(index=name, settings={"index": {"number_of_replicas": self.replicas}})
        logger.info("search index %s: number_of_replicas set to %d", name, self.replicas)
        return True

    def _create_concrete_index(self, *, alias: str | None) -> str:
        self.publish_synonyms(synonym_groups())  # the set the search analyzer names exists before the index
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 1_000_000:06d}"
        body = self._index_definition(name).to_dict()
        body.setdefault("mappings", {})["_meta"] = {MAPPING_VERSION_KEY: self.mapping_version()}
        if alias:
            body["aliases"] = {alias: {}}
        self.client.indices.create(index=name, **body)
        return name

    def _write_targets(self) -> list[str]:
        targets = [self.alias]
        if self.client.indices.exists_alias(name=self.building_alias):
            targets.append(self.building_alias)
        return targets

    @staticmethod
    def _source(document: dict) -> dict:
        source = {key: value for key, value in document.items() if key != "id"}
        source["product_id"] = document["id"]  # _id cannot be sorted on
        source["chosung"] = f"{document['chosung']} {document['chosung'].replace(' ', '')}"
        source["chosung_inner"] = korean.chosung_inner(document["title"])
        source["title_head"] = korean.head_word(document["title"])
        return source

    @_wrap_errors
    def index(self, documents: list[dict]) -> None:
        self.ensure_index()
        actions = [
            {"_op_type": "index", "_index": target, "_id": doc["id"], "_source": self._source(doc)}
            for target in self._write_targets()
            for doc in documents
        ]
        helpers.bulk(self.client, actions)

    @_wrap_errors
    def delete(self, product_ids: list[int]) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            return
        actions = [
            {"_op_type": "delete", "_index": target, "_id": pk}
            for target in self._write_targets()
            for pk in product_ids
        ]
        helpers.bulk(self.client, actions, raise_on_error=False)

    @_wrap_errors
    def rebuild(self, batches, *, progress=None) -> int:
        name = self._create_concrete_index(alias=self.building_alias)
        self.client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "-1"}})
        count = 0
        try:
            # Batch N goes to Elasticsearch from a worker thread while this thread builds batch N+1 from the
            # database (the queries stay on this thread's connection).
            with ThreadPoolExecutor(max_workers=1) as sender:
                sending = None
                for batch in batches:
                    actions = [
                        {"_op_type": "index", "_index": name, "_id": doc["id"], "_source": self._source(doc)}
                        for doc in batch
                    ]
                    if sending is not None:
                        sending.result()
                    sending = sender.submit(helpers.bulk, self.client, actions, chunk_size=1000)
                    count += len(batch)
                    if progress:
                        progress(len(batch))
                if sending is not None:
                    sending.result()
            self.client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "1s"}})
            self.client.indices.refresh(index=name)
        except Exception:
            self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        old = (
            list(self.client.indices.get_alias(name=self.alias).keys())
            if self.client.indices.exists_alias(name=self.alias)
            else []
        )
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions += [
            {"add": {"index": name, "alias": self.alias}},
            {"remove": {"index": name, "alias": self.building_alias}},
        ]
        self.client.indices.update_aliases(actions=actions)
        for index in old:
            self.client.indices.delete(index=index, ignore_unavailable=True)
        return count

    @_wrap_errors
    def drop(self) -> None:
        """Delete every index of this prefix (tests and resets); deletes name indices one by one, as the
        cluster refuses wildcard deletes."""
        self._alias_ready = False
        names = list(self.client.indices.get(index=f"{self.alias}-*", allow_no_indices=True).keys())
        for name in names:
            self.client.indices.delete(index=name, ignore_unavailable=True)
        try:  # a set in use cannot be deleted: after the indices
            self.client.synonyms.delete_synonym(id=self.synonyms_set)
        except NotFoundError:
            pass

    @_wrap_errors
    def refresh(self) -> None:
        self.client.indices.refresh(index=self.alias)

    # --- queries -------------------------------------------------------------------------------------
    @staticmethod
    def _exact_clauses(q: str) -> list[Q]:
        """The clauses that match what was typed (and its synonyms); highlighting uses only these."""
        return [
            Q(
                "multi_match",
                query=q,
                type="cross_fields",
                operator="and",
                fields=[
                    "title^4",
                    "description",
                    "category_names^2",
                    "tag_names^1.5",
                    "firm_name^1.5",
                    "district_name",
                    "english^2",
                    "firm_mission^0.5",
                ],
            ),
            Q("match_phrase", title={"query": q, "boost": 6, "slop": 1}),
            Q("match", title={"query": q, "analyzer": "ko_search_plain", "operator": "and", "boost": PLAIN_BOOST}),
            # The product is what the query names, not a thing that shares its word (녹차 -> 우전 녹차 before
            # 녹차 쿠키; 꽃 -> 꽃다발 before 꽃무늬 파우치).
            Q("match", title_head={"query": q, "operator": "and", "boost": HEAD_BOOST}),
            # "2<75%": up to two grams all must match (else 수제 쿠키 would find every 쿠키), beyond that 75%.
            Q("match", **{"title.ngram": {"query": q, "minimum_should_match": "2<75%", "boost": 1.5}}),
            Q("match", **{"description.ngram": {"query": q, "minimum_should_match": "2<90%", "boost": 0.3}}),
        ]

    @classmethod
    def _matching_clause(cls, q: str, level: str) -> Q:
        """All of the query's words, or (relaxed) at least RELAX_WORDS_NEEDED of them, each word matched whole.

        Relaxing counts typed words, not analyzed tokens: 자동차 is analyzed as 자동 + 차, and a relaxed query
        that let 차 alone match would find every tea."""
        if level in ("all", "typos"):
            return Q("bool", should=cls._exact_clauses(q), minimum_should_match=1)
        words = korean.words(q)
        needed = relaxed_words_needed(len(words), level)
        return Q(
            "bool",
            minimum_should_match=needed,
            should=[Q("bool", should=cls._exact_clauses(word), minimum_should_match=1) for word in words],
        )

    @classmethod
    def _chosung_query(cls, q: str, *, expand: bool = False) -> Q:
        """초성 of whole title words first; of a word inside a compound (ㄷㄹㅂ in 커피드립백) below them. Expanded
        (search, not autocomplete), also the catalogue's likeliest word with those initials, with its synonyms: ㅁㄱㅋ
        is 머그컵, so 머그잔 and 머그 answer too, below the titles whose own initials match."""
        compact = korean.normalize(q).replace(" ", "")
        should = [
            Q("match", chosung={"query": q, "operator": "and", "boost": 3}),
            Q("match", chosung={"query": compact, "boost": 3}),
            Q("match", chosung_inner={"query": compact, "boost": 1}),
        ]
        word = intent_model().word_by_initials.get(compact) if expand else None
        if word:
            should.append(Q("bool", should=cls._exact_clauses(word), minimum_should_match=1, boost=CHOSUNG_WORD_BOOST))
        return Q("bool", minimum_should_match=1, should=should)

    @classmethod
    def _text_query(cls, q: str, level: str = "all") -> Q:
        if korean.is_chosung_query(q):
            return cls._chosung_query(q, expand=True)
        if level == "all":
            return cls._matching_clause(q, level)
        if level in ("most", "any"):
            return Q(
                "bool",
                must=[cls._matching_clause(q, level)],
                should=[
                    Q("constant_score", filter=cls._matching_clause(q, "all"), boost=EXACT_BONUS),
                    # A word that is a firm's name as written (초록비누공방 캔들) names whose products are wanted: the
                    # firm's other products come before other firms' products holding the other words.
                    Q("constant_score", filter=Q("match", **{"firm_name.words": q}), boost=FIRM_BONUS),
                ],
            )
        # Typo tolerance, only for a word the catalogue does not know (request.typos; so 세탁기 never finds
        # 세탁세제): fuzzy matching on English words, and one jamo edit per Korean word or piece (쿠기 -> 쿠키,
        # 녹챠 -> 녹차). Those matches rank first: what nori makes of an unknown word is fragments (부라우니 -> 부,
        # 수제쿠기 -> 수제), and the words as typed then match things that only share a fragment (3단 리플렛 500부).
        fuzzy_jamo = " ".join(korean.jamo(word) for word in korean.words(q))
        fuzzy = Q(
            "bool",
            minimum_should_match=1,
            should=[
                Q("match", english={"query": q, "fuzziness": "AUTO", "operator": "and", "boost": 1}),
                Q(
                    "match",
                    jamo={"query": fuzzy_jamo, "fuzziness": 1, "operator": "and", "boost": 0.8, "prefix_length": 1},
                ),
            ],
        )
        return Q(
            "bool",
            minimum_should_match=1,
            should=[cls._matching_clause(q, "all"), fuzzy, Q("constant_score", filter=fuzzy, boost=EXACT_BONUS)],
        )

    @staticmethod
    def _ranked(query: Q, boost_category_ids=()) -> Q:
        """Relevance times quiet signals: the category the query names, in stock, recent sales."""
        functions = _quiet_signals()
        if boost_category_ids:
            functions.insert(
                0, {"filter": Q("terms", category_ids=list(boost_category_ids)).to_dict(), "weight": CATEGORY_BOOST}
            )
        return Q("function_score", query=query, functions=functions, score_mode="multiply", boost_mode="multiply")

    @staticmethod
    def _filters(request: SearchRequest) -> list[Q]:
        filters = []
        if request.category_id is not None:
            filters.append(Q("term", category_ids=request.category_id))
        for field, values in (
            ("firm_kinds", request.firm_kinds),
            ("district", request.districts),
            ("tags", request.tags),
            ("svi_grade", request.svi_grades),
        ):
            if values:
                filters.append(Q("terms", **{field: list(values)}))
        if request.price_min is not None or request.price_max is not None:
            bounds = {}
            if request.price_min is not None:
                bounds["gte"] = request.price_min
            if request.price_max is not None:
                bounds["lte"] = request.price_max
            filters.append(Q("range", price=bounds))
        if request.in_stock is not None:
            filters.append(Q("term", in_stock=request.in_stock))
        return filters

    def _search(self, request: SearchRequest, level: str = "all") -> Search:
        search = Search(using=self.client, index=self.alias).extra(track_total_hits=True).source(HIT_SOURCE)
        query = Q("bool", filter=self._filters(request))
        if request.q.strip():
            query = Q(
                "bool",
                must=[self._ranked(self._text_query(request.q, level), request.boost_category_ids)],
                filter=self._filters(request),
            )
        search = search.query(query)
        if request.sort == "price":
            search = search.sort({"price": "asc"}, {"product_id": "asc"})
        elif request.sort == "-price":
            search = search.sort({"price": "desc"}, {"product_id": "asc"})
        elif request.sort == "newest" or not request.q.strip():
            search = search.sort({"published_at": {"order": "desc", "missing": "_last"}}, {"product_id": "desc"})
        search = search[request.offset : request.offset + request.page_size]
        if request.highlight and request.q.strip():
            # Highlight with the exact clauses only: the fuzzy ones never match the highlighted fields but
            # made highlighting cost most of the query's time.
            highlight_query = self._matching_clause(request.q, level)
            search = search.highlight_options(
                encoder="html",
                pre_tags=["<em>"],
                post_tags=["</em>"],
                fragment_size=80,
                number_of_fragments=1,
                highlight_query=highlight_query.to_dict(),
            )
            search = search.highlight("title", "title.ngram", "description", "description.ngram")
        for facet in request.facets:
            self._add_aggregation(search, facet)
        return search

    def search_body(self, request: SearchRequest, level: str = "all") -> dict:
        """The request body a search sends at this relaxation level (benchmarks compare against it)."""
        return self._search(request, level).to_dict()

    @staticmethod
    def _add_aggregation(search: Search, facet: str) -> None:
        if facet == "category":
            search.aggs.bucket("category", "terms", field="category_ids", size=500)
        elif facet == "firm_kind":
            search.aggs.bucket("firm_kind", "terms", field="firm_kinds", size=50)
        elif facet == "district":
            search.aggs.bucket("district", "terms", field="district", size=50)
        elif facet == "tags":
            search.aggs.bucket("tags", "terms", field="tags", size=200)
        elif facet == "svi_grade":
            search.aggs.bucket("svi_grade", "terms", field="svi_grade", size=10)
        elif facet == "in_stock":
            search.aggs.bucket("in_stock", "terms", field="in_stock", size=2)
        elif facet == "price":
            ranges = []
            for key, low, high in PRICE_RANGES:
                bucket = {"key": key}
                if low is not None:
                    bucket["from"] = low
                if high is not None:
                    bucket["to"] = high
                ranges.append(bucket)
            search.aggs.bucket("price", "range", field="price", ranges=ranges)

    @staticmethod
    def _facet_counts(response: dict, facets) -> dict:
        counts = {}
        aggregations = response.get("aggregations", {})
        for facet in facets:
            buckets = aggregations[facet]["buckets"]
            if facet == "in_stock":
                counts[facet] = {bool(b["key"]): b["doc_count"] for b in buckets}
            elif facet == "category":
                counts[facet] = {int(b["key"]): b["doc_count"] for b in buckets}
            else:
                counts[facet] = {b["key"]: b["doc_count"] for b in buckets if b["doc_count"] or facet == "price"}
        return counts

    def _execute(self, search: Search | dict) -> dict:
        """Run a query (a DSL search, or its body as plain dicts) and return Elasticsearch's answer as it came
        (plain dicts: wrapping hits and buckets in the DSL's response objects cost more than reading them); if the
        index vanished under us (deleted by hand), make it again and retry once."""
        self.ensure_index()
        body = search if isinstance(search, dict) else search.to_dict()
        try:
            return self.client.search(index=self.alias, body=body).body
        except NotFoundError:
            self._alias_ready = False
            self.ensure_index()
            return self.client.search(index=self.alias, body=body).body

    @staticmethod
    def _levels(request: SearchRequest) -> tuple[str, ...]:
        return relax_levels(
            len(korean.words(request.q)),
            typos=request.typos,
            relax=request.relax and not korean.is_chosung_query(request.q),
        )

    @staticmethod
    def _forgave_any(found: dict) -> bool:
        """Whether the typo step matched anything by forgiving a typo: those hits carry EXACT_BONUS, times the
        quiet signals of _ranked (no less than ln 2)."""
        best = found["hits"].get("max_score")
        return best is not None and best >= EXACT_BONUS / 2

    @_wrap_errors
    def search(self, request: SearchRequest) -> SearchResult:
        levels = self._levels(request)
        level = response = None
        exact_total = 0
        for step in levels:
            found = self._execute(self._search(request, step))
            # A step is taken when it finds more; the typo step also when it finds no more but matched something
            # by forgiving a typo, as it ranks that first.
            if response is not None and found["hits"]["total"]["value"] <= response["hits"]["total"]["value"]:
                if step != "typos" or not self._forgave_any(found):
                    continue
            level, response = step, found
            if step in ("all", "typos"):
                exact_total = found["hits"]["total"]["value"]
            if found["hits"]["total"]["value"] >= FILL_BELOW and not (step == "all" and "typos" in levels):
                break
        ids, highlights, scores, cards = [], {}, {}, {}
        for hit in response["hits"]["hits"]:
            pk = int(hit["_id"])
            ids.append(pk)
            cards[pk] = hit["_source"]
            if hit.get("_score") is not None:
                scores[pk] = float(hit["_score"])
            fragments = hit.get("highlight")
            if fragments:
                merged = {}
                for field in ("title", "description"):
                    snippets = fragments.get(field) or fragments.get(f"{field}.ngram")
                    if snippets:
                        merged[field] = list(snippets)
                if merged:
                    highlights[pk] = merged
        return SearchResult(
            ids=ids,
            total=response["hits"]["total"]["value"],
            facet_counts=self._facet_counts(response, request.facets),
            highlights=highlights,
            backend=self.name,
            scores=scores,
            relaxation=level,
            exact_total=exact_total,
            cards=cards,
        )

    @classmethod
    def _autocomplete_body(cls, q: str, limit: int) -> dict:
        """The suggest query as plain dicts: it runs on every keystroke, and building it through the DSL's objects
        (then to_dict) cost more Python than the rest of the request."""
        if korean.is_chosung_query(q):
            text = cls._chosung_query(q).to_dict()
        else:
            compact = korean.normalize(q).strip()
            text = {
                "bool": {
                    "minimum_should_match": 1,
                    "should": [
                        {"match": {"title.prefix": {"query": q, "operator": "and", "boost": 3}}},
                        # A title that starts with what was typed is the likeliest completion.
                        {"prefix": {"title.raw": {"value": compact, "boost": 4}}},
                        # One typo (a wrong syllable or letter) still completes.
                        {
                            "match": {
                                "title.prefix": {
                                    "query": q,
                                    "operator": "and",
                                    "fuzziness": 1,
                                    "prefix_length": 1,
                                    "boost": 0.5,
                                }
                            }
                        },
                    ],
                }
            }
        ranked = {
            "function_score": {
                "query": text,
                "functions": _quiet_signals(),
                "score_mode": "multiply",
                "boost_mode": "multiply",
            }
        }
        return {"query": ranked, "_source": ["title"], "size": limit * 3}

    @_wrap_errors
    def autocomplete(self, q: str, *, limit: int = 8) -> list[Suggestion]:
        suggestions, seen = [], set()
        for hit in self._execute(self._autocomplete_body(q, limit))["hits"]["hits"]:
            title = hit["_source"]["title"]
            if title not in seen:
                seen.add(title)
                suggestions.append(Suggestion(text=title, product_id=int(hit["_id"])))
            if len(suggestions) == limit:
                break
        return suggestions
