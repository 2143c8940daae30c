"""Scoring for the judged set: pure functions over grades, no Django.

- dcg / ndcg@k: gain 2^grade − 1, discount log2(rank + 1) (rank from 1); the ideal ranking is every judged
  product of the query sorted by grade (the same as Elasticsearch's `dcg` metric with `normalize: true`).
- reciprocal rank: 1 / rank of the first result graded ≥ 2 (RELEVANT), 0 when there is none in the list.
- per query: empty (nothing returned); for no-answer queries, a hit is any result at all.
- aggregate: mean nDCG and MRR over answerable queries, their zero-result rate, and the no-answer hits.
"""

import math
from collections.abc import Iterable, Sequence

RELEVANT = 2  # the lowest grade MRR counts as an answer
K = 10


def dcg(grades: Sequence[int], k: int = K) -> float:
    return sum((2**g - 1) / math.log2(rank + 2) for rank, g in enumerate(grades[:k]))


def ndcg(grades: Sequence[int], judged: Iterable[int], k: int = K) -> float:
    """nDCG@k of a result list (its grades, 0 for unjudged) against all judged grades of the query."""
    ideal = dcg(sorted(judged, reverse=True), k)
    return dcg(grades, k) / ideal if ideal else 0.0


def reciprocal_rank(grades: Sequence[int], k: int = K, threshold: int = RELEVANT) -> float:
    for rank, g in enumerate(grades[:k], 1):
        if g >= threshold:
            return 1.0 / rank
    return 0.0


def score_query(result_keys: Sequence[str], judged: dict[str, int], *, no_answer: bool, k: int = K) -> dict:
    """The figures of one query: its result keys (in rank order) against its judgments {key: grade}."""
    grades = [judged.get(key, 0) for key in result_keys[:k]]
    row = {"grades": grades, "empty": not result_keys}
    if no_answer:
        row.update(ndcg=None, rr=None, no_answer_hit=bool(result_keys))
    else:
        row.update(ndcg=ndcg(grades, judged.values(), k), rr=reciprocal_rank(grades, k), no_answer_hit=False)
    return row


def aggregate(rows: Sequence[dict]) -> dict:
    """Mean nDCG and MRR over the answerable rows, their zero-result rate, and no-answer hits.

    Rows carry `no_answer`, `ndcg`, `rr`, `empty` and `no_answer_hit` (score_query plus the query's fields)."""
    answerable = [r for r in rows if not r["no_answer"]]
    no_answer = [r for r in rows if r["no_answer"]]
    n = len(answerable)
    return {
        "queries": len(rows),
        "answerable": n,
        "ndcg": sum(r["ndcg"] for r in answerable) / n if n else None,
        "mrr": sum(r["rr"] for r in answerable) / n if n else None,
        "zero_result_rate": sum(r["empty"] for r in answerable) / n if n else None,
        "zero_results": sum(r["empty"] for r in answerable),
        "no_answer": len(no_answer),
        "no_answer_hits": sum(r["no_answer_hit"] for r in no_answer),
    }


def summarize(rows: Sequence[dict]) -> dict:
    """Figures overall, by split, by class, and by class within each split."""
    splits = sorted({r["split"] for r in rows})
    classes = list(dict.fromkeys(r["class"] for r in rows))
    return {
        "all": aggregate(rows),
        "by_split": {s: aggregate([r for r in rows if r["split"] == s]) for s in splits},
        "by_class": {
            c: {
                "all": aggregate([r for r in rows if r["class"] == c]),
                **{s: aggregate([r for r in rows if r["class"] == c and r["split"] == s]) for s in splits},
            }
            for c in classes
        },
    }
