"""Load the synonym groups added to search/synonyms.txt after 0002 (the curated commerce set).

Adds only lines that are not in the table yet (matched on the exact terms, as 0002 does), so groups the
operators edited or switched off in the admin stay as they are. Nothing is removed when this is reversed.
Elasticsearch picks the new groups up the same way it picks up edits made in the admin.
"""
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
    dependencies = [("search", "0004_entry_low_grams")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
