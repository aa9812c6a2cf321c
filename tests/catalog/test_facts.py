"""Fact history: written with the change, attributed, rolled back with it, queryable."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from catalog import services
from catalog.dates import Confidence, PreciseDate
from catalog.models import FactChange, FactKey, Season, recording
from catalog.models.facts import ROW_FIELD
from tests.factories import (
    CreditFactory,
    ExternalRatingFactory,
    SeasonFactory,
    SourceFactory,
    SourceVolumeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def field_changes():
    """Changes to facts, without the rows added (factories add them)."""
    return FactChange.objects.exclude(field=ROW_FIELD)


def test_code_edit_records_old_and_new_values_with_user_and_source():
    season = SeasonFactory(release_status="renewed")
    user, source = UserFactory(), SourceFactory()
    season = Season.objects.get(pk=season.pk)

    services.season_set_release(
        season=season,
        status="date_announced",
        premiere=PreciseDate.day(datetime.date(2023, 8, 3)),
        source=source,
        by=user,
    )

    changes = {c.field: c for c in field_changes()}
    assert set(changes) == {"release_status", "premiere"}
    premiere = changes["premiere"]
    assert premiere.old_value is None
    assert premiere.new_value == {
        "start": "2023-08-03",
        "precision": "day",
        "confidence": "official",
    }
    assert premiere.old_display == "Not yet announced"
    assert premiere.new_display == "3 August 2023 (official)"
    assert premiere.changed_by == user
    assert premiere.source == source
    assert premiere.object == season
    assert changes["release_status"].old_display == "renewed"
    assert changes["release_status"].new_display == "date announced"


def test_plain_save_records_changes_and_uses_the_objects_own_source():
    source = SourceFactory()
    volume = SourceVolumeFactory(status="announced", source=source)
    volume.status = "published"
    volume.save()
    change = field_changes().get()
    assert (change.field, change.old_value, change.new_value) == (
        "status",
        "announced",
        "published",
    )
    assert change.source == source
    assert change.changed_by is None


def test_saving_unchanged_facts_records_nothing():
    season = SeasonFactory(premiere=PreciseDate.year(2024))
    season.title = "Not a tracked fact"
    season.save()
    Season.objects.get(pk=season.pk).save()
    assert not field_changes().exists()


def test_same_rating_written_differently_is_not_a_change():
    rating = ExternalRatingFactory()  # 8.8, stored as 8.80
    rating.refresh_from_db()
    rating.value = rating.value.normalize()
    rating.save()
    assert not field_changes().exists()


def test_creation_is_not_a_change():
    SeasonFactory(premiere=PreciseDate.year(2024))
    assert not field_changes().exists()


def test_change_and_its_record_roll_back_together():
    season = SeasonFactory(release_status="renewed")
    with pytest.raises(RuntimeError), transaction.atomic():
        season.release_status = "filming"
        season.save()
        assert field_changes().count() == 1
        raise RuntimeError("a later step failed")
    assert not field_changes().exists()
    assert Season.objects.get(pk=season.pk).release_status == "renewed"


def test_failed_validation_in_a_service_records_nothing():
    season = SeasonFactory(premiere=PreciseDate.day(datetime.date(2023, 8, 3)))
    with pytest.raises(Exception, match="finale"):
        services.season_set_release(
            season=season,
            status="concluded",
            finale=PreciseDate.day(datetime.date(2023, 7, 1)),
            source=None,
        )
    assert not field_changes().exists()


def test_update_fields_records_only_saved_facts():
    season = SeasonFactory(release_status="renewed")
    season.release_status = "filming"
    season.premiere = PreciseDate.year(2025)
    season.save(update_fields=["release_status"])
    assert list(field_changes().values_list("field", flat=True)) == ["release_status"]


def test_recording_context_sets_time_and_note_and_nests():
    season = SeasonFactory(release_status="renewed")
    user = UserFactory()
    at = timezone.make_aware(datetime.datetime(2023, 4, 1, 12))
    with recording(by=user), recording(at=at, note="backfilled"):
        season.release_status = "filming"
        season.save()
    change = field_changes().get()
    assert (change.changed_by, change.changed_at, change.note) == (
        user,
        at,
        "backfilled",
    )


def test_credit_status_and_volume_publication_are_tracked():
    credit = CreditFactory()
    services.credit_set_status(credit=credit, status="departed", source=None)
    volume = SourceVolumeFactory(status="announced")
    services.volume_set_publication(
        volume=volume,
        status="published",
        publication=PreciseDate.day(datetime.date(2023, 12, 7), Confidence.ESTIMATE),
        source=None,
    )
    assert set(field_changes().values_list("field", flat=True)) == {
        "status",
        "publication",
    }
    assert field_changes().for_objects([credit]).get().new_display == "departed"


def test_fact_key_round_trips_as_text():
    season = SeasonFactory()
    key = FactKey.of(season, "premiere")
    assert str(key) == f"catalog.season:{season.pk}:premiere"
    assert FactKey.parse(str(key)) == key


def test_changes_for_facts_since_a_time_is_one_query(django_assert_num_queries):
    first, second, other = SeasonFactory(), SeasonFactory(), SeasonFactory()
    before = timezone.make_aware(datetime.datetime(2023, 1, 1))
    after = timezone.make_aware(datetime.datetime(2024, 1, 1))
    with recording(at=before):
        first.release_status = "filming"
        first.save()
    with recording(at=after):
        for season in (first, second, other):
            season.premiere = PreciseDate.year(2025)
            season.release_status = "date_announced"
            season.save()
    keys = [
        FactKey.of(first, "release_status"),
        FactKey.of(second, "premiere"),
    ]
    field_changes().for_facts(keys).count()  # warm the content-type cache
    since = timezone.make_aware(datetime.datetime(2023, 6, 1))
    with django_assert_num_queries(1):
        found = list(field_changes().for_facts(keys, since=since))
    assert {(c.fact_key, c.new_display) for c in found} == {
        (keys[0], "date announced"),
        (keys[1], "2025 (official)"),
    }
    assert len(field_changes().for_facts(keys)) == 3
    assert not field_changes().for_facts([])


def test_a_stale_copy_records_what_it_really_replaced():
    season = SeasonFactory(release_status="renewed")
    first, second = Season.objects.get(pk=season.pk), Season.objects.get(pk=season.pk)
    first.release_status = "filming"
    first.save()
    second.release_status = "post_production"
    second.save()
    history = list(field_changes().order_by("id").values_list("old_value", "new_value"))
    assert history == [("renewed", "filming"), ("filming", "post_production")]


def test_fact_keys_and_current_values_for_snapshots():
    season = SeasonFactory(premiere=PreciseDate.month(2023, 8))
    keys = season.fact_keys()
    assert FactKey.of(season, "premiere") in keys
    assert season.fact_display("premiere") == "August 2023 (official)"
    assert season.fact_value("premiere")["precision"] == "month"
