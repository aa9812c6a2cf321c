"""Writes that change catalog facts (each records fact history in its transaction),
and deletes that check which pieces show the rows first.

Every function validates with ``full_clean`` (so code gets the admin's rules), saves
inside ``recording`` (so the ``FactChange`` rows name the user, source and time) and
runs in one transaction.
"""

import datetime
from decimal import Decimal

import reversion
from django.db import transaction

from catalog import deletion
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


def catalog_delete(*, objects, by, drafts_confirmed: bool = False) -> int:
    """Delete catalog rows and what cascades from them, unless published or scheduled
    pieces show any of it (``CatalogRowInUse``) or drafts do and nobody confirmed
    (``DraftsNotConfirmed``). Everything removed is kept first as one revision, so
    "Recover deleted" brings it back together. Returns how many rows went."""
    if reversion.is_active():
        # Reversion saves a revision when its outermost block ends, and drops versions
        # of rows that no longer exist by then: nested here, nothing would be kept.
        raise RuntimeError("catalog_delete keeps its own revision: call it outside.")
    objects = list(objects)
    with transaction.atomic():
        plan = deletion.deletion_plan(objects)
        plan.check(drafts_confirmed=drafts_confirmed)
        with reversion.create_revision():
            reversion.set_user(by)
            reversion.set_comment(f"Deleted with {plan.count - len(objects)} related.")
            for row in plan.rows:
                if reversion.is_registered(type(row)):
                    reversion.add_to_revision(row)
        with deletion.without_usage_check():
            return deletion.delete_rows(objects)
