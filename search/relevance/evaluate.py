"""Run the judged queries through the search API and score them.

    result = run(Client(), queries, judgments, key_by_id)
    result["summary"]["by_split"]["validation"]["ndcg"]

Each query is one `GET /api/v1/search/products?q=…&page_size=10` (one cheap facet, no highlighting: neither
changes the ranking), as a buyer's first page. Result ids map back to catalogue keys through `key_by_id`
({product id: key}). Rows keep what the response says besides the standard fields (the backend, and whatever
the API reports of how it read the query, e.g. `applied_filters` or `relaxation`), passed through untouched.
"""

import json
from pathlib import Path

from search.relevance.metrics import K, score_query, summarize

HERE = Path(__file__).resolve().parent
SEARCH_PATH = "/api/v1/search/products"
# Response fields every search answer has; anything else is passed through into the row.
STANDARD_FIELDS = {"query", "total", "page", "page_size", "results", "facets"}


def read_queries(path=None) -> list[dict]:
    return json.loads(Path(path or HERE / "queries.json").read_text(encoding="utf-8"))


def read_judgments(path=None) -> dict[str, dict[str, int]]:
    return json.loads(Path(path or HERE / "judgments.json").read_text(encoding="utf-8"))


def search(client, text: str, *, k: int = K) -> dict:
    response = client.get(SEARCH_PATH, {"q": text, "page_size": k, "facets": "in_stock", "highlight": "false"})
    if response.status_code != 200:
        raise RuntimeError(f"search for {text!r} answered {response.status_code}: {response.content[:500]!r}")
    return response.json()


def run(client, queries: list[dict], judgments: dict, key_by_id: dict[int, str], *, k: int = K) -> dict:
    """Every query once through the API; per-query rows and the summary (metrics.summarize)."""
    rows = []
    for query in queries:
        data = search(client, query["query"], k=k)
        hits = data["results"][:k]
        keys = [key_by_id.get(hit["id"], f"id:{hit['id']}") for hit in hits]
        no_answer = bool(query["intent"].get("no_answer"))
        row = {
            "id": query["id"],
            "query": query["query"],
            "class": query["class"],
            "split": query["split"],
            "no_answer": no_answer,
            "keys": keys,
            "titles": [hit.get("title", "") for hit in hits],
            "total": data.get("total"),
        }
        row.update(score_query(keys, judgments.get(query["id"], {}), no_answer=no_answer, k=k))
        row.update({key: value for key, value in data.items() if key not in STANDARD_FIELDS})
        rows.append(row)
    return {"rows": rows, "summary": summarize(rows)}
