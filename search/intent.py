"""Which kind of product a query names: a query -> category classifier built from the catalogue itself.

A query that names a product type should rank that type above accessories and by-products sharing the word
(녹차 -> teas before 녹차 비누; 꽃 -> flowers before 꽃무늬 파우치). Korean noun phrases are head-final: the last
word of a title says what the product is (녹차 비누 is a soap), and the last word of a query says what is
wanted. So each title word votes for its product's category, the title's last word with more weight, and a
query's words (its last one most) read the votes back. Category names vote too. The result is a boost, never a
filter: both backends add it to their ranking.

The model is rebuilt from the database when older than SEARCH_INTENT_TTL seconds, and at once after index
updates in this process; it holds word -> category counts only, so it stays small.
"""

import math
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings

from search import korean

HEAD_WEIGHT = 3.0  # a title's last word names what the product is
WORD_WEIGHT = 1.0
SUFFIX_WEIGHT = 1.0  # a title word ends with the query word: the same kind of thing (찹쌀 is 쌀, 종이컵 is 컵)
PART_WEIGHT = 0.3  # the query word is elsewhere inside a title word (녹차 in 녹차티백)
CATEGORY_NAME_WEIGHT = 20.0
MIN_SHARE = 0.4  # the top category must hold this share of the votes
MIN_VOTES = 2.0


def _is_hangul_word(word: str) -> bool:
    return all("\uac00" <= ch <= "\ud7a3" for ch in word)


@dataclass(frozen=True)
class CategoryGuess:
    category_id: int
    share: float


class IntentModel:
    def __init__(self, titles, categories: dict[int, tuple[str, str]]):
        """titles: (title, category_id) of public products; categories: id -> (name_ko, name_en)."""
        votes: dict[str, Counter] = defaultdict(Counter)
        for title, category_id in titles:
            words = [w for w in korean.words(title) if not w.isdigit()]
            for position, word in enumerate(words):
                votes[word][category_id] += HEAD_WEIGHT if position == len(words) - 1 else WORD_WEIGHT
        self.votes = dict(votes)
        self.long_words = [w for w in self.votes if len(w) >= 2 and _is_hangul_word(w)]
        # Did-you-mean: every title word with its jamo (a one-letter typo is one jamo edit) and popularity.
        self.spellings = [
            (word, korean.jamo(word), sum(counts.values())) for word, counts in self.votes.items() if len(word) >= 2
        ]
        # 초성 -> the most frequent title word with those initials (ㄴㅊ -> 녹차), to classify 초성 queries.
        by_initials: dict[str, tuple[float, str]] = {}
        for word, _, popularity in self.spellings:
            if _is_hangul_word(word):
                initials = korean.chosung(word)
                if popularity > by_initials.get(initials, (0.0, ""))[0]:
                    by_initials[initials] = (popularity, word)
        self.word_by_initials = {initials: word for initials, (_, word) in by_initials.items()}
        names: dict[str, set[int]] = defaultdict(set)
        for pk, (name_ko, name_en) in categories.items():
            for part in korean.words(name_ko.replace("·", " ")) + korean.words(name_en):
                names[part].add(pk)
        self.category_names = dict(names)
        # Category names are words of the catalogue too (coffee, tea): known, and targets of corrections.
        known = {word for word, _, _ in self.spellings}
        self.spellings += [
            (word, korean.jamo(word), CATEGORY_NAME_WEIGHT)
            for word in self.category_names
            if len(word) >= 2 and word not in known
        ]

    def _word_votes(self, word: str) -> Counter:
        found = Counter(self.votes.get(word, {}))
        if _is_hangul_word(word):
            for other in self.long_words:
                if other == word or word not in other:
                    continue
                if other.endswith(word):
                    weight = SUFFIX_WEIGHT
                elif len(word) >= 2:  # one syllable inside a word matches too much (차 in 차량)
                    weight = PART_WEIGHT
                else:
                    continue
                for category_id, n in self.votes[other].items():
                    found[category_id] += n * weight
        for category_id in self.category_names.get(word, ()):
            found[category_id] += CATEGORY_NAME_WEIGHT
        return found

    def classify(self, terms) -> list[CategoryGuess]:
        """The categories the query most likely names, best first (empty when unsure)."""
        terms = [self.word_by_initials.get(t, t) if korean.is_chosung_query(t) else t for t in terms]
        terms = [korean.strip_particle(t) for t in terms if t and not t.isdigit()]
        if not terms:
            return []
        total: Counter = Counter()
        raw_votes = 0.0
        for position, term in enumerate(terms):
            votes = self._word_votes(term)
            mass = sum(votes.values())
            raw_votes += mass
            if not mass:
                continue
            weight = 2.0 if position == len(terms) - 1 else 1.0
            for category_id, n in votes.items():
                # Each word's votes are normalised so a common word does not drown a rare but decisive one,
                # and damped by log so one word with many products still counts for more than a stray one.
                total[category_id] += weight * (n / mass) * math.log1p(mass)
        mass = sum(total.values())
        if not mass or raw_votes < MIN_VOTES:
            return []
        ranked = total.most_common(3)
        if ranked[0][1] / mass < MIN_SHARE:
            return []
        return [CategoryGuess(pk, round(n / mass, 3)) for pk, n in ranked if n / mass >= MIN_SHARE]

    def is_known(self, word: str) -> bool:
        return word in self.votes or word in self.category_names or any(word in other for other in self.long_words)

    def correct(self, word: str) -> str | None:
        """The catalogue word closest to an unknown word, in the same script (≤ 1 jamo edit up to two syllables,
        ≤ 2 for longer words)."""
        if len(word) < 2 or word.isdigit() or self.is_known(word):
            return None
        typed = korean.jamo(word)
        allowed = 1 if len(typed) <= 6 else 2  # up to two syllables, one letter
        hangul = _is_hangul_word(word)
        best = None
        for candidate, letters, popularity in self.spellings:
            if abs(len(letters) - len(typed)) > allowed or _is_hangul_word(candidate) != hangul:
                continue
            distance = _edit_distance(letters, typed, allowed)
            if distance <= allowed and (best is None or (distance, -popularity) < best[0]):
                best = ((distance, -popularity), candidate)
        return best[1] if best else None


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (limit + 1) once every path is past the limit."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


_lock = threading.Lock()
_model: tuple[float, IntentModel] | None = None


def intent_model() -> IntentModel:
    global _model
    ttl = settings.SEARCH_INTENT_TTL
    current = _model
    if current is not None and time.monotonic() - current[0] < ttl:
        return current[1]
    with _lock:
        if _model is not None and time.monotonic() - _model[0] < ttl:
            return _model[1]
        from market.catalog.models import Category, Product

        titles = Product.objects.public().values_list("title", "category_id").iterator(chunk_size=5000)
        categories = {pk: (ko, en) for pk, ko, en in Category.objects.values_list("pk", "name_ko", "name_en")}
        model = IntentModel(titles, categories)
        _model = (time.monotonic(), model)
        return model


def intent_model_reset() -> None:
    """Forget the model; the next query builds it again (after index updates, and in tests)."""
    global _model
    _model = None


def guess_categories(terms) -> list[CategoryGuess]:
    return intent_model().classify(list(terms))


def correct_words(words) -> str | None:
    """The query with each unknown word replaced by its closest catalogue word, or None when nothing changed."""
    model = intent_model()
    changed, out = False, []
    for word in words:
        fixed = model.correct(word)
        changed |= fixed is not None
        out.append(fixed or word)
    return " ".join(out) if changed else None
