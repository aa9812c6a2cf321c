"""What a piece displays of the catalog: the state its snapshot keeps.

Each embed's target says what it displays (``registry.Target.displayed_state`` and
``inline_state``): scalars and lists, keyed by (object, field). Speculation pieces also
watch the release status and premiere of their subject seasons: a "when will it be
out?" piece is about exactly those. Many pieces are read in one batch: one query for
every object they embed, one for subject seasons.
"""

from __future__ import annotations

from catalog.models import Season

from .body import embedded_objects, needs_of, placeholders
from .displayed import Shown, scalar
from .registry import TARGETS
from .resolvers import load_objects

Key = tuple[str, int, str]
SUBJECT_FACTS = ("release_status", "premiere")


def _subject_seasons(articles) -> dict[int, list]:
    """Each speculation piece's subject seasons: prefetched (the article page's
    query has them), else one query for all."""
    found = {}
    ids = []
    for a in articles:
        if not a.pk or a.kind != a.Kind.SPECULATION:
            continue
        prefetched = getattr(a, "_prefetched_objects_cache", {})
        if "subject_seasons" in prefetched:
            found[a.pk] = list(prefetched["subject_seasons"])
        else:
            ids.append(a.pk)
    if not ids:
        return found
    through = type(articles[0]).subject_seasons.through
    links = list(through.objects.filter(article_id__in=ids).values_list(
        "article_id", "season_id"))  # fmt: skip
    seasons = Season.objects.in_bulk({season for _, season in links})
    for article_id, season_id in links:
        found.setdefault(article_id, []).append(seasons[season_id])
    return found


def shown_states(articles) -> dict[int, dict[Key, Shown]]:
    """For each piece (by id), everything it displays, keyed by (model, pk, field)."""
    articles = list(articles)
    found = {a.pk: placeholders(a.body_html) for a in articles}
    if len(articles) == 1:  # the article page: its body shows the same objects
        objects = embedded_objects(articles[0])
    else:
        needs = needs_of([p for embeds in found.values() for p in embeds])
        objects = load_objects(needs) if needs else {}
    subjects = _subject_seasons(articles)
    states = {}
    for article in articles:
        state: dict[Key, Shown] = {}
        for p in found[article.pk]:
            obj = objects.get((p.target, p.pk))
            if obj is None:
                continue
            target = TARGETS[p.target]
            if p.is_block:
                shown = target.displayed_state(p.kind, obj, p.option)
            else:
                shown = target.inline_state(obj, p.option)
            for item in shown:
                state.setdefault(item.key, item)
        for season in subjects.get(article.pk, ()):
            for name in SUBJECT_FACTS:
                item = scalar(season, name)
                state.setdefault(item.key, item)
        states[article.pk] = state
    return states


def shown_state(article) -> dict[Key, Shown]:
    """Everything one piece displays (two queries)."""
    return shown_states([article])[article.pk]
