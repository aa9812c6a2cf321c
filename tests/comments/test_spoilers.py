"""A reader marks a comment as containing spoilers: it is stored with the flag, shown
folded behind "Show spoiler" on the public pages (stored items included), and
marked in the moderators' queue."""

import pytest
from django.urls import reverse

from comments import services
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, comment_form_data
from tests.shell_helpers import get, whole

pytestmark = pytest.mark.django_db

SPOILER = "So Nick was the lighthouse keeper all along."


def _item(html: str, comment: Comment) -> str:
    start = html.index(f'id="comment-{comment.pk}"')
    return html[start : html.index("</li>", start)]


def test_the_form_offers_the_spoiler_checkbox_before_its_label(client):
    article = ArticleFactory()
    html = get(client, reverse("comments:write", args=[article.pk]))
    box = html.index('type="checkbox" name="contains_spoilers"')
    assert box < html.index('<label for="id_contains_spoilers">Contains spoilers')


def test_a_spoiler_comment_is_posted_shown_folded_and_marked_for_moderators(
    client, moderator
):
    article = ArticleFactory()
    client.post(
        reverse("comments:write", args=[article.pk]),
        comment_form_data(article, body=SPOILER, contains_spoilers="on"),
    )
    comment = Comment.objects.get(body=SPOILER)
    assert comment.contains_spoilers
    assert comment.state == Comment.State.PENDING

    client.force_login(moderator)
    queue = get(client, reverse("admin:comments_comment_changelist"))
    assert "Contains spoilers" in queue
    services.comment_approve(comment=comment, by=moderator)
    client.logout()

    for url in (
        article.get_absolute_url(),
        reverse("comments:list", args=[article.slug]),
    ):
        item = _item(get(client, url), comment)
        folded = item.index('<details class="spoiler spoiler--comment">')
        assert folded < item.index("Show spoiler") < item.index(SPOILER)
        assert '<details class="spoiler spoiler--comment" open' not in item


def test_a_comment_without_the_flag_is_not_folded(client):
    article = ArticleFactory()
    CommentFactory(article=article, body="No secrets here.")
    html = get(client, article.get_absolute_url())
    assert "No secrets here." in html
    assert "spoiler--comment" not in html


def test_the_flag_is_kept_when_unticked(client):
    article = ArticleFactory()
    client.post(
        reverse("comments:write", args=[article.pk]),
        comment_form_data(article, body="Nothing given away."),
    )
    assert not Comment.objects.get(body="Nothing given away.").contains_spoilers


def test_a_hostile_name_in_the_spoiler_control_is_escaped(client):
    comment = CommentFactory(
        name='<img src=x onerror="alert(1)">', body=SPOILER, contains_spoilers=True
    )
    item = _item(get(client, comment.article.get_absolute_url()), comment)
    assert "<img" not in item
    assert "in the comment by <bdi>&lt;img src=x" in item


def test_a_stored_item_follows_the_flag(client, fragments, settings):
    comment = CommentFactory(body=SPOILER)
    url = comment.article.get_absolute_url()
    assert "spoiler--comment" not in get(client, url)
    # A write that sends no signal still changes the item's key (a digest of it).
    Comment.objects.filter(pk=comment.pk).update(contains_spoilers=True)
    comment.article.save()  # the article's version moves, as an approval's would
    html = get(client, url)
    assert "spoiler--comment" in _item(html, comment)
    assert html == whole(client, url, settings)
