"""Staff sessions end when idle and everywhere at once; passwords are checked by
Django's validators and changed from the admin header."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.models import SignInEvent, StaffSession

pytestmark = pytest.mark.django_db


def test_an_idle_staff_session_is_signed_out(editor, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    client = Client()
    client.force_login(editor)
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        assert client.get("/admin/").status_code == 200
    # Twenty minutes of use moved the clock: 45 minutes after sign-in is 25 idle.
    with time_machine.travel(timezone.now() + timedelta(minutes=45)):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=80)):
        answer = client.get("/admin/")
    assert answer.status_code == 302 and answer.url.startswith("/admin/login/")
    assert "_auth_user_id" not in client.session


def test_zero_minutes_means_no_idle_limit(editor, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 0
    client = Client()
    client.force_login(editor)
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "engine",
    [
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cache",
        "django.contrib.sessions.backends.cached_db",
    ],
)
def test_sign_out_everywhere_ends_every_session(editor, author, settings, engine):
    settings.SESSION_ENGINE = engine
    laptop, phone, other = Client(), Client(), Client()
    laptop.force_login(editor)
    phone.force_login(editor)
    other.force_login(author)
    assert phone.get("/admin/").status_code == 200

    answer = laptop.post("/admin/account/sign-out-everywhere/", follow=True)
    assert b"Signed out here and in 1 other session." in answer.content
    assert phone.get("/admin/").status_code == 302
    assert laptop.get("/admin/").status_code == 302
    assert other.get("/admin/").status_code == 200
    assert not StaffSession.objects.filter(user=editor).exists()
    assert SignInEvent.objects.filter(
        user=editor, kind=SignInEvent.Kind.SIGNED_OUT_EVERYWHERE
    ).exists()
    if engine.endswith(".db"):
        assert Session.objects.count() == 1  # the author's


def test_sign_out_everywhere_takes_a_post(editor):
    client = Client()
    client.force_login(editor)
    assert client.get("/admin/account/sign-out-everywhere/").status_code == 405


def test_the_admin_header_links_to_a_working_password_change(editor):
    client = Client()
    client.force_login(editor)
    header = client.get("/admin/").content
    assert b'href="/admin/password_change/"' in header
    assert b'href="/admin/account/"' in header
    assert client.get("/admin/password_change/").status_code == 200


@pytest.mark.parametrize(
    ("new", "complaint"),
    [
        ("short1!", b"too short"),
        ("password123", b"too common"),
        ("4815162342108", b"entirely numeric"),
        ("eddie-example", b"too similar"),
    ],
)
def test_weak_passwords_are_refused(editor, new, complaint):
    editor.email = "eddie-example@example.com"
    editor.save()
    client = Client()
    client.force_login(editor)
    answer = client.post(
        "/admin/password_change/",
        {"old_password": "password", "new_password1": new, "new_password2": new},
    )
    assert answer.status_code == 200 and complaint in answer.content


def test_a_strong_password_is_accepted_and_keeps_this_session(editor):
    client = Client()
    client.force_login(editor)
    new = "lantern orbit velvet 42"
    answer = client.post(
        "/admin/password_change/",
        {"old_password": "password", "new_password1": new, "new_password2": new},
    )
    assert answer.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_sign_out_everywhere_reaches_a_session_whose_key_changed(editor, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    laptop, phone = Client(), Client()
    laptop.force_login(editor)
    phone.force_login(editor)
    new = "lantern orbit velvet 42"
    phone.post(
        "/admin/password_change/",
        {"old_password": "password", "new_password1": new, "new_password2": new},
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert phone.get("/admin/").status_code == 200  # records its new key
        editor.refresh_from_db()  # the new password's hash
        laptop.force_login(editor)
        assert laptop.post("/admin/account/sign-out-everywhere/").status_code == 302
        assert phone.get("/admin/").status_code == 302
