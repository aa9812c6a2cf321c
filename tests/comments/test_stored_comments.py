"""Each public comment's HTML is stored when its approval commits, read back in one
cache round trip by the lists showing it, and never shown stale: an edit or a hide
changes the page, a rollback stores nothing, a cache outage costs renders only."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from articles import fragments as cards
from comments import fragments as items
from comments.models import Comment
from comments.rules import comments_are_open
from comments.services import (
    comment_approve,
    comment_report,
    commenter_forget,
)
from comments.threads import article_comments
from core import pageversions
from tests.factories import ArticleFactory, CommentFactory
from tests.faults_helpers import BROKEN_CACHES
from tests.shell_helpers import get, whole

pytestmark = pytest.mark.django_db


def stored_key(comment) -> str:
    comment = Comment.objects.select_related("parent", "article").get(pk=comment.pk)
    return items.item_key(comment, comments_are_open(comment.article))


@pytest.fixture
def article():
    return ArticleFactory(slug="talked-about")


def test_an_approved_comment_is_stored_once_the_approval_commits(
    fragments, article, moderator, django_capture_on_commit_callbacks
):
    comment = CommentFactory(article=article, state="pending", body="Worth the wait")
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=comment, by=moderator)
    html = cache.get(stored_key(comment))
    assert "Worth the wait" in html and f'id="comment-{comment.pk}"' in html
    # The article's card too: the approval moved the article's version.
    article.refresh_from_db()
    assert cache.get(cards.card_key(article)) is not None


def test_a_rolled_back_approval_stores_nothing(
    fragments, article, moderator, django_capture_on_commit_callbacks
):
    comment = CommentFactory(article=article, state="pending")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            comment_approve(comment=comment, by=moderator)
            raise RuntimeError("the moderator's request failed")
    assert Comment.objects.get(pk=comment.pk).state == "pending"
    comment.state = "approved"  # the key it would have had
    assert cache.get(stored_key(comment)) is None
    assert not cache.get_many([stored_key(comment)])


def test_a_pending_submission_stores_nothing(
    fragments, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        CommentFactory(article=article, state="pending")
    assert not [c for c in callbacks if c.__qualname__ == "refresh"]


def test_a_failing_store_is_logged_and_the_approval_stands(
    fragments,
    article,
    moderator,
    monkeypatch,
    caplog,
    django_capture_on_commit_callbacks,
):
    def broken(comments, can_reply):
        raise RuntimeError("template error")

    monkeypatch.setattr(items, "render_items", broken)
    comment = CommentFactory(article=article, state="pending")
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=comment, by=moderator)
    assert Comment.objects.get(pk=comment.pk).is_public
    assert "Error calling refresh in on_commit()" in caplog.text


def test_a_list_from_stored_comments_equals_a_full_render(
    client, fragments, article, moderator, settings, django_capture_on_commit_callbacks
):
    first = CommentFactory(article=article, name='<b>"O\'Neil"</b> & co')
    CommentFactory(article=article, parent=first, body="A reply <script>x</script>")
    CommentFactory.create_batch(25, article=article)
    pending = CommentFactory(article=article, state="pending", body="Approved last")
    url = article.get_absolute_url()
    get(client, url)  # every comment stored by the list

    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=pending, by=moderator)
    section = article_comments(article)
    keys = [items.item_key(c, section.is_open) for c in section.comments]
    assert set(cache.get_many(keys)) == set(keys)  # the list needs no render

    html = get(client, url)
    assert "Approved last" in html
    assert html == whole(client, url, settings)
    context = {"article": article, "comments": section.comments, "can_reply": True}
    stored = render_to_string("comments/includes/comment_list.html", context)
    settings.FRAGMENTS_ENABLED = False
    assert stored == render_to_string("comments/includes/comment_list.html", context)


def test_only_the_missing_comments_are_rendered(fragments, article, monkeypatch):
    CommentFactory.create_batch(5, article=article)
    section = article_comments(article)
    items.list_html(section.comments, True)
    rendered = []
    render = items.render_items
    monkeypatch.setattr(
        items, "render_items", lambda c, r: rendered.extend(c) or render(c, r)
    )
    CommentFactory(article=article, body="The new one")
    items.list_html(article_comments(article).comments, True)
    assert [c.body for c in rendered] == ["The new one"]


def test_an_anonymised_commenter_shows_as_anonymous_in_their_comment_and_replies(
    client, fragments, article, settings, django_capture_on_commit_callbacks
):
    first = CommentFactory(article=article, name="Talkative", email="t@example.com")
    CommentFactory(article=article, parent=first, body="Good point")
    url = article.get_absolute_url()
    assert "Talkative" in get(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        commenter_forget(email="t@example.com", delete=False)
    html = get(client, url)
    assert "Talkative" not in html
    assert "replying to <bdi>Anonymous</bdi>" in html
    assert html == whole(client, url, settings)


def test_an_edit_without_signals_still_changes_what_is_shown(
    client, fragments, article, settings
):
    comment = CommentFactory(article=article, body="Before the edit")
    url = article.get_absolute_url()
    assert "Before the edit" in get(client, url)
    # A bulk edit: no signal, so nothing re-stored; the key follows the text.
    Comment.objects.filter(pk=comment.pk).update(body="After the edit")
    pageversions.bump(article)
    html = get(client, url)
    assert "After the edit" in html and "Before the edit" not in html
    assert html == whole(client, url, settings)


def test_a_hidden_comment_leaves_the_page_and_the_cache(
    client, fragments, article, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_REPORTS_TO_HIDE = 1
    comment = CommentFactory(article=article, body="Reported away")
    url = article.get_absolute_url()
    assert "Reported away" in get(client, url)
    key = stored_key(comment)
    assert cache.get(key) is not None
    with django_capture_on_commit_callbacks(execute=True):
        comment_report(comment=comment, reason="spam", ip_address="192.0.2.9")
    assert cache.get(key) is None
    html = get(client, url)
    assert "Reported away" not in html
    assert html == whole(client, url, settings)


def test_a_deleted_comment_is_forgotten(
    client, fragments, article, django_capture_on_commit_callbacks
):
    comment = CommentFactory(article=article, email="gone@example.com")
    get(client, article.get_absolute_url())
    key = stored_key(comment)
    assert cache.get(key) is not None
    with django_capture_on_commit_callbacks(execute=True):
        commenter_forget(email="gone@example.com", delete=True)
    assert cache.get(key) is None


def test_with_the_cache_down_comments_are_approved_and_shown(
    client, fragments, article, moderator, settings, django_capture_on_commit_callbacks
):
    CommentFactory.create_batch(3, article=article)
    comment = CommentFactory(article=article, state="pending", body="Down but shown")
    settings.CACHES = BROKEN_CACHES
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=comment, by=moderator)
    url = article.get_absolute_url()
    html = get(client, url)
    assert "Down but shown" in html
    assert html == whole(client, url, settings)


def test_an_article_page_after_an_approval_costs_the_same_queries_for_0_or_500(
    client, fragments, moderator, django_capture_on_commit_callbacks
):
    def queries_after_an_approval(comments: int) -> int:
        article = ArticleFactory(slug=f"busy-{comments}")
        Comment.objects.bulk_create(
            CommentFactory.build(article=article, dedupe_key=f"bulk-{comments}-{i}")
            for i in range(comments)
        )
        pageversions.bump(article)
        url = article.get_absolute_url()
        get(client, url)
        pending = CommentFactory(article=article, state="pending")
        with django_capture_on_commit_callbacks(execute=True):
            comment_approve(comment=pending, by=moderator)
        with CaptureQueriesContext(connection) as queries:
            get(client, url)
        return len(queries)

    assert queries_after_an_approval(0) == queries_after_an_approval(500)
