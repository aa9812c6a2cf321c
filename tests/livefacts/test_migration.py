"""The live-facts models move from the articles app to livefacts without losing a row.

A database at the old layout (articles 0006: the models in the articles app, in
``articles_*`` tables) gets an article with references, a snapshot and a review, and a
group holding ``review_facts``; migrating to the latest state must keep every row,
foreign key, index and permission, now under the livefacts app.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from livefacts.models import ArticleReference, FactReview, FactSnapshot

OLD = [("articles", "0006_lastmod_index_by_modified_time")]
TAKEN = datetime.datetime(2022, 6, 1, 12, tzinfo=datetime.UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _old_layout(apps):
    """Rows as the old code wrote them, through the historical models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    User = apps.get_model("auth", "User")
    Article = apps.get_model("articles", "Article")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    types = ContentType.objects
    season_ct, _ = types.get_or_create(app_label="catalog", model="season")
    show_ct, _ = types.get_or_create(app_label="catalog", model="show")
    review_ct, _ = types.get_or_create(app_label="articles", model="factreview")
    permission, _ = Permission.objects.get_or_create(
        content_type=review_ct,
        codename="review_facts",
        defaults={"name": "Can mark articles as reviewed against the catalog"},
    )
    Group.objects.create(name="Fact checkers").permissions.add(permission)
    editor = User.objects.create(username="old-editor")
    article = Article.objects.create(
        title="When will season 2 be out?",
        slug="season-2",
        state="published",
        published_at=TAKEN,
        body_html="<!--lf:factbox:season:7:-->",
    )
    Reference = apps.get_model("articles", "ArticleReference")
    Reference.objects.create(
        article=article, content_type=season_ct, object_id=7, via="embed"
    )
    Reference.objects.create(
        article=article, content_type=show_ct, object_id=3, via="subject"
    )
    apps.get_model("articles", "FactSnapshot").objects.create(
        article=article,
        content_type=season_ct,
        object_id=7,
        field="premiere",
        object_repr="Heartstopper season 2",
        value={"year": 2023},
        display="2023",
        taken_at=TAKEN,
    )
    apps.get_model("articles", "FactReview").objects.create(
        article=article, reviewed_by=editor, reviewed_at=TAKEN, reason="published"
    )
    return article.pk, editor.pk, season_ct.pk, show_ct.pk, review_ct.pk


def _constraints(table: str) -> dict:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


@pytest.mark.django_db(transaction=True)
def test_references_snapshots_and_reviews_survive_the_move_to_livefacts():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old_state = _migrate(OLD).loader.project_state(OLD)
        assert "articles_articlereference" in connection.introspection.table_names()
        article_pk, editor_pk, season_ct, show_ct, review_ct = _old_layout(
            old_state.apps
        )
        _migrate(latest)
    finally:
        _migrate(latest)  # later tests expect the latest schema, whatever happened
    ContentType.objects.clear_cache()

    references = ArticleReference.objects.filter(article_id=article_pk)
    rows = references.values_list("content_type_id", "object_id", "via")
    assert sorted(rows) == sorted([(season_ct, 7, "embed"), (show_ct, 3, "subject")])
    snapshot = FactSnapshot.objects.get(article_id=article_pk)
    assert (snapshot.content_type_id, snapshot.object_id, snapshot.field) == (
        season_ct,
        7,
        "premiere",
    )
    assert (snapshot.value, snapshot.display, snapshot.taken_at) == (
        {"year": 2023},
        "2023",
        TAKEN,
    )
    review = FactReview.objects.get(article_id=article_pk)
    assert (review.reviewed_by_id, review.reason, review.reviewed_at) == (
        editor_pk,
        "published",
        TAKEN,
    )
    assert review.article.slug == "season-2"
    assert snapshot.article.fact_reviews.get() == review

    # The content type moved, so the group's permission is the livefacts one now.
    moved = ContentType.objects.get(pk=review_ct)
    assert (moved.app_label, moved.model) == ("livefacts", "factreview")
    granted = Group.objects.get(name="Fact checkers").permissions.get()
    assert (granted.content_type.app_label, granted.codename) == (
        "livefacts",
        "review_facts",
    )

    # Tables, indexes, constraints and foreign keys carry the new name.
    tables = connection.introspection.table_names()
    assert "livefacts_articlereference" in tables
    assert "articles_articlereference" not in tables
    references_table = _constraints("livefacts_articlereference")
    assert references_table["livefacts_reference_object"]["index"]
    assert references_table["livefacts_reference_unique"]["unique"]
    snapshots_table = _constraints("livefacts_factsnapshot")
    assert snapshots_table["livefacts_snapshot_fact"]["index"]
    assert snapshots_table["livefacts_snapshot_unique_fact"]["unique"]
    for table in ("livefacts_articlereference", "livefacts_factsnapshot"):
        foreign_keys = {
            c["foreign_key"] for c in _constraints(table).values() if c["foreign_key"]
        }
        assert ("articles_article", "id") in foreign_keys

    # New rows get fresh keys after the old ones.
    added = ArticleReference.objects.create(
        article_id=article_pk, content_type_id=season_ct, object_id=8, via="embed"
    )
    assert added.pk > max(r.pk for r in references.exclude(pk=added.pk))
