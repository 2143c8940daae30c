"""Grade every product for every query by GUIDELINE.md, mechanically: `python -m search.relevance.grade`.

Reads catalogue.json and queries.json, writes judgments.json ({query id: {product key: grade}}, grade 0 left
out) and prints how many products each query has at each grade, flagging answerable queries without an
exact answer. Only the catalogue's grading fields are used (type, attrs, category, price, firm district,
neighbourhood, kinds and missions), never the text a search engine sees.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE / "catalogue.json"
QUERIES = HERE / "queries.json"
JUDGMENTS = HERE / "judgments.json"


def _in_categories(slug: str, wanted, parents: dict) -> bool:
    return slug in wanted or parents.get(slug) in wanted


def _has_mission(firm: dict, prefixes) -> bool:
    return any(m == p or m.startswith(p + "/") for m in firm["missions"] for p in prefixes)


def _sibling_mission(firm: dict, prefixes) -> bool:
    tops = {p.split("/")[0] for p in prefixes}
    return any(m.split("/")[0] in tops for m in firm["missions"])


def _type_grade(product: dict, intent: dict, types: dict) -> int:
    kind = product["type"]
    if kind in intent["types"]:
        return 3
    if kind in intent.get("near_types", ()):
        return 2
    if kind in intent.get("related_types", ()):
        return 1
    if set(product["attrs"]) & set(intent.get("related_attrs", ())):
        return 1  # an accessory or by-product that shares the word (녹차 비누 for 녹차)
    if types[kind]["family"] in {types[t]["family"] for t in intent["types"]}:
        return 1  # the same family, another type (홍차 for 녹차)
    return 0


def grade(product: dict, firm: dict, intent: dict, types: dict, parents: dict) -> int:
    """0–3 for one product and one query intent (GUIDELINE.md)."""
    if intent.get("no_answer"):
        return 0
    # Hard constraints the query states: a product that breaks one is not relevant at all.
    if "district" in intent and firm["district"] != intent["district"]:
        return 0
    if "price_min" in intent and product["price"] < intent["price_min"]:
        return 0
    if "price_max" in intent and product["price"] > intent["price_max"]:
        return 0
    if "firm" in intent and product["firm"] != intent["firm"]:
        return 0
    if "firm_kind" in intent and not set(firm["kinds"]) & set(intent["firm_kind"]):
        return 0
    attrs = set(product["attrs"])
    topical = True  # False: the intent is about attributes or a mission alone, graded in one step
    if "types" in intent:
        g = _type_grade(product, intent, types)
        if "firm" in intent:
            g = max(g, 1)  # the named firm's other products
    elif "categories" in intent:
        g = 3 if _in_categories(product["category"], intent["categories"], parents) else 0
    elif any(key in intent for key in ("attrs", "any_attrs", "required_attrs")):
        topical = False
        wanted = set(intent.get("attrs", ())) | set(intent.get("required_attrs", ()))
        if wanted <= attrs and (not intent.get("any_attrs") or attrs & set(intent["any_attrs"])):
            g = 3
        elif attrs & set(intent.get("near_attrs", ())):
            g = 2
        else:
            g = 0
    elif "mission" in intent:
        topical = False
        g = 3 if _has_mission(firm, intent["mission"]) else 1 if _sibling_mission(firm, intent["mission"]) else 0
    else:  # a firm, or a kind of firm, alone
        g = 3
    if g == 0:
        return 0
    if topical:
        # Soft constraints: a missing attribute costs one grade; a required one leaves at most 1.
        if intent.get("attrs") and not set(intent["attrs"]) <= attrs:
            g = max(1, g - 1)
        if intent.get("any_attrs") and not attrs & set(intent["any_attrs"]):
            g = max(1, g - 1)
        if intent.get("required_attrs") and not set(intent["required_attrs"]) <= attrs:
            g = min(g, 1)
        if "mission" in intent and not _has_mission(firm, intent["mission"]):
            g = min(g, 1)
    if "place" in intent and firm["neighbourhood"] != intent["place"]:
        g = max(1, g - 1)
    return g


def judge(catalogue: dict, queries: list[dict]) -> dict[str, dict[str, int]]:
    firms = {firm["key"]: firm for firm in catalogue["firms"]}
    types, parents = catalogue["types"], catalogue["categories"]
    judgments = {}
    for query in queries:
        grades = {}
        for product in catalogue["products"]:
            g = grade(product, firms[product["firm"]], query["intent"], types, parents)
            if g:
                grades[product["key"]] = g
        judgments[query["id"]] = grades
    return judgments


def report(queries: list[dict], judgments: dict, out=sys.stdout) -> list[str]:
    """Print the grade counts per query; return the problems (answerable queries without an exact answer)."""
    problems = []
    for query in queries:
        grades = list(judgments[query["id"]].values())
        counts = [grades.count(g) for g in (3, 2, 1)]
        flag = ""
        if query["intent"].get("no_answer"):
            if grades:
                flag = "  <-- no-answer query with judged products"
        elif counts[0] == 0:
            flag = "  <-- no exact answer"
        elif counts[0] < 3:
            flag = "  (few exact answers)"
        if flag.startswith("  <--"):
            problems.append(f"{query['id']} {query['query']}: {flag.strip(' <-')}")
        print(
            f"{query['id']} {query['class']:<16}{query['split']:<11}"
            f"3:{counts[0]:>4} 2:{counts[1]:>4} 1:{counts[2]:>4}  {query['query']}{flag}",
            file=out,
        )
    return problems


def main() -> int:
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))
    judgments = judge(catalogue, queries)
    JUDGMENTS.write_text(json.dumps(judgments, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    problems = report(queries, judgments)
    total = sum(len(g) for g in judgments.values())
    print(f"{JUDGMENTS.relative_to(HERE.parents[1])}: {total} graded pairs over {len(queries)} queries")
    for problem in problems:
        print("PROBLEM", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
