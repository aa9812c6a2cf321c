"""On SQLite, the articles' FTS5 index reads ``search_body`` (the body without its
spoiler passages, articles 0015) instead of the body: dropped and made again, which
indexes every piece. PostgreSQL's trigger is moved by articles 0015 itself."""

from django.db import migrations


def to_search_body(apps, schema_editor):
    from core import fts

    fts.drop(schema_editor.connection, fts.ARTICLES_ON_BODY)
    fts.ensure(schema_editor.connection, fts.ARTICLES)


def to_body(apps, schema_editor):
    from core import fts

    fts.drop(schema_editor.connection, fts.ARTICLES)
    fts.ensure(schema_editor.connection, fts.ARTICLES_ON_BODY)


class Migration(migrations.Migration):
    dependencies = [
        ("showsite", "0003_character_episode_search_indexes"),
        ("articles", "0015_search_body_without_spoilers"),
    ]

    operations = [migrations.RunPython(to_search_body, to_body, elidable=False)]
