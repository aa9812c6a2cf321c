"""The article and home pages served from their stored shells: the bytes of a whole
render for readers, editors and a reader with a notice; a flat cost with no
template rendered when warm; nothing stored for previews."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from core import pageversions
from tests.factories import ArticleFactory, CommentFactory
from tests.pages_helpers import build_world
from tests.shell_helpers import get, give_message, whole

pytestmark = pytest.mark.django_db


def test_article_shell_serves_readers_editors_and_notices_the_whole_render(
    client, fragments, settings, stored, editor
):
    world = build_world(2)
    CommentFactory(article=world.article)
    url = world.article.get_absolute_url()
    reference = whole(client, url, settings)
    assert get(client, url) == reference
    assert get(client, url) == reference
    give_message(client)
    notice = get(client, url)
    give_message(client)
    assert notice == whole(client, url, settings) and "awaits moderation" in notice
    client.force_login(editor)
    html = get(client, url)
    assert 'aria-label="Editor tools"' in html
    assert html == whole(client, url, settings)
    assert len(stored.shells) == 1


@pytest.mark.parametrize("comments", [0, 200])
def test_warm_article_renders_no_template(
    client, fragments, stored, django_assert_max_num_queries, comments
):
    world = build_world(1)
    Comment.objects.bulk_create(
        CommentFactory.build(article=world.article, dedupe_key=f"bulk-{i}")
        for i in range(comments)
    )
    pageversions.bump(world.article)
    url = world.article.get_absolute_url()
    first = get(client, url)
    renders = stored.renders
    with django_assert_max_num_queries(1):
        assert get(client, url) == first
    assert stored.renders == renders


def test_previews_and_drafts_store_no_shell(client, fragments, stored, editor):
    draft = ArticleFactory(state="draft", published_at=None)
    scheduled = ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    client.force_login(editor)
    for article in (draft, scheduled):
        assert "Preview — not published." in get(client, article.get_absolute_url())
    assert stored.shells == []


@pytest.mark.parametrize("scale", [1, 4])
def test_warm_home_is_one_query_and_no_template_at_any_size(
    client, fragments, stored, settings, django_assert_max_num_queries, scale
):
    build_world(scale)
    reference = whole(client, "/", settings)
    assert get(client, "/") == reference
    renders = stored.renders
    with django_assert_max_num_queries(1):  # the two lists' versions
        assert get(client, "/") == reference
    assert stored.renders == renders


def test_home_shells_follow_the_query_string_and_each_publication(
    client, fragments, settings, editor
):
    ArticleFactory.create_batch(13)
    for url in ("/", "/?page=2", "/?ref=newsletter", "/?ref=newsletter&page=2"):
        assert get(client, url) == whole(client, url, settings)
        assert get(client, url) == whole(client, url, settings)
    ArticleFactory(title="A piece just out")
    assert "A piece just out" in get(client, "/")
    assert get(client, "/") == whole(client, "/", settings)
    Article.objects.filter(title="A piece just out").delete()
    assert "A piece just out" not in get(client, "/")
    give_message(client)
    notice = get(client, "/")
    give_message(client)
    assert notice == whole(client, "/", settings)
    client.force_login(editor)
    assert get(client, "/") == whole(client, "/", settings)
