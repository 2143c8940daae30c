"""Seoul's published figures for public purchasing of social economy products (../DOMAIN): 50 bn won in 2012,
130 bn won five years later (2017), and the goal of 200 bn won or more and over 5% of each agency's purchasing."""

from decimal import Decimal

from django.db import migrations

SOURCE = "서울특별시 사회적경제 공공구매 실적·목표 (Seoul Metropolitan Government)"
FIGURES = [
    {"kind": "actual", "year": 2012, "amount": 50_000_000_000, "share": None},
    {"kind": "actual", "year": 2017, "amount": 130_000_000_000, "share": None},
    {"kind": "goal", "year": None, "amount": 200_000_000_000, "share": Decimal("0.0500")},
]


def add(apps, schema_editor):
    figure = apps.get_model("reports", "CityPurchasingFigure")
    for row in FIGURES:
        figure.objects.update_or_create(kind=row["kind"], year=row["year"], defaults={**row, "source": SOURCE})


def remove(apps, schema_editor):
    apps.get_model("reports", "CityPurchasingFigure").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
