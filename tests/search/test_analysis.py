"""The Elasticsearch index analyses Korean with the user dictionary (search/user_dictionary.txt), and drops words
with no product meaning at query time by their part of speech."""

import pytest

from search.backends.elasticsearch import user_dictionary_rules

pytestmark = pytest.mark.django_db


def tokens(backend, analyzer, text):
    backend.ensure_index()
    found = backend.client.indices.analyze(index=backend.alias, analyzer=analyzer, text=text)
    return [t["token"] for t in found["tokens"]]


def test_the_user_dictionary_is_data_and_loads():
    rules = user_dictionary_rules()
    assert len(rules) >= 80 and "밀키트" in rules and not any(rule.startswith("#") for rule in rules)


def test_domain_words_stay_whole_and_keep_their_parts(es_backend):
    index_tokens = tokens(es_backend, "ko_index", "자립준비청년이 만든 밀키트와 콜드브루")
    for word in ("자립준비청년", "자립", "청년", "밀키트", "콜드브루"):
        assert word in index_tokens
    assert "밀" not in index_tokens  # without the dictionary nori splits 밀키트 into 밀 + 키트
    assert tokens(es_backend, "ko_index", "시각장애인") == ["시각장애인", "시각", "장애인"]


def test_query_time_analysis_drops_verbs_and_adjectives(es_backend):
    found = tokens(es_backend, "ko_search", "아이가 좋아하는 간식")
    assert found[0] == "아이" and "간식" in found and "snack" in found  # 간식 has synonyms
    assert not {"좋아하", "좋", "하", "는", "가", "닥", "hanji"} & set(found)
    found = tokens(es_backend, "ko_search", "선물하기 좋은 차")
    assert "선물" in found and "차" in found and not {"좋", "하", "기"} & set(found)


def test_no_synonym_term_reads_as_a_verb(es_backend):
    """A synonym rule is analysed like a query before it is stored: a term nori reads as a verb (한지 as 하+ㄴ지)
    would turn into a rule on a verb stem that ordinary queries contain. The user dictionary keeps them nouns."""
    from search.synonyms import SYNONYMS_FILE

    terms = sorted(
        {
            word.strip()
            for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
            for word in line.split(",")
            if word.strip()
        }
    )
    tokenizer = {
        "type": "nori_tokenizer",
        "decompound_mode": "discard",
        "user_dictionary_rules": user_dictionary_rules(),
        "lenient": True,
    }
    verbs = []
    for term in terms:
        found = es_backend.client.indices.analyze(tokenizer=tokenizer, text=term, explain=True)
        tags = [token.get("leftPOS", "").split("(")[0] for token in found["detail"]["tokenizer"]["tokens"]]
        if {"VV", "VA", "VX", "VCP", "VCN"} & set(tags):
            verbs.append(term)
    assert verbs == []
