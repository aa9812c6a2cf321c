"""Full-text search on SQLite: FTS5 indexes kept by triggers (see core.fts).

PostgreSQL has its own (articles 0003, showsite 0001); there this does nothing.
"""

from django.db import migrations


def create(apps, schema_editor):
    from core import fts

    for index in fts.INDEXES:
        fts.ensure(schema_editor.connection, index)


def drop(apps, schema_editor):
    from core import fts

    for index in fts.INDEXES:
        fts.drop(schema_editor.connection, index)


class Migration(migrations.Migration):
    dependencies = [
        ("showsite", "0001_catalog_search_indexes"),
        ("articles", "0005_public_lastmod_index"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
