"""After load_demo the speculation piece shows its live facts and is stale at once."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article
from livefacts.staleness import needs_update

pytestmark = pytest.mark.django_db
SLUG = "heartstopper-season-2-release-date"


def test_demo_piece_embeds_the_season_two_facts(client, demo_db):
    html = client.get(f"/articles/{SLUG}/").content.decode()
    for kind in ("factbox", "release", "cast", "volumes"):
        assert f"livefact--{kind}" in html, kind
    assert "Kit Connor" in html


def test_demo_piece_leaves_out_its_trailers_box_while_the_season_has_none(
    client, demo_db
):
    html = client.get(f"/articles/{SLUG}/").content.decode()
    assert "livefact--trailers" not in html and "No trailer yet" not in html


def test_demo_piece_is_stale_with_the_season_two_history(client, demo_db, editor):
    html = client.get(f"/articles/{SLUG}/").content.decode()
    assert "What’s changed since this article was published" in html
    assert "<del>renewed</del>" in html and "<ins>concluded</ins>" in html
    assert "<del>Not yet announced</del>" in html
    assert "<ins>3 August 2023 (official)</ins>" in html
    stale = list(needs_update(Article.objects.all()))
    assert stale[0].slug == SLUG and stale[0].release_priority
    client.force_login(editor)
    assert SLUG in client.get("/admin/articles/article/needs-update/").content.decode()


def test_loading_the_demo_twice_changes_nothing(demo_db, settings):
    article = Article.objects.get(slug=SLUG)
    before = (article.body, article.body_html.count("<!--lf:"))
    snapshots = sorted(article.fact_snapshots.values_list("field", "display"))
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    article.refresh_from_db()
    assert (article.body, article.body_html.count("<!--lf:")) == before
    assert sorted(article.fact_snapshots.values_list("field", "display")) == snapshots
