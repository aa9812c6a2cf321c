"""Which catalog facts a piece shows: the keys its snapshot keeps.

A fact is (object, field) for a field in the object's ``tracked_facts``, the same key
the catalog's fact history uses, so a later ``FactChange`` to it is found by an index
lookup. Speculation pieces also watch the release facts of their subject seasons: a
"when will it be out?" piece is about exactly those.
"""

from __future__ import annotations

from collections import defaultdict

from .body import placeholders
from .renderers import cast_credits, main_credit
from .resolvers import load_objects

SEASON_RELEASE = (
    "release_status",
    "premiere",
    "finale",
    "planned_episode_count",
    "release_model",
)
SHOW_FACTS = ("status", "first_air", "last_air")
CREDIT_FACTS = ("status", "kind")
VOLUME_FACTS = ("status", "publication")
INLINE_FIELDS = {
    ("season", "premiere"): "premiere",
    ("season", "finale"): "finale",
    ("season", "status"): "release_status",
    ("season", "episode_count"): "planned_episode_count",
    ("season", "release_model"): "release_model",
    ("show", "status"): "status",
    ("show", "first_air"): "first_air",
    ("show", "last_air"): "last_air",
    ("volume", "publication"): "publication",
    ("volume", "status"): "status",
    ("volume", "title"): "title",
}


def _facts_of_block(kind: str, target: str, obj, option: str):
    if kind in ("factbox", "release") and target == "season":
        yield from ((obj, f) for f in SEASON_RELEASE)
    if kind == "factbox" and target == "show":
        yield from ((obj, f) for f in SHOW_FACTS)
    if kind in ("factbox", "rating"):
        for rating in obj.ratings.all():
            yield rating, "value"
    if kind == "cast":
        for credit in cast_credits(obj, target, option):
            yield from ((credit, f) for f in CREDIT_FACTS)
    if kind == "volumes":
        volumes = (
            [a.volume for a in obj.adaptations.all()]
            if target == "season"
            else list(obj.volumes.all())
        )
        for volume in volumes:
            yield from ((volume, f) for f in VOLUME_FACTS)


def _facts_of_inline(target: str, obj, field: str):
    if (target, field) in INLINE_FIELDS:
        yield obj, INLINE_FIELDS[(target, field)]
    elif target == "character" and field == "actor":
        credit = main_credit(obj)
        if credit is not None:
            yield credit, "status"


def shown_facts(article) -> list[tuple[object, str]]:
    """(object, field) for every tracked fact the piece shows, without duplicates."""
    found = placeholders(article.body_html)
    needs = defaultdict(lambda: defaultdict(set))
    for p in found:
        needs[p.target][p.pk].add(p.kind)
    seasons = []
    if article.kind == article.Kind.SPECULATION and article.pk:
        seasons = list(article.subject_seasons.all())
    objects = load_objects(needs) if needs else {}
    pairs = []
    for p in found:
        obj = objects.get((p.target, p.pk))
        if obj is None:
            continue
        if p.is_block:
            pairs += _facts_of_block(p.kind, p.target, obj, p.option)
        else:
            pairs += _facts_of_inline(p.target, obj, p.option)
    pairs += [(season, f) for season in seasons for f in ("release_status", "premiere")]
    unique, seen = [], set()
    for obj, name in pairs:
        if name not in getattr(obj, "tracked_facts", ()):
            continue
        key = (obj._meta.label_lower, obj.pk, name)
        if key not in seen:
            seen.add(key)
            unique.append((obj, name))
    return unique
