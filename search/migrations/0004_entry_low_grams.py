"""The database backend's entries get a fourth, low-weight text column (the firm's mission, 초성 inside
compounds) and the product's recent sales; the full-text index is made again over four columns.

PostgreSQL: the GIN expression index is replaced (the expression must stay identical to
search.backends.database.PG_VECTOR). SQLite: the FTS5 table and its triggers are made again with the new
column and rebuilt from the entry rows.
"""
from django.db import migrations, models

PG_FORWARD = [
    "DROP INDEX IF EXISTS search_entry_fulltext_idx",
    """
    CREATE INDEX search_entry_fulltext_idx ON search_productsearchentry USING GIN ((
        setweight(to_tsvector('simple'::regconfig, title_grams), 'A') ||
        setweight(to_tsvector('simple'::regconfig, body_grams), 'B') ||
        setweight(to_tsvector('simple'::regconfig, chosung), 'C') ||
        setweight(to_tsvector('simple'::regconfig, low_grams), 'D')
    ))
    """,
]
PG_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_fulltext_idx",
    """
    CREATE INDEX search_entry_fulltext_idx ON search_productsearchentry USING GIN ((
        setweight(to_tsvector('simple'::regconfig, title_grams), 'A') ||
        setweight(to_tsvector('simple'::regconfig, body_grams), 'B') ||
        setweight(to_tsvector('simple'::regconfig, chosung), 'C')
    ))
    """,
]


def _sqlite_statements(columns: list[str]) -> list[str]:
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    table = "search_productsearchentry_fts"
    return [
        "DROP TRIGGER IF EXISTS search_productsearchentry_fts_au",
        "DROP TRIGGER IF EXISTS search_productsearchentry_fts_ad",
        "DROP TRIGGER IF EXISTS search_productsearchentry_fts_ai",
        f"DROP TABLE IF EXISTS {table}",
        f"""CREATE VIRTUAL TABLE {table} USING fts5({names},
            content='search_productsearchentry', content_rowid='product_id', tokenize='unicode61')""",
        f"""CREATE TRIGGER search_productsearchentry_fts_ai AFTER INSERT ON search_productsearchentry BEGIN
            INSERT INTO {table}(rowid, {names}) VALUES (new.product_id, {new});
        END""",
        f"""CREATE TRIGGER search_productsearchentry_fts_ad AFTER DELETE ON search_productsearchentry BEGIN
            INSERT INTO {table}({table}, rowid, {names}) VALUES ('delete', old.product_id, {old});
        END""",
        f"""CREATE TRIGGER search_productsearchentry_fts_au AFTER UPDATE ON search_productsearchentry BEGIN
            INSERT INTO {table}({table}, rowid, {names}) VALUES ('delete', old.product_id, {old});
            INSERT INTO {table}(rowid, {names}) VALUES (new.product_id, {new});
        END""",
        f"INSERT INTO {table}({table}) VALUES ('rebuild')",
    ]


STATEMENTS = {
    "postgresql": (PG_FORWARD, PG_REVERSE),
    "sqlite": (_sqlite_statements(["title_grams", "body_grams", "chosung", "low_grams"]),
               _sqlite_statements(["title_grams", "body_grams", "chosung"])),
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
    dependencies = [("search", "0003_database_fulltext")]
    operations = [
        migrations.AddField("productsearchentry", "low_grams", models.TextField(blank=True, default="")),
        migrations.AddField("productsearchentry", "recent_sales", models.PositiveIntegerField(default=0)),
        migrations.RunPython(forward, reverse),
    ]
