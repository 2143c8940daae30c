"""Generate a large, realistic Korean catalogue for the search benchmarks, fast.

    DJANGO_SETTINGS_MODULE=market.settings.base DATABASE_URL=postgres://…/gachi_bench \
        python bench/generate_products.py --products 100000 [--firms 500] [--seed 7] [--reset]

Writes straight to the models with bulk_create (no services, no signals, no index updates): ~500 verified firms
with valid designations across Seoul's 25 districts and all designation kinds (plus a few pending firms and
firms whose listings are hidden, whose products are not public), products in the starter category tree with
social value tags, prices, stock (some 0, some below the minimum order) and titles composed from word lists
with skewed (Zipf-like) frequencies, so queries hit anything from a handful to tens of thousands of results.

The database named in DATABASE_URL must be a bench database (its name contains "bench"); it is created when
missing (the app's role has CREATEDB) and migrated. Idempotent: an already populated database is left alone
unless --reset is given. The same --seed gives the same data.
"""

import argparse
import datetime
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "market.settings.base")

# --- word lists -------------------------------------------------------------------------------------------
# Per leaf category: base products (name, lowest price, highest price, unit, minimum order), most common first,
# and the business words firms of that trade put in their names.
BASES = {
    "bakery": (
        ["베이커리", "제과", "빵공방"],
        [
            ("쿠키", 6000, 25000, "세트", 1),
            ("통밀빵", 4000, 9000, "개", 1),
            ("마들렌", 8000, 15000, "세트", 1),
            ("식빵", 4000, 8000, "개", 1),
            ("스콘", 3000, 12000, "개", 1),
            ("브라우니", 9000, 24000, "박스", 1),
            ("사워도우", 6000, 11000, "개", 1),
            ("파운드케이크", 15000, 32000, "개", 1),
            ("에그타르트", 8000, 12000, "세트", 1),
            ("쌀과자", 5000, 9000, "개", 1),
            ("카스텔라", 9000, 18000, "개", 1),
            ("휘낭시에", 9000, 16000, "세트", 1),
            ("약과", 8000, 20000, "박스", 1),
            ("크래커", 5000, 9500, "개", 1),
            ("바게트", 4000, 6500, "개", 1),
        ],
    ),
    "coffee-tea": (
        ["커피", "로스터리", "티하우스"],
        [
            ("원두", 9000, 42000, "개", 1),
            ("드립백 커피", 9000, 16000, "세트", 1),
            ("녹차 티백", 6000, 13000, "박스", 1),
            ("콜드브루", 11000, 18000, "개", 1),
            ("허브티", 9000, 22000, "세트", 1),
            ("보리차", 5000, 8000, "박스", 1),
            ("발효차", 15000, 30000, "개", 1),
            ("캡슐 커피", 8000, 15000, "박스", 1),
            ("유자차", 9000, 16000, "개", 1),
            ("루이보스", 8000, 14000, "박스", 1),
            ("더치커피", 12000, 25000, "개", 1),
        ],
    ),
    "produce": (
        ["농장", "도시농업", "팜"],
        [
            ("방울토마토", 12000, 25000, "박스", 1),
            ("쌈채소", 8000, 20000, "박스", 1),
            ("감자", 10000, 24000, "박스", 1),
            ("상추", 3000, 7000, "개", 1),
            ("과일 꾸러미", 25000, 45000, "박스", 1),
            ("현미", 25000, 60000, "개", 1),
            ("잡곡", 15000, 36000, "세트", 1),
            ("찰옥수수", 13000, 20000, "박스", 1),
            ("사과", 6000, 9000, "kg", 2),
            ("고구마", 12000, 22000, "박스", 1),
            ("블루베리", 15000, 30000, "팩", 1),
            ("표고버섯", 10000, 25000, "팩", 1),
        ],
    ),
    "processed-food": (
        ["푸드", "식품", "장독대"],
        [
            ("두부", 3000, 6500, "개", 1),
            ("딸기잼", 7000, 12000, "개", 1),
            ("고추장", 12000, 26000, "개", 1),
            ("만두", 8000, 15000, "개", 1),
            ("누룽지", 6000, 13000, "개", 1),
            ("한과", 25000, 60000, "세트", 1),
            ("과일식초", 12000, 22000, "개", 1),
            ("그래놀라", 9000, 15000, "개", 1),
            ("된장", 10000, 25000, "개", 1),
            ("김부각", 6000, 12000, "개", 1),
            ("조청", 9000, 18000, "개", 1),
            ("떡국떡", 6000, 11000, "팩", 1),
        ],
    ),
    "soap-care": (
        ["자연", "리빙", "비누공방"],
        [
            ("비누", 4000, 9000, "개", 1),
            ("주방세제", 5000, 11000, "개", 1),
            ("세탁세제", 9000, 18000, "개", 1),
            ("샴푸바", 9000, 15000, "개", 1),
            ("설거지 비누", 5000, 13000, "세트", 1),
            ("핸드워시", 6000, 12000, "개", 1),
            ("대나무 칫솔", 3000, 10000, "세트", 1),
            ("소프넛", 9000, 16000, "개", 1),
            ("손세정제", 6000, 70000, "개", 1),
            ("섬유유연제", 8000, 14000, "개", 1),
        ],
    ),
    "kitchen": (
        ["리빙", "살림"],
        [
            ("텀블러", 12000, 32000, "개", 1),
            ("수세미", 2000, 5500, "개", 1),
            ("밀랍랩", 12000, 22000, "세트", 1),
            ("실리콘 지퍼백", 12000, 26000, "세트", 1),
            ("스테인리스 빨대", 5000, 11000, "세트", 1),
            ("유리 밀폐용기", 20000, 45000, "세트", 1),
            ("행주", 6000, 15000, "세트", 1),
            ("도시락통", 12000, 28000, "개", 1),
            ("나무 주걱", 6000, 14000, "개", 1),
            ("보온병", 18000, 38000, "개", 1),
        ],
    ),
    "eco-bags": (
        ["업사이클", "에코", "공방"],
        [
            ("에코백", 8000, 28000, "개", 1),
            ("장바구니", 5000, 13000, "개", 1),
            ("토트백", 15000, 32000, "개", 1),
            ("보냉백", 10000, 20000, "개", 1),
            ("파우치", 6000, 14000, "개", 1),
            ("캔버스 백", 14000, 27000, "개", 1),
            ("크로스백", 18000, 36000, "개", 1),
            ("장가방", 7000, 15000, "개", 1),
        ],
    ),
    "clothing": (
        ["의류", "패브릭", "봉제"],
        [
            ("티셔츠", 15000, 35000, "개", 1),
            ("앞치마", 15000, 30000, "개", 1),
            ("양말", 5000, 15000, "세트", 1),
            ("후드집업", 40000, 78000, "개", 1),
            ("생활한복", 50000, 120000, "개", 1),
            ("파자마", 35000, 62000, "세트", 1),
            ("조끼", 12000, 22000, "개", 20),
            ("손수건", 4000, 9000, "개", 1),
            ("모자", 15000, 29000, "개", 1),
        ],
    ),
    "accessories": (
        ["공방", "디자인", "핸즈"],
        [
            ("카드지갑", 15000, 32000, "개", 1),
            ("스카프", 20000, 45000, "개", 1),
            ("팔찌", 9000, 20000, "개", 1),
            ("키링", 4000, 9000, "개", 1),
            ("귀걸이", 12000, 26000, "개", 1),
            ("브로치", 10000, 22000, "개", 1),
            ("머리끈", 3000, 7000, "세트", 1),
            ("열쇠고리", 4000, 8000, "개", 1),
        ],
    ),
    "ceramics": (
        ["도예", "도자공방"],
        [
            ("머그컵", 15000, 32000, "개", 1),
            ("찻잔", 20000, 75000, "세트", 1),
            ("접시", 15000, 38000, "개", 1),
            ("화분", 12000, 30000, "개", 1),
            ("수저받침", 10000, 25000, "세트", 1),
            ("밥공기", 15000, 58000, "세트", 1),
            ("도자기 컵", 12000, 28000, "개", 1),
            ("다기 세트", 60000, 150000, "세트", 1),
        ],
    ),
    "woodwork": (
        ["목공소", "우드", "나무공방"],
        [
            ("도마", 20000, 45000, "개", 1),
            ("수저 세트", 12000, 26000, "세트", 1),
            ("트레이", 25000, 60000, "개", 1),
            ("명함꽂이", 10000, 20000, "개", 1),
            ("방향제", 6000, 14000, "세트", 1),
            ("스툴", 50000, 110000, "개", 1),
            ("원목 블록", 25000, 52000, "세트", 1),
            ("연필꽂이", 9000, 18000, "개", 1),
        ],
    ),
    "stationery": (
        ["페이퍼", "디자인", "문구"],
        [
            ("노트", 5000, 16000, "개", 1),
            ("엽서", 1500, 13000, "세트", 1),
            ("필통", 12000, 26000, "개", 1),
            ("책갈피", 3000, 7000, "개", 1),
            ("스티커", 2500, 6000, "개", 1),
            ("다이어리", 12000, 24000, "개", 1),
            ("달력", 5000, 12000, "개", 1),
            ("편지지", 4000, 9000, "세트", 1),
        ],
    ),
    "office-supplies": (
        ["오피스", "사무용품"],
        [
            ("복사용지", 20000, 32000, "박스", 1),
            ("볼펜", 5000, 11000, "세트", 1),
            ("서류봉투", 8000, 15000, "세트", 1),
            ("클리어 화일", 6000, 14000, "세트", 1),
            ("토너 카트리지", 30000, 65000, "개", 1),
            ("포스트잇", 3000, 8000, "세트", 1),
            ("파일 박스", 8000, 16000, "세트", 1),
            ("스테이플러", 6000, 12000, "개", 1),
        ],
    ),
    "printing": (
        ["인쇄", "프린팅", "디자인"],
        [
            ("명함", 12000, 28000, "세트", 1),
            ("현수막", 40000, 80000, "개", 1),
            ("리플렛", 80000, 160000, "세트", 1),
            ("포스터", 50000, 130000, "세트", 1),
            ("X배너", 30000, 60000, "개", 1),
            ("소식지", 600000, 1600000, "회", 1),
            ("스티커 인쇄", 15000, 38000, "세트", 1),
        ],
    ),
    "catering": (
        ["케이터링", "도시락", "밥상"],
        [
            ("도시락", 7000, 15000, "개", 10),
            ("다과 세트", 50000, 110000, "세트", 1),
            ("샌드위치", 6000, 13000, "개", 10),
            ("케이터링", 150000, 2200000, "회", 1),
            ("떡 세트", 4000, 9000, "개", 20),
            ("김밥", 4000, 9500, "개", 10),
            ("주먹밥", 3000, 6000, "개", 10),
            ("반찬 세트", 12000, 30000, "세트", 1),
        ],
    ),
    "cleaning": (
        ["클린", "환경", "방역"],
        [
            ("사무실 청소", 200000, 600000, "회", 1),
            ("방역 소독", 60000, 150000, "회", 1),
            ("에어컨 세척", 60000, 120000, "회", 1),
            ("입주 청소", 300000, 550000, "회", 1),
            ("계단 청소", 120000, 280000, "회", 1),
            ("유리창 청소", 100000, 260000, "회", 1),
        ],
    ),
    "education": (
        ["교육", "배움터", "아카데미"],
        [
            ("목공 체험", 20000, 45000, "회", 1),
            ("제로웨이스트 워크숍", 15000, 35000, "회", 1),
            ("바리스타 클래스", 25000, 50000, "회", 1),
            ("코딩 교실", 60000, 140000, "회", 1),
            ("비누 만들기 체험", 12000, 25000, "회", 10),
            ("텃밭 교육", 15000, 40000, "회", 1),
            ("도예 체험", 20000, 40000, "회", 1),
        ],
    ),
    "care": (
        ["돌봄", "케어", "복지"],
        [
            ("방문 돌봄", 40000, 75000, "회", 1),
            ("산후 돌봄", 400000, 900000, "회", 1),
            ("방과후 돌봄", 120000, 300000, "회", 1),
            ("병원 동행", 20000, 45000, "회", 1),
            ("반찬 배달", 50000, 120000, "회", 1),
            ("반려동물 돌봄", 15000, 25000, "회", 1),
        ],
    ),
}
SERVICE_CATEGORIES = {"cleaning", "education", "care", "catering", "printing"}

# Per category group: words before the base product (most common first; a title takes zero to two) and sizes.
MODIFIERS = {
    "food": [
        "수제",
        "유기농",
        "국산",
        "선물용",
        "무농약",
        "친환경",
        "비건",
        "프리미엄",
        "제철",
        "로컬",
        "무설탕",
        "전통",
        "공정무역",
        "대용량",
        "미니",
        "저염",
        "우리밀",
        "저탄소",
    ],
    "living": [
        "친환경",
        "천연",
        "업사이클",
        "리필용",
        "대용량",
        "무향",
        "핸드메이드",
        "제로웨이스트",
        "대나무",
        "순면",
        "미니",
        "휴대용",
        "기관용",
    ],
    "fashion": [
        "오가닉",
        "천연염색",
        "업사이클",
        "핸드메이드",
        "순면",
        "공정무역",
        "한정판",
        "자수",
        "리사이클",
        "한지",
        "단체",
    ],
    "crafts": ["핸드메이드", "수제", "편백", "선물용", "한지", "월넛", "백자", "분청", "재생지", "각인", "미니"],
    "office": ["재생", "친환경", "기관용", "대용량", "행사용", "콩기름", "맞춤", "단체", "회의용"],
    "services": ["친환경", "정기", "단체", "기관", "주말", "맞춤", "방문", "소규모", "전문", "1:1"],
}
PACKS = {
    "food": [
        "2개입",
        "4개입",
        "6개입",
        "10개입",
        "12개입",
        "20개입",
        "100g",
        "200g",
        "500g",
        "1kg",
        "2kg",
        "5kg",
        "300ml",
        "500ml",
        "1L",
    ],
    "living": ["2개입", "3개입", "5개입", "300ml", "500ml", "1L", "2L", "S", "M", "L"],
    "fashion": ["S", "M", "L", "XL", "Free", "2종", "3족", "5장"],
    "crafts": ["대", "중", "소", "2P", "5P", "A5", "B6", "10매"],
    "office": ["100매", "500매", "2500매", "10자루", "500부", "1000부", "A4", "A3", "5m"],
    "services": ["(1회)", "(2시간)", "(월 4회)", "(주 1회)", "(10인)", "(20인)", "(50인)", "(100㎡)"],
}
# Words after the base product (goods only).
SUFFIXES = ["세트", "선물세트", "꾸러미", "박스", "리필", "샘플러", "패키지", "2종", "3종"]
ENGLISH = ["Organic", "Eco", "Handmade", "Vegan", "Gift Set", "Zero Waste", "Upcycled", "Premium", "Local", "Natural"]

NAME_WORDS = [
    "늘봄",
    "두레",
    "햇살",
    "나눔",
    "초록",
    "함께",
    "푸른",
    "새싹",
    "동행",
    "온기",
    "다온",
    "해밀",
    "누리",
    "가온",
    "한울",
    "보듬",
    "이음",
    "마중물",
    "품앗이",
    "어울림",
    "희망",
    "별빛",
    "꿈틀",
    "소풍",
    "바른",
    "들꽃",
    "솔빛",
    "모두",
    "착한",
    "우리",
    "빛고을",
    "살림",
    "마실",
    "한마음",
    "온새미로",
    "그린루프",
    "에코브릿지",
    "리플랜",
    "소셜포레스트",
    "위캔",
    "굿웨이브",
    "비욘드제로",
    "임팩트온",
    "오롯",
    "다솜",
    "라온",
    "미리내",
    "아람",
]
# Designation sets (first kind names the legal form), with weights.
COMBOS = [
    (("social_enterprise",), 22),
    (("social_cooperative", "social_enterprise"), 7),
    (("cooperative",), 13),
    (("social_cooperative",), 8),
    (("cooperative", "village_enterprise"), 6),
    (("village_enterprise",), 9),
    (("pre_social_regional",), 10),
    (("pre_social_ministry",), 6),
    (("self_sufficiency",), 7),
    (("self_sufficiency", "social_enterprise"), 3),
    (("social_venture",), 6),
    (("social_venture", "pre_social_ministry"), 3),
]
ISSUERS = {
    "social_enterprise": "고용노동부",
    "pre_social_regional": "서울특별시",
    "pre_social_ministry": "환경부",
    "cooperative": "서울특별시",
    "social_cooperative": "기획재정부",
    "village_enterprise": "행정안전부",
    "self_sufficiency": "보건복지부",
    "social_venture": "중소벤처기업부",
}
LEGAL_FORM = {
    "cooperative": "{name} 협동조합",
    "social_cooperative": "{name} 사회적협동조합",
    "village_enterprise": "{place}마을 {name}",
    "self_sufficiency": "{name} 자활",
    "social_venture": "(주){name}",
    "social_enterprise": "(주){name}",
    "pre_social_regional": "{name}",
    "pre_social_ministry": "(주){name}",
}
CATEGORY_COPY = {
    "food": [
        "국산 원료로 매일 만듭니다.",
        "방부제와 합성첨가물을 넣지 않았습니다.",
        "선물 포장을 무료로 해 드립니다.",
        "지역 소농에게 정당한 값을 치른 재료만 씁니다.",
        "회의·행사용 대량 주문도 가능합니다.",
        "수확한 날 바로 포장해 보냅니다.",
        "HACCP 인증 시설에서 생산합니다.",
    ],
    "living": [
        "식물성 원료로 만들어 물에서 잘 분해됩니다.",
        "리필 용기를 보내 주시면 다시 채워 드립니다.",
        "한 번 쓰고 버리는 물건을 줄여 줍니다.",
        "플라스틱 없는 포장으로 보냅니다.",
        "버려지는 현수막과 자투리 원단을 새 가방으로 만듭니다.",
        "튼튼한 박음질로 오래 씁니다.",
    ],
    "fashion": [
        "오가닉 원단과 천연 염료를 씁니다.",
        "지역 봉제 공방에서 한 벌씩 만듭니다.",
        "사이즈 교환은 무료입니다.",
        "작가와 함께 디자인한 한정 수량 제품입니다.",
        "모든 제품이 손으로 만들어 조금씩 다릅니다.",
    ],
    "crafts": [
        "공방에서 직접 빚고 구웠습니다.",
        "FSC 인증 목재와 국산 편백을 씁니다.",
        "식물성 오일로 마감했습니다.",
        "재생지와 콩기름 잉크로 만듭니다.",
        "각인 서비스를 제공합니다.",
        "단체 주문 시 맞춤 제작이 가능합니다.",
    ],
    "office": [
        "공공기관 우선구매 대상 제품입니다.",
        "재생 원료 비율을 제품마다 표시합니다.",
        "정기 납품 계약이 가능합니다.",
        "디자인부터 납품까지 한 번에 맡길 수 있습니다.",
        "다회용기로 배달하고 회수합니다.",
        "행사 규모에 맞춰 메뉴를 구성해 드립니다.",
    ],
    "services": [
        "전문 교육을 받은 직원이 방문합니다.",
        "친환경 세제와 소독제를 씁니다.",
        "학교·기관 단체 교육을 진행합니다.",
        "자격을 갖춘 돌봄 선생님이 방문합니다.",
        "이용 전 무료 상담을 진행합니다.",
        "공공기관·공동주택 정기 계약이 가능합니다.",
    ],
}
MISSION_TAGS = ["disability-employment", "senior-employment", "women-reemployment", "local-circulation", "fair-trade"]
SVI_GRADES = ["outstanding", "excellent", "good", "insufficient", "weak"]
PURPOSES = ["jobs", "social_service", "community", "mixed", "other"]


def zipf_weights(n: int, s: float = 0.9) -> list[float]:
    return [1 / (i + 1) ** s for i in range(n)]


def pick(rng: random.Random, items, s: float = 0.9):
    return rng.choices(items, weights=zipf_weights(len(items), s))[0]


def round_price(value: float) -> int:
    step = 1000 if value >= 20_000 else 500 if value >= 5_000 else 100
    return max(step, int(round(value / step)) * step)


# --- database setup -----------------------------------------------------------------------------------------
def bench_db_name() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL bench database (e.g. …/gachi_bench).")
    name = url.rsplit("/", 1)[-1].split("?", 1)[0]
    if "bench" not in name or not re.fullmatch(r"[a-z0-9_]+", name):
        sys.exit(f"Refusing to write to database {name!r}: its name must contain 'bench' ([a-z0-9_]).")
    return name


def ensure_database(name: str) -> bool:
    """Create the bench database when it is missing (through the server's maintenance database)."""
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], dbname="postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
        return True


# --- generation ---------------------------------------------------------------------------------------------
def generate(*, products: int, firms: int, seed: int) -> dict:
    # The demo seed's word lists (district place names, category tags, mission copy), shared.
    from django.db import connection, transaction
    from django.utils import timezone

    from market.catalog.models import Category, Product, ProductStatus, SocialValueTag
    from market.core.management.commands.seed_demo import CATEGORY_TAGS, PLACES, TAG_COPY
    from market.firms.models import Designation, DesignationStatus, District, Firm, VerificationStatus
    from market.firms.validators import registration_number_with_check_digit

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    districts = list(District.objects.order_by("code"))
    leaves = {c.slug: c for c in Category.objects.filter(parent__isnull=False).select_related("parent")}
    missing = sorted(set(BASES) - set(leaves))
    if missing:
        sys.exit(f"The starter category tree lacks {', '.join(missing)}; run the migrations.")
    tags = {t.slug: t for t in SocialValueTag.objects.all()}
    leaf_slugs = sorted(BASES)
    # Popular trades get more firms (food and living goods more than printing).
    leaf_weights = {
        slug: w
        for slug, w in zip(
            [
                "bakery",
                "coffee-tea",
                "soap-care",
                "eco-bags",
                "processed-food",
                "produce",
                "kitchen",
                "accessories",
                "clothing",
                "ceramics",
                "catering",
                "stationery",
                "woodwork",
                "office-supplies",
                "education",
                "cleaning",
                "care",
                "printing",
            ],
            zipf_weights(18, 0.6),
            strict=True,
        )
    }

    # Firms: `firms` selling ones, plus ~4% pending and ~4% hidden (a revoked designation), whose products are
    # not public.
    extra = max(1, firms // 25)
    firm_rows, firm_meta = [], []
    for i in range(firms + 2 * extra):
        combo = rng.choices([c for c, _ in COMBOS], weights=[w for _, w in COMBOS])[0]
        district = rng.choice(districts)
        place = rng.choice(PLACES.get(district.code, [district.name_ko[:-1]]))
        # One trade, sometimes two (a bakery that also roasts coffee).
        trades = list(
            dict.fromkeys(
                rng.choices(leaf_slugs, weights=[leaf_weights[s] for s in leaf_slugs], k=1 if rng.random() < 0.7 else 2)
            )
        )
        business = rng.choice(BASES[trades[0]][0])
        base_name = f"{rng.choice(NAME_WORDS)}{business}" if rng.random() < 0.6 else f"{place} {business}"
        name = LEGAL_FORM[combo[0]].format(name=base_name, place=place)
        kind = "selling" if i < firms else "pending" if i < firms + extra else "hidden"
        firm_rows.append(
            Firm(
                name=name,
                registration_number=registration_number_with_check_digit(f"{700_000_001 + i:09d}"),
                district=district,
                address=f"서울특별시 {district.name_ko} {place}로 {rng.randint(1, 300)}",
                description=f"{place}에서 {business} 일을 하는 {name}입니다.",
                purpose_type=rng.choice(PURPOSES),
                svi_grade=rng.choice(SVI_GRADES) if rng.random() < 0.6 else "",
                verification_status=VerificationStatus.PENDING if kind == "pending" else VerificationStatus.VERIFIED,
                verified_at=None if kind == "pending" else now - datetime.timedelta(days=rng.randint(1, 900)),
                listings_hidden_reason="유효한 지정이 없습니다 (no valid designation)." if kind == "hidden" else "",
                listings_hidden_since=now - datetime.timedelta(days=rng.randint(1, 60)) if kind == "hidden" else None,
            )
        )
        missions = rng.sample(MISSION_TAGS, k=rng.choice([0, 1, 1, 2]))
        firm_meta.append({"combo": combo, "trades": trades, "missions": missions, "place": place, "kind": kind})

    designation_rows = []
    with transaction.atomic():
        Firm.objects.bulk_create(firm_rows, batch_size=1000)
        numbers = iter(range(1, 10**7))
        for firm, meta in zip(firm_rows, firm_meta, strict=True):
            for kind in meta["combo"]:
                start = today - datetime.timedelta(days=rng.randint(30, 2500))
                valid_end = None if rng.random() < 0.6 else today + datetime.timedelta(days=rng.randint(30, 1000))
                designation_rows.append(
                    Designation(
                        firm=firm,
                        kind=kind,
                        issuer=ISSUERS[kind],
                        number=f"제{start.year}-{next(numbers):05d}호",
                        start_date=start,
                        end_date=valid_end,
                        status=DesignationStatus.REVOKED
                        if meta["kind"] == "hidden"
                        else (DesignationStatus.PENDING if meta["kind"] == "pending" else DesignationStatus.ACTIVE),
                    )
                )
            if rng.random() < 0.1:  # an expired earlier designation
                start = today - datetime.timedelta(days=rng.randint(1500, 3000))
                designation_rows.append(
                    Designation(
                        firm=firm,
                        kind="pre_social_regional",
                        issuer="서울특별시",
                        number=f"제{start.year}-{next(numbers):05d}호",
                        start_date=start,
                        end_date=start + datetime.timedelta(days=730),
                        status=DesignationStatus.ACTIVE,
                    )
                )
        Designation.objects.bulk_create(designation_rows, batch_size=2000)

    # Products per firm: skewed (a few big sellers, many small ones).
    firm_weights = zipf_weights(len(firm_rows), 0.8)
    rng.shuffle(firm_weights)
    firm_weights = [
        w * (1 if meta["kind"] == "selling" else 0.3) for w, meta in zip(firm_weights, firm_meta, strict=True)
    ]
    owners = rng.choices(range(len(firm_rows)), weights=firm_weights, k=products)

    through = Product.tags.through
    batch_size = 5000
    created = tag_links = 0
    for start in range(0, products, batch_size):
        batch, batch_tags = [], []
        for n in range(start, min(products, start + batch_size)):
            firm_index = owners[n]
            firm, meta = firm_rows[firm_index], firm_meta[firm_index]
            slug = rng.choice(meta["trades"]) if rng.random() < 0.92 else rng.choice(leaf_slugs)
            category = leaves[slug]
            base, low, high, unit, moq = pick(rng, BASES[slug][1], 0.7)
            service = slug in SERVICE_CATEGORIES and unit == "회"
            parts = []
            if rng.random() < 0.12:
                parts.append(meta["place"])
            group = "services" if service else "food" if slug == "catering" else category.parent.slug
            modifiers = MODIFIERS[group]
            for _ in range(rng.choices([0, 1, 2], weights=[3, 5, 2])[0]):
                word = pick(rng, modifiers, 1.0)
                if word not in parts:
                    parts.append(word)
            parts.append(base)
            if not service and rng.random() < 0.3:
                parts.append(pick(rng, SUFFIXES, 1.0))
            if rng.random() < 0.45:
                parts.append(rng.choice(PACKS[group]))
            if rng.random() < 0.08:
                parts.append(rng.choice(ENGLISH))
            title = " ".join(parts)[:200]

            chosen = [s for s in CATEGORY_TAGS[slug] if rng.random() < 0.7] + [
                s for s in meta["missions"] if rng.random() < 0.8
            ]
            if rng.random() < 0.05:
                chosen.append(rng.choice(sorted(tags)))
            chosen = list(dict.fromkeys(chosen))
            copy = CATEGORY_COPY[category.parent.slug]
            sentences = [
                f"{meta['place']}의 {firm.name}에서 만든 {base}입니다."
                if not service
                else f"{firm.name}이(가) 제공하는 {base} 서비스입니다."
            ]
            sentences += rng.sample(copy, k=2)
            sentences += [TAG_COPY[s] for s in chosen if s in TAG_COPY][:1]
            if rng.random() < 0.1:
                sentences.append(f"{rng.choice(ENGLISH)} {base} from Seoul.")

            roll = rng.random()
            status = (
                ProductStatus.PUBLISHED if roll < 0.94 else ProductStatus.DRAFT if roll < 0.98 else ProductStatus.HIDDEN
            )
            stock_roll = rng.random()
            if service:
                stock = 0 if stock_roll < 0.05 else rng.randint(5, 100)
            else:
                stock = 0 if stock_roll < 0.12 else int(rng.lognormvariate(3.5, 1.2)) + 1
            created_at = now - datetime.timedelta(seconds=rng.randint(0, 730 * 86400))
            product = Product(
                firm=firm,
                category=category,
                sku=f"B{n + 1:07d}" if rng.random() < 0.6 else "",
                title=title,
                description=" ".join(sentences),
                price=round_price(rng.uniform(low, high)),
                stock=min(stock, 10_000),
                unit=unit,
                min_order_quantity=moq,
                status=status,
                created_at=created_at,
                published_at=None
                if status == ProductStatus.DRAFT
                else created_at + datetime.timedelta(minutes=rng.randint(1, 600)),
            )
            batch.append(product)
            batch_tags.append(chosen)
        with transaction.atomic():
            Product.objects.bulk_create(batch, batch_size=batch_size)
            links = [
                through(product_id=p.pk, socialvaluetag_id=tags[s].pk)
                for p, slugs in zip(batch, batch_tags, strict=True)
                for s in slugs
            ]
            through.objects.bulk_create(links, batch_size=10_000)
        created += len(batch)
        tag_links += len(links)
        print(f"\r  products {created:>8,} / {products:,}", end="", flush=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "firms": len(firm_rows),
        "designations": len(designation_rows),
        "products": created,
        "tag_links": tag_links,
        "public_products": Product.objects.public().count(),
    }


def reset() -> None:
    from django.db import connection

    from market.catalog.models import Product
    from market.firms.models import Firm
    from search.models import PendingIndexUpdate, ProductSearchEntry

    tables = [
        ProductSearchEntry._meta.db_table,
        PendingIndexUpdate._meta.db_table,
        Product._meta.db_table,
        Firm._meta.db_table,
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument(
        "--firms",
        type=int,
        default=500,
        help="verified, selling firms (a few more are added whose products are not public)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reset", action="store_true", help="empty the bench catalogue first")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    name = bench_db_name()
    if ensure_database(name):
        print(f"created database {name}")

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"database {name}: migrated ({time.perf_counter() - started:.1f}s)")

    from market.catalog.models import Product

    existing = Product.objects.count()
    if existing and not args.reset:
        print(
            f"already populated: {existing:,} products ({Product.objects.public().count():,} public); "
            f"skipping (use --reset to regenerate)"
        )
        return 0
    if existing:
        reset()
        print(f"reset: removed {existing:,} products and their firms")

    t0 = time.perf_counter()
    counts = generate(products=args.products, firms=args.firms, seed=args.seed)
    took = time.perf_counter() - t0
    print(
        f"generated {counts['products']:,} products ({counts['public_products']:,} public), "
        f"{counts['firms']:,} firms, "
        f"{counts['designations']:,} designations, {counts['tag_links']:,} tag links"
    )
    print(
        f"generation took {took:.1f}s ({counts['products'] / took:,.0f} products/s); "
        f"total {time.perf_counter() - started:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
