"""From references to catalog rows: by slug when an article is saved, by primary key
when it is read.

Saving resolves every reference in ONE query per target type; the stored HTML then
names objects by primary key, so renaming a slug never breaks a published piece.
Reading loads every object the page embeds, with every relation its embeds show
(cast, platforms, books, trailers, ratings), in ONE query however many embeds, target
types or cast members there are (``core.jsonprefetch``). Lists are capped at
``jsonprefetch.DEFAULT_LIMIT`` rows each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps
from django.db.models import Q

from catalog.models import Credit, ExternalRating, Video
from catalog.querysets import CAST_LIST_RELATED
from core.jsonprefetch import DEFAULT_LIMIT, JSONPrefetch, load_by_pk

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


# --- reading: one query for every object a page embeds ---------------------------


# Credits loaded per cast list; a list this long may have been cut short there.
CAST_ROWS = DEFAULT_LIMIT


def cast_list(lookup: str, *, show_wide: bool = False, **kwargs) -> JSONPrefetch:
    """Acting credits with person (photo and renditions), character and season,
    billing order first: what a cast list shows."""
    credits = Credit.objects.cast().in_billing_order()
    return JSONPrefetch(
        lookup,
        credits.show_wide() if show_wide else credits,
        related=CAST_LIST_RELATED,
        prefetch=(JSONPrefetch("person__photo__renditions"),),
        limit=CAST_ROWS,
        **kwargs,
    )


def _spec(target: str, kinds: set[str]) -> dict:
    """``related`` and JSON ``prefetch`` for ``target`` given the kinds shown."""
    videos = Video.objects.order_by("-published_on", "id")
    ratings = ExternalRating.objects.all()
    show_cast = cast_list(
        "show__credits" if target == "season" else "credits",
        show_wide=True,
        to_attr="show_credits",
    )
    adaptations = JSONPrefetch("adaptations", related=("volume__work",))
    prefetch: list[JSONPrefetch] = []
    if target == "season":
        if kinds & {"factbox", "volumes"}:
            prefetch.append(adaptations)
        if "factbox" in kinds:
            prefetch.append(JSONPrefetch("show__platforms"))
        if "cast" in kinds:
            prefetch += [show_cast, cast_list("credits", to_attr="season_credits")]
        if "trailers" in kinds:
            prefetch.append(JSONPrefetch("videos", videos))
        if kinds & {"rating", "factbox"}:
            prefetch.append(JSONPrefetch("ratings", ratings, related=("source",)))
        return {"related": ("show", "source"), "prefetch": tuple(prefetch)}
    if target == "show":
        if kinds & {"factbox", "fact"}:
            prefetch += [JSONPrefetch("platforms"), JSONPrefetch("based_on")]
        if "factbox" in kinds:
            prefetch.append(JSONPrefetch("seasons"))
        if "cast" in kinds:
            prefetch.append(show_cast)
        if "trailers" in kinds:
            prefetch.append(JSONPrefetch("videos", videos.filter(season__isnull=True)))
        if kinds & {"rating", "factbox"}:
            show_ratings = ratings.filter(season__isnull=True)
            prefetch.append(JSONPrefetch("ratings", show_ratings, related=("source",)))
        return {"related": ("source",), "prefetch": tuple(prefetch)}
    if target == "character":
        actors = cast_list("credits", to_attr="actor_credits")
        return {"related": ("show",), "prefetch": (actors,)}
    if target == "volume":
        return {"related": ("work", "source"), "prefetch": ()}
    if target == "work":
        return {
            "related": (),
            "prefetch": (JSONPrefetch("volumes", related=("source",)),),
        }
    return {"related": (), "prefetch": ()}


def load_objects(
    needs: dict[str, dict[int, set[str]]],
) -> dict[tuple[str, int], object]:
    """``{target: {pk: kinds}}`` → ``{(target, pk): object}``, in ONE query however
    many targets, objects and relations the page shows."""
    kinds = {
        target: frozenset().union(*by_pk.values()) for target, by_pk in needs.items()
    }
    found = load_by_pk(
        {target: sorted(by_pk) for target, by_pk in needs.items()},
        lambda target: (model_for(target), _spec(target, kinds[target])),
        shape=("livefacts", tuple(sorted(kinds.items()))),
    )
    return {(target, obj.pk): obj for target, objs in found.items() for obj in objs}
