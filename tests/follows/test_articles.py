"""New articles reach followers who asked for them once public: a draft or a piece
scheduled for later never does before its time."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from articles.services import article_transition
from tests.factories import ReadyArticleFactory

from .conftest import alerts, follow_confirmed


def test_publishing_a_piece_tells_its_shows_followers(client, show, jobs, editor):
    follow_confirmed(client, show, jobs, articles=True)
    piece = ReadyArticleFactory(title="Moonbase is back", subjects=show)
    assert alerts() == []  # a draft

    with jobs():
        article_transition(article=piece, action="publish", by=editor)

    [alert] = alerts()
    assert "New article: Moonbase is back" in alert.body
    assert piece.get_absolute_url() in alert.body


def test_a_scheduled_piece_is_sent_only_once_it_is_public(
    client, show, jobs, editor, time_machine
):
    follow_confirmed(client, show, jobs, articles=True)
    piece = ReadyArticleFactory(title="Moonbase returns", subjects=show)
    when = timezone.now() + datetime.timedelta(hours=3)
    with jobs():
        article_transition(article=piece, action="schedule", by=editor, when=when)
        call_command("follows_send_alerts")
    assert alerts() == []

    time_machine.move_to(when + datetime.timedelta(minutes=5))
    with jobs():
        call_command("follows_send_alerts")
    [alert] = alerts()
    assert "New article: Moonbase returns" in alert.body


def test_readers_who_did_not_ask_for_articles_hear_of_none(client, show, jobs, editor):
    follow_confirmed(client, show, jobs, dates=True)
    piece = ReadyArticleFactory(subjects=show)
    with jobs():
        article_transition(article=piece, action="publish", by=editor)
    assert alerts() == []
