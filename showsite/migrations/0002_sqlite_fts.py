"""Full-text search on SQLite: FTS5 indexes kept by triggers (see core.fts).

PostgreSQL has its own (articles 0003, showsite 0001); there this does nothing.
"""

from django.db import migrations


def _indexes():
    """The indexes as they were then: articles on their body (showsite 0004 moves
    it to ``search_body``, which articles 0015 adds)."""
    from core import fts

    return [fts.ARTICLES_ON_BODY if i is fts.ARTICLES else i for i in fts.INDEXES]


def create(apps, schema_editor):
    from core import fts

    for index in _indexes():
        fts.ensure(schema_editor.connection, index)


def drop(apps, schema_editor):
    from core import fts

    for index in _indexes():
        fts.drop(schema_editor.connection, index)


class Migration(migrations.Migration):
    dependencies = [
        ("showsite", "0001_catalog_search_indexes"),
        ("articles", "0005_public_lastmod_index"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
