"""Synonym groups, kept as data: the SearchSynonym table (operators edit it in the admin), seeded from
search/synonyms.txt by a data migration."""

from pathlib import Path

from search import korean

SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.txt"


def synonym_groups() -> list[list[str]]:
    from search.models import SearchSynonym

    return [s.words for s in SearchSynonym.objects.filter(is_active=True) if len(s.words) > 1]


def expand_word(word: str, groups: list[list[str]]) -> list[str]:
    """The word and every synonym of it (normalized), the word first."""
    normalized = korean.normalize(word)
    alternatives = [normalized]
    for group in groups:
        if normalized in group:
            alternatives.extend(w for w in group if w not in alternatives)
    return alternatives


def elasticsearch_rules(groups: list[list[str]]) -> list[str]:
    """Solr-format rules for the synonym_graph filter: '에코백, 장바구니'."""
    return [", ".join(group) for group in groups]
