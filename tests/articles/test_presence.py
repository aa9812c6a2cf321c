"""Who else has a piece open: heartbeats, the banner, leaving, and who may beat."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, ArticlePresence
from articles.presence import others_present, presence_beat
from core.models import PageList
from tests.articles_helpers import CHANGE_URL
from tests.factories import ArticleFactory, AuthorProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(article):
    return f"/admin/articles/article/{article.pk}/presence/"


def _leave_url(article):
    return f"/admin/articles/article/{article.pk}/presence/leave/"


@pytest.fixture
def eddie(editor):
    editor.first_name, editor.last_name = "Eddie", "Editor"
    editor.save()
    return editor


@pytest.fixture
def other_editor(editor):
    user = UserFactory(username="otto", first_name="Otto", last_name="Other")
    user.groups.add(*editor.groups.all())
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def article(author):
    article = ArticleFactory(state="draft", published_at=None, created_by=author)
    article.authors.add(AuthorProfileFactory(user=author))
    return article


def test_a_heartbeat_answers_who_else_is_editing_and_since_when(
    client, eddie, other_editor, article, time_machine
):
    time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 12, 7, 14, 2)))
    client.force_login(eddie)
    assert client.post(_url(article)).json() == {"others": []}
    time_machine.shift(timedelta(seconds=40))
    client.force_login(other_editor)
    answer = client.post(_url(article)).json()
    assert answer == {"others": ["Eddie Editor is editing since 14:02"]}


def test_the_change_form_shows_the_banner_on_load(client, eddie, other_editor, article):
    presence_beat(article=article, user=eddie)
    client.force_login(other_editor)
    html = client.get(CHANGE_URL.format(article.pk)).content.decode()
    assert "Eddie Editor is editing since" in html
    assert 'class="desk-presence"' in html and "desk-presence.js" in html


def test_nobody_else_means_a_hidden_banner(client, eddie, article):
    client.force_login(eddie)
    html = client.get(CHANGE_URL.format(article.pk)).content.decode()
    assert 'data-leave-url="/admin/articles/article/' in html
    assert "is editing since" not in html


def test_a_minute_without_heartbeat_means_gone(eddie, other_editor, article):
    presence_beat(article=article, user=eddie)
    later = timezone.now() + timedelta(seconds=61)
    assert others_present(article=article, user=other_editor, at=later) == []
    soon = timezone.now() + timedelta(seconds=50)
    assert others_present(article=article, user=other_editor, at=soon)


def test_leaving_removes_the_editor_at_once(client, eddie, other_editor, article):
    client.force_login(eddie)
    client.post(_url(article))
    assert client.post(_leave_url(article)).status_code == 200
    assert others_present(article=article, user=other_editor) == []


def test_heartbeats_keep_first_seen_and_purge_the_gone(eddie, other_editor, article):
    start = timezone.now()
    presence_beat(article=article, user=eddie, at=start)
    presence_beat(article=article, user=eddie, at=start + timedelta(seconds=20))
    row = ArticlePresence.objects.get(user=eddie)
    assert (row.first_seen, row.last_seen) == (start, start + timedelta(seconds=20))
    # Ten minutes later someone else's heartbeat purges the silent row.
    presence_beat(article=article, user=other_editor, at=start + timedelta(minutes=10))
    assert list(ArticlePresence.objects.values_list("user", flat=True)) == [
        other_editor.pk
    ]
    # Coming back starts a new "editing since".
    back = start + timedelta(minutes=11)
    presence_beat(article=article, user=eddie, at=back)
    assert ArticlePresence.objects.get(user=eddie).first_seen == back


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),  # to the login page
        ("moderator", 403),
        ("owner", 200),
        ("other_author", 404),  # may not even see it
        ("editor", 200),
    ],
)
def test_who_may_send_a_heartbeat(client, roles, article, author, who, status):
    users = {
        "moderator": lambda: UserFactory(groups=[roles["Moderators"]], is_staff=True),
        "owner": lambda: author,
        "other_author": lambda: UserFactory(groups=[roles["Authors"]], is_staff=True),
        "editor": lambda: UserFactory(groups=[roles["Editors"]], is_staff=True),
    }
    if who != "anonymous":
        client.force_login(users[who]())
    assert client.post(_url(article)).status_code == status
    assert ArticlePresence.objects.exists() == (status == 200)
    assert client.post(_leave_url(article)).status_code == status
    assert not ArticlePresence.objects.exists()


def test_an_author_is_not_seen_on_a_piece_they_may_no_longer_edit(
    client, author, article
):
    article.state = "in_review"
    article.save()
    client.force_login(author)
    assert client.post(_url(article)).status_code == 403
    assert not ArticlePresence.objects.exists()


def test_a_heartbeat_must_be_a_post(client, editor, article):
    client.force_login(editor)
    assert client.get(_url(article)).status_code == 405
    assert client.get(_leave_url(article)).status_code == 405
    assert not ArticlePresence.objects.exists()


def test_a_heartbeat_needs_the_csrf_token(editor, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(_url(article)).status_code == 403
    client.get(CHANGE_URL.format(article.pk))
    token = client.cookies["csrftoken"].value
    answer = client.post(_url(article), {"csrfmiddlewaretoken": token})
    assert answer.status_code == 200


def test_a_heartbeat_costs_the_same_queries_however_many_are_present(
    client, editor, article
):
    client.force_login(editor)
    client.post(_url(article))  # warm the session and the permission cache paths

    def beat_queries(others: int) -> int:
        for _ in range(others):
            presence_beat(article=article, user=UserFactory())
            presence_beat(article=ArticleFactory(), user=UserFactory())
        with CaptureQueriesContext(connection) as queries:
            assert client.post(_url(article)).status_code == 200
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]
        assert len(writes) == 2, writes  # the purge and the upsert, no more
        return len(queries.captured_queries)

    small = beat_queries(1)
    assert beat_queries(10) == small
    assert small <= 10


@pytest.mark.django_db(transaction=True)
def test_heartbeats_and_leaving_never_clear_the_readers_page_cache(editor):
    article = ArticleFactory()
    client = Client()
    client.force_login(editor)
    PageList.objects.create(key="articles")

    def versions():
        return sorted(Article.objects.values_list("pk", "render_version")), sorted(
            PageList.objects.values_list("key", "render_version")
        )

    before = versions()
    client.post(_url(article))
    client.post(_leave_url(article))
    assert versions() == before


def test_a_name_in_the_banner_is_escaped(client, editor, other_editor, article):
    editor.first_name, editor.last_name = "<b>Eve</b>", "Editor"
    editor.save()
    presence_beat(article=article, user=editor)
    client.force_login(other_editor)
    html = client.get(CHANGE_URL.format(article.pk)).content.decode()
    assert "&lt;b&gt;Eve&lt;/b&gt; Editor is editing since" in html
    assert "<b>Eve</b>" not in html
