"""The sign-in log: every sign-in recorded with its address, an e-mail for a new
address, and a read-only, paginated list in the admin at a flat query count."""

import pytest
from django.core import mail
from django.test import Client

from accounts.models import SignInEvent
from tests.accounts.conftest import client_at, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOG = "/admin/accounts/signinevent/"


def test_a_sign_in_is_logged_with_its_address(editor):
    sign_in(client_at("198.51.100.20"), "eddie")
    event = SignInEvent.objects.get()
    assert (event.kind, event.user, event.username, event.address) == (
        SignInEvent.Kind.SIGNED_IN,
        editor,
        "eddie",
        "198.51.100.20",
    )


def test_a_sign_in_from_an_unseen_address_e_mails_the_user_after_commit(
    editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_in(client_at("198.51.100.1"), "eddie")  # the first ever: no mail
        sign_in(client_at("198.51.100.1"), "eddie")  # seen before: no mail
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sign_in(client_at("203.0.113.5"), "eddie")
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.to == ["eddie@example.com"]
    assert "203.0.113.5" in message.body
    assert "new sign-in" in message.subject


def test_the_log_is_read_only(editor):
    client = Client()
    client.force_login(editor)
    event = SignInEvent.objects.get(user=editor)  # force_login's own sign-in
    assert client.get(f"{LOG}{event.pk}/change/").status_code == 200
    assert client.post(f"{LOG}{event.pk}/change/", {}).status_code == 403
    assert client.get(f"{LOG}add/").status_code == 403
    assert client.post(f"{LOG}{event.pk}/delete/", {"post": "yes"}).status_code == 403


def test_the_log_filters_by_event_and_user(editor, author):
    SignInEvent.objects.create(kind=SignInEvent.Kind.FAILED, username="ghost")
    client = Client()
    client.force_login(editor)
    failed = client.get(LOG, {"kind__exact": "failed"})
    assert [e.username for e in failed.context["cl"].result_list] == ["ghost"]
    Client().force_login(author)
    by_user = client.get(LOG, {"user__id__exact": author.pk})
    assert [e.user for e in by_user.context["cl"].result_list] == [author]


def _events(count):
    users = UserFactory.create_batch(3, is_staff=True)
    SignInEvent.objects.bulk_create(
        SignInEvent(
            kind=SignInEvent.Kind.SIGNED_IN,
            user=users[n % 3],
            username=users[n % 3].username,
            address=f"192.0.2.{n % 250}",
        )
        for n in range(count)
    )


@pytest.mark.parametrize("path", [LOG, "/admin/account/"])
def test_pages_ask_the_same_queries_at_two_sizes(
    editor, django_assert_num_queries, path
):
    client = Client()
    client.force_login(editor)
    _events(6)
    client.get(path)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(path)
    _events(120)
    with django_assert_num_queries(len(small)):
        page = client.get(path)
    assert page.status_code == 200


def test_the_log_is_paginated(editor):
    _events(120)
    client = Client()
    client.force_login(editor)
    page = client.get(LOG)
    assert len(page.context["cl"].result_list) == 50
