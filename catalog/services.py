"""Writes that change catalog facts: each records fact history in its transaction.

Every function validates with ``full_clean`` (so code gets the admin's rules), saves
inside ``recording`` (so the ``FactChange`` rows name the user, source and time) and
runs in one transaction.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from catalog.dates import PreciseDate
from catalog.models import Credit, ExternalRating, Season, Source, SourceVolume
from catalog.models.facts import recording

_UNCHANGED = object()


def _save_facts(obj, *, source, by, at, note):
    if source is not None and hasattr(obj, "source"):
        obj.source = source
    obj.full_clean()
    with recording(by=by, source=source, at=at, note=note):
        obj.save()
    return obj


@transaction.atomic
def season_set_release(
    *,
    season: Season,
    status: str,
    premiere: PreciseDate | None = None,
    finale: PreciseDate | None = None,
    planned_episode_count: int | None | object = _UNCHANGED,
    release_model: str | None = None,
    source: Source | None,
    by=None,
    at: datetime.datetime | None = None,
    note: str = "",
) -> Season:
    """Change a season's release facts; dates left as None keep their value."""
    season.release_status = status
    if premiere is not None:
        season.premiere = premiere
    if finale is not None:
        season.finale = finale
    if planned_episode_count is not _UNCHANGED:
        season.planned_episode_count = planned_episode_count
    if release_model is not None:
        season.release_model = release_model
    return _save_facts(season, source=source, by=by, at=at, note=note)


@transaction.atomic
def volume_set_publication(
    *,
    volume: SourceVolume,
    status: str,
    publication: PreciseDate,
    source: Source | None,
    by=None,
    at: datetime.datetime | None = None,
    note: str = "",
) -> SourceVolume:
    """Announce or publish a source volume."""
    volume.status = status
    volume.publication = publication
    return _save_facts(volume, source=source, by=by, at=at, note=note)


@transaction.atomic
def rating_update(
    *,
    rating: ExternalRating,
    value: Decimal,
    as_of: datetime.date,
    vote_count: int | None = None,
    source: Source | None,
    by=None,
    at: datetime.datetime | None = None,
    note: str = "",
) -> ExternalRating:
    """Record a new value for an external rating; the old one stays in history."""
    rating.value = Decimal(value)
    rating.as_of = as_of
    rating.vote_count = vote_count
    return _save_facts(rating, source=source, by=by, at=at, note=note)


@transaction.atomic
def credit_set_status(
    *,
    credit: Credit,
    status: str,
    source: Source | None,
    by=None,
    at: datetime.datetime | None = None,
    note: str = "",
) -> Credit:
    """Confirm, rumour, or mark as departed or recast a person's credit."""
    credit.status = status
    return _save_facts(credit, source=source, by=by, at=at, note=note)
