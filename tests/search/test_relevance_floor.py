"""Relevance cannot silently regress: the judged set's validation half, through the search API, on both backends.

The catalogue is loaded once for the module through the project's services (search/relevance/loader.py) and
both indexes are built from it; every validation query then runs through GET /api/v1/search/products.
`bench/relevance.py` prints the full figures (both halves, by class, the worst queries).
"""
import uuid

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client

from search.backends.elasticsearch import ElasticsearchBackend
from search.documents import iter_public_documents
from search.relevance.evaluate import read_judgments, read_queries, run
from search.relevance.loader import load_catalogue, settle_database
from search.services import database_backend
from tests.search.conftest import _elasticsearch_url

# Floors on the validation half: the figures measured on 2026-12-01 (database nDCG@10 0.779, MRR 0.844;
# Elasticsearch nDCG@10 0.903, MRR 0.962) minus 0.03, rounded down. The engine is being tuned in parallel:
# the lead raises these after tuning (the targets: Elasticsearch nDCG@10 and MRR >= 0.90).
FLOORS = {
    "database": {"ndcg": 0.74, "mrr": 0.81},
    "elasticsearch": {"ndcg": 0.87, "mrr": 0.93},
}
# No-answer queries of the validation half that returned something, at most. The target is 0 on both; the
# Elasticsearch figure measured on 2026-12-01 was 1 (와인). Lower it to 0 once the engine gets there.
MAX_NO_ANSWER_HITS = {"database": 0, "elasticsearch": 1}


@pytest.fixture(scope="module")
def judged(django_db_setup, django_db_blocker):
    """The judged catalogue in the test database (rolled back after the module) and in the database index."""
    with django_db_blocker.unblock(), transaction.atomic():
        key_to_id = load_catalogue()
        database_backend().rebuild(iter_public_documents())
        settle_database()
        yield {pk: key for key, pk in key_to_id.items()}
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def judged_elasticsearch(judged, django_db_blocker):
    """The same catalogue in an Elasticsearch index of this module's own; dropped afterwards."""
    url = _elasticsearch_url(django_settings)
    prefix = f"test-relevance-{uuid.uuid4().hex[:8]}"
    backend = ElasticsearchBackend(url=url, index_prefix=prefix, timeout=30)
    with django_db_blocker.unblock():
        backend.rebuild(iter_public_documents())
    backend.refresh()
    yield url, prefix
    backend.drop()


@pytest.mark.django_db
@pytest.mark.parametrize("backend", ["database", "elasticsearch"])
def test_the_validation_half_keeps_its_floor(backend, judged, settings, request):
    if backend == "elasticsearch":
        settings.ELASTICSEARCH_URL, settings.SEARCH_INDEX_PREFIX = request.getfixturevalue("judged_elasticsearch")
    else:
        settings.ELASTICSEARCH_URL = ""
    queries = [q for q in read_queries() if q["split"] == "validation"]

    result = run(Client(), queries, read_judgments(), judged)

    rows = result["rows"]
    assert {row["backend"] for row in rows} == {backend}
    assert not any(row.get("degraded") for row in rows)
    figures = result["summary"]["all"]
    worst = sorted((r for r in rows if not r["no_answer"]), key=lambda r: (r["ndcg"], r["rr"]))[:5]
    report = (f"{backend}, validation half: nDCG@10 {figures['ndcg']:.3f}, MRR {figures['mrr']:.3f}, "
              f"no-answer hits {figures['no_answer_hits']}; worst: "
              + ", ".join(f"{r['query']} {r['ndcg']:.2f}" for r in worst))
    print(report)
    assert figures["ndcg"] >= FLOORS[backend]["ndcg"], report
    assert figures["mrr"] >= FLOORS[backend]["mrr"], report
    assert figures["no_answer_hits"] <= MAX_NO_ANSWER_HITS[backend], report
