"""`python manage.py seed_demo`: realistic Korean demo data, the same for the same --seed.

Firms are made through the firms services (firm_apply, firm_verify, firm_reject, designation_set_status), so
verification and listing visibility follow the real rules; products go through product_create and images
through product_image_add (renditions are made after each image commits; without Redis, in-process).
Everything the command makes is tied to e-mail addresses under @demo.gachi.kr, which is how --reset finds it.
"""

import contextlib
import datetime
import io
import logging
import os
import random
import re
import sys
import time
from collections import Counter
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from faker import Faker
from PIL import Image, ImageDraw, ImageFont
from tqdm import tqdm

from market.accounts.models import User, UserKind
from market.accounts.services import user_register_buyer
from market.catalog.images import product_image_add
from market.catalog.models import Category, Product, ProductImage, ProductStatus
from market.catalog.services import product_create
from market.firms.models import (
    Designation,
    DesignationStatus,
    District,
    Firm,
    FirmKind,
    PurposeType,
    SviGrade,
    VerificationStatus,
)
from market.firms.services import (
    designation_set_status,
    firm_apply,
    firm_refresh_listing_visibility,
    firm_reject,
    firm_verify,
)
from market.firms.validators import registration_number_with_check_digit
from market.procurement.demo import delete_demo_agencies, seed_agencies
from market.reports.demo import MAX_ORDERS, delete_demo_orders, officer_email, seed_citizen_orders

DEMO_DOMAIN = "demo.gachi.kr"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
ADMIN_PASSWORD = "gachi-admin-1234"
BUYER_EMAIL = f"buyer@{DEMO_DOMAIN}"
DEMO_PASSWORD = "gachi-demo-1234"

K = FirmKind

# --- Firms ------------------------------------------------------------------------------------------------

# Designation sets a firm may hold, with weights. The first kind names the firm's legal form.
# "history" marks a 예비사회적기업 designation that ended when the firm was certified (it "graduated").
COMBOS = [
    ((K.SOCIAL_ENTERPRISE,), 22),
    ((K.SOCIAL_COOPERATIVE, K.SOCIAL_ENTERPRISE), 7),
    ((K.COOPERATIVE,), 13),
    ((K.SOCIAL_COOPERATIVE,), 8),
    ((K.COOPERATIVE, K.VILLAGE_ENTERPRISE), 6),
    ((K.VILLAGE_ENTERPRISE,), 9),
    ((K.PRE_SOCIAL_REGIONAL,), 10),
    ((K.PRE_SOCIAL_MINISTRY,), 6),
    ((K.SELF_SUFFICIENCY,), 7),
    ((K.SELF_SUFFICIENCY, K.SOCIAL_ENTERPRISE), 3),
    ((K.SOCIAL_VENTURE,), 6),
    ((K.SOCIAL_VENTURE, K.PRE_SOCIAL_MINISTRY), 3),
    ((K.SOCIAL_ENTERPRISE, "history"), 4),
]

PRE_SOCIAL_MINISTRIES = [
    "환경부",
    "문화체육관광부",
    "농림축산식품부",
    "산림청",
    "국토교통부",
    "해양수산부",
    "국가보훈부",
    "여성가족부",
]
SOCIAL_COOP_MINISTRIES = ["기획재정부", "고용노동부", "보건복지부", "교육부", "환경부", "국토교통부", "여성가족부"]
VILLAGE_STAGES = ["예비", "신규", "재지정", "고도화"]

REJECTION_REASONS = [
    "사업자등록증의 상호와 신청서의 상호가 일치하지 않습니다. 서류를 다시 올려 주세요.",
    "제출하신 지정서 사본으로 지정번호를 확인할 수 없습니다 (the certificate copy is unreadable).",
    "공공 명부에 등록된 지정번호와 신청서의 번호가 다릅니다. 지정기관에 확인해 주세요.",
    "대표자 확인 서류가 누락되었습니다.",
]
REVOCATION_REASONS = [
    "인증요건 미충족: 사업보고서 2회 미제출",
    "고용노동부 인증 취소 (유급근로자 고용 요건 미달)",
    "부정한 방법으로 재정지원을 받아 인증이 취소됨",
]

# Words Korean social economy firms often take their names from, with a romanisation for web addresses.
NAME_WORDS = [
    ("늘봄", "neulbom"),
    ("두레", "dure"),
    ("햇살", "haessal"),
    ("나눔", "nanum"),
    ("초록", "chorok"),
    ("함께", "hamkke"),
    ("푸른", "pureun"),
    ("새싹", "saessak"),
    ("동행", "donghaeng"),
    ("온기", "ongi"),
    ("다온", "daon"),
    ("해밀", "haemil"),
    ("누리", "nuri"),
    ("가온", "gaon"),
    ("한울", "hanul"),
    ("보듬", "bodeum"),
    ("이음", "ieum"),
    ("마중물", "majungmul"),
    ("품앗이", "pumasi"),
    ("어울림", "eoullim"),
    ("희망", "huimang"),
    ("별빛", "byeolbit"),
    ("꿈틀", "kkumteul"),
    ("소풍", "sopung"),
    ("바른", "bareun"),
    ("들꽃", "deulkkot"),
    ("솔빛", "solbit"),
    ("모두", "modu"),
    ("착한", "chakhan"),
    ("우리", "uri"),
    ("빛고을", "bitgoeul"),
    ("살림", "sallim"),
    ("마실", "masil"),
    ("한마음", "hanmaeum"),
    ("온새미로", "onsaemiro"),
]
VENTURE_WORDS = [
    ("그린루프", "greenloop"),
    ("에코브릿지", "ecobridge"),
    ("리플랜", "replan"),
    ("업사이클랩", "upcyclelab"),
    ("모어댄", "morethan-demo"),
    ("소셜포레스트", "socialforest"),
    ("위캔", "wecan-demo"),
    ("굿웨이브", "goodwave"),
    ("비욘드제로", "beyondzero"),
    ("임팩트온", "impacton"),
    ("리턴박스", "returnbox"),
    ("오롯", "orot"),
]

# A couple of well-known neighbourhoods per district, for addresses and 마을기업 names.
PLACES = {
    "11110": ["혜화", "창신", "서촌"],
    "11140": ["을지로", "신당"],
    "11170": ["해방촌", "후암"],
    "11200": ["성수", "왕십리"],
    "11215": ["자양", "구의"],
    "11230": ["회기", "제기"],
    "11260": ["면목", "망우"],
    "11290": ["정릉", "장위", "성북"],
    "11305": ["수유", "미아"],
    "11320": ["창동", "방학"],
    "11350": ["상계", "공릉"],
    "11380": ["불광", "응암"],
    "11410": ["연희", "홍제"],
    "11440": ["망원", "성미산", "연남"],
    "11470": ["목동", "신월"],
    "11500": ["화곡", "방화"],
    "11530": ["구로", "개봉"],
    "11545": ["독산", "가산"],
    "11560": ["문래", "대림"],
    "11590": ["상도", "노량진"],
    "11620": ["신림", "봉천"],
    "11650": ["양재", "방배"],
    "11680": ["개포", "일원"],
    "11710": ["문정", "거여"],
    "11740": ["암사", "천호", "고덕"],
}

# --- Catalogue ----------------------------------------------------------------------------------------------

# leaf slug -> (business words for firm names, [(title, lowest price, highest price, unit, minimum order)])
CATALOG = {
    "bakery": (
        ["베이커리", "제과", "빵공방"],
        [
            ("우리밀 수제쿠키 세트", 12000, 25000, "세트", 1),
            ("유기농 통밀빵", 5000, 9000, "개", 1),
            ("천연발효 사워도우", 7000, 11000, "개", 1),
            ("쌀 마들렌 6개입", 9000, 14000, "세트", 1),
            ("비건 브라우니 박스", 15000, 24000, "박스", 1),
            ("단호박 식빵", 5500, 8000, "개", 1),
            ("에그타르트 4개입", 8000, 12000, "세트", 1),
            ("선물용 파운드케이크", 18000, 32000, "개", 1),
            ("회의용 미니 스콘 30개", 30000, 48000, "박스", 1),
            ("무설탕 통밀 크래커", 6000, 9500, "개", 1),
        ],
    ),
    "coffee-tea": (
        ["커피", "로스터리", "티하우스"],
        [
            ("공정무역 드립백 커피 10개입", 9000, 16000, "세트", 1),
            ("유기농 녹차 티백 25개입", 7000, 13000, "박스", 1),
            ("싱글오리진 원두 200g", 12000, 19000, "개", 1),
            ("콜드브루 원액 500ml", 11000, 18000, "개", 1),
            ("허브티 샘플러", 14000, 22000, "세트", 1),
            ("하동 발효차", 15000, 30000, "개", 1),
            ("Decaf 원두 500g", 20000, 32000, "개", 1),
            ("볶은 보리차 티백", 5000, 8000, "박스", 1),
            ("사무실용 원두 1kg", 25000, 42000, "kg", 1),
        ],
    ),
    "produce": (
        ["농장", "도시농업", "팜"],
        [
            ("친환경 방울토마토 2kg", 15000, 25000, "박스", 1),
            ("유기농 쌈채소 꾸러미", 12000, 20000, "박스", 1),
            ("무농약 햇감자 5kg", 14000, 24000, "박스", 1),
            ("도시농부 상추 500g", 4000, 7000, "개", 1),
            ("제철 과일 꾸러미", 25000, 45000, "박스", 1),
            ("유기농 현미 10kg", 38000, 60000, "개", 1),
            ("토종 잡곡 세트", 22000, 36000, "세트", 1),
            ("찰옥수수 10개입", 13000, 20000, "박스", 1),
            ("친환경 사과", 6000, 9000, "kg", 2),
        ],
    ),
    "processed-food": (
        ["푸드", "식품", "장독대"],
        [
            ("국산콩 손두부", 4000, 6500, "개", 1),
            ("수제 딸기잼", 7000, 12000, "개", 1),
            ("전통 고추장 1kg", 16000, 26000, "개", 1),
            ("우리밀 수제 만두", 9000, 15000, "개", 1),
            ("유기농 현미 누룽지", 8000, 13000, "개", 1),
            ("조청 유과 선물세트", 25000, 45000, "세트", 1),
            ("발효 과일식초", 12000, 22000, "개", 1),
            ("수제 그래놀라", 9000, 15000, "개", 1),
            ("명절 전통 한과 세트", 30000, 60000, "세트", 1),
        ],
    ),
    "soap-care": (
        ["자연", "리빙", "비누공방"],
        [
            ("천연 수제비누", 5000, 9000, "개", 1),
            ("친환경 주방세제", 6000, 11000, "개", 1),
            ("EM 세탁세제 리필", 9000, 16000, "개", 1),
            ("고체 샴푸바", 9000, 15000, "개", 1),
            ("설거지 비누 3개입", 8000, 13000, "세트", 1),
            ("무향 핸드워시 리필팩", 7000, 12000, "개", 1),
            ("대나무 칫솔 4개입", 6000, 10000, "세트", 1),
            ("소프넛 천연세제", 10000, 16000, "개", 1),
            ("기관용 손세정제 박스", 40000, 70000, "박스", 1),
        ],
    ),
    "kitchen": (
        ["리빙", "살림"],
        [
            ("실리콘 지퍼백 세트", 15000, 26000, "세트", 1),
            ("밀랍 랩 Beeswax Wrap 3종", 14000, 22000, "세트", 1),
            ("천연 수세미 루파", 3000, 5500, "개", 1),
            ("스테인리스 빨대 세트", 6000, 11000, "세트", 1),
            ("유리 밀폐용기 세트", 25000, 45000, "세트", 1),
            ("면 행주 5장", 9000, 15000, "세트", 1),
            ("대나무 주걱·뒤집개", 8000, 14000, "세트", 1),
        ],
    ),
    "eco-bags": (
        ["업사이클", "에코", "공방"],
        [
            ("업사이클링 에코백", 15000, 28000, "개", 1),
            ("면 장바구니", 6000, 12000, "개", 1),
            ("폐현수막 장바구니", 7000, 13000, "개", 1),
            ("커피 마대 토트백", 18000, 32000, "개", 1),
            ("접이식 장바구니", 8000, 14000, "개", 1),
            ("Organic 캔버스 백", 16000, 27000, "개", 1),
            ("다회용 보냉백", 12000, 20000, "개", 1),
            ("행사 기념품 에코백 (로고 인쇄)", 4000, 8000, "개", 50),
        ],
    ),
    "clothing": (
        ["의류", "패브릭", "봉제"],
        [
            ("오가닉 코튼 티셔츠", 19000, 35000, "개", 1),
            ("천연염색 앞치마", 18000, 30000, "개", 1),
            ("리사이클 후드집업", 45000, 78000, "개", 1),
            ("공정무역 양말 3족", 9000, 15000, "세트", 1),
            ("생활한복 저고리", 60000, 120000, "개", 1),
            ("유기농 면 파자마", 38000, 62000, "세트", 1),
            ("단체 조끼 (기관 행사용)", 12000, 22000, "개", 20),
        ],
    ),
    "accessories": (
        ["공방", "디자인", "핸즈"],
        [
            ("업사이클 가죽 카드지갑", 18000, 32000, "개", 1),
            ("폐현수막 파우치", 8000, 14000, "개", 1),
            ("자수 손수건", 7000, 12000, "개", 1),
            ("천연염색 스카프", 25000, 45000, "개", 1),
            ("비즈 팔찌 (발달장애 작가 디자인)", 12000, 20000, "개", 1),
            ("Eco 키링", 5000, 9000, "개", 1),
            ("한지 귀걸이", 15000, 26000, "개", 1),
        ],
    ),
    "ceramics": (
        ["도예", "도자공방"],
        [
            ("핸드메이드 머그컵", 18000, 32000, "개", 1),
            ("분청 찻잔 세트", 40000, 75000, "세트", 1),
            ("백자 접시 (중)", 22000, 38000, "개", 1),
            ("도자기 화분", 15000, 30000, "개", 1),
            ("수저받침 5P", 15000, 25000, "세트", 1),
            ("커플 밥공기 세트", 35000, 58000, "세트", 1),
        ],
    ),
    "woodwork": (
        ["목공소", "우드", "나무공방"],
        [
            ("편백 원목 도마", 25000, 45000, "개", 1),
            ("원목 수저 세트", 15000, 26000, "세트", 1),
            ("월넛 트레이", 35000, 60000, "개", 1),
            ("원목 명함꽂이", 12000, 20000, "개", 1),
            ("편백 큐브 방향제", 8000, 14000, "세트", 1),
            ("원목 스툴", 60000, 110000, "개", 1),
            ("어린이 원목 블록", 30000, 52000, "세트", 1),
        ],
    ),
    "stationery": (
        ["페이퍼", "디자인", "문구"],
        [
            ("업사이클 가죽 필통", 15000, 26000, "개", 1),
            ("서울 골목 엽서 세트", 8000, 13000, "세트", 1),
            ("한지 표지 수제 노트", 9000, 16000, "개", 1),
            ("캘리그라피 책갈피", 4000, 7000, "개", 1),
            ("일러스트 스티커 팩", 3500, 6000, "개", 1),
            ("만년 다이어리", 15000, 24000, "개", 1),
        ],
    ),
    "office-supplies": (
        ["오피스", "사무용품"],
        [
            ("재생 복사용지 A4 2500매", 22000, 32000, "박스", 1),
            ("친환경 볼펜 10자루", 6000, 11000, "세트", 1),
            ("크라프트 서류봉투 100매", 9000, 15000, "세트", 1),
            ("재생지 노트 5권", 7000, 12000, "세트", 1),
            ("사무용 클리어 화일 세트", 8000, 14000, "세트", 1),
            ("재생지 탁상 달력", 5000, 9000, "개", 10),
            ("토너 재생 카트리지", 35000, 65000, "개", 1),
        ],
    ),
    "printing": (
        ["인쇄", "프린팅", "디자인"],
        [
            ("재생지 명함 200매", 15000, 28000, "세트", 1),
            ("친환경 현수막 (5m)", 45000, 80000, "개", 1),
            ("A4 3단 리플렛 500부", 90000, 160000, "세트", 1),
            ("콩기름 인쇄 포스터 A2 100부", 70000, 130000, "세트", 1),
            ("행사 X배너", 35000, 60000, "개", 1),
            ("굿즈 스티커 100매", 20000, 38000, "세트", 1),
            ("기관 소식지 편집·인쇄 (16면, 1000부)", 900000, 1600000, "회", 1),
        ],
    ),
    "catering": (
        ["케이터링", "도시락", "밥상"],
        [
            ("친환경 한식 도시락", 9000, 15000, "개", 10),
            ("행사용 다과 세트 (10인)", 60000, 110000, "세트", 1),
            ("비건 샌드위치 박스", 8000, 13000, "개", 10),
            ("커피 브레이크 케이터링 (20인)", 180000, 320000, "회", 1),
            ("답례품 떡 세트", 5000, 9000, "개", 20),
            ("회의용 김밥 도시락", 6000, 9500, "개", 10),
            ("뷔페 케이터링 (50인 기준)", 1200000, 2200000, "회", 1),
        ],
    ),
    "cleaning": (
        ["클린", "환경", "방역"],
        [
            ("사무실 정기 청소 (월 4회)", 300000, 600000, "회", 1),
            ("방역 소독 서비스 (100㎡)", 80000, 150000, "회", 1),
            ("에어컨 분해 세척", 70000, 120000, "회", 1),
            ("입주 청소 (30평형)", 350000, 550000, "회", 1),
            ("공동주택 계단 청소 (월)", 150000, 280000, "회", 1),
            ("유리창 청소 (외벽 제외)", 120000, 260000, "회", 1),
        ],
    ),
    "education": (
        ["교육", "배움터", "아카데미"],
        [
            ("목공 체험 교실 (2시간)", 25000, 45000, "회", 1),
            ("제로웨이스트 워크숍", 20000, 35000, "회", 1),
            ("바리스타 체험 클래스", 30000, 50000, "회", 1),
            ("어린이 coding 교실 (4회)", 80000, 140000, "회", 1),
            ("천연비누 만들기 체험 (단체)", 15000, 25000, "회", 10),
            ("사회적경제 기관 교육 (20인)", 400000, 800000, "회", 1),
            ("도시농업 텃밭 교육", 20000, 40000, "회", 1),
        ],
    ),
    "care": (
        ["돌봄", "케어", "복지"],
        [
            ("어르신 방문 돌봄 (3시간)", 45000, 75000, "회", 1),
            ("산후 돌봄 서비스 (5일)", 500000, 900000, "회", 1),
            ("아동 방과후 돌봄 (월)", 150000, 300000, "회", 1),
            ("병원 동행 서비스", 25000, 45000, "회", 1),
            ("반찬 배달 안부 돌봄 (주 2회)", 60000, 120000, "회", 1),
            ("반려동물 산책 돌봄", 15000, 25000, "회", 1),
        ],
    ),
}
SERVICE_CATEGORIES = {"cleaning", "education", "care"}
PUBLIC_BUYER_CATEGORIES = {"office-supplies", "printing", "catering", "cleaning"}
GIFT_CATEGORIES = {
    "bakery",
    "coffee-tea",
    "processed-food",
    "soap-care",
    "kitchen",
    "accessories",
    "ceramics",
    "woodwork",
    "stationery",
}
BULK_CATEGORIES = {"coffee-tea", "soap-care", "processed-food", "kitchen"}

CATEGORY_COPY = {
    "bakery": [
        "국산 우리밀과 유기농 설탕으로 매일 아침 굽습니다.",
        "방부제와 마가린을 넣지 않았습니다.",
        "선물 포장을 무료로 해 드립니다.",
    ],
    "coffee-tea": [
        "생산자에게 정당한 값을 치른 원료만 씁니다.",
        "주문을 받은 뒤 소량씩 로스팅합니다.",
        "회의·행사용 대량 주문도 가능합니다.",
    ],
    "produce": [
        "서울 근교 소농과 도시농부가 기른 제철 농산물입니다.",
        "수확한 날 바로 포장해 보냅니다.",
        "모양은 조금 달라도 맛은 같습니다.",
    ],
    "processed-food": [
        "국산 원료로 전통 방식 그대로 만듭니다.",
        "합성보존료를 넣지 않았습니다.",
        "HACCP 인증 시설에서 생산합니다.",
    ],
    "soap-care": [
        "식물성 원료로 만들어 물에서 잘 분해됩니다.",
        "리필 용기를 보내 주시면 다시 채워 드립니다.",
        "민감한 피부에도 자극이 적습니다.",
    ],
    "kitchen": [
        "한 번 쓰고 버리는 주방용품을 줄여 줍니다.",
        "세척 후 여러 번 다시 쓸 수 있습니다.",
        "플라스틱 없는 포장으로 보냅니다.",
    ],
    "eco-bags": [
        "버려지는 현수막과 자투리 원단을 새 가방으로 만듭니다.",
        "튼튼한 박음질로 오래 씁니다.",
        "기관 로고 인쇄 주문을 받습니다.",
    ],
    "clothing": [
        "오가닉 원단과 천연 염료를 씁니다.",
        "지역 봉제 공방에서 한 벌씩 만듭니다.",
        "사이즈 교환은 무료입니다.",
    ],
    "accessories": [
        "작가와 함께 디자인한 한정 수량 제품입니다.",
        "모든 제품이 손으로 만들어 조금씩 다릅니다.",
        "선물 포장이 가능합니다.",
    ],
    "ceramics": [
        "공방에서 직접 빚고 1250도에서 구웠습니다.",
        "식기세척기와 전자레인지에 쓸 수 있습니다.",
        "손으로 만들어 모양과 색이 조금씩 다릅니다.",
    ],
    "woodwork": ["FSC 인증 목재와 국산 편백을 씁니다.", "식물성 오일로 마감했습니다.", "각인 서비스를 제공합니다."],
    "stationery": [
        "재생지와 콩기름 잉크로 만듭니다.",
        "서울의 골목 풍경을 작가가 그렸습니다.",
        "단체 주문 시 맞춤 제작이 가능합니다.",
    ],
    "office-supplies": [
        "공공기관 우선구매 대상 제품입니다.",
        "재생 원료 비율을 제품마다 표시합니다.",
        "정기 납품 계약이 가능합니다.",
    ],
    "printing": [
        "재생지와 콩기름 잉크로 인쇄합니다.",
        "디자인부터 납품까지 한 번에 맡길 수 있습니다.",
        "공공기관 수의계약 실적이 있습니다.",
    ],
    "catering": [
        "지역 농가의 제철 식재료로 당일 조리합니다.",
        "다회용기로 배달하고 회수합니다.",
        "행사 규모에 맞춰 메뉴를 구성해 드립니다.",
    ],
    "cleaning": [
        "전문 교육을 받은 직원이 방문합니다.",
        "친환경 세제와 소독제를 씁니다.",
        "공공기관·공동주택 정기 계약이 가능합니다.",
    ],
    "education": [
        "체험 재료비가 포함된 가격입니다.",
        "학교·기관 단체 교육을 진행합니다.",
        "경력 강사가 직접 찾아갑니다.",
    ],
    "care": [
        "자격을 갖춘 돌봄 선생님이 방문합니다.",
        "바우처 이용이 가능한지 먼저 안내해 드립니다.",
        "이용 전 무료 상담을 진행합니다.",
    ],
}

# Tags each category's products usually carry; firms add the tags of their own social mission.
CATEGORY_TAGS = {
    "bakery": ["handmade", "local-farms"],
    "coffee-tea": ["fair-trade"],
    "produce": ["local-farms", "eco-friendly"],
    "processed-food": ["local-farms", "handmade"],
    "soap-care": ["eco-friendly", "zero-waste"],
    "kitchen": ["zero-waste", "eco-friendly"],
    "eco-bags": ["upcycling", "zero-waste"],
    "clothing": ["eco-friendly", "handmade"],
    "accessories": ["upcycling", "handmade"],
    "ceramics": ["handmade"],
    "woodwork": ["handmade", "eco-friendly"],
    "stationery": ["eco-friendly", "handmade"],
    "office-supplies": ["eco-friendly"],
    "printing": ["eco-friendly"],
    "catering": ["local-farms", "zero-waste"],
    "cleaning": ["social-service", "eco-friendly"],
    "education": ["social-service"],
    "care": ["social-service"],
}
EMPLOYMENT_TAGS = ["disability-employment", "senior-employment", "women-reemployment"]
TAG_COPY = {
    "disability-employment": "발달장애인 직원들이 함께 만듭니다.",
    "senior-employment": "지역 어르신들의 일자리를 만듭니다.",
    "women-reemployment": "경력단절여성이 다시 일터로 돌아오는 회사입니다.",
    "local-farms": "지역 소농과 직거래해 정당한 값을 치릅니다.",
    "local-circulation": "수익은 마을 공동체로 다시 돌아갑니다.",
    "fair-trade": "공정무역 인증 원료를 씁니다.",
    "upcycling": "버려지는 자원에 새 쓸모를 찾아 줍니다.",
}

# Category group -> base colour of its generated images; each leaf gets its own shape.
GROUP_COLOURS = {
    "food": (231, 140, 69),
    "living": (88, 160, 110),
    "fashion": (142, 104, 173),
    "crafts": (170, 120, 82),
    "office": (70, 120, 190),
    "services": (46, 150, 160),
}
SHAPES = ["circle", "square", "triangle", "diamond", "hexagon", "ring"]


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@contextlib.contextmanager
def quiet_task_logs():
    """Eager Celery logs every task at INFO (and kombu warns that memory:// has no host name); a thousand such
    lines would bury the progress bar."""
    loggers = {
        logging.getLogger("celery.app.trace"): logging.WARNING,
        logging.getLogger("kombu.connection"): logging.ERROR,
    }
    levels = {logger: logger.level for logger in loggers}
    for logger, level in loggers.items():
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, level in levels.items():
            logger.setLevel(level)


def remove_empty_folders(folders) -> None:
    """Tidy the media folders emptied by --reset (local file storage only; other storages have no folders)."""
    candidates = folders | {os.path.dirname(f) for f in folders}
    for folder in sorted((f for f in candidates if f.startswith("products/")), key=len, reverse=True):
        try:
            os.rmdir(default_storage.path(folder))
        except (OSError, NotImplementedError):
            pass


def sku_code(slug: str) -> str:
    """bakery -> BAK, coffee-tea -> CT: a short code for the seller's product codes."""
    parts = slug.split("-")
    return (slug[:3] if len(parts) == 1 else "".join(part[0] for part in parts)).upper()


def round_price(value: float) -> int:
    """Whole won, in steps shoppers expect: 100 won under 20,000, 500 under 100,000, else 1,000."""
    step = 100 if value < 20_000 else 500 if value < 100_000 else 1_000
    return max(100, int(round(value / step)) * step)


class Command(BaseCommand):
    help = "Create realistic, deterministic demo data (firms, designations, products, images)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--firms", type=int, default=120, help="how many firms (default 120; 25 or more cover all districts)"
        )
        parser.add_argument("--products", type=int, default=1200, help="how many products (default 1200)")
        parser.add_argument(
            "--images", type=int, default=None, help="how many products get a generated image (default: all)"
        )
        parser.add_argument("--seed", type=int, default=42, help="random seed; the same seed gives the same data")
        parser.add_argument("--reset", action="store_true", help="delete earlier demo data first")

    def handle(self, *args, firms, products, images, seed, reset, verbosity, **options):
        if firms < 1 or products < 0:
            raise CommandError("--firms must be at least 1 and --products at least 0.")
        images = products if images is None else images
        if not 0 <= images <= products:
            raise CommandError("--images must be between 0 and --products.")
        self.verbosity = verbosity
        started = time.monotonic()

        if reset:
            self._reset()
        elif User.objects.filter(email=ADMIN_EMAIL).exists():
            self.stdout.write(
                f"Demo data already exists ({ADMIN_EMAIL}); nothing to do. Run with --reset to build it again."
            )
            return

        self.rng = random.Random(seed)
        self.fake = Faker("ko_KR")
        self.fake.seed_instance(seed)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.timings = {}

        with transaction.atomic():
            phase = time.monotonic()
            admin = User.objects.create_superuser(
                email=ADMIN_EMAIL, password=ADMIN_PASSWORD, display_name="같이마켓 운영자"
            )
            user_register_buyer(
                email=BUYER_EMAIL, password=DEMO_PASSWORD, display_name=self.fake.name(), district_code="11440"
            )
            firm_list = self._create_firms(firms, admin)
            self.timings["firms"] = time.monotonic() - phase
            phase = time.monotonic()
            product_list = self._create_products(products, firm_list)
            self.timings["products"] = time.monotonic() - phase
        # Images outside the transaction: each commits on its own and its renditions follow the commit.
        phase = time.monotonic()
        self._add_images(product_list, images, seed)
        self.timings["images"] = time.monotonic() - phase
        # Agencies last: their year of purchases goes through the services, each step committing on its own.
        phase = time.monotonic()
        self.agency_counts = seed_agencies(
            rng=random.Random(seed), operator=admin, domain=DEMO_DOMAIN, password=DEMO_PASSWORD, today=self.today
        )
        self.timings["agencies"] = time.monotonic() - phase
        # Citizens' year of orders (a smaller catalogue, fewer orders), then the reports' table filled at once.
        phase = time.monotonic()
        self.citizen_counts = seed_citizen_orders(
            rng=random.Random(seed),
            domain=DEMO_DOMAIN,
            password=DEMO_PASSWORD,
            orders=min(MAX_ORDERS, max(40, products // 4)),
        )
        self.timings["citizens"] = time.monotonic() - phase
        self._report(firm_list, time.monotonic() - started)

    # --- reset ----------------------------------------------------------------------------------------------

    def _reset(self):
        demo_users = User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}")
        firm_ids = list(
            Firm.objects.filter(members__user__in=demo_users).order_by().values_list("pk", flat=True).distinct()
        )
        files = []
        for original, pending, renditions in ProductImage.objects.filter(product__firm_id__in=firm_ids).values_list(
            "original", "pending_upload", "renditions"
        ):
            files += [name for name in (original, pending, *(renditions or {}).values()) if name]
        try:
            with transaction.atomic():
                delete_demo_agencies(demo_users, firm_ids)
                delete_demo_orders(demo_users)
                Firm.objects.filter(pk__in=firm_ids).delete()
                deleted_users = demo_users.delete()[1].get(User._meta.label, 0)
        except ProtectedError as exc:
            raise CommandError(f"Demo data is referenced by other records and cannot be deleted: {exc}") from None
        for name in files:
            if name:
                default_storage.delete(name)
        remove_empty_folders({os.path.dirname(name) for name in files if name})
        self.stdout.write(
            f"Deleted the earlier demo data: {len(firm_ids)} firms, {deleted_users} users, {len(files)} image files."
        )

    # --- firms ----------------------------------------------------------------------------------------------

    def _states(self, n: int) -> list[str]:
        """What becomes of each firm: most sell; some expired, pending, rejected or revoked."""
        special = {
            "expired": max(2, round(n * 0.07)),
            "pending": max(2, round(n * 0.07)),
            "rejected": max(1, round(n * 0.03)),
            "revoked": 2,
        }
        states = [state for state, count in special.items() for _ in range(count)][: max(0, n - 1)]
        states += ["selling"] * (n - len(states))
        self.rng.shuffle(states)
        # seller1, the account the README points to first, always has a verified firm that sells.
        first_selling = states.index("selling")
        states[0], states[first_selling] = states[first_selling], states[0]
        return states

    def _create_firms(self, n: int, admin) -> list[Firm]:
        rng = self.rng
        districts = list(District.objects.order_by("code"))
        if not districts:
            raise CommandError("No districts found: run `python manage.py migrate` first.")
        leaves = {c.slug: c for c in Category.objects.filter(parent__isnull=False)}
        leaf_slugs = [slug for slug in CATALOG if slug in leaves]
        if not leaf_slugs:
            raise CommandError("The starter categories are missing: run `python manage.py migrate` first.")
        self.leaves = leaves
        taken_numbers = set(Designation.objects.values_list("kind", "number"))
        taken_brns = set(Firm.objects.values_list("registration_number", flat=True))
        taken_names = set(Firm.objects.values_list("name", flat=True))
        self.sequence = {}

        states = self._states(n)
        combo_weights = [w for _, w in COMBOS]
        round_robin = iter([c for c, _ in COMBOS])
        goods = [s for s in leaf_slugs if s not in SERVICE_CATEGORIES]

        existing_emails = set(User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}").values_list("email", flat=True))
        password = make_password(DEMO_PASSWORD)  # one hash for all sellers: hashing is the slow part
        owners = []
        for i in range(n):
            email = f"seller{i + 1}@{DEMO_DOMAIN}"
            if email in existing_emails:
                raise CommandError(f"{email} exists already; run with --reset.")
            owners.append(User(email=email, password=password, display_name=self.fake.name(), kind=UserKind.SELLER))
        owners = User.objects.bulk_create(owners)

        firms = []
        for i in tqdm(range(n), desc="firms", unit="firm", file=sys.stderr, disable=self.verbosity < 1):
            state = states[i]
            district = districts[i] if i < len(districts) else rng.choice(districts)
            category = leaf_slugs[i] if i < len(leaf_slugs) else rng.choice(goods * 3 + leaf_slugs)
            if state == "expired":
                combo = (rng.choice([K.PRE_SOCIAL_REGIONAL, K.PRE_SOCIAL_REGIONAL, K.PRE_SOCIAL_MINISTRY]),)
            elif state == "revoked":
                combo = (K.SOCIAL_ENTERPRISE,)
            else:
                combo = next(round_robin, None) or rng.choices([c for c, _ in COMBOS], combo_weights)[0]
            name, word, romanised = self._firm_name(combo[0], category, district, taken_names)
            designations = self._designations(combo, district, expired=state == "expired", taken=taken_numbers)
            purpose = self._purpose(combo)
            share = self._vulnerable_share(combo, purpose)
            tags = self._firm_tags(combo, purpose, category)
            firm = firm_apply(
                user=owners[i],
                name=name,
                registration_number=self._registration_number(combo[0], taken_brns),
                district_code=district.code,
                address=self._address(district),
                description=self._firm_description(name, combo, district, category, tags, designations),
                purpose_type=purpose,
                vulnerable_employee_share=share,
                designations=designations,
            )
            if state in ("selling", "expired", "revoked"):
                firm = firm_verify(firm=firm, operator=admin)
            if state == "revoked":
                designation = firm.designations.get(kind=K.SOCIAL_ENTERPRISE)
                designation_set_status(
                    designation=designation, status=DesignationStatus.REVOKED, reason=rng.choice(REVOCATION_REASONS)
                )
            if state == "rejected":
                firm = firm_reject(firm=firm, operator=admin, reason=rng.choice(REJECTION_REASONS))

            joined = self.now - datetime.timedelta(days=rng.randint(20, 720), minutes=rng.randint(0, 1440))
            extra = {"created_at": joined, "svi_grade": self._svi(combo, state)}
            if rng.random() < 0.45:
                extra["website"] = f"https://{romanised}-{category}.example"
            if firm.verified_at:
                extra["verified_at"] = joined + datetime.timedelta(days=rng.randint(1, 14))
            Firm.objects.filter(pk=firm.pk).update(**extra)
            firm.refresh_from_db()
            firm_refresh_listing_visibility(firm=firm)
            firm.demo_categories = self._firm_categories(category, leaf_slugs)
            firm.demo_tags = tags
            firm.demo_brand = word
            firms.append(firm)
        return firms

    def _firm_name(self, kind, category, district, taken) -> tuple[str, str, str]:
        """(name, the word it is built on, that word romanised for a web address)"""
        rng = self.rng
        business = CATALOG[category][0]
        place = rng.choice(PLACES.get(district.code, [district.name_ko[:-1]]))
        for attempt in range(50):
            word, romanised = rng.choice(NAME_WORDS)
            biz = rng.choice(business)
            if kind == K.SOCIAL_VENTURE:
                word, romanised = rng.choice(VENTURE_WORDS)
                name = rng.choice([f"(주){word}", f"주식회사 {word}", word])
            elif kind == K.SOCIAL_ENTERPRISE:
                name = rng.choice([f"(주){word}{biz}", f"주식회사 {word}{biz}", f"{word}{biz}", f"(주){word}"])
            elif kind == K.COOPERATIVE:
                name = rng.choice([f"{word}{biz}협동조합", f"{place}{word}협동조합", f"{word}{biz} 협동조합"])
            elif kind == K.SOCIAL_COOPERATIVE:
                name = rng.choice(
                    [f"사회적협동조합 {word}{biz}", f"{word}{biz}사회적협동조합", f"사회적협동조합 {place}{word}"]
                )
            elif kind == K.VILLAGE_ENTERPRISE:
                name = rng.choice([f"{place} {word}{biz}", f"{place}마을 {word}", f"마을기업 {place}{biz}"])
            elif kind == K.SELF_SUFFICIENCY:
                name = rng.choice([f"{word}자활 {biz}", f"(주){word}{biz}", f"{district.name_ko[:-1]}자활 {biz}"])
            else:  # 예비사회적기업
                name = rng.choice([f"(주){word}{biz}", f"{word}{biz}", f"{word}{biz}협동조합", f"주식회사 {word}"])
            if attempt > 30:
                name = f"{name} {district.name_ko[:-1]}점"
            if name not in taken:
                taken.add(name)
                return name, word, romanised
        raise CommandError("Could not make up a unique firm name; choose fewer firms.")

    def _registration_number(self, kind, taken) -> str:
        """Tax office (3) + type (2: 01–79 individual, 81/86/87/88 company, 82 non-profit) + serial (4) + check."""
        rng = self.rng
        types = {
            K.SOCIAL_COOPERATIVE: [82],
            K.COOPERATIVE: [81, 86],
            K.VILLAGE_ENTERPRISE: [81, 82, 86],
            K.SELF_SUFFICIENCY: [rng.randint(1, 79), 81],
            K.PRE_SOCIAL_REGIONAL: [81, 86, 87, rng.randint(1, 79)],
            K.PRE_SOCIAL_MINISTRY: [81, 86, 87],
        }.get(kind, [81, 86, 87, 88])
        while True:
            number = registration_number_with_check_digit(
                f"{rng.randint(101, 220):03d}{rng.choice(types):02d}{rng.randint(0, 9999):04d}"
            )
            if number not in taken:
                taken.add(number)
                return number

    def _address(self, district) -> str:
        rng = self.rng
        place = rng.choice(PLACES.get(district.code, [district.name_ko[:-1]]))
        road = rng.choice([f"{place}로", f"{place}로{rng.randint(1, 40)}길", f"{place}길"])
        floor = rng.choice(["", "", f", {rng.randint(1, 5)}층", f" {rng.randint(101, 305)}호", ", 지하 1층"])
        return f"서울특별시 {district.name_ko} {road} {rng.randint(1, 180)}{floor}"

    def _number(self, kind, year: int, pattern: str, taken) -> str:
        key = (kind, year)
        if key not in self.sequence:
            self.sequence[key] = self.rng.randint(1, 180)
        while True:
            self.sequence[key] += 1
            number = pattern.format(y=year, n=self.sequence[key])
            if (kind, number) not in taken:
                taken.add((kind, number))
                return number

    def _designations(self, combo, district, *, expired: bool, taken) -> list[dict]:
        rng, today = self.rng, self.today
        days = lambda lo, hi: datetime.timedelta(days=rng.randint(lo, hi))  # noqa: E731
        result = []
        certified_on = None
        for kind in combo:
            end = None
            if kind == "history":  # the 예비 designation the firm held until it was certified
                kind = K.PRE_SOCIAL_REGIONAL
                end = certified_on - datetime.timedelta(days=1)
                start = max(add_years(end, -3) + datetime.timedelta(days=1), end - days(300, 900))
            elif kind == K.SOCIAL_ENTERPRISE:
                start = today - (days(200, 1000) if "history" in combo else days(200, 365 * 13))
                certified_on = start
            elif kind in (K.PRE_SOCIAL_REGIONAL, K.PRE_SOCIAL_MINISTRY):
                if expired:
                    end = today - days(10, 420)
                    start = add_years(end, -3) + datetime.timedelta(days=1)
                else:
                    start = today - days(30, 3 * 365 - 60)
                    end = add_years(start, 3) - datetime.timedelta(days=1)
            elif kind == K.VILLAGE_ENTERPRISE:
                if rng.random() < 0.3 and K.COOPERATIVE in combo:  # lapsed; the cooperative still sells
                    start = datetime.date(today.year - rng.randint(3, 5), 1, 1)
                    end = datetime.date(start.year + 1, 12, 31)
                else:
                    start = datetime.date(today.year - rng.randint(0, 1), rng.choice([1, 3, 5]), 1)
                    if start > today:
                        start = datetime.date(today.year, 1, 1)
                    end = datetime.date(start.year + 1, 12, 31)
            elif kind == K.SOCIAL_VENTURE:
                start = today - days(100, 365 * 5)
            else:  # cooperatives and 자활기업 are registered once, without an end
                start = today - days(365, 365 * 12)
            y = start.year
            issuer, pattern = {
                K.SOCIAL_ENTERPRISE: ("고용노동부", "제{y}-{n:03d}호"),
                K.PRE_SOCIAL_REGIONAL: ("서울특별시", "서울 제{y}-{n:03d}호"),
                K.PRE_SOCIAL_MINISTRY: (rng.choice(PRE_SOCIAL_MINISTRIES), "부처 제{y}-{n:03d}호"),
                K.COOPERATIVE: ("서울특별시", "서울-{y}-{n:04d}"),
                K.SOCIAL_COOPERATIVE: (rng.choice(SOCIAL_COOP_MINISTRIES), "사협-{y}-{n:03d}"),
                K.VILLAGE_ENTERPRISE: (f"행정안전부 ({district.name_ko})", district.name_ko[:-1] + "-{y}-{n:02d}"),
                K.SELF_SUFFICIENCY: ("보건복지부", "자활 제{y}-{n:03d}호"),
                K.SOCIAL_VENTURE: ("중소벤처기업부 (기술보증기금 평가)", "SV{y}-{n:04d}"),
            }[kind]
            number = self._number(kind, y, pattern, taken)
            result.append({"kind": kind, "issuer": issuer, "number": number, "start_date": start, "end_date": end})
        return result

    def _purpose(self, combo) -> str:
        rng = self.rng
        certified = {K.SOCIAL_ENTERPRISE, K.PRE_SOCIAL_REGIONAL, K.PRE_SOCIAL_MINISTRY} & set(combo)
        if not certified and rng.random() < 0.5:
            return ""
        return rng.choices(
            [PurposeType.JOBS, PurposeType.SOCIAL_SERVICE, PurposeType.COMMUNITY, PurposeType.MIXED, PurposeType.OTHER],
            [50, 15, 15, 12, 8],
        )[0]

    def _vulnerable_share(self, combo, purpose):
        rng = self.rng
        if purpose == PurposeType.JOBS or K.SELF_SUFFICIENCY in combo:
            return Decimal(f"{rng.uniform(35, 90):.1f}")
        if rng.random() < 0.2:
            return None
        return Decimal(f"{rng.uniform(5, 60):.1f}")

    def _svi(self, combo, state) -> str:
        if K.SOCIAL_ENTERPRISE not in combo or state in ("pending", "rejected") or self.rng.random() < 0.5:
            return ""
        return self.rng.choices(
            [SviGrade.OUTSTANDING, SviGrade.EXCELLENT, SviGrade.GOOD, SviGrade.INSUFFICIENT, SviGrade.WEAK],
            [10, 30, 35, 18, 7],
        )[0]

    def _firm_tags(self, combo, purpose, category) -> list[str]:
        rng = self.rng
        tags = []
        if purpose == PurposeType.JOBS or K.SELF_SUFFICIENCY in combo or rng.random() < 0.3:
            tags.append(rng.choice(EMPLOYMENT_TAGS))
        if K.VILLAGE_ENTERPRISE in combo or K.COOPERATIVE in combo or rng.random() < 0.2:
            tags.append("local-circulation")
        tags.append(rng.choice(CATEGORY_TAGS[category]))
        return list(dict.fromkeys(tags))

    def _firm_categories(self, main, leaf_slugs) -> list[str]:
        group = self.leaves[main].parent_id
        siblings = [s for s in leaf_slugs if s != main and self.leaves[s].parent_id == group]
        if siblings and self.rng.random() < 0.4:
            return [main, self.rng.choice(siblings)]
        return [main]

    def _firm_description(self, name, combo, district, category, tags, designations) -> str:
        rng = self.rng
        since = min(d["start_date"] for d in designations).year
        kinds = "·".join(FirmKind(k).label for k in combo if k != "history")
        place = rng.choice(PLACES.get(district.code, [district.name_ko]))
        lines = [f"{name}은(는) {since}년부터 {district.name_ko} {place}에서 활동하는 {kinds}입니다."]
        lines += [TAG_COPY[t] for t in tags if t in TAG_COPY]
        if K.VILLAGE_ENTERPRISE in combo:
            lines.append(f"행정안전부 마을기업({rng.choice(VILLAGE_STAGES)})으로 주민이 함께 운영합니다.")
        if category in PUBLIC_BUYER_CATEGORIES:
            lines.append("공공기관 우선구매와 수의계약 견적 요청을 환영합니다.")
        return " ".join(lines)

    # --- products -------------------------------------------------------------------------------------------

    def _create_products(self, m: int, firms: list[Firm]) -> list[Product]:
        rng = self.rng
        weights = [rng.choice([1, 1, 2, 2, 3, 5, 8]) for _ in firms]
        sku_counter = Counter()
        made = []
        for i in tqdm(range(m), desc="products", unit="product", file=sys.stderr, disable=self.verbosity < 1):
            firm = firms[i] if i < len(firms) else rng.choices(firms, weights)[0]
            slug = firm.demo_categories[0] if i < len(firms) or rng.random() < 0.7 else rng.choice(firm.demo_categories)
            title, lo, hi, unit, moq = rng.choice(CATALOG[slug][1])
            service = slug in SERVICE_CATEGORIES
            prefix, suffix, multiplier = self._variant(slug, title, moq, firm.demo_brand)
            if suffix == " 선물세트":
                unit = "세트"
            sku_counter[firm.pk] += 1
            if unit == "회":  # services and events: bookable slots
                stock = rng.randint(5, 60)
            elif rng.random() < 0.08:
                stock = 0
            else:
                stock = rng.choice([rng.randint(3, 40), rng.randint(20, 200), rng.randint(100, 2000)])
            if moq == 1 and not service and rng.random() < 0.06:
                moq = rng.choice([2, 5, 10, 20])
            tags = list(dict.fromkeys([*firm.demo_tags, *rng.sample(CATEGORY_TAGS[slug], 1)]))
            tags = rng.sample(tags, k=min(len(tags), rng.randint(1, 3)))
            copy = rng.sample(CATEGORY_COPY[slug], k=2)
            mission = [TAG_COPY[t] for t in tags if t in TAG_COPY][:1]
            notes = ["주문 후 2~3일 안에 출고합니다." if not service else "예약 후 일정을 확정해 드립니다."]
            if moq > 1:
                notes.append(f"최소 주문 수량은 {moq}{unit}입니다.")
            if slug in PUBLIC_BUYER_CATEGORIES or rng.random() < 0.15:
                notes.append("공공기관·기업 대량 구매는 견적 요청으로 문의해 주세요.")
            product = product_create(
                firm=firm,
                category=self.leaves[slug],
                title=f"{prefix}{title}{suffix}",
                price=round_price(rng.uniform(lo, hi) * multiplier),
                sku=f"{sku_code(slug)}-{sku_counter[firm.pk]:03d}",
                description=" ".join([*copy, *mission, *notes]),
                stock=stock,
                unit=unit,
                min_order_quantity=moq,
                status=rng.choices([ProductStatus.PUBLISHED, ProductStatus.DRAFT, ProductStatus.HIDDEN], [86, 7, 7])[0],
                tags=tags,
            )
            listed = firm.created_at + (self.now - firm.created_at) * rng.random()
            product.created_at = listed
            if product.published_at:
                product.published_at = listed + datetime.timedelta(hours=rng.randint(0, 72))
            made.append(product)
        Product.objects.bulk_update(made, ["created_at", "published_at"], batch_size=500)
        return made

    def _variant(self, slug, title, moq, brand) -> tuple[str, str, float]:
        """A title prefix and suffix that suit the product, with the price factor they imply."""
        rng = self.rng
        if slug in SERVICE_CATEGORIES:
            return ("", " · 주말반", 1.2) if slug == "education" and rng.random() < 0.2 else ("", "", 1.0)
        if moq > 1 or slug in PUBLIC_BUYER_CATEGORIES:
            return (rng.choice(["", "", "", "NEW "]), "", 1.0)
        plain = not re.search(r"\d|세트|선물|박스", title)
        choices = [("", "", 1.0)] * 3 + [("NEW ", "", 1.0), ("Best ", "", 1.0), (f"{brand} ", "", 1.0)]
        if slug in GIFT_CATEGORIES and "선물" not in title:
            choices.append(("[선물용] ", "", 1.15))
            if plain:
                choices.append(("", " 선물세트", 1.6))
        if plain:
            choices.append(("", " 실속형", 0.85))
            if slug in BULK_CATEGORIES:
                choices.append(("", " 대용량", 1.8))
        return rng.choice(choices)

    # --- images ---------------------------------------------------------------------------------------------

    def _add_images(self, products: list[Product], count: int, seed: int):
        if not count:
            return
        picked = [i * len(products) // count for i in range(count)]  # spread over firms and categories
        groups = {c.pk: c.slug for c in Category.objects.filter(parent__isnull=True)}
        leaves_by_pk = {c.pk: c for c in self.leaves.values()}
        leaf_order = {slug: n for n, slug in enumerate(CATALOG)}
        fonts = self._fonts()
        with quiet_task_logs():
            for index in tqdm(picked, desc="images", unit="image", file=sys.stderr, disable=self.verbosity < 1):
                product = products[index]
                category = leaves_by_pk[product.category_id]
                data = self._draw(
                    product,
                    category,
                    groups.get(category.parent_id, "food"),
                    leaf_order.get(category.slug, 0),
                    random.Random(f"{seed}-{index}"),
                    fonts,
                )
                upload = SimpleUploadedFile(f"{product.sku or product.pk}.jpg", data, content_type="image/jpeg")
                product_image_add(product=product, upload=upload, alt_text=product.title)

    @staticmethod
    def _fonts():
        try:
            return {size: ImageFont.load_default(size=size) for size in (30, 44, 72)}
        except (TypeError, OSError, ImportError):  # Pillow < 10.1 or built without FreeType
            font = ImageFont.load_default()
            return {30: font, 44: font, 72: font}

    @staticmethod
    def _draw(product, category, group, leaf_index, rng, fonts) -> bytes:
        base = GROUP_COLOURS.get(group, (120, 120, 120))
        shade = (leaf_index % 4 - 1.5) * 18
        background = tuple(max(0, min(255, int(c + shade + rng.randint(-12, 12)))) for c in base)
        light = tuple(min(255, int(c + (255 - c) * 0.65)) for c in background)
        image = Image.new("RGB", (800, 800), background)
        draw = ImageDraw.Draw(image)
        for _ in range(rng.randint(6, 14)):  # soft dots for texture
            x, y, r = rng.randint(0, 800), rng.randint(0, 800), rng.randint(8, 40)
            dot = tuple(min(255, int(c + (255 - c) * 0.25)) for c in background)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=dot)
        cx, cy, r = 400 + rng.randint(-40, 40), 340 + rng.randint(-30, 30), rng.randint(170, 220)
        shape = SHAPES[leaf_index % len(SHAPES)]
        if shape == "circle":
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=light)
        elif shape == "square":
            draw.rounded_rectangle((cx - r, cy - r, cx + r, cy + r), radius=r // 4, fill=light)
        elif shape == "ring":
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=light, width=r // 3)
        else:
            sides = {"triangle": 3, "diamond": 4, "hexagon": 6}[shape]
            draw.regular_polygon((cx, cy, r), sides, rotation=rng.choice([0, 15, 30]), fill=light)
        # Pillow's bundled font has Latin letters only, so the card names the category in English.
        lines = [
            (640, category.name_en, 72, "white"),
            (712, product.sku or f"#{product.pk}", 44, light),
            (770, "GACHI MARKET DEMO", 30, light),
        ]
        for y, text, size, fill in lines:
            left, top, right, bottom = draw.textbbox((0, 0), text, font=fonts[size])
            x = 400 - (right - left) / 2 - left
            draw.text((x, y - (bottom - top) / 2 - top), text, font=fonts[size], fill=fill)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
        return out.getvalue()

    # --- report ---------------------------------------------------------------------------------------------

    def _report(self, firms: list[Firm], elapsed: float):
        ids = [f.pk for f in firms]
        demo_firms = Firm.objects.filter(pk__in=ids)
        products = Product.objects.filter(firm_id__in=ids)
        by_status = Counter(demo_firms.values_list("verification_status", flat=True))
        kinds = Counter(Designation.objects.filter(firm_id__in=ids).values_list("kind", flat=True))
        product_status = Counter(products.values_list("status", flat=True))
        images = ProductImage.objects.filter(product__firm_id__in=ids)
        with_renditions = sum(1 for r in images.values_list("renditions", flat=True) if r)
        out = self.stdout.write
        out(
            self.style.SUCCESS(
                f"Demo data ready in {elapsed:.1f}s "
                f"(firms {self.timings['firms']:.1f}s, products {self.timings['products']:.1f}s, "
                f"images {self.timings['images']:.1f}s)."
            )
        )
        districts = demo_firms.order_by().values("district").distinct().count()
        out(
            f"  firms: {len(ids)} in {districts} districts — "
            + ", ".join(f"{VerificationStatus(s).label} {c}" for s, c in sorted(by_status.items()))
            + f"; selling {demo_firms.selling().count()}, "
            f"listings hidden {demo_firms.exclude(listings_hidden_reason='').count()}"
        )
        out("  designations: " + ", ".join(f"{FirmKind(k).label} {c}" for k, c in sorted(kinds.items())))
        out(
            f"  products: {products.count()} — "
            + ", ".join(f"{ProductStatus(s).label} {c}" for s, c in sorted(product_status.items()))
            + f"; public {products.public().count()}"
        )
        out(f"  images: {images.count()} ({with_renditions} with renditions)")
        counts = self.agency_counts
        if counts.get("agencies"):
            out(
                f"  agencies: {counts['agencies']} with a year of history ({self.timings['agencies']:.1f}s) — "
                f"purchases {counts['purchases']}, deliveries {counts['deliveries']}, invoices {counts['invoices']}"
            )
        citizens = self.citizen_counts
        out(
            f"  citizens: {citizens['citizens']} in {citizens['districts']} districts with a year of orders "
            f"({self.timings['citizens']:.1f}s) — orders {citizens['orders']} (closed {citizens['closed']}), "
            f"parts cancelled {citizens['cancelled']}, returned {citizens['returned']}, refunds {citizens['refunds']}"
        )
        out("")
        out("Sign in with:")
        out(f"  operator (admin)  {ADMIN_EMAIL} / {ADMIN_PASSWORD}")
        out(f"  buyer             {BUYER_EMAIL} / {DEMO_PASSWORD}")
        out(f"  sellers           seller1..seller{len(ids)}@{DEMO_DOMAIN} / {DEMO_PASSWORD}")
        if counts.get("agencies"):
            out(
                f"  agencies          {{mapo,seoul-welfare}}-{{admin,requester,approver,inspector}}@{DEMO_DOMAIN}"
                f" / {DEMO_PASSWORD}"
            )
        out(f"  citizens          citizen1..citizen{citizens['citizens']}@{DEMO_DOMAIN} / {DEMO_PASSWORD}")
        out(f"  district officer  {officer_email(DEMO_DOMAIN)} (마포구) / {DEMO_PASSWORD}")
        # firms[i] belongs to seller{i + 1}; say which of them cannot sell, so nobody is surprised by a 403.
        selling = set(demo_firms.selling().values_list("pk", flat=True))
        cannot = [f"seller{i + 1}" for i, firm in enumerate(firms) if firm.pk not in selling]
        if cannot:
            out(
                f"  seller1 sells; these cannot (firm pending, rejected, expired or revoked, on purpose): "
                f"{', '.join(cannot)}"
            )
