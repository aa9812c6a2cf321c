"""Guessing passwords at /admin/login/: refused with a 429 after the limit, for a
real username and an unknown one alike, on every app server."""

import re

import pytest
from axes.models import AccessAttempt

from accounts.models import SignInEvent
from tests.accounts.conftest import client_at, sign_in

pytestmark = pytest.mark.django_db
LIMIT = 3


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def _message(response) -> str:
    return re.search(rb'<p class="errornote">(.*?)</p>', response.content).group(1)


def test_the_failure_at_the_limit_and_every_try_after_it_answer_429(editor):
    client = client_at("198.51.100.1")
    for _ in range(LIMIT - 1):
        assert sign_in(client, "eddie", "wrong").status_code == 200
    locked = sign_in(client, "eddie", "wrong")
    assert locked.status_code == 429
    assert b"Try again in 15 minutes" in locked.content
    assert locked["Retry-After"] == "900"
    # The right password does not get through while locked.
    assert sign_in(client, "eddie").status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_real_and_an_unknown_username_get_the_same_refusal(editor):
    real, unknown = client_at("198.51.100.1"), client_at("198.51.100.2")
    for _ in range(LIMIT):
        real_answer = sign_in(real, "eddie", "wrong")
        unknown_answer = sign_in(unknown, "nobody-here", "wrong")
    assert real_answer.status_code == unknown_answer.status_code == 429
    assert _message(real_answer) == _message(unknown_answer)
    assert real_answer.content == unknown_answer.content


def test_a_success_resets_the_count(editor):
    client = client_at("198.51.100.1")
    for _ in range(LIMIT - 1):
        sign_in(client, "eddie", "wrong")
    assert sign_in(client, "eddie").status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        assert sign_in(client, "eddie", "wrong").status_code == 200
    assert sign_in(client, "eddie").status_code == 302


def test_a_username_locked_through_one_app_server_is_locked_on_another(editor):
    first, second = client_at("198.51.100.1"), client_at("203.0.113.9")
    for _ in range(LIMIT):
        sign_in(first, "eddie", "wrong")
    # Another server, another address, the right password: still refused.
    assert sign_in(second, "eddie").status_code == 429


def test_an_address_locked_through_one_app_server_is_locked_on_another(editor):
    first, second = client_at("198.51.100.1"), client_at("198.51.100.1")
    for name in ("anna", "bert", "carl"):
        sign_in(first, name, "wrong")
    assert sign_in(second, "eddie").status_code == 429
    # Eddie at home is not locked by what that address did.
    assert sign_in(client_at("192.0.2.50"), "eddie").status_code == 302


def test_the_address_behind_trusted_proxies_is_the_one_counted(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    guesser = client_at(proxy)
    for name in ("anna", "bert", "carl"):
        sign_in(guesser, name, "wrong", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "198.51.100.7"
    }
    assert SignInEvent.objects.filter(address="198.51.100.7").count() >= LIMIT
    # Another reader through the same proxy signs in.
    other = client_at(proxy)
    assert sign_in(other, "eddie", HTTP_X_FORWARDED_FOR="192.0.2.8").status_code == 302


def test_an_editor_unlocks_an_account_from_the_admin(editor, roles):
    from tests.factories import UserFactory

    UserFactory(username="ada", groups=[roles["Authors"]], is_staff=True)
    for _ in range(LIMIT):
        sign_in(client_at("198.51.100.1"), "ada", "wrong")
    assert sign_in(client_at("192.0.2.1"), "ada").status_code == 429

    desk = client_at("192.0.2.99")
    desk.force_login(editor)
    listing = desk.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and b"ada" in listing.content
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    answer = desk.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert answer.status_code == 302
    assert sign_in(client_at("192.0.2.1"), "ada").status_code == 302


def test_failures_and_lockouts_are_in_the_sign_in_log(editor):
    client = client_at("198.51.100.1")
    for _ in range(LIMIT):
        sign_in(client, "eddie", "wrong")
    sign_in(client, "ghost", "wrong")
    kinds = list(
        SignInEvent.objects.order_by("pk").values_list("kind", "username", "user")
    )
    failed, locked = SignInEvent.Kind.FAILED, SignInEvent.Kind.LOCKED_OUT
    assert kinds[: LIMIT - 1] == [(failed, "eddie", editor.pk)] * (LIMIT - 1)
    assert (locked, "eddie", editor.pk) in kinds
    assert (locked, "ghost", None) in kinds
    assert set(SignInEvent.objects.values_list("address", flat=True)) == {
        "198.51.100.1"
    }
