"""From references to catalog rows: by slug when an article is saved, by primary key
when it is read.

Saving resolves every reference in ONE query per target type; the stored HTML then
names objects by primary key, so renaming a slug never breaks a published piece.
Reading loads every object the page embeds in ONE query per model (plus a fixed set of
prefetches per kind), however many embeds, subjects or cast members there are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps
from django.db.models import Prefetch, Q

from .parser import Reference
from .registry import TARGETS


def model_for(target: str):
    return apps.get_model(TARGETS[target].model)


def _lookup(target: str, references: list[Reference]) -> dict[Reference, int]:
    """One query: the primary key of each reference of ``target`` that exists."""
    model = model_for(target)
    condition, keys = Q(pk__in=[]), {}
    for reference in references:
        parts = reference.parts
        if target in ("show", "person", "work"):
            key = (parts["slug"],)
            condition |= Q(slug=parts["slug"])
        elif target == "season":
            key = (parts["show"], int(parts["number"]))
            condition |= Q(show__slug=parts["show"], number=int(parts["number"]))
        elif target == "character":
            key = (parts["show"], parts["slug"])
            condition |= Q(show__slug=parts["show"], slug=parts["slug"])
        else:  # volume
            key = (parts["work"], int(parts["number"]))
            condition |= Q(work__slug=parts["work"], number=int(parts["number"]))
        keys[reference] = key
    columns = {
        "show": ["slug"],
        "person": ["slug"],
        "work": ["slug"],
        "season": ["show__slug", "number"],
        "character": ["show__slug", "slug"],
        "volume": ["work__slug", "number"],
    }[target]
    found = {
        tuple(row[1:]): row[0]
        for row in model.objects.filter(condition).values_list("pk", *columns)
    }
    return {ref: found[key] for ref, key in keys.items() if key in found}


def resolve_references(references: Iterable[Reference]) -> dict[Reference, int]:
    """The primary keys of the references that exist: one query per target type."""
    by_target: dict[str, list[Reference]] = defaultdict(list)
    for reference in set(references):
        by_target[reference.target].append(reference)
    resolved: dict[Reference, int] = {}
    for target, group in by_target.items():
        resolved |= _lookup(target, group)
    return resolved


# --- reading: batched loads ---------------------------------------------------------


def _credits():
    from catalog.models import Credit

    return Credit.objects.cast().for_cast_list()


def _prefetches(target: str, kinds: set[str]) -> tuple[list, list]:
    """select_related and prefetch_related for ``target`` given the kinds shown."""
    from catalog.models import ExternalRating, SeasonAdaptation, SourceVolume, Video

    videos = Video.objects.order_by("-published_on", "id")
    ratings = ExternalRating.objects.select_related("source")
    adaptations = SeasonAdaptation.objects.select_related("volume__work")
    if target == "season":
        related = ["show", "source"]
        prefetch = []
        if kinds & {"factbox"}:
            prefetch += ["show__platforms", Prefetch("adaptations", adaptations)]
        if kinds & {"cast"}:
            prefetch += [
                Prefetch(
                    "show__credits",
                    _credits().filter(season__isnull=True),
                    to_attr="show_credits",
                ),
                Prefetch("credits", _credits(), to_attr="season_credits"),
            ]
        if kinds & {"trailers"}:
            prefetch.append(Prefetch("videos", videos))
        if kinds & {"volumes"} and "factbox" not in kinds:
            prefetch.append(Prefetch("adaptations", adaptations))
        if kinds & {"rating", "factbox"}:
            prefetch.append(Prefetch("ratings", ratings))
        return related, prefetch
    if target == "show":
        prefetch = []
        if kinds & {"factbox", "fact"}:
            prefetch += ["platforms", "based_on"]
        if kinds & {"factbox"}:
            prefetch.append("seasons")
        if kinds & {"cast"}:
            prefetch.append(
                Prefetch(
                    "credits",
                    _credits().filter(season__isnull=True),
                    to_attr="show_credits",
                )
            )
        if kinds & {"trailers"}:
            prefetch.append(Prefetch("videos", videos.filter(season__isnull=True)))
        if kinds & {"rating", "factbox"}:
            prefetch.append(Prefetch("ratings", ratings.filter(season__isnull=True)))
        return ["source"], prefetch
    if target == "character":
        return ["show"], [Prefetch("credits", _credits(), to_attr="actor_credits")]
    if target == "volume":
        return ["work", "source"], []
    if target == "work":
        volumes = SourceVolume.objects.order_by("number").select_related("source")
        return [], [Prefetch("volumes", volumes)]
    return [], []


def load_objects(
    needs: dict[str, dict[int, set[str]]],
) -> dict[tuple[str, int], object]:
    """``{target: {pk: kinds}}`` → ``{(target, pk): object}``: one query per model."""
    loaded = {}
    for target, by_pk in needs.items():
        kinds = set().union(*by_pk.values())
        related, prefetch = _prefetches(target, kinds)
        qs = (
            model_for(target)
            .objects.select_related(*related)
            .prefetch_related(*prefetch)
        )
        for pk, obj in qs.in_bulk(list(by_pk)).items():
            loaded[(target, pk)] = obj
    return loaded
