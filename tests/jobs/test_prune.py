"""Idempotency keys are kept JOBS_DONE_KEYS_KEEP_DAYS, long past any retry, and then
deleted by `manage.py jobs_prune` so the table does not grow for good."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from jobs.models import DoneKey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_30_days(settings):
    settings.JOBS_DONE_KEYS_KEEP_DAYS = 30


def key_done(key: str, *, days_ago: float) -> DoneKey:
    done = DoneKey.objects.create(key=key)
    done_at = timezone.now() - datetime.timedelta(days=days_ago)
    DoneKey.objects.filter(pk=done.pk).update(done_at=done_at)
    return done


def keys() -> list[str]:
    return sorted(DoneKey.objects.values_list("key", flat=True))


def prune_command(*args) -> str:
    out = io.StringIO()
    call_command("jobs_prune", *args, stdout=out)
    return out.getvalue()


def test_keys_older_than_the_retention_go_and_recent_ones_stay():
    key_done("mail:old", days_ago=31)
    key_done("mail:very-old", days_ago=400)
    key_done("mail:recent", days_ago=29)
    key_done("mail:now", days_ago=0)

    assert DoneKey.objects.prune() == 2

    assert keys() == ["mail:now", "mail:recent"]


def test_a_backlog_is_deleted_in_batches_until_none_is_left(
    django_assert_num_queries,
):
    for n in range(5):
        key_done(f"mail:{n}", days_ago=60)
    key_done("mail:recent", days_ago=1)

    # Three batches of at most two, each a select and a delete, then an empty select.
    with django_assert_num_queries(7):
        assert DoneKey.objects.prune(batch_size=2) == 5

    assert keys() == ["mail:recent"]


def test_pruning_keeps_a_day_at_least():
    key_done("mail:now", days_ago=0)

    with pytest.raises(ValueError):
        DoneKey.objects.prune(days=0)

    assert keys() == ["mail:now"]


def test_the_command_says_how_many_keys_it_deleted():
    key_done("mail:old", days_ago=31)
    key_done("follows:alert:abc:2027-03-04", days_ago=45)
    key_done("mail:recent", days_ago=2)

    assert prune_command() == "Deleted 2 idempotency key(s) older than 30 days.\n"
    assert keys() == ["mail:recent"]
    assert prune_command() == "Deleted 0 idempotency key(s) older than 30 days.\n"


def test_the_command_follows_the_setting(settings):
    settings.JOBS_DONE_KEYS_KEEP_DAYS = 7
    key_done("mail:old", days_ago=8)
    key_done("mail:recent", days_ago=6)

    assert "Deleted 1 " in prune_command()
    assert keys() == ["mail:recent"]


def test_the_command_can_keep_other_days_and_refuses_none():
    key_done("mail:old", days_ago=3)
    key_done("mail:recent", days_ago=1)

    assert prune_command("--days", "2").startswith("Deleted 1 ")
    assert keys() == ["mail:recent"]
    with pytest.raises(CommandError):
        prune_command("--days", "0")
    assert keys() == ["mail:recent"]
