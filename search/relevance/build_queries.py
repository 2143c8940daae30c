"""Write the judged set's queries: `python -m search.relevance.build_queries` → queries.json.

Each query has a class, a machine-readable `intent` (what the person means; GUIDELINE.md says how each field
turns into grades) and a split. Splits are stratified by class: within a class the queries (or groups of
queries that are variants of one need, such as 수제쿠키 / 수제 쿠키) alternate between tuning and validation,
so a variant never sits on the other side of the split from its twin.
"""

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "queries.json"

COFFEE = ["원두", "드립백", "콜드브루", "더치커피"]
TEA = ["녹차", "홍차", "허브티", "보리차", "말차", "꽃차", "유자차"]
PRINTING = ["명함", "현수막", "리플렛", "포스터", "배너", "인쇄스티커"]
FLOWERS = ["꽃다발", "꽃바구니", "드라이플라워", "꽃구독"]
SNACKS = ["쿠키", "쌀과자", "마들렌", "브라우니", "휘낭시에", "스콘"]
EMPLOYMENT = ["disability", "women", "senior", "youth", "homeless", "defector", "low_income"]


def SAME(text):
    """The intent of another query: a word typed another way (초성, typo, particle, synonym, English) means the
    same as the word, so it is graded the same."""
    return ("same", text)


def I(types=None, **intent):  # noqa: E743 (one letter, like SAME: the query table reads as data)
    """An intent; `types` first because most intents name a product type."""
    if types is not None:
        intent = {"types": types, **intent}
    return intent


# (class, query, intent[, group]) — queries sharing a group go to the same split; SAME(word) takes the intent
# of the query `word`.
QUERIES = [
    # (1) multi-word intents: verbs, adjectives and extra words that must be relaxed
    ("intent", "아이가 좋아하는 간식", I(SNACKS + ["떡"], attrs=["어린이"])),
    ("intent", "선물하기 좋은 차", I(TEA, attrs=["선물"])),
    ("intent", "사무실에서 쓸 종이컵", I(["종이컵"])),
    ("intent", "회의 때 먹을 다과", I(["다과세트", "커피브레이크"], near_types=["샌드위치", "스콘"])),
    ("intent", "부모님 명절 선물", I(attrs=["명절"], near_attrs=["선물"])),
    ("intent", "집들이 선물로 좋은 캔들", I(["캔들"], attrs=["선물"])),
    ("intent", "캠핑 가서 먹을 밀키트", I(["밀키트"], attrs=["캠핑"])),
    ("intent", "피부에 순한 비누", I(["비누"], attrs=["순함"])),
    ("intent", "설거지할 때 쓰는 친환경 수세미", I(["수세미"], attrs=["친환경"])),
    ("intent", "직원 선물용 커피 세트", I(COFFEE, attrs=["선물"])),
    ("intent", "행사에서 나눠줄 에코백", I(["에코백"], near_types=["장바구니"], attrs=["단체"])),
    ("intent", "출근길에 마실 콜드브루", I(["콜드브루"], near_types=["더치커피"])),
    ("intent", "어르신께 드릴 건강한 간식", I(["떡", "한과", "약과"], near_types=["누룽지", "쌀과자"])),
    ("intent", "단체 주문 가능한 도시락", I(["도시락"], near_types=["샌드위치"])),
    ("intent", "혼자 사는 사람을 위한 반찬", I(["반찬"], near_types=["김치", "밀키트"], attrs=["1인"])),
    ("intent", "손님 접대용 찻잔 세트", I(["찻잔"])),
    ("intent", "매일 들고 다닐 텀블러", I(["텀블러"])),
    ("intent", "환경을 생각한 주방용품", I(categories=["kitchen"], any_attrs=["친환경", "제로웨이스트"])),
    ("intent", "아이와 함께하는 체험 교실", I(["체험교실"], attrs=["어린이"])),
    ("intent", "회사 워크숍 케이터링", I(["케이터링", "다과세트", "커피브레이크"], near_types=["도시락", "샌드위치"])),
    # (2) district (full and short names, one neighbourhood) + product words
    ("district", "성동구 반찬", I(["반찬"], near_types=["김치"], district="11200"), "성동 반찬"),
    ("district", "성동 반찬", I(["반찬"], near_types=["김치"], district="11200"), "성동 반찬"),
    ("district", "노원 떡", I(["떡"], district="11350"), "노원 떡"),
    ("district", "노원구 떡집", I(["떡"], near_types=["한과", "약과"], district="11350"), "노원 떡"),
    ("district", "마포구 커피", I(COFFEE, district="11440")),
    (
        "district",
        "마포 빵",
        I(["식빵", "통밀빵", "사워도우", "베이글"], near_types=["케이크", "스콘"], district="11440"),
    ),
    ("district", "을지로 인쇄", I(PRINTING, district="11140", place="을지로")),
    ("district", "강남구 도시락", I(["도시락"], near_types=["샌드위치"], district="11680")),
    ("district", "종로 한과", I(["한과"], near_types=["약과"], district="11110")),
    ("district", "은평구 비누", I(["비누"], near_types=["샴푸바"], district="11380")),
    (
        "district",
        "관악구 케이터링",
        I(["케이터링", "다과세트", "커피브레이크"], near_types=["도시락", "샌드위치"], district="11620"),
    ),
    ("district", "송파 캔들", I(["캔들"], district="11710")),
    ("district", "성북구 청소", I(["청소"], near_types=["방역", "에어컨세척"], district="11290")),
    ("district", "서대문구 꽃집", I(FLOWERS, near_types=["반려식물"], district="11410")),
    ("district", "동작 꿀", I(["꿀"], district="11590")),
    ("district", "강동구 채소", I(["채소꾸러미", "토마토", "감자", "고구마", "버섯"], district="11740")),
    ("district", "구로구 에코백", I(["에코백"], near_types=["장바구니", "토트백"], district="11530")),
    ("district", "도봉 밀키트", I(["밀키트"], district="11320")),
    # (2) firm name + product words
    ("firm", "늘봄베이커리 쿠키", I(["쿠키"], firm="늘봄베이커리")),
    ("firm", "햇살로스터리 드립백", I(["드립백"], firm="햇살로스터리")),
    ("firm", "초록비누공방 캔들", I(["캔들"], firm="초록비누공방")),
    ("firm", "마중물케이터링 도시락", I(["도시락"], firm="마중물케이터링")),
    ("firm", "한울도예 머그컵", I(["머그"], firm="한울도예")),
    ("firm", "꿈틀목공소 도마", I(["도마"], firm="꿈틀목공소")),
    ("firm", "꿀벌나무", I(firm="꿀벌나무")),
    ("firm", "다온한과 약과", I(["약과"], firm="다온한과")),
    ("firm", "점자누리 달력", I(["달력"], firm="점자누리")),
    ("firm", "하나두부", I(firm="하나두부")),
    # (3) price phrases with product words
    ("price", "5만원 이하 커피", I(COFFEE, price_max=50000)),
    ("price", "1만원대 비누", I(["비누"], price_min=10000, price_max=19999)),
    ("price", "만원 미만 쿠키", I(["쿠키"], price_max=9999)),
    ("price", "2~3만원 머그컵", I(["머그"], price_min=20000, price_max=30000)),
    ("price", "3만원 이상 한과", I(["한과"], near_types=["약과"], price_min=30000)),
    ("price", "2만원 이하 에코백", I(["에코백"], near_types=["장바구니"], price_max=20000)),
    ("price", "2만원대 캔들", I(["캔들"], price_min=20000, price_max=29999)),
    ("price", "5천원 이하 수세미", I(["수세미"], price_max=5000)),
    ("price", "3만원대 도마", I(["도마"], price_min=30000, price_max=39999)),
    ("price", "5만원 이하 꽃다발", I(["꽃다발"], near_types=["꽃바구니"], price_max=50000)),
    ("price", "2만원 미만 원두", I(["원두"], price_max=19999)),
    ("price", "4만원 이상 꿀", I(["꿀"], price_min=40000)),
    ("price", "1~2만원 반찬", I(["반찬"], near_types=["김치"], price_min=10000, price_max=20000)),
    ("price", "만원대 텀블러", I(["텀블러"], price_min=10000, price_max=19999)),
    ("price", "5만원 이하 선물세트", I(attrs=["선물"], price_max=50000)),
    ("price", "3만원 이하 녹차", I(["녹차"], price_max=30000)),
    # (4) synonyms, loanwords and English words
    ("synonym", "머그", SAME("머그컵"), "머그"),
    ("synonym", "머그컵", I(["머그"]), "머그"),
    ("synonym", "mug", SAME("머그컵")),
    ("synonym", "손크림", SAME("핸드크림"), "핸드크림"),
    ("synonym", "핸드크림", I(["핸드크림"]), "핸드크림"),
    ("synonym", "공책", SAME("노트"), "노트"),
    ("synonym", "노트", I(["노트"], near_types=["다이어리"]), "노트"),
    ("synonym", "일회용 컵", SAME("종이컵"), "종이컵"),
    ("synonym", "종이컵", I(["종이컵"]), "종이컵"),
    ("synonym", "설거지 스펀지", SAME("수세미")),
    ("synonym", "soap", SAME("비누")),
    ("synonym", "candle", SAME("캔들")),
    ("synonym", "향초", SAME("캔들")),
    ("synonym", "honey", SAME("꿀")),
    ("synonym", "벌꿀", SAME("꿀")),
    ("synonym", "캘린더", I(["달력"])),
    ("synonym", "장바구니", I(["장바구니"], near_types=["에코백"])),
    ("synonym", "eco bag", SAME("에코백")),
    ("synonym", "green tea", SAME("녹차")),
    ("synonym", "tumbler", SAME("텀블러")),
    ("synonym", "더치커피", I(["더치커피"], near_types=["콜드브루"])),
    ("synonym", "에이프런", SAME("앞치마")),
    ("synonym", "캔버스백", I(["에코백", "토트백"])),
    ("synonym", "cookie", SAME("쿠키")),
    ("synonym", "rice cake", SAME("떡")),
    # (5) domain words nori splits badly
    ("domain", "시각장애인", I(mission=["disability/visual"])),
    ("domain", "시각장애인 점자 달력", I(["달력"], required_attrs=["점자"], related_attrs=["점자"])),
    ("domain", "자립준비청년", I(mission=["youth/care_leaver"])),
    ("domain", "자립준비청년 캔들", I(["캔들"], mission=["youth/care_leaver"])),
    ("domain", "밀키트", I(["밀키트"])),
    ("domain", "캠핑 밀키트", I(["밀키트"], attrs=["캠핑"])),
    ("domain", "콜드브루", I(["콜드브루"], near_types=["더치커피"])),
    ("domain", "콜드브루 원액", I(["콜드브루"], near_types=["더치커피"])),
    ("domain", "비건", I(attrs=["비건"])),
    ("domain", "비건 쿠키", I(["쿠키"], required_attrs=["비건"])),
    ("domain", "비건 베이커리", I(categories=["bakery"], required_attrs=["비건"])),
    ("domain", "제로웨이스트", I(attrs=["제로웨이스트"])),
    ("domain", "업사이클링", I(attrs=["업사이클"])),
    ("domain", "공정무역", I(attrs=["공정무역"])),
    ("domain", "공정무역 커피", I(COFFEE, required_attrs=["공정무역"])),
    ("domain", "드립백", I(["드립백"])),
    ("domain", "천연염색", I(attrs=["천연염색"])),
    ("domain", "도시양봉 꿀", I(["꿀"], attrs=["도시양봉"])),
    # (6) 초성 (also one matching a word inside a compound, e.g. ㄴㅊ in 제주유기농녹차)
    ("chosung", "ㄴㅊ", SAME("녹차")),
    ("chosung", "ㅋㅍ", SAME("커피")),
    ("chosung", "ㅂㄴ", SAME("비누")),
    ("chosung", "ㄷㅅㄹ", SAME("도시락")),
    ("chosung", "ㅅㅅㅁ", SAME("수세미")),
    ("chosung", "ㅇㅋㅂ", SAME("에코백")),
    ("chosung", "ㅁㄱㅋ", SAME("머그컵")),
    ("chosung", "ㅎㄷㅋㄹ", SAME("핸드크림")),
    ("chosung", "ㅅㅈㅋㅋ", SAME("수제쿠키")),
    ("chosung", "ㅌㅂㄹ", SAME("텀블러")),
    ("chosung", "ㄲㄷㅂ", I(["꽃다발"], near_types=["꽃바구니", "드라이플라워"])),
    ("chosung", "ㅁㅋㅌ", SAME("밀키트")),
    ("chosung", "ㅋㄷㅂㄹ", SAME("콜드브루")),
    ("chosung", "ㄷㄹㅂ", SAME("드립백")),
    ("chosung", "ㅁㄹㄹ", SAME("밀랍랩")),
    ("chosung", "ㅈㅇㅋ", SAME("종이컵")),
    # (7) category intent: the product type before accessories and by-products sharing the word
    ("category_intent", "녹차", I(["녹차"], near_types=["말차"], related_attrs=["녹차", "말차"])),
    ("category_intent", "꽃", I(FLOWERS, near_types=["반려식물"], related_attrs=["꽃", "꽃무늬"])),
    ("category_intent", "커피", I(COFFEE, related_attrs=["커피"])),
    ("category_intent", "비누", I(["비누"], near_types=["샴푸바"], related_types=["설거지바"], related_attrs=["비누"])),
    ("category_intent", "떡", I(["떡"], related_attrs=["떡"])),
    ("category_intent", "꿀", I(["꿀"], related_attrs=["꿀"])),
    ("category_intent", "쌀", I(["쌀"], related_attrs=["쌀"])),
    ("category_intent", "캔들", I(["캔들"], related_attrs=["캔들"])),
    ("category_intent", "텀블러", I(["텀블러"], related_attrs=["텀블러"])),
    ("category_intent", "도시락", I(["도시락"], near_types=["샌드위치"], related_types=["도시락통"])),
    ("category_intent", "쿠키", I(["쿠키"], related_attrs=["쿠키"])),
    ("category_intent", "반찬", I(["반찬"], near_types=["김치"], related_attrs=["반찬"])),
    ("category_intent", "차", I(TEA, related_types=["찻잔"], related_attrs=["녹차", "말차"])),
    # (8) firm mission and social value
    ("mission", "장애인 고용", I(mission=["disability"])),
    ("mission", "장애인이 만든 제품", I(mission=["disability"])),
    ("mission", "발달장애인", I(mission=["disability/developmental"])),
    ("mission", "발달장애인 쿠키", I(["쿠키"], mission=["disability/developmental"])),
    ("mission", "청각장애인 바리스타 커피", I(COFFEE, mission=["disability/hearing"])),
    ("mission", "중증장애인 생산품", I(mission=["disability/severe"])),
    ("mission", "경력단절여성", I(mission=["women/career_break"]), "경력단절여성"),
    ("mission", "경단녀", I(mission=["women/career_break"]), "경력단절여성"),
    ("mission", "경력단절여성 반찬", I(["반찬"], near_types=["김치"], mission=["women/career_break"])),
    ("mission", "어르신 일자리", I(mission=["senior"])),
    ("mission", "노인 일자리 떡", I(["떡"], mission=["senior"])),
    ("mission", "결혼이주여성", I(mission=["women/migrant"])),
    ("mission", "북한이탈주민", I(mission=["defector"])),
    ("mission", "노숙인 자립", I(mission=["homeless"])),
    ("mission", "취약계층 고용", I(mission=EMPLOYMENT)),
    ("mission", "자활기업", I(firm_kind=["self_sufficiency"])),
    ("mission", "사회적협동조합", I(firm_kind=["social_cooperative"])),
    ("mission", "마을기업 떡", I(["떡"], firm_kind=["village_enterprise"])),
    # simple nouns
    ("noun", "마들렌", I(["마들렌"])),
    ("noun", "한과", I(["한과"], near_types=["약과"])),
    ("noun", "김치", I(["김치"])),
    ("noun", "잼", I(["잼"], near_types=["청"])),
    ("noun", "원두", I(["원두"])),
    ("noun", "명함", I(["명함"])),
    ("noun", "현수막", I(["현수막"])),
    ("noun", "도마", I(["도마"])),
    ("noun", "양말", I(["양말"])),
    ("noun", "앞치마", I(["앞치마"])),
    ("noun", "에코백", I(["에코백"], near_types=["장바구니"])),
    ("noun", "수세미", I(["수세미"])),
    ("noun", "샴푸바", I(["샴푸바"])),
    ("noun", "밀랍랩", I(["밀랍랩"])),
    ("noun", "약과", I(["약과"], near_types=["한과"])),
    ("noun", "두부", I(["두부"])),
    ("noun", "티셔츠", I(["티셔츠"])),
    ("noun", "파우치", I(["파우치"])),
    ("noun", "엽서", I(["엽서"])),
    ("noun", "디퓨저", I(["디퓨저"])),
    ("noun", "방역", I(["방역"])),
    ("noun", "화분", I(["화분"], near_types=["반려식물"])),
    # compounds with and without spaces
    ("compound", "수제쿠키", I(["쿠키"], attrs=["수제"]), "수제쿠키"),
    ("compound", "수제 쿠키", I(["쿠키"], attrs=["수제"]), "수제쿠키"),
    ("compound", "천연비누", I(["비누"], attrs=["천연"]), "천연비누"),
    ("compound", "천연 비누", I(["비누"], attrs=["천연"]), "천연비누"),
    ("compound", "유기농녹차", I(["녹차"], attrs=["유기농"]), "유기농녹차"),
    ("compound", "유기농 녹차", I(["녹차"], attrs=["유기농"]), "유기농녹차"),
    (
        "compound",
        "친환경세제",
        I(["주방세제", "세탁세제"], near_types=["설거지바", "소프넛"], attrs=["친환경"]),
        "친환경세제",
    ),
    (
        "compound",
        "친환경 세제",
        I(["주방세제", "세탁세제"], near_types=["설거지바", "소프넛"], attrs=["친환경"]),
        "친환경세제",
    ),
    ("compound", "원목도마", I(["도마"], attrs=["원목"]), "원목도마"),
    ("compound", "원목 도마", I(["도마"], attrs=["원목"]), "원목도마"),
    ("compound", "대나무칫솔", I(["칫솔"]), "대나무칫솔"),
    ("compound", "대나무 칫솔", I(["칫솔"]), "대나무칫솔"),
    ("compound", "국산콩두부", I(["두부"], attrs=["국산"]), "국산콩두부"),
    ("compound", "국산콩 두부", I(["두부"], attrs=["국산"]), "국산콩두부"),
    ("compound", "폐현수막가방", I(["에코백", "장바구니", "토트백"], required_attrs=["업사이클"]), "폐현수막가방"),
    ("compound", "폐현수막 가방", I(["에코백", "장바구니", "토트백"], required_attrs=["업사이클"]), "폐현수막가방"),
    # particles
    ("particle", "비누를", SAME("비누")),
    ("particle", "커피를", SAME("커피")),
    ("particle", "쿠키가", SAME("쿠키")),
    ("particle", "떡은", SAME("떡")),
    ("particle", "반찬이랑", SAME("반찬")),
    ("particle", "캔들도", SAME("캔들")),
    ("particle", "에코백을", SAME("에코백")),
    ("particle", "도시락으로", SAME("도시락")),
    ("particle", "꿀이", SAME("꿀")),
    ("particle", "원두를", SAME("원두")),
    ("particle", "명함을", SAME("명함")),
    ("particle", "양말은", SAME("양말")),
    # typos
    ("typo", "수제쿠기", SAME("수제쿠키")),
    ("typo", "마들랜", SAME("마들렌")),
    ("typo", "티샤츠", SAME("티셔츠")),
    ("typo", "에코벡", SAME("에코백")),
    ("typo", "텀블로", SAME("텀블러")),
    ("typo", "콜드부르", SAME("콜드브루")),
    ("typo", "핸드크린", SAME("핸드크림")),
    ("typo", "도시럭", SAME("도시락")),
    ("typo", "녹챠", SAME("녹차")),
    ("typo", "켄들", SAME("캔들")),
    ("typo", "부라우니", I(["브라우니"])),
    ("typo", "드립벡", SAME("드립백")),
    ("typo", "밀키드", SAME("밀키트")),
    ("typo", "머그겁", SAME("머그컵")),
    # category words
    ("category", "생활용품", I(categories=["living"])),
    ("category", "가공식품", I(categories=["processed-food"])),
    ("category", "사무용품", I(categories=["office-supplies"])),
    ("category", "문구", I(categories=["stationery"])),
    ("category", "도자기", I(categories=["ceramics"])),
    ("category", "의류", I(categories=["clothing"])),
    ("category", "주방용품", I(categories=["kitchen"])),
    ("category", "농산물", I(categories=["produce"])),
    ("category", "청소 서비스", I(categories=["cleaning"])),
    ("category", "돌봄 서비스", I(categories=["care"])),
    ("category", "공예품", I(categories=["crafts"])),
    ("category", "인쇄물", I(categories=["printing"])),
    # no-answer: nobody sells these here
    ("no_answer", "아이폰", I(no_answer=True)),
    ("no_answer", "자동차 타이어", I(no_answer=True)),
    ("no_answer", "냉장고", I(no_answer=True)),
    ("no_answer", "노트북", I(no_answer=True)),
    ("no_answer", "세탁기", I(no_answer=True)),
    ("no_answer", "골프채", I(no_answer=True)),
    ("no_answer", "항공권", I(no_answer=True)),
    ("no_answer", "운동화", I(no_answer=True)),
    ("no_answer", "소고기 등심", I(no_answer=True)),
    ("no_answer", "전기자전거", I(no_answer=True)),
    ("no_answer", "침대 매트리스", I(no_answer=True)),
    ("no_answer", "게임기", I(no_answer=True)),
    ("no_answer", "정수기", I(no_answer=True)),
    ("no_answer", "커피머신", I(no_answer=True)),
    ("no_answer", "명품 시계", I(no_answer=True)),
    ("no_answer", "휴대폰 충전기", I(no_answer=True)),
    ("no_answer", "꽃게", I(no_answer=True)),
    ("no_answer", "와인", I(no_answer=True)),
    ("no_answer", "강아지 사료", I(no_answer=True)),
    ("no_answer", "헬스장 회원권", I(no_answer=True)),
]
CLASSES = [
    "intent",
    "district",
    "firm",
    "price",
    "synonym",
    "domain",
    "chosung",
    "category_intent",
    "mission",
    "noun",
    "compound",
    "particle",
    "typo",
    "category",
    "no_answer",
]


def build(catalogue: dict) -> list[dict]:
    firm_keys = {firm["name"]: firm["key"] for firm in catalogue["firms"]}
    types = set(catalogue["types"])
    texts = [row[1] for row in QUERIES]
    assert len(texts) == len(set(texts)), "a query appears twice"
    out, group_index = [], {}
    for number, row in enumerate(QUERIES, 1):
        klass, text, intent = row[:3]
        group = row[3] if len(row) > 3 else text
        assert klass in CLASSES, klass
        if isinstance(intent, tuple):
            intent = next(row[2] for row in QUERIES if row[1] == intent[1])
        intent = dict(intent)
        if "firm" in intent:
            intent["firm"] = firm_keys[intent["firm"]]
        for field in ("types", "near_types", "related_types"):
            unknown = set(intent.get(field, ())) - types
            assert not unknown, (text, unknown)
        groups = group_index.setdefault(klass, {})
        position = groups.setdefault(group, len(groups))
        out.append(
            {
                "id": f"q{number:03d}",
                "query": text,
                "class": klass,
                "split": "tuning" if position % 2 == 0 else "validation",
                "intent": intent,
            }
        )
    return out


def main() -> None:
    catalogue = json.loads((HERE / "catalogue.json").read_text(encoding="utf-8"))
    queries = build(catalogue)
    OUTPUT.write_text(json.dumps(queries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(
        f"{OUTPUT.relative_to(HERE.parents[1])}: {len(queries)} queries, "
        f"{sum(q['split'] == 'validation' for q in queries)} for validation"
    )


if __name__ == "__main__":
    main()
