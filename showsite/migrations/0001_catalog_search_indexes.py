"""Trigram indexes so catalog search (``icontains`` on names) uses an index.

Django turns ``name__icontains`` into ``UPPER(name::text) LIKE UPPER(%s)`` on
PostgreSQL; a GIN ``gin_trgm_ops`` index on that exact expression serves it for any
substring of three or more characters. PostgreSQL only; SQLite is left as it is.
"""

from django.db import migrations

from core.db_operations import PostgreSQLOnly

# (index name, table, column)
INDEXES = [
    ("catalog_show_title_trgm", "catalog_show", "title"),
    ("catalog_show_original_title_trgm", "catalog_show", "original_title"),
    ("catalog_person_name_trgm", "catalog_person", "name"),
    ("catalog_sourcework_title_trgm", "catalog_sourcework", "title"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0003_rating_score_label"),
    ]

    operations = [
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
