"""The judged set's scorer on a hand-computed example, and the judged set's own sanity (search/relevance/)."""

import json
from collections import Counter

import pytest

from market.catalog.models import Category, SocialValueTag
from market.firms.models import District, FirmKind
from search.relevance import build_catalogue, build_queries, grade
from search.relevance.metrics import aggregate, dcg, ndcg, reciprocal_rank, score_query, summarize

HERE = build_catalogue.HERE


def read(name: str):
    return json.loads((HERE / name).read_text(encoding="utf-8"))


# --- the scorer ------------------------------------------------------------------------------------------
def test_ndcg_and_reciprocal_rank_by_hand():
    # Results graded 3, 0, 2, 1; the query's judged products are graded 3, 2, 2, 1.
    # DCG  = (2^3-1)/log2(2) + 0/log2(3) + (2^2-1)/log2(4) + (2^1-1)/log2(5)
    #      = 7/1 + 0 + 3/2 + 1/2.321928 = 7 + 1.5 + 0.430677 = 8.930677
    # IDCG = 7/1 + 3/log2(3) + 3/log2(4) + 1/log2(5) = 7 + 1.892789 + 1.5 + 0.430677 = 10.823466
    # nDCG = 8.930677 / 10.823466 = 0.825122
    assert dcg([3, 0, 2, 1]) == pytest.approx(8.930677, abs=1e-6)
    assert ndcg([3, 0, 2, 1], [3, 2, 2, 1]) == pytest.approx(0.825122, abs=1e-6)
    # The first result graded >= 2 is the answer: rank 1 here, rank 3 in [1, 0, 2] (1/3), none in [1, 1].
    assert reciprocal_rank([3, 0, 2, 1]) == 1.0
    assert reciprocal_rank([1, 0, 2]) == pytest.approx(1 / 3)
    assert reciprocal_rank([1, 1]) == 0.0


def test_only_the_first_k_results_count():
    # At k=2, [0, 0, 3] scores nothing; the ideal is still taken from every judged product.
    assert ndcg([0, 0, 3], [3], k=2) == 0.0
    assert reciprocal_rank([0, 0, 3], k=2) == 0.0
    assert ndcg([3], [3, 3]) == pytest.approx(7 / (7 + 7 / 1.584963), abs=1e-6)  # log2(3) = 1.584963


def test_rows_aggregate_over_answerable_queries_and_count_no_answer_hits():
    judged = {"p1": 3, "p2": 2}
    rows = [
        {"class": "noun", "split": "tuning", "no_answer": False, **score_query(["p1", "p2"], judged, no_answer=False)},
        {"class": "noun", "split": "validation", "no_answer": False, **score_query([], judged, no_answer=False)},
        {"class": "no_answer", "split": "tuning", "no_answer": True, **score_query(["p9"], {}, no_answer=True)},
        {"class": "no_answer", "split": "validation", "no_answer": True, **score_query([], {}, no_answer=True)},
    ]
    figures = aggregate(rows)
    assert figures["answerable"] == 2 and figures["no_answer"] == 2
    assert figures["ndcg"] == pytest.approx(0.5) and figures["mrr"] == pytest.approx(0.5)
    assert figures["zero_result_rate"] == pytest.approx(0.5) and figures["zero_results"] == 1
    assert figures["no_answer_hits"] == 1
    summary = summarize(rows)
    assert summary["by_split"]["tuning"]["ndcg"] == pytest.approx(1.0)
    assert summary["by_class"]["no_answer"]["tuning"]["no_answer_hits"] == 1
    assert summary["by_class"]["noun"]["validation"]["zero_results"] == 1


# --- the judged set --------------------------------------------------------------------------------------
def test_the_judged_set_is_big_and_varied_enough():
    catalogue, queries, judgments = read("catalogue.json"), read("queries.json"), read("judgments.json")
    assert len(catalogue["products"]) >= 1000
    assert len(catalogue["firms"]) >= 100
    assert len(queries) >= 200
    assert len({q["id"] for q in queries}) == len(queries)
    assert len({q["query"] for q in queries}) == len(queries)
    splits = Counter((q["class"], q["split"]) for q in queries)
    for klass in {q["class"] for q in queries}:
        assert splits[(klass, "tuning")] and splits[(klass, "validation")], klass
    assert set(build_queries.CLASSES) == {q["class"] for q in queries}
    # Judgments name only known queries and products, grades 1-3; no-answer queries have none, the others
    # at least one exact answer.
    products = {p["key"] for p in catalogue["products"]}
    assert set(judgments) == {q["id"] for q in queries}
    for query in queries:
        grades = judgments[query["id"]]
        assert set(grades) <= products, query["id"]
        assert set(grades.values()) <= {1, 2, 3}, query["id"]
        if query["intent"].get("no_answer"):
            assert not grades, query["id"]
        else:
            assert 3 in grades.values(), query["id"]


@pytest.mark.django_db
def test_the_catalogue_covers_every_district_and_kind_with_existing_categories_and_tags():
    catalogue = read("catalogue.json")
    assert {f["district"] for f in catalogue["firms"]} == set(District.objects.values_list("code", flat=True))
    assert len({f["district"] for f in catalogue["firms"]}) == 25
    assert {k for f in catalogue["firms"] for k in f["kinds"]} == set(FirmKind.values)
    slugs = set(Category.objects.values_list("slug", flat=True))
    assert {p["category"] for p in catalogue["products"]} <= slugs
    assert set(catalogue["categories"]) | set(catalogue["categories"].values()) <= slugs
    assert {t for p in catalogue["products"] for t in p["tags"]} <= set(
        SocialValueTag.objects.values_list("slug", flat=True)
    )


def test_the_committed_files_are_what_the_generators_and_the_guideline_give():
    catalogue = build_catalogue.Builder().build()
    assert catalogue == read("catalogue.json")
    queries = build_queries.build(catalogue)
    assert queries == read("queries.json")
    assert grade.judge(catalogue, queries) == read("judgments.json")
