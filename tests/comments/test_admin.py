"""The moderation queue in the admin, and who may use it."""

import pytest

from comments.models import Comment, ModerationLogEntry
from tests.comments.test_public import XSS_PAYLOADS
from tests.factories import (
    ArticleFactory,
    CommentFactory,
    CommentReportFactory,
    ShowFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"


def _moderate_url(comment, decision):
    return f"{QUEUE}{comment.pk}/moderate/{decision}/"


# --- permissions ----------------------------------------------------------------------

ROLE_MATRIX = [
    # (role, URL, expected status)
    ("moderator", QUEUE, 200),
    ("moderator", "/admin/comments/moderationlogentry/", 200),
    ("moderator", "/admin/comments/heldword/add/", 200),
    ("moderator", "/admin/comments/bannednetwork/", 200),
    ("moderator", "/admin/articles/article/", 403),
    ("moderator", "/admin/articles/article/add/", 403),
    ("moderator", "/admin/articles/tag/", 403),
    ("moderator", "/admin/catalog/show/", 403),
    ("moderator", "/admin/catalog/person/", 403),
    ("moderator", "/admin/images/image/", 403),
    ("moderator", "/admin/auth/user/", 403),
    ("editor", QUEUE, 200),
    ("author", QUEUE, 403),
]


@pytest.mark.parametrize(("role", "url", "status"), ROLE_MATRIX)
def test_admin_access_by_role(client, request, role, url, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url).status_code == status


def test_a_moderator_cannot_change_or_delete_an_article(client, moderator):
    article = ArticleFactory(title="Untouched")
    client.force_login(moderator)

    assert client.get(f"/admin/articles/article/{article.pk}/change/").status_code in (
        403,
        302,
    )
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/", {"title": "Defaced"}
    )
    assert response.status_code in (403, 302)
    assert client.post(
        f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}
    ).status_code in (403, 302)
    article.refresh_from_db()
    assert article.title == "Untouched"


def test_a_moderator_cannot_change_the_catalog(client, moderator):
    show = ShowFactory(title="Kept")
    client.force_login(moderator)
    response = client.post(f"/admin/catalog/show/{show.pk}/change/", {"title": "X"})
    assert response.status_code == 403
    show.refresh_from_db()
    assert show.title == "Kept"


def test_moderators_hold_only_comment_permissions(moderator):
    perms = moderator.get_all_permissions()
    assert perms and all(p.startswith("comments.") for p in perms)
    assert "comments.moderate_comment" in perms
    assert "comments.change_comment" not in perms


@pytest.mark.parametrize("role", ["author", "reader"])
def test_moderation_buttons_refuse_users_without_the_permission(client, request, role):
    user = (
        request.getfixturevalue(role)
        if role != "reader"
        else UserFactory(is_staff=True)
    )
    comment = CommentFactory(state="pending")
    client.force_login(user)

    response = client.post(_moderate_url(comment, "approve"))

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.state == "pending"


def test_anonymous_users_are_sent_to_the_login(client):
    comment = CommentFactory(state="pending")
    response = client.post(_moderate_url(comment, "approve"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    comment.refresh_from_db()
    assert comment.state == "pending"


def test_comments_cannot_be_edited_in_the_admin(client, editor):
    comment = CommentFactory(body="The reader's words")
    client.force_login(editor)
    client.post(f"{QUEUE}{comment.pk}/change/", {"body": "Edited"})
    comment.refresh_from_db()
    assert comment.body == "The reader's words"


# --- the buttons and the bulk actions -------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "state"),
    [("approve", "approved"), ("reject", "rejected"), ("spam", "spam")],
)
def test_one_click_buttons_moderate_log_and_return_to_the_filtered_queue(
    client, moderator, decision, state
):
    comment = CommentFactory(state="pending")
    client.force_login(moderator)
    back = f"{QUEUE}?state__exact=pending"

    response = client.post(_moderate_url(comment, decision), {"next": back})

    assert response.status_code == 302
    assert response["Location"] == back
    comment.refresh_from_db()
    assert comment.state == state
    entry = ModerationLogEntry.objects.get(comment=comment, actor=moderator)
    assert (entry.from_state, entry.to_state) == ("pending", state)


def test_buttons_refuse_get_and_foreign_next_urls(client, moderator):
    comment = CommentFactory(state="pending")
    client.force_login(moderator)

    assert client.get(_moderate_url(comment, "approve")).status_code == 405
    response = client.post(
        _moderate_url(comment, "approve"), {"next": "https://evil.example/"}
    )
    assert response["Location"] == QUEUE


def test_the_buttons_need_a_csrf_token(moderator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    comment = CommentFactory(state="pending")

    assert client.post(_moderate_url(comment, "approve")).status_code == 403
    comment.refresh_from_db()
    assert comment.state == "pending"


def test_an_impossible_move_is_a_warning_not_an_error(client, moderator):
    comment = CommentFactory(state="rejected")
    client.force_login(moderator)

    response = client.post(_moderate_url(comment, "reject"), follow=True)

    assert response.status_code == 200
    assert "cannot be moved" in response.content.decode()


def test_bulk_actions_use_the_same_moves_and_log(client, moderator):
    comments = CommentFactory.create_batch(3, state="pending")
    already = CommentFactory(state="spam")
    client.force_login(moderator)

    response = client.post(
        QUEUE,
        {
            "action": "spam_selected",
            "_selected_action": [c.pk for c in [*comments, already]],
        },
        follow=True,
    )

    assert response.status_code == 200
    assert set(Comment.objects.values_list("state", flat=True)) == {"spam"}
    assert "3 comment(s) marked as spam" in response.content.decode()
    assert ModerationLogEntry.objects.filter(actor=moderator).count() == 3


# --- the queue ------------------------------------------------------------------------


def test_queue_lists_pending_and_reported_first_oldest_first(client, moderator):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    old_approved = CommentFactory(created_at=now - timedelta(days=9), body="old ok")
    new_pending = CommentFactory(
        state="pending", created_at=now - timedelta(days=1), body="new pending"
    )
    old_pending = CommentFactory(
        state="pending", created_at=now - timedelta(days=5), body="old pending"
    )
    reported = CommentReportFactory(
        comment=CommentFactory(created_at=now - timedelta(days=3), body="reported")
    ).comment
    newest_approved = CommentFactory(created_at=now, body="new ok")
    client.force_login(moderator)

    response = client.get(QUEUE)

    rows = [c.pk for c in response.context["cl"].result_list]
    assert rows == [
        old_pending.pk,
        reported.pk,
        new_pending.pk,
        newest_approved.pk,
        old_approved.pk,
    ]


def test_queue_rows_show_article_parent_context_and_report_reasons(client, moderator):
    article = ArticleFactory(title="Season two dates")
    parent = CommentFactory(article=article, name="Parent", body="Original point")
    reply = CommentFactory(article=article, parent=parent, state="pending")
    CommentReportFactory(comment=parent, reason="spoiler")
    client.force_login(moderator)

    html = client.get(QUEUE).content.decode()

    assert "Season two dates" in html
    assert "In reply to <strong>Parent</strong>: “Original point”" in html
    assert "1 report(s): Spoiler" in html
    assert f'formaction="{_moderate_url(reply, "approve")}"' in html
    assert 'id="comment-moderation"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state__exact=pending", {"pending"}),
        ("queue=reported", {"reported"}),
        ("reason=spoiler", {"reported"}),
        ("reason=abuse", set()),
        ("article={article}", {"pending"}),
        ("show={show}", {"reported"}),
        ("q=needle", {"pending"}),
        ("q=203.0.113.9", {"reported"}),
    ],
)
def test_queue_filters_and_search(client, moderator, query, expected):
    show = ShowFactory()
    about_show = ArticleFactory()
    about_show.subject_shows.add(show)
    pending_article = ArticleFactory()
    CommentFactory(article=pending_article, state="pending", body="a needle here")
    reported = CommentFactory(
        article=about_show, body="reported", ip_address="203.0.113.9"
    )
    CommentReportFactory(comment=reported, reason="spoiler")
    client.force_login(moderator)

    url = f"{QUEUE}?" + query.format(article=pending_article.pk, show=show.pk)
    response = client.get(url)

    assert response.status_code == 200
    found = {
        "pending" if c.state == "pending" else "reported"
        for c in response.context["cl"].result_list
    }
    assert found == expected


def test_queue_query_count_is_flat(client, moderator, django_assert_num_queries):
    client.force_login(moderator)
    for n in (3, 30):
        Comment.objects.all().delete()
        for _ in range(n):
            parent = CommentFactory()
            CommentReportFactory(comment=parent)
            CommentFactory(parent=parent, article=parent.article, state="pending")
        # Session and user, the counts, the filters' choices, the page, its open
        # reports, the header's unread count: the same with 3 or 30 threads.
        with django_assert_num_queries(12):
            assert client.get(QUEUE).status_code == 200


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_are_inert_in_the_admin_queue(client, moderator, payload):
    article = ArticleFactory(title="Safe title")
    parent = CommentFactory(article=article, name=payload[:80], body=payload)
    CommentFactory(
        article=article,
        parent=parent,
        name=payload[:80],
        body=payload,
        state="pending",
        email="x@example.com",
    )
    client.force_login(moderator)

    for url in (QUEUE, f"{QUEUE}{parent.pk}/change/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html and "<svg/onload" not in html, url
        assert "<iframe" not in html, url
        assert 'href="javascript:' not in html, url


def test_admin_index_shows_pending_and_reported_counts(client, moderator, editor):
    CommentFactory.create_batch(2, state="pending")
    CommentReportFactory()
    client.force_login(moderator)

    html = client.get("/admin/").content.decode()

    assert "<strong>2</strong> pending" in html
    assert "<strong>1</strong> reported" in html


def test_admin_index_hides_the_counts_from_authors(client, author):
    CommentFactory(state="pending")
    client.force_login(author)
    assert "Comments to moderate" not in client.get("/admin/").content.decode()
