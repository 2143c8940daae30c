"""Seoul's 25 자치구 with their administrative codes."""
from django.db import migrations

DISTRICTS = [
    ("11110", "종로구", "Jongno-gu"), ("11140", "중구", "Jung-gu"), ("11170", "용산구", "Yongsan-gu"),
    ("11200", "성동구", "Seongdong-gu"), ("11215", "광진구", "Gwangjin-gu"), ("11230", "동대문구", "Dongdaemun-gu"),
    ("11260", "중랑구", "Jungnang-gu"), ("11290", "성북구", "Seongbuk-gu"), ("11305", "강북구", "Gangbuk-gu"),
    ("11320", "도봉구", "Dobong-gu"), ("11350", "노원구", "Nowon-gu"), ("11380", "은평구", "Eunpyeong-gu"),
    ("11410", "서대문구", "Seodaemun-gu"), ("11440", "마포구", "Mapo-gu"), ("11470", "양천구", "Yangcheon-gu"),
    ("11500", "강서구", "Gangseo-gu"), ("11530", "구로구", "Guro-gu"), ("11545", "금천구", "Geumcheon-gu"),
    ("11560", "영등포구", "Yeongdeungpo-gu"), ("11590", "동작구", "Dongjak-gu"), ("11620", "관악구", "Gwanak-gu"),
    ("11650", "서초구", "Seocho-gu"), ("11680", "강남구", "Gangnam-gu"), ("11710", "송파구", "Songpa-gu"),
    ("11740", "강동구", "Gangdong-gu"),
]


def load(apps, schema_editor):
    District = apps.get_model("firms", "District")
    for code, name_ko, name_en in DISTRICTS:
        District.objects.update_or_create(code=code, defaults={"name_ko": name_ko, "name_en": name_en})


def unload(apps, schema_editor):
    apps.get_model("firms", "District").objects.filter(code__in=[d[0] for d in DISTRICTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("firms", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
