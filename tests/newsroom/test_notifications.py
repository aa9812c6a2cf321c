"""Who hears about what: each kind reaches exactly its recipients, in the inbox and
(as each chose) by e-mail, sent only once the action commits."""

import datetime
import logging

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.signals import workflow_transition
from catalog import services as catalog_services
from catalog.models import FactChange
from jobs.models import FailedJob
from newsroom.models import EmailPreference, Kind, Notification, ScheduledGoLive
from newsroom.receivers import on_fact_changes
from tests.factories import ArticleFactory, AuthorProfileFactory, UserFactory
from tests.livefacts_helpers import AUG_3, make_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor(roles):
    return UserFactory(username="erin", groups=[roles["Editors"]], is_staff=True)


@pytest.fixture
def coauthored(piece, other_author):
    """``piece`` with a second byline (otto)."""
    piece.authors.add(AuthorProfileFactory(user=other_author))
    return piece


def _transition(article, action, by, **extra):
    workflow_transition.send(
        sender=Article, article=article, action=action, by=by, **extra
    )


def _recipients(kind):
    return sorted(
        Notification.objects.filter(kind=kind).values_list(
            "recipient__username", flat=True
        )
    )


def test_submitting_tells_every_active_editor_but_no_author(
    author, editor, second_editor, moderator, coauthored, roles
):
    UserFactory(username="retired", groups=[roles["Editors"]], is_active=False)
    _transition(coauthored, "submit", author)
    assert _recipients(Kind.SUBMITTED) == ["eddie", "erin"]
    notice = Notification.objects.filter(recipient=editor).get()
    assert notice.actor == author and notice.article == coauthored
    assert "submitted “Season two review” for review" in notice.text
    assert notice.url == f"/admin/articles/article/{coauthored.pk}/change/"


def test_an_editor_submitting_is_not_told_themself(editor, second_editor, piece):
    _transition(piece, "submit", editor)
    assert _recipients(Kind.SUBMITTED) == ["erin"]


def test_a_change_to_a_live_piece_says_so(author, editor, piece):
    _transition(piece, "submit", author, live_change=True)
    assert (
        "submitted a change to “Season two review”" in Notification.objects.get().text
    )


@pytest.mark.parametrize(
    ("action", "kind"),
    [
        ("request_changes", Kind.CHANGES_REQUESTED),
        ("publish", Kind.PUBLISHED),
        ("schedule", Kind.SCHEDULED),
    ],
)
def test_editor_actions_tell_the_pieces_authors_only(
    editor, second_editor, coauthored, action, kind
):
    _transition(coauthored, action, editor)
    assert _recipients(kind) == ["ada", "otto"]
    assert Notification.objects.count() == 2


def test_the_creator_hears_even_without_a_byline(editor, roles):
    creator = UserFactory(username="cree", groups=[roles["Authors"]], is_staff=True)
    article = ArticleFactory(state="review", created_by=creator)
    _transition(article, "publish", editor)
    assert _recipients(Kind.PUBLISHED) == ["cree"]


def test_requested_changes_carry_the_editors_note(editor, piece):
    _transition(piece, "request_changes", editor, note="Add the premiere date.")
    assert Notification.objects.get().text.endswith(": Add the premiere date.")


@pytest.mark.parametrize("action", ["withdraw", "unpublish"])
def test_withdraw_and_unpublish_tell_nobody(author, editor, piece, action):
    _transition(piece, action, editor)
    assert not Notification.objects.exists()


def test_scheduling_remembers_the_go_live_time(editor, piece):
    piece.published_at = timezone.now() + datetime.timedelta(hours=3)
    piece.state = Article.State.PUBLISHED
    piece.save()
    _transition(piece, "schedule", editor)
    assert list(ScheduledGoLive.objects.values_list("due_at", flat=True)) == [
        piece.published_at
    ]


# --- e-mail ------------------------------------------------------------------------


def test_email_is_sent_only_after_commit(
    author, editor, piece, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _transition(piece, "submit", author)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["eddie@example.com"]]
    message = mail.outbox[0]
    assert "submitted “Season two review” for review" in message.subject
    assert f"/admin/articles/article/{piece.pk}/change/" in message.body
    assert "/admin/newsroom/notification/preferences/" in message.body


def test_no_email_and_no_notice_when_the_action_rolls_back(
    author, editor, piece, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            _transition(piece, "submit", author)
            raise RuntimeError("the transition failed")
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_email_honours_each_users_choices(
    editor, coauthored, author, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(user=author, kinds=[Kind.MENTIONED])
    with django_capture_on_commit_callbacks(execute=True):
        _transition(coauthored, "publish", editor)
    # ada chose mentions only; otto chose nothing, so gets every kind.
    assert [m.to for m in mail.outbox] == [["otto@example.com"]]
    assert _recipients(Kind.PUBLISHED) == ["ada", "otto"]  # the inbox gets all


def test_users_without_an_address_get_the_inbox_only(
    editor, piece, author, django_capture_on_commit_callbacks
):
    author.email = ""
    author.save()
    with django_capture_on_commit_callbacks(execute=True):
        _transition(piece, "publish", editor)
    assert mail.outbox == []
    assert _recipients(Kind.PUBLISHED) == ["ada"]


def test_a_mail_server_failure_is_logged_and_never_fails_the_action(
    client, settings, author, editor, piece, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.newsroom.backends.RaisingEmailBackend"
    client.force_login(author)
    with (
        caplog.at_level(logging.ERROR, logger="jobs.queue"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = client.post(
            f"/admin/newsroom/note/article/{piece.pk}/add/", {"text": "@eddie look"}
        )
    assert callbacks  # the e-mail was attempted after commit
    assert response.status_code == 302
    assert _recipients(Kind.MENTIONED) == ["eddie"]
    # The e-mail job was retried, then kept for staff to retry.
    assert "Job jobs.mail.send_message failed for good" in caplog.text
    failed = FailedJob.objects.get()
    assert failed.kwargs["to"] == ["eddie@example.com"]
    assert "The mail server is down" in failed.summary


# --- catalog facts -------------------------------------------------------------------


def _published_piece_showing_the_release(owner, title):
    article = ArticleFactory(
        title=title, body="[[release season=heartstopper/2]]", created_by=owner
    )
    article.authors.add(AuthorProfileFactory(user=owner))
    return article


def test_a_fact_change_tells_the_authors_of_published_pieces_showing_it_once(
    author, other_author, editor, roles
):
    catalog = make_catalog()
    mine = _published_piece_showing_the_release(author, "Mine")
    theirs = _published_piece_showing_the_release(other_author, "Theirs")
    ArticleFactory(title="Unrelated", body="No facts", created_by=author)
    draft = ArticleFactory(
        title="Draft",
        body="[[release season=heartstopper/2]]",
        state="draft",
        published_at=None,
    )
    draft.authors.add(AuthorProfileFactory(user=UserFactory(username="drafty")))
    catalog_services.season_set_release(
        season=catalog.season,
        status="date_announced",
        premiere=AUG_3,  # status and premiere: two facts, one batch
        source=None,
        by=editor,
    )
    notices = Notification.objects.filter(kind=Kind.FACT_CHANGED)
    assert sorted(notices.values_list("recipient__username", "article__title")) == [
        ("ada", "Mine"),
        ("otto", "Theirs"),
    ]
    text = notices.get(article=mine).text
    assert "premiere" in text and "release status" in text and "“Mine”" in text
    assert notices.get(article=theirs).actor == editor


def test_a_fact_change_on_a_piece_with_no_creator_tells_its_authors(author, editor):
    """Imported pieces have no creator; the catalog edit still saves and notifies."""
    catalog = make_catalog()
    piece = ArticleFactory(
        title="Imported", body="[[release season=heartstopper/2]]", created_by=None
    )
    piece.authors.add(AuthorProfileFactory(user=author))
    catalog_services.season_set_release(
        season=catalog.season, status="cancelled", source=None, by=editor
    )
    notices = Notification.objects.filter(kind=Kind.FACT_CHANGED)
    assert list(notices.values_list("recipient__username", flat=True)) == ["ada"]


def test_fact_change_notices_take_the_same_queries_for_more_pieces(author, editor):
    catalog = make_catalog()
    _published_piece_showing_the_release(author, "First")
    catalog_services.season_set_release(
        season=catalog.season, status="cancelled", source=None, by=editor
    )
    changes = list(FactChange.objects.order_by("-pk")[:1])
    Notification.objects.all().delete()
    with CaptureQueriesContext(connection) as few:
        on_fact_changes(None, changes=changes)
    for n in range(5):
        owner = UserFactory(username=f"writer{n}", is_staff=True)
        _published_piece_showing_the_release(owner, f"More {n}")
    with CaptureQueriesContext(connection) as many:
        on_fact_changes(None, changes=changes)
    assert Notification.objects.filter(kind=Kind.FACT_CHANGED).count() == 1 + 6
    assert len(many.captured_queries) == len(few.captured_queries)
