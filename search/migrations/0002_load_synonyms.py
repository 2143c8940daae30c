"""Seed the synonym table from search/synonyms.txt."""
from pathlib import Path

from django.db import migrations

SYNONYMS_FILE = Path(__file__).resolve().parents[1] / "synonyms.txt"


def load(apps, schema_editor):
    SearchSynonym = apps.get_model("search", "SearchSynonym")
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            SearchSynonym.objects.get_or_create(terms=line)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
