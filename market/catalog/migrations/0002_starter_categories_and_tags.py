"""A starter category tree and the social value tags; operators edit both in the admin."""
from django.db import migrations

CATEGORIES = [
    ("food", "식품", "Food", [
        ("bakery", "제과·제빵", "Bakery"), ("coffee-tea", "커피·차", "Coffee & tea"),
        ("produce", "농산물", "Farm produce"), ("processed-food", "가공식품", "Processed food"),
    ]),
    ("living", "생활용품", "Household", [
        ("soap-care", "비누·세제", "Soap & cleaning"), ("kitchen", "주방용품", "Kitchenware"),
        ("eco-bags", "에코백·장바구니", "Eco bags"),
    ]),
    ("fashion", "의류·잡화", "Clothing & accessories", [
        ("clothing", "의류", "Clothing"), ("accessories", "액세서리", "Accessories"),
    ]),
    ("crafts", "공예·선물", "Crafts & gifts", [
        ("ceramics", "도자기", "Ceramics"), ("woodwork", "목공예", "Woodwork"), ("stationery", "문구", "Stationery"),
    ]),
    ("office", "사무·행사", "Office & events", [
        ("office-supplies", "사무용품", "Office supplies"), ("printing", "인쇄·홍보물", "Printing"),
        ("catering", "케이터링·도시락", "Catering"),
    ]),
    ("services", "서비스", "Services", [
        ("cleaning", "청소·방역", "Cleaning & disinfection"), ("education", "교육·체험", "Education"),
        ("care", "돌봄", "Care"),
    ]),
]

TAGS = [
    ("eco-friendly", "친환경", "Eco-friendly", "environment"),
    ("upcycling", "업사이클링", "Upcycling", "environment"),
    ("zero-waste", "제로웨이스트", "Zero waste", "environment"),
    ("disability-employment", "장애인 고용", "Employs people with disabilities", "internal"),
    ("senior-employment", "고령자 고용", "Employs older people", "internal"),
    ("women-reemployment", "경력단절여성 고용", "Employs women returning to work", "internal"),
    ("local-farms", "지역 농가 상생", "Trades with small local farms", "external"),
    ("fair-trade", "공정무역", "Fair trade", "external"),
    ("local-circulation", "지역순환", "Local circulation", "external"),
    ("social-service", "사회서비스", "Social service", "product"),
    ("handmade", "수제품", "Handmade", "product"),
]


def load(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    Tag = apps.get_model("catalog", "SocialValueTag")
    for position, (slug, name_ko, name_en, children) in enumerate(CATEGORIES):
        parent = Category.objects.create(slug=slug, name_ko=name_ko, name_en=name_en, position=position)
        parent.path = f"/{parent.pk}/"
        parent.save(update_fields=["path"])
        for child_position, (child_slug, child_ko, child_en) in enumerate(children):
            child = Category.objects.create(
                slug=child_slug, name_ko=child_ko, name_en=child_en, position=child_position, parent=parent
            )
            child.path = f"{parent.path}{child.pk}/"
            child.save(update_fields=["path"])
    for slug, name_ko, name_en, area in TAGS:
        Tag.objects.create(slug=slug, name_ko=name_ko, name_en=name_en, area=area)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
