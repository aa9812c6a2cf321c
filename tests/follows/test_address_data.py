"""An address's data, exported and deleted by the command."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from follows.models import Follow
from tests.factories import ShowFactory

from .conftest import READER, follow_confirmed


def test_export_lists_everything_stored_for_an_address(client, show, jobs):
    follow_confirmed(client, show, jobs, dates=True, official_only=True)
    Follow.objects.create(email="other@example.com", show=show)
    out = StringIO()

    call_command("follows_address", "READER@example.com", "--export", stdout=out)

    data = json.loads(out.getvalue())
    assert data["email"] == READER
    [entry] = data["follows"]
    assert entry["show"] == "Moonbase"
    assert entry["choices"] == {
        "dates": True,
        "official_only": True,
        "seasons": False,
        "articles": False,
    }
    assert entry["confirmed_at"]
    assert entry["token"] == Follow.objects.get(email=READER).token


def test_delete_removes_every_follow_of_the_address_and_nothing_else(show):
    Follow.objects.create(email=READER, show=show)
    Follow.objects.create(email=READER, show=ShowFactory())
    Follow.objects.create(email="other@example.com", show=show)

    call_command("follows_address", READER, "--delete", stderr=StringIO())

    assert list(Follow.objects.values_list("email", flat=True)) == ["other@example.com"]


def test_the_command_wants_an_action(db):
    with pytest.raises(CommandError):
        call_command("follows_address", READER)
