"""The reader's whole path: ask, confirm from the e-mail, hear about official dates
once a day, unsubscribe in one click from the mail's List-Unsubscribe header."""

import datetime
import re

from django.core import mail
from django.core.management import call_command
from django.test import Client

from catalog.dates import Confidence, PreciseDate
from follows.models import Follow, ShowEvent

from .conftest import (
    DAY,
    READER,
    alerts,
    ask_to_follow,
    confirm_link,
    follow_confirmed,
    set_premiere,
)

UNSUBSCRIBE_HEADER = re.compile(r"^<(https?://[^>]+)>$")


def test_follow_confirm_alert_and_one_click_unsubscribe(client, show, season, jobs):
    page = client.get(show.get_absolute_url())
    assert 'action="/follow/show/moonbase/"' in page.content.decode()

    asked = ask_to_follow(client, show, jobs, dates=True, official_only=True)
    assert asked.status_code == 302
    assert asked["Location"] == "/follow/show/moonbase/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [READER]
    assert not Follow.objects.get().is_confirmed

    link = confirm_link(mail.outbox[0])
    opened = client.get(link)
    assert opened.status_code == 200
    # A GET (a mail provider's link scanner, too) confirms nothing.
    assert not Follow.objects.get().is_confirmed
    assert client.post(link).status_code == 200
    follow = Follow.objects.get()
    assert follow.is_confirmed
    assert (follow.dates, follow.official_only, follow.seasons) == (True, True, False)

    set_premiere(season, PreciseDate.quarter(2027, 2, Confidence.REPORTED), jobs)
    assert alerts() == []  # reported: nothing for an official-only reader

    set_premiere(season, PreciseDate.day(DAY, Confidence.OFFICIAL), jobs)
    [alert] = alerts()
    assert "Moonbase Season 2: premiere 4 March 2027 (official)" in alert.body
    assert "Q2 2027" in alert.body  # what it was
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = UNSUBSCRIBE_HEADER.match(alert.extra_headers["List-Unsubscribe"]).group(1)
    assert follow.unsubscribe_url() in alert.body  # a link in the body too

    # RFC 8058: the mail provider POSTs, with no cookie and no CSRF token.
    provider = Client(enforce_csrf_checks=True)
    done = provider.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert not Follow.objects.exists()


def test_a_second_change_the_same_day_waits_for_the_next_days_message(
    client, show, season, jobs, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 12, 8, 9, 0, tzinfo=datetime.UTC))
    follow_confirmed(client, show, jobs, dates=True)

    set_premiere(season, PreciseDate.month(2027, 3), jobs)
    set_premiere(season, PreciseDate.day(DAY), jobs)
    with jobs():
        call_command("follows_send_alerts", stdout=None)
    [first] = alerts()
    assert "March 2027 (official)" in first.body
    assert "4 March 2027" not in first.body

    time_machine.move_to(datetime.datetime(2026, 12, 9, 9, 0, tzinfo=datetime.UTC))
    with jobs():
        call_command("follows_send_alerts")
    assert len(alerts()) == 2
    assert "4 March 2027 (official)" in alerts()[1].body


def test_changes_made_together_come_in_one_message(client, show, season, jobs):
    follow_confirmed(client, show, jobs, dates=True, seasons=True)
    with jobs():
        season.premiere = PreciseDate.day(DAY)
        season.save()
        season.__class__.objects.create(show=show, number=3)
    [alert] = alerts()
    assert "4 March 2027" in alert.body
    assert "New season: Moonbase Season 3" in alert.body


def test_one_message_a_day_covers_every_show_the_address_follows(
    client, show, season, jobs
):
    from tests.factories import SeasonFactory, ShowFactory

    other = SeasonFactory(show=ShowFactory(title="Starfall", slug="starfall"))
    follow_confirmed(client, show, jobs, dates=True)
    follow_confirmed(client, other.show, jobs, dates=True)
    with jobs():
        for each in (season, other):
            each.premiere = PreciseDate.day(DAY)
            each.save()
    [alert] = alerts()
    assert "Moonbase" in alert.body and "Starfall" in alert.body
    assert "Moonbase and 1 more show" in alert.subject


def test_every_date_reader_hears_of_a_reported_date(client, show, season, jobs):
    follow_confirmed(client, show, jobs, dates=True)
    set_premiere(season, PreciseDate.quarter(2027, 2, Confidence.REPORTED), jobs)
    [alert] = alerts()
    assert "Q2 2027 (reported)" in alert.body


def test_a_reader_who_wants_no_dates_hears_of_none(client, show, season, jobs):
    follow_confirmed(client, show, jobs, seasons=True)
    set_premiere(season, PreciseDate.day(DAY), jobs)
    assert alerts() == []
    assert ShowEvent.objects.filter(kind="date").count() == 1


def test_a_release_in_a_country_is_a_date_event(client, show, season, jobs):
    from tests.factories import ReleaseFactory

    follow_confirmed(client, show, jobs, dates=True, official_only=True)
    with jobs():
        ReleaseFactory(season=season, release=PreciseDate.day(DAY), country="US")
    [alert] = alerts()
    assert "Moonbase Season 2 in United States" in alert.body


def test_a_new_season_is_announced(client, show, jobs):
    follow_confirmed(client, show, jobs, seasons=True)
    with jobs():
        show.seasons.create(number=4, premiere=PreciseDate.year(2028))
    [alert] = alerts()
    assert "New season: Moonbase Season 4, premiere 2028 (official)" in alert.body
    assert "http://127.0.0.1:8000/shows/moonbase/season/4/" in alert.body


def test_a_get_on_the_unsubscribe_url_unsubscribes_nobody(client, show, jobs):
    follow_confirmed(client, show, jobs)
    url = Follow.objects.get().unsubscribe_url()
    page = Client().get(url)
    assert page.status_code == 200
    assert "<button" in page.content.decode()
    assert Follow.objects.count() == 1


def test_the_per_show_link_keeps_the_other_shows(client, show, jobs):
    from tests.factories import ShowFactory

    other = ShowFactory()
    follow_confirmed(client, show, jobs)
    follow_confirmed(client, other, jobs)
    follow = Follow.objects.get(show=show)
    assert Client().post(follow.unsubscribe_url()).status_code == 200
    assert list(Follow.objects.values_list("show", flat=True)) == [other.pk]


def test_nothing_is_sent_to_an_unconfirmed_request(client, show, season, jobs):
    ask_to_follow(client, show, jobs, dates=True)
    set_premiere(season, PreciseDate.day(DAY), jobs)
    assert alerts() == []
