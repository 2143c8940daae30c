"""Korean text helpers that need no analyzer: 초성 (initial consonants), jamo, syllable bigrams.

They feed both backends: Elasticsearch indexes their output next to the nori-analyzed text, and the
database backend matches on it directly.
"""

import re
import unicodedata

_SYLLABLE_FIRST, _SYLLABLE_LAST = 0xAC00, 0xD7A3
_CHOSUNG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JUNGSUNG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONGSUNG = ["", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"]
_CONSONANTS = set("ㄱㄲㄳㄴㄵㄶㄷㄸㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅃㅄㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ")
_WORD = re.compile(r"[0-9A-Za-z\u3131-\u318E\uAC00-\uD7A3]+")

# Particles and endings people attach to nouns when typing a query ("비누를", "커피에서").
# The database backend strips them; Elasticsearch's nori_part_of_speech filter does this properly.
_TRAILING_PARTICLES = sorted(
    [
        "을",
        "를",
        "이",
        "가",
        "은",
        "는",
        "에",
        "에서",
        "의",
        "도",
        "로",
        "으로",
        "와",
        "과",
        "하고",
        "랑",
        "이랑",
        "만",
        "까지",
        "부터",
        "에게",
        "한테",
        "요",
        "이요",
        "께",
        "께서",
        "에게서",
        "처럼",
    ],
    key=len,
    reverse=True,
)


def _is_syllable(ch: str) -> bool:
    return _SYLLABLE_FIRST <= ord(ch) <= _SYLLABLE_LAST


def _is_compat_jamo(ch: str) -> bool:
    return 0x3131 <= ord(ch) <= 0x318E


def normalize(text: str) -> str:
    """NFKC (full-width to half-width, composed Hangul) and lower case.

    Compatibility jamo (ㅋ, ㅍ: what people type for 초성) are kept: NFKC would turn them into conjoining jamo.
    """
    text = unicodedata.normalize("NFC", text or "")
    return "".join(ch if _is_compat_jamo(ch) else unicodedata.normalize("NFKC", ch) for ch in text).lower()


def words(text: str) -> list[str]:
    return _WORD.findall(normalize(text))


def chosung(text: str) -> str:
    """'수제 쿠키' -> 'ㅅㅈ ㅋㅋ'. Non-Hangul characters pass through."""
    out = []
    for ch in normalize(text):
        if _is_syllable(ch):
            out.append(_CHOSUNG[(ord(ch) - _SYLLABLE_FIRST) // 588])
        else:
            out.append(ch)
    return "".join(out)


def jamo(text: str) -> str:
    """'쿠키' -> 'ㅋㅜㅋㅣ': one letter per jamo, so a one-letter typo is one edit."""
    out = []
    for ch in normalize(text):
        if _is_syllable(ch):
            index = ord(ch) - _SYLLABLE_FIRST
            out.append(_CHOSUNG[index // 588])
            out.append(_JUNGSUNG[(index % 588) // 28])
            out.append(_JONGSUNG[index % 28])
        else:
            out.append(ch)
    return "".join(out)


def is_chosung_query(text: str) -> bool:
    """True when the query is only initial consonants (and spaces), like 'ㅋㅍ'."""
    letters = [ch for ch in normalize(text) if not ch.isspace()]
    return bool(letters) and all(ch in _CONSONANTS for ch in letters)


def strip_particle(word: str) -> str:
    """'비누를' -> '비누'; leaves words of two syllables or fewer alone ('가지', '우유')."""
    if len(word) <= 2 or not all(_is_syllable(ch) for ch in word):
        return word
    for particle in _TRAILING_PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


def bigrams(word: str) -> list[str]:
    """Overlapping two-syllable grams of a Hangul word ('수제쿠키' -> 수제 제쿠 쿠키); other words stay whole."""
    if len(word) <= 2 or not all(_is_syllable(ch) for ch in word):
        return [word]
    return [word[i : i + 2] for i in range(len(word) - 1)]


def bigram_text(text: str) -> str:
    """Space-joined bigrams of every word: what the database backend stores and matches."""
    grams = []
    for word in words(text):
        grams.extend(bigrams(word))
    return " ".join(grams)


def jamo_terms(text: str) -> str:
    """Jamo of every word and of its two- and three-syllable pieces, space-joined.

    Fuzzy matching these finds '쿠기' (a typo) in '수제쿠키': the piece '쿠키' is one jamo away.
    """
    terms = []
    for word in words(text):
        terms.append(jamo(word))
        if len(word) > 2 and all(_is_syllable(ch) for ch in word):
            for size in (2, 3):
                terms.extend(jamo(word[i : i + size]) for i in range(len(word) - size + 1) if size < len(word))
    return " ".join(dict.fromkeys(terms))


# Words that say how a product is packed, not what it is: the head of '녹차 비누 선물세트' is 비누.
PACKING_WORDS = frozenset({"세트", "선물세트", "박스", "꾸러미", "모둠", "묶음"})


def head_word(title: str) -> str:
    """What a title names: Korean noun phrases are head-final, so its last word, after amounts and sizes
    (10kg, 12개입, 500부) and packing words. '녹차 비누 선물세트' -> '비누'; 'Best 유기농 쌀 10kg' -> '쌀'."""
    kept = [word for word in words(title) if not word[0].isdigit()]
    while len(kept) > 1 and kept[-1] in PACKING_WORDS:
        kept.pop()
    return kept[-1] if kept else ""


def chosung_inner(text: str) -> str:
    """초성 of where a word inside a compound may start: '커피드립백' -> 'ㅍㄷㄹㅂ ㄷㄹㅂ ㄹㅂ'.

    Without a dictionary any syllable may start an inner word, so these match more than they should; backends
    weigh them below the 초성 of whole title words, which rank first.
    """
    forms = []
    for word in words(text):
        if len(word) > 2 and all(_is_syllable(ch) for ch in word):
            initials = chosung(word)
            forms.extend(initials[i:] for i in range(1, len(initials) - 1))
    return " ".join(dict.fromkeys(forms))
