"""Who opens the staff-account pages: every staff member their own account, editors
and superusers the sign-in log and the lockouts; nobody else."""

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "account": "/admin/account/",
    "enrol": "/admin/account/two-factor/",
    "log": "/admin/accounts/signinevent/",
    "lockouts": "/admin/axes/accessattempt/",
}
# role: the pages it opens (every other answers 403 for staff, a login for anonymous)
MATRIX = {
    "anonymous": set(),
    "author": {"account", "enrol"},
    "moderator": {"account", "enrol"},
    "editor": {"account", "enrol", "log", "lockouts"},
    "superuser": {"account", "enrol", "log", "lockouts"},
}


@pytest.fixture
def as_role(request, roles):
    def _client(role):
        client = Client()
        if role == "superuser":
            client.force_login(
                UserFactory(username="root", is_staff=True, is_superuser=True)
            )
        elif role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return _client


@pytest.mark.parametrize("role", list(MATRIX))
def test_permission_matrix(as_role, role):
    client = as_role(role)
    for name, path in PAGES.items():
        answer = client.get(path)
        if name in MATRIX[role]:
            assert answer.status_code == 200, (role, name)
        elif role == "anonymous":
            assert answer.status_code == 302, (role, name)
            assert answer.url.startswith("/admin/login/"), (role, name)
        else:
            assert answer.status_code == 403, (role, name, answer.status_code)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/account/backup-codes/",
        "/admin/account/two-factor/remove/",
        "/admin/account/sign-out-everywhere/",
    ],
)
def test_account_actions_need_a_signed_in_staff_member(path):
    answer = Client().post(path)
    assert answer.status_code == 302 and answer.url.startswith("/admin/login/")


def test_a_reader_account_does_not_reach_the_account_pages(db):
    reader = UserFactory(username="reader", is_staff=False)
    client = Client()
    client.force_login(reader)
    assert client.get("/admin/account/").status_code == 302
