"""Which catalog facts a piece shows: the keys its snapshot keeps.

A fact is (object, field) for a field in the object's ``tracked_facts``, the same key
the catalog's fact history uses, so a later ``FactChange`` to it is found by an index
lookup. Which facts an embed shows is its target's to say (``registry.TARGETS``).
Speculation pieces also watch the release facts of their subject seasons: a "when will
it be out?" piece is about exactly those.
"""

from __future__ import annotations

from collections import defaultdict

from .body import placeholders
from .registry import TARGETS
from .resolvers import load_objects


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
        target = TARGETS[p.target]
        if p.is_block:
            pairs += target.block_facts(p.kind, obj, p.option)
        else:
            pairs += target.inline_facts(obj, p.option)
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
