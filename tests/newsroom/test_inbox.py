"""The inbox, the header's unread count, e-mail choices and the dashboard summary."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from newsroom.models import EmailPreference, Kind, Notification
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

INBOX = "/admin/newsroom/notification/"
READ = "/admin/newsroom/notification/read/"
PREFERENCES = "/admin/newsroom/notification/preferences/"


def _notices(user, n, *, read=False):
    from django.utils import timezone

    article = ArticleFactory()
    return Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=Kind.PUBLISHED,
            article=article,
            text=f"Notice {i}",
            url=f"/admin/articles/article/{article.pk}/change/",
            read_at=timezone.now() if read else None,
        )
        for i in range(n)
    )


def test_the_header_shows_the_unread_count(client, editor):
    _notices(editor, 3)
    _notices(editor, 2, read=True)
    client.force_login(editor)
    page = client.get("/admin/").content.decode()
    assert (
        '<span class="inbox-link__count">3<span class="visually-hidden"> unread' in page
    )


def test_no_count_when_all_is_read(client, editor):
    _notices(editor, 2, read=True)
    client.force_login(editor)
    page = client.get("/admin/").content.decode()
    assert "inbox-link__count" not in page and ">Inbox</a>" in page


@pytest.mark.parametrize("url", ["/admin/password_change/", INBOX])
def test_header_and_inbox_queries_do_not_grow_with_notifications(
    client, editor, url, django_assert_num_queries
):
    client.force_login(editor)
    _notices(editor, 5)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _notices(editor, 45)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_inbox_is_paginated_newest_first(client, editor):
    _notices(editor, 30)
    client.force_login(editor)
    first = client.get(INBOX).content.decode()
    assert first.count('class="notification ') == 25
    assert "Notice 29" in first and "Page 1 of 2" in first
    second = client.get(INBOX + "?p=2").content.decode()
    assert second.count('class="notification ') == 5 and "Notice 0" in second


def test_the_inbox_shows_only_my_notifications(client, editor, author):
    _notices(author, 1)
    client.force_login(editor)
    assert "Notice 0" not in client.get(INBOX).content.decode()


def test_only_unread_filter(client, editor):
    _notices(editor, 1)
    Notification.objects.update(text="Old news")
    _notices(editor, 1, read=True)
    client.force_login(editor)
    page = client.get(INBOX + "?unread=1").content.decode()
    assert "Old news" in page and "Notice 0" not in page


def test_mark_selected_and_all_read(client, editor, author):
    first, second, third = _notices(editor, 3)
    others = _notices(author, 1)
    client.force_login(editor)
    client.post(READ, {"notification": [first.pk, others[0].pk, "junk"]})
    unread = Notification.objects.filter(read_at__isnull=True)
    assert set(unread.values_list("pk", flat=True)) == {
        second.pk,
        third.pk,
        others[0].pk,
    }
    response = client.post(READ, {"all": "1", "next": INBOX + "?p=1"})
    assert response.url == INBOX + "?p=1"
    assert list(unread.values_list("pk", flat=True)) == [others[0].pk]


def test_mark_read_refuses_get_and_a_forged_post(client, editor):
    from django.test import Client

    _notices(editor, 1)
    client.force_login(editor)
    assert client.get(READ).status_code == 405
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(editor)
    assert forged.post(READ, {"all": "1"}).status_code == 403
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_following_a_notice_marks_it_read_and_opens_the_piece(client, editor):
    (notice,) = _notices(editor, 1)
    client.force_login(editor)
    response = client.get(f"{INBOX}{notice.pk}/open/")
    assert response.status_code == 302 and response.url == notice.url
    notice.refresh_from_db()
    assert notice.is_read


def test_nobody_opens_someone_elses_notice(client, editor, author):
    (notice,) = _notices(author, 1)
    client.force_login(editor)
    assert client.get(f"{INBOX}{notice.pk}/open/").status_code == 404
    notice.refresh_from_db()
    assert not notice.is_read


def test_an_offsite_url_is_never_followed(client, editor):
    (notice,) = _notices(editor, 1)
    Notification.objects.update(url="https://evil.example.com/")
    client.force_login(editor)
    assert client.get(f"{INBOX}{notice.pk}/open/").url == INBOX


def test_anonymous_users_go_to_the_login(client):
    for url in (INBOX, PREFERENCES):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response.url


def test_every_staff_role_has_an_inbox(client, moderator):
    client.force_login(moderator)
    assert client.get(INBOX).status_code == 200
    assert client.get(PREFERENCES).status_code == 200


def test_each_user_chooses_their_own_emails(client, author, editor):
    client.force_login(author)
    page = client.get(PREFERENCES).content.decode()
    assert (
        page.count('name="kinds"') == page.count(" checked>") == len(Kind.values)
    )  # all by default
    response = client.post(PREFERENCES, {"kinds": [Kind.MENTIONED, Kind.WENT_LIVE]})
    assert response.status_code == 302
    assert set(EmailPreference.objects.get(user=author).kinds) == {
        Kind.MENTIONED,
        Kind.WENT_LIVE,
    }
    assert not EmailPreference.objects.filter(user=editor).exists()


def test_an_unknown_kind_is_a_form_error(client, author):
    client.force_login(author)
    response = client.post(PREFERENCES, {"kinds": ["everything"]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not EmailPreference.objects.exists()


def test_the_admin_index_lists_the_inbox(client, author):
    client.force_login(author)
    assert INBOX in client.get("/admin/").content.decode()


def test_inbox_summary_shows_the_newest_five_and_the_count(
    editor, django_assert_num_queries
):
    _notices(editor, 7)
    request = RequestFactory().get("/admin/")
    request.user = editor
    template = Template("{% load newsroom %}{% inbox_summary request.user %}")
    with django_assert_num_queries(2):
        html = template.render(Context({"request": request}))
    assert html.count('class="notification ') == 5
    assert "Notice 6" in html and "Notice 1" not in html
    assert '7<span class="visually-hidden"> unread' in html


def test_notice_text_from_titles_and_notes_is_escaped(client, editor, author, piece):
    from newsroom.services import note_post

    piece.title = "<img src=x onerror=alert(1)>"
    piece.save()
    note_post(article=piece, by=author, text="<script>alert(2)</script> @eddie")
    client.force_login(editor)
    page = client.get(INBOX).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "<script>alert(2)" not in page
