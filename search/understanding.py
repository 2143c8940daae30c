"""Query understanding, the same for both backends: what a shopper's query says besides product words.

People in Korea type a budget (5만원 이하, 1만원대, 2~3만원), a district (성동구 반찬, 노원 떡, 을지로 인쇄) and whole
sentences (아이가 좋아하는 간식) into one box. Before a backend sees the query:
- price phrases become a price range, and district or neighbourhood names a district filter; each is taken out
  of the text and returned as an applied filter with the query to send to take it back;
- predicates and fillers with no product meaning (좋아하는, 쓸, 좋은, 추천) are dropped; Elasticsearch also drops
  verbs and adjectives by their nori part-of-speech tags, this list serves the database backend too.
Words that remain are matched by the backend, which relaxes them when all together find nothing.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from search import korean

PLACES_FILE = Path(__file__).resolve().parent / "places.txt"

# Words that say what the shopper wants to do or how they feel, not what the product is. Whole words, after
# particles are stripped; a verb made of a noun and 하다 (선물하기, 요리하는) keeps its noun (see _content_word).
PREDICATES = frozenset(
    """
좋은 좋아하는 좋아할 좋아한 좋을 좋아요 좋고 쓸 쓰는 쓸만한 쓰기 쓰일 먹을 먹는 먹기 마실 마시는 마시기 위한 위해
어울리는 어울릴 필요한 괜찮은 예쁜 이쁜 맛있는 맛난 저렴한 싼 싸고 추천 추천해 추천해줘 추천해주세요 인기 인기있는
인기많은 파는 판매하는 살 사는 사기 구매 구입 주문 찾아요 찾는 찾고 있는 있어요 없는 같은 만든 만드는 만들어진 만들
하는 할 한 드릴 줄 주기 받을 받는 보낼 보내기 요즘 제일 가장 진짜 정말 너무 아주 좀 잘 그냥 것 거 걸 뭐 무엇 어디 어떤
및 또는 그리고 등 때 할때 쓸때 먹을때 선물용으로 용도 주세요 알려줘 보여줘 있나요 있을까요 파나요 팔아요 뭐가 뭘
""".split()
)
_HADA_ENDINGS = ("하기", "하는", "할", "한", "하고", "해서", "하면", "할때")
# A shop of X means X (꽃집 -> 꽃, 반찬가게 -> 반찬); 집 only after one syllable (사진집 is a photo book).
_SHOP_ENDINGS = ("가게", "전문점")

_DIGITS = r"\d[\d,]*(?:\.\d+)?"
# An amount of money: 5만, 1만5천원, 3.5만원, 5천원, 15,000원, 만원, 천원. A bare number is not money, nor 만 alone
# ('쿠키 만': only cookies).
_AMOUNT = (
    rf"(?:{_DIGITS}\s*만\s*(?:\d+\s*천\s*)?원?|만\s*(?:\d+\s*천\s*)?원|{_DIGITS}\s*천\s*원?|{_DIGITS}\s*원|천\s*원)"
)
_RANGE = re.compile(
    rf"(?<![\w])(?P<low>{_DIGITS})\s*(?P<low_unit>만|천)?\s*원?\s*(?:~|-|∼|〜|에서)\s*(?P<high>{_AMOUNT})(?![\w])"
)
_BOUNDED = re.compile(
    rf"(?<![\w])(?P<amount>{_AMOUNT})\s*(?P<word>대|이하|까지|이내|아래|안쪽|미만|이상|부터|넘는|초과|정도|내외|안팎|쯤|전후|선)?"
    r"(?![\w])"
)


@dataclass(frozen=True)
class AppliedFilter:
    """A filter the query asked for in words, shown back so the client can offer to take it away."""

    field: str  # "district" or "price"
    phrase: str  # as typed
    label: str
    value: object  # a district code, or {"min": int | None, "max": int | None}
    query_without: str  # the query to send to drop this filter (its phrase removed)


@dataclass(frozen=True)
class UnderstoodQuery:
    original: str
    text: str  # what the backends match: the words left after understanding
    terms: tuple[str, ...]  # the content words of `text`
    districts: tuple[str, ...] = ()
    price_min: int | None = None
    price_max: int | None = None
    applied: tuple[AppliedFilter, ...] = ()
    dropped: tuple[str, ...] = field(default=())


def parse_amount(text: str) -> int | None:
    """'1만5천원' -> 15000, '3.5만' -> 35000, '만원' -> 10000, '15,000원' -> 15000; None when no amount."""
    text = re.sub(r"[\s,원]", "", text)
    match = re.fullmatch(r"(?:(\d+(?:\.\d+)?)?(만))?(?:(\d+(?:\.\d+)?)?(천))?(\d+(?:\.\d+)?)?", text)
    if not match or not text:
        return None
    man_n, man, cheon_n, cheon, rest = match.groups()
    total = 0.0
    if man:
        total += float(man_n or 1) * 10_000
    if cheon:
        total += float(cheon_n or 1) * 1_000
    if rest:
        if man or cheon:  # '1만5000' reads as 15,000
            total += float(rest)
        else:
            total = float(rest)
    return int(round(total)) if total > 0 else None


def _unit_of(amount_text: str) -> str:
    if "만" in amount_text:
        return "만"
    if "천" in amount_text:
        return "천"
    return ""


def _decade_step(value: int) -> int:
    """'2만원대' spans 20,000-29,999 and '15만원대' 150,000-159,999: the step is the value's last non-zero place."""
    step = 1
    while value % (step * 10) == 0 and step < value:
        step *= 10
    return step


def _price_label(low: int | None, high: int | None) -> str:
    def won(n: int) -> str:
        return f"{n:,}원"

    if low is not None and high is not None:
        return f"{won(low)} ~ {won(high)}"
    if high is not None:
        return f"{won(high)} 이하"
    return f"{won(low)} 이상"


def _find_price(text: str) -> tuple[tuple[int, int | None, int | None], str] | None:
    """The first price phrase: ((start, end), min, max) and the phrase; None when there is none."""
    match = _RANGE.search(text)
    if match:
        high = parse_amount(match["high"])
        unit = match["low_unit"] or _unit_of(match["high"])
        low = parse_amount(match["low"] + (unit or "")) if unit else parse_amount(match["low"])
        if low is not None and high is not None:
            low, high = min(low, high), max(low, high)
            return (match.start(), low, high), match.group(0)
    for match in _BOUNDED.finditer(text):
        value = parse_amount(match["amount"])
        if value is None:
            continue
        word = match["word"] or ""
        if word == "대":
            low, high = value, value + _decade_step(value) - 1
        elif word in ("미만",):
            low, high = None, value - 1
        elif word in ("이상", "부터", "넘는"):
            low, high = value, None
        elif word == "초과":
            low, high = value + 1, None
        elif word in ("정도", "내외", "안팎", "쯤", "전후", "선"):
            low, high = int(value * 0.8), int(value * 1.2)
        else:  # 이하, 까지, 이내, …, or a bare amount: a budget
            low, high = None, value
        return (match.start(), low, high), match.group(0)
    return None


@lru_cache(maxsize=1)
def _place_names() -> dict[str, tuple[str, str]]:
    """Every form a district is typed in -> (district code, label): 성동구, 성동, seongdong-gu, seongdong; and the
    neighbourhoods of places.txt (을지로 -> 중구). Districts are fixed data (a migration), so this is read once."""
    from market.firms.models import District

    names: dict[str, tuple[str, str]] = {}
    districts = dict(District.objects.values_list("code", "name_ko"))
    for code, name_ko, name_en in District.objects.values_list("code", "name_ko", "name_en"):
        forms = {name_ko, name_en.lower(), name_en.lower().removesuffix("-gu")}
        if len(name_ko) >= 3:  # 중구 has no short form: 중 alone means nothing
            forms.add(name_ko[:-1])
        for form in forms:
            names[form] = (code, name_ko)
    for line in PLACES_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        place, code = line.rsplit(None, 1)
        if code in districts:
            names.setdefault(korean.normalize(place), (code, f"{districts[code]} ({place})"))
    return names


def _match_place(token: str) -> tuple[str, str] | None:
    names = _place_names()
    word = korean.normalize(token)
    if word in names:
        return names[word]
    stripped = korean.strip_particle(word)
    for candidate in (stripped, word.removesuffix("에서"), word.removesuffix("의"), word.removesuffix("에")):
        if candidate in names:
            return names[candidate]
    return None


def _content_word(token: str) -> str | None:
    """The product meaning of one typed word, or None when it has none ('좋아하는')."""
    typed = korean.normalize(token)
    word = korean.strip_particle(typed)
    if not word or typed in PREDICATES or word in PREDICATES:
        return None
    for ending in _SHOP_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    if len(word) == 2 and word.endswith("집"):
        return word[0]
    for ending in _HADA_ENDINGS:  # 선물하기 -> 선물, 요리하는 -> 요리 (before 는 is taken for a particle)
        stem = typed.removesuffix(ending)
        if stem != typed and len(stem) >= 2 and all("\uac00" <= ch <= "\ud7a3" for ch in stem):
            return stem
    return word


def _remove(text: str, start: int, phrase: str) -> str:
    return " ".join((text[:start] + " " + text[start + len(phrase) :]).split())


def understand(q: str) -> UnderstoodQuery:
    original = " ".join((q or "").split())
    if not original or korean.is_chosung_query(original):
        return UnderstoodQuery(original=original, text=original, terms=tuple(korean.words(original)))
    applied: list[AppliedFilter] = []
    text = original
    price_min = price_max = None
    found = _find_price(text)
    if found:
        (start, price_min, price_max), phrase = found
        text = _remove(text, start, phrase)
        applied.append(
            AppliedFilter(
                "price", phrase.strip(), _price_label(price_min, price_max), {"min": price_min, "max": price_max}, text
            )
        )

    districts: list[str] = []
    kept, dropped = [], []
    tokens = text.split()
    for token in tokens:
        place = _match_place(token)
        # A district word alone is kept as text: '노원' alone may be a firm's name; with product words it filters.
        if place and len(tokens) > 1:
            code, label = place
            if code not in districts:
                districts.append(code)
                applied.append(AppliedFilter("district", token, label, code, _without_token(original, token)))
            continue
        kept.append(token)
    terms = []
    for token in kept:
        word = _content_word(token)
        if word is None:
            dropped.append(token)
        else:
            terms.extend(korean.words(word))
    if not terms and kept and not districts and not found:
        # Nothing but predicates ('좋은 것'): search what was typed rather than everything.
        terms = [w for token in kept for w in korean.words(token)]
        dropped = []
    return UnderstoodQuery(
        original=original,
        text=" ".join(terms),
        terms=tuple(terms),
        districts=tuple(districts),
        price_min=price_min,
        price_max=price_max,
        applied=tuple(applied),
        dropped=tuple(dropped),
    )


def _without_token(original: str, token: str) -> str:
    """The original query without one whitespace-separated token."""
    parts = original.split()
    if token in parts:
        parts.remove(token)
    return " ".join(parts)
