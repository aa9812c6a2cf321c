"""What the follow form refuses, limits and stores."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from follows.models import Follow

from .conftest import READER, ask_to_follow, confirm_link, follow_form


def post(client, show, data):
    return client.post(f"/follow/show/{show.slug}/", data)


def test_an_invalid_address_is_a_form_error(client, show):
    response = post(client, show, follow_form("not-an-address", dates=True))
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not Follow.objects.exists()


def test_choosing_nothing_is_a_form_error(client, show):
    response = post(client, show, follow_form())
    assert response.status_code == 400
    assert "Pick at least one thing" in response.content.decode()


def test_an_unknown_show_is_not_found(client, db):
    assert client.get("/follow/show/no-such-show/").status_code == 404
    sent = client.post("/follow/show/no-such-show/", follow_form(dates=True))
    assert sent.status_code == 404


def test_the_form_page_works_without_javascript(show):
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(f"/follow/show/{show.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<legend>Tell me when</legend>" in html
    assert '<label for="follow-email">' in html
    token = page.context["csrf_token"]
    sent = reader.post(
        f"/follow/show/{show.slug}/",
        {**follow_form(dates=True), "csrfmiddlewaretoken": str(token)},
    )
    assert sent.status_code == 302


def test_a_post_without_a_csrf_token_is_refused(show):
    response = post(Client(enforce_csrf_checks=True), show, follow_form(dates=True))
    assert response.status_code == 403


def test_the_address_and_choices_are_all_that_is_stored(client, show, jobs):
    ask_to_follow(
        client, show, jobs, email=" Reader@Example.COM ", dates=True, articles=True
    )
    follow = Follow.objects.get()
    assert follow.email == READER
    assert (follow.dates, follow.official_only, follow.seasons, follow.articles) == (
        True,
        False,
        False,
        True,
    )
    names = {field.name for field in Follow._meta.concrete_fields}
    assert not {"ip", "ip_address", "user_agent", "name"} & names


@pytest.mark.parametrize("scope", ["ip", "email"])
def test_too_many_requests_get_a_429_page_not_an_error(client, show, settings, scope):
    settings.FOLLOWS_RATE_LIMIT_PER_IP = 2 if scope == "ip" else 100
    settings.FOLLOWS_RATE_LIMIT_PER_EMAIL = 2 if scope == "email" else 100
    for n in range(2):
        address = READER if scope == "email" else f"reader{n}@example.com"
        assert post(client, show, follow_form(address, dates=True)).status_code == 302
    address = READER if scope == "email" else "another@example.com"
    refused = post(client, show, follow_form(address, dates=True))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "several times in a short time" in refused.content.decode()


def test_asking_again_soon_sends_no_second_confirm_email(client, show, jobs):
    ask_to_follow(client, show, jobs, dates=True)
    again = ask_to_follow(client, show, jobs, dates=True)
    assert again.status_code == 302  # the same answer: it tells nobody who follows
    assert len(mail.outbox) == 1


def test_a_tampered_confirm_link_is_refused(client, show, jobs):
    ask_to_follow(client, show, jobs, dates=True)
    link = confirm_link(mail.outbox[0])
    code = link.rstrip("/").rsplit("/", 1)[1]
    tampered = link.replace(code, code[:-2] + ("A" if code[-2] != "A" else "B") + "x")
    assert client.get(tampered).status_code == 400
    assert client.post(tampered).status_code == 400
    assert not Follow.objects.get().is_confirmed


def test_a_link_with_other_choices_cannot_be_forged(client, show, jobs):
    ask_to_follow(client, show, jobs, dates=True)
    follow = Follow.objects.get()
    forged = f"/follow/confirm/{follow.token}/"
    assert client.post(forged).status_code == 400
    assert not Follow.objects.get().is_confirmed


def test_an_expired_request_cannot_be_confirmed_and_is_deleted(
    client, show, jobs, settings, time_machine
):
    ask_to_follow(client, show, jobs, dates=True)
    link = confirm_link(mail.outbox[0])
    later = datetime.timedelta(seconds=settings.FOLLOWS_CONFIRM_MAX_AGE + 60)
    time_machine.move_to(timezone.now() + later)
    response = client.post(link)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    call_command("follows_send_alerts")
    assert not Follow.objects.exists()


def test_an_unknown_unsubscribe_token_is_not_found(db):
    assert Client().get("/follow/unsubscribe/nope/").status_code == 404
    assert Client().post("/follow/unsubscribe/nope/").status_code == 404


def test_a_confirmed_reader_changes_choices_only_through_the_new_link(
    client, show, jobs, settings
):
    from .conftest import follow_confirmed

    settings.FOLLOWS_CONFIRM_RESEND = 0
    follow_confirmed(client, show, jobs, dates=True)
    ask_to_follow(client, show, jobs, articles=True)  # someone else, perhaps
    follow = Follow.objects.get()
    assert (follow.dates, follow.articles) == (True, False)

    client.post(confirm_link(mail.outbox[-1]))

    follow.refresh_from_db()
    assert (follow.dates, follow.articles) == (False, True)


def test_week_old_events_are_forgotten_by_the_cron_command(show, season, time_machine):
    from follows.models import ShowEvent

    assert ShowEvent.objects.count() == 1  # the season, when it was added
    time_machine.move_to(timezone.now() + datetime.timedelta(days=8))
    call_command("follows_send_alerts")
    assert not ShowEvent.objects.exists()
