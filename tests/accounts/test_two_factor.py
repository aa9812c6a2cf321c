"""Two-step sign-in: enrolment from the user's own page, the code step of the admin
login, single-use backup codes, and editors sent to enrolment when it is required."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SignInEvent
from tests.accounts.conftest import code_for, sign_in

pytestmark = pytest.mark.django_db
ENROL = "/admin/account/two-factor/"


def _later(seconds=5):
    """Past django-otp's pause after a wrong code (one second, doubling)."""
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds))


def _kinds(user):
    return list(
        SignInEvent.objects.filter(user=user)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


def test_enrolment_shows_a_qr_code_and_the_secret_and_confirms_with_a_code(editor):
    client = Client()
    client.force_login(editor)
    page = client.get(ENROL)
    assert page.status_code == 200
    assert b'src="data:image/svg+xml' in page.content
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    secret = page.context["secret"].replace(" ", "")
    # The secret as typed is the device's key (base32 of the bytes).
    from base64 import b32decode

    assert b32decode(secret) == device.bin_key
    # A reload keeps the same secret (the app may have scanned it already).
    assert client.get(ENROL).context["secret"] == page.context["secret"]

    wrong = client.post(ENROL, {"code": "1234567"})
    assert wrong.status_code == 200 and b"does not match" in wrong.content
    with _later():
        done = client.post(ENROL, {"code": code_for(device)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    assert all(code.encode() in done.content for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert SignInEvent.Kind.ENROLLED in _kinds(editor)
    # This session counts as verified: the admin opens.
    assert client.get("/admin/").status_code == 200


def test_sign_in_asks_for_the_code_and_opens_with_the_right_one(editor, authenticator):
    device, _ = authenticator
    client = Client(REMOTE_ADDR="198.51.100.4")
    assert sign_in(client, "eddie").status_code == 302
    # Password alone: every admin page sends back to the login, which asks for the code.
    assert client.get("/admin/").url == "/admin/login/?next=/admin/"
    step = client.get("/admin/login/?next=/admin/articles/article/")
    assert step.status_code == 200 and b"Two-step sign-in" in step.content
    assert b'name="password"' not in step.content

    wrong = client.post("/admin/login/", {"code": "12345", "next": "/admin/"})
    assert wrong.status_code == 200 and b"not right" in wrong.content
    with _later():
        right = client.post(
            "/admin/login/",
            {"code": code_for(device), "next": "/admin/articles/article/"},
        )
    assert right.status_code == 302 and right.url == "/admin/articles/article/"
    assert client.get("/admin/").status_code == 200
    assert _kinds(editor) == [SignInEvent.Kind.SIGNED_IN, SignInEvent.Kind.CODE_FAILED]


def test_the_code_step_never_redirects_off_site(editor, authenticator):
    device, _ = authenticator
    client = Client()
    sign_in(client, "eddie")
    answer = client.post(
        "/admin/login/", {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert answer.url == "/admin/"


def test_a_backup_code_works_once(editor, authenticator):
    _, codes = authenticator
    first, second = Client(), Client()
    sign_in(first, "eddie")
    sign_in(second, "eddie")
    assert first.post("/admin/login/", {"code": codes[0]}).status_code == 302
    assert first.get("/admin/").status_code == 200
    reused = second.post("/admin/login/", {"code": codes[0]})
    assert reused.status_code == 200 and b"has been used" in reused.content
    assert second.get("/admin/").status_code == 302
    assert StaticToken.objects.filter(device__user=editor).count() == 9


def test_an_editor_without_an_app_is_sent_to_enrolment_when_required(
    editor, author, settings
):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    client = Client()
    sign_in(client, "eddie")
    assert client.get("/admin/").url == "/admin/login/?next=/admin/"
    login = client.get("/admin/login/?next=/admin/")
    assert login.status_code == 302 and login.url == f"{ENROL}?next=/admin/"
    page = client.get(login.url)
    assert (
        page.status_code == 200 and b"Your role needs two-step sign-in" in page.content
    )
    # Nothing else opens meanwhile.
    assert client.get("/admin/articles/article/").status_code == 302
    assert client.get("/admin/account/").status_code == 302

    device = TOTPDevice.objects.get(user=editor)
    done = client.post(ENROL, {"code": code_for(device), "next": "/admin/"})
    assert done.status_code == 200 and done.context["done_url"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    # Authors are not in a required group: their password opens the admin.
    other = Client()
    sign_in(other, "ada")
    assert other.get("/admin/").status_code == 200


def test_required_groups_come_from_the_setting(editor, moderator, settings):
    from accounts.twofactor import required_for

    settings.STAFF_TWO_FACTOR_REQUIRED = True
    assert required_for(editor) and not required_for(moderator)
    settings.STAFF_TWO_FACTOR_GROUPS = ["Moderators"]
    assert required_for(moderator) and not required_for(editor)
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    assert not required_for(moderator)


def test_new_backup_codes_replace_the_old_and_are_logged(editor, authenticator):
    _, old = authenticator
    client = Client()
    client.force_login(editor)
    client.post("/admin/login/", {"code": old[0]})
    page = client.post("/admin/account/backup-codes/")
    assert page.status_code == 200
    new = page.context["codes"]
    assert not set(new) & set(old)
    assert set(
        StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)
    ) == set(new)
    assert SignInEvent.Kind.BACKUP_CODES in _kinds(editor)


def test_turning_it_off_removes_the_devices_and_is_logged(editor, authenticator):
    device, codes = authenticator
    client = Client()
    client.force_login(editor)
    client.post("/admin/login/", {"code": codes[0]})
    answer = client.post("/admin/account/two-factor/remove/")
    assert answer.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticToken.objects.filter(device__user=editor).exists()
    assert _kinds(editor).count(SignInEvent.Kind.RESET) == 1
    assert client.get("/admin/").status_code == 200


def test_a_reset_by_a_superuser_in_the_admin_is_logged(editor, authenticator):
    from tests.factories import UserFactory

    device, _ = authenticator
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(boss)
    answer = client.post(
        f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"}
    )
    assert answer.status_code == 302
    assert _kinds(editor) == [SignInEvent.Kind.RESET]


def test_the_code_step_has_a_way_out(editor, authenticator):
    client = Client()
    sign_in(client, "eddie")
    page = client.get("/admin/login/")
    assert re.search(rb'action="/admin/logout/"', page.content)
    assert client.post("/admin/logout/").status_code == 200
    assert "_auth_user_id" not in client.session


def test_moving_to_a_new_phone_replaces_the_app_without_a_reset(editor, authenticator):
    old, codes = authenticator
    client = Client()
    client.force_login(editor)
    client.post("/admin/login/", {"code": codes[0]})
    client.get(ENROL)
    new = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert client.post(ENROL, {"code": code_for(new)}).status_code == 200
    assert list(TOTPDevice.objects.filter(user=editor)) == [new]
    assert _kinds(editor).count(SignInEvent.Kind.ENROLLED) == 1
    assert SignInEvent.Kind.RESET not in _kinds(editor)
    assert client.get("/admin/").status_code == 200


def test_a_session_owing_a_code_is_let_in_once_the_device_is_gone(
    editor, authenticator
):
    device, _ = authenticator
    client = Client()
    sign_in(client, "eddie")
    assert client.get("/admin/").status_code == 302
    device.delete()
    TOTPDevice.objects.filter(user=editor).delete()
    from django_otp.plugins.otp_static.models import StaticDevice

    StaticDevice.objects.filter(user=editor).delete()
    assert client.get("/admin/login/").status_code == 302
    assert client.get("/admin/").status_code == 200
