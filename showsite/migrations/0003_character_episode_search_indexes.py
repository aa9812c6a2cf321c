"""Trigram indexes for the characters and episodes catalog search lists, like those
of showsite migration 0001: they serve ``icontains`` and the "did you mean" word
similarity (``<%``) on the same ``UPPER(column::text)`` expression. The pg_trgm
extension is created again only where missing. On SQLite, the FTS5 trigram indexes
of the same two tables (``core.fts``; reversing showsite 0002 drops them)."""

from django.db import migrations

from core.db_operations import PostgreSQLOnly



def create_sqlite_indexes(apps, schema_editor):
    from core import fts

    for index in (fts.CHARACTERS, fts.EPISODES):
        fts.ensure(schema_editor.connection, index)


# (index name, table, column)
INDEXES = [
    ("catalog_character_name_trgm", "catalog_character", "name"),
    ("catalog_episode_title_trgm", "catalog_episode", "title"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("showsite", "0002_sqlite_fts"),
        ("catalog", "0006_random_first_render_version"),
    ]

    operations = [
        migrations.RunPython(
            create_sqlite_indexes, migrations.RunPython.noop, elidable=False
        ),
        PostgreSQLOnly(
            sql="CREATE EXTENSION IF NOT EXISTS pg_trgm;",
            reverse_sql=migrations.RunSQL.noop,
        ),
        *(
            PostgreSQLOnly(
                sql=f"CREATE INDEX {name} ON {table} "
                f"USING gin ((UPPER({column}::text)) gin_trgm_ops);",
                reverse_sql=f"DROP INDEX {name};",
            )
            for name, table, column in INDEXES
        ),
    ]
