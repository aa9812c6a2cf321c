"""Full-text search on SQLite: an FTS5 index kept by triggers (articles.search_index).

PostgreSQL has had its own since 0003; there this does nothing.
"""

from django.db import migrations


def create(apps, schema_editor):
    from articles import search_index

    search_index.ensure(schema_editor.connection)


def drop(apps, schema_editor):
    from articles import search_index

    search_index.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_public_lastmod_index"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
