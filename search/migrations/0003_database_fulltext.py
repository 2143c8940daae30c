"""Full-text indexing of ProductSearchEntry for the database search backend, per vendor.

PostgreSQL: a GIN index on the weighted tsvector expression the backend queries (title A, body B, 초성 C);
the expression here must stay identical to search.backends.database.PG_VECTOR.

SQLite: an FTS5 external-content table over search_productsearchentry (rowid = product_id), kept in sync by
triggers. The unicode61 tokenizer treats Hangul syllables and compatibility jamo (ㄱ-ㅎ) as token characters,
so bigrams and 초성 words are tokens as stored. Note: should a later migration make Django remake the entry
table on SQLite, the triggers must be created again and the FTS table rebuilt ('rebuild' command).

Other vendors get nothing; the database backend refuses to run on them.
"""
from django.db import migrations

PG_FORWARD = [
    """
    CREATE INDEX search_entry_fulltext_idx ON search_productsearchentry USING GIN ((
        setweight(to_tsvector('simple'::regconfig, title_grams), 'A') ||
        setweight(to_tsvector('simple'::regconfig, body_grams), 'B') ||
        setweight(to_tsvector('simple'::regconfig, chosung), 'C')
    ))
    """,
]
PG_REVERSE = ["DROP INDEX IF EXISTS search_entry_fulltext_idx"]

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_productsearchentry_fts USING fts5(
        title_grams, body_grams, chosung,
        content='search_productsearchentry', content_rowid='product_id', tokenize='unicode61'
    )
    """,
    """
    CREATE TRIGGER search_productsearchentry_fts_ai AFTER INSERT ON search_productsearchentry BEGIN
        INSERT INTO search_productsearchentry_fts(rowid, title_grams, body_grams, chosung)
        VALUES (new.product_id, new.title_grams, new.body_grams, new.chosung);
    END
    """,
    """
    CREATE TRIGGER search_productsearchentry_fts_ad AFTER DELETE ON search_productsearchentry BEGIN
        INSERT INTO search_productsearchentry_fts(
            search_productsearchentry_fts, rowid, title_grams, body_grams, chosung)
        VALUES ('delete', old.product_id, old.title_grams, old.body_grams, old.chosung);
    END
    """,
    """
    CREATE TRIGGER search_productsearchentry_fts_au AFTER UPDATE ON search_productsearchentry BEGIN
        INSERT INTO search_productsearchentry_fts(
            search_productsearchentry_fts, rowid, title_grams, body_grams, chosung)
        VALUES ('delete', old.product_id, old.title_grams, old.body_grams, old.chosung);
        INSERT INTO search_productsearchentry_fts(rowid, title_grams, body_grams, chosung)
        VALUES (new.product_id, new.title_grams, new.body_grams, new.chosung);
    END
    """,
    "INSERT INTO search_productsearchentry_fts(search_productsearchentry_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_productsearchentry_fts_au",
    "DROP TRIGGER IF EXISTS search_productsearchentry_fts_ad",
    "DROP TRIGGER IF EXISTS search_productsearchentry_fts_ai",
    "DROP TABLE IF EXISTS search_productsearchentry_fts",
]

STATEMENTS = {
    "postgresql": (PG_FORWARD, PG_REVERSE),
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
}


def _run(schema_editor, which: int) -> None:
    statements = STATEMENTS.get(schema_editor.connection.vendor)
    if statements:
        for sql in statements[which]:
            schema_editor.execute(sql, params=None)


def forward(apps, schema_editor):
    _run(schema_editor, 0)


def reverse(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_load_synonyms")]
    operations = [migrations.RunPython(forward, reverse)]
