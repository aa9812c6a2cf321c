"""What the catalog's querysets share: page caps, count columns and ordering by
precise dates. The QuerySet classes sit beside their models in ``catalog/models/``;
nothing here imports a model, so every models module can import it."""

import datetime
import re
import unicodedata

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

# Caps on what one page lists, so a long-running soap cannot make a page huge. The
# querysets read them as ``querysets.PAGE_CREDITS`` when called: a test can lower them.
PAGE_CREDITS = 150
PAGE_EPISODES = 300
PAGE_VIDEOS = 12
# Releases of one season, and offers of one show or season, a page lists.
PAGE_RELEASES = 60
PAGE_WATCH_OPTIONS = 60
PERSON_CREDITS = 200
# What a cast list shows of each credit: the cast on catalog pages and in embeds.
CAST_LIST_RELATED = ("person__photo", "character", "season")


def count_of(queryset, *, matching: str, outer: str = "pk"):
    """How many rows of ``queryset`` have ``matching`` equal to the outer row's
    ``outer``, as a column of the outer query: a capped list's full length without a
    query of its own."""
    rows = (
        queryset.filter(**{matching: OuterRef(outer)})
        .order_by()
        .values(matching)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def not_listed(obj, total: str, listed: str) -> int:
    """How many rows of a capped list its page leaves out: the ``count_of`` column
    ``for_page`` annotates as ``total`` less the rows it prefetched as ``listed``
    (0 on an object not loaded by ``for_page``)."""
    count = getattr(obj, total, None)
    return 0 if count is None else max(count - len(getattr(obj, listed)), 0)


class PreciseDateQuerySetMixin:
    """Ordering and "upcoming" filters for any ``PreciseDateField`` on the model."""

    def _precise(self, name: str):
        return self.model._meta.precise_dates[name]

    def by_date(self, name: str, *, descending: bool = False):
        """Sorted by a precise date across precisions; unknown dates last."""
        return self.order_by(*self._precise(name).ordering(descending=descending))

    def in_calendar_order(self, name: str, *tiebreak: str):
        """Sorted as the upcoming calendar lists them: by the end of each period,
        unknown last (served by the calendar index on the model)."""
        return self.order_by(*self._precise(name).calendar_ordering(), *tiebreak)

    def upcoming(self, name: str, *, today: datetime.date | None = None):
        """Rows whose date has not passed (a whole period counts) or is unknown."""
        today = today or timezone.localdate()
        return self.filter(self._precise(name).upcoming_q(today))

    def dated_between(self, name: str, start: datetime.date, end: datetime.date):
        """Rows whose period starts within [start, end]."""
        date_name = self._precise(name).date_name
        return self.filter(**{f"{date_name}__range": (start, end)})


# --- names typed by an editor: case and accents ignored -----------------------------

# Letters that do not decompose into a base letter and a mark.
_FOLDED = str.maketrans({"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d"})
_WORD = re.compile(r"\w+")
MAX_NAME_TERMS = 6


def fold(text: str) -> str:
    """Lower case without accents: "Amélie" and "AMELIE" fold to "amelie"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLDED))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _letter_variants() -> dict[str, str]:
    """Each base letter with every accented Latin letter that folds to it."""
    variants: dict[str, set[str]] = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = fold(char)
        if len(base) == 1 and base.isascii() and base.isalpha() and char != base:
            variants.setdefault(base, set()).add(char)
    return {base: "".join(sorted(chars)) for base, chars in variants.items()}


_VARIANTS = _letter_variants()


def name_terms(text: str) -> list[str]:
    """The words of what an editor typed, folded; a few at most."""
    return _WORD.findall(fold(text))[:MAX_NAME_TERMS]


def accent_pattern(term: str) -> str:
    """A regular expression (Python's and PostgreSQL's alike) matching ``term``
    whatever the accents: "amelie" → "[aÀÁ…]m[eÈÉ…]l…". ``term`` is a folded word."""
    return "".join(
        f"[{c}{_VARIANTS[c]}]" if c in _VARIANTS else re.escape(c) for c in term
    )


def name_matches(fields: tuple[str, ...], term: str) -> Q:
    """Rows with the folded word ``term`` inside one of ``fields``, whatever the case
    and accents of either. A regular expression: no index serves it, so callers
    cap their results; the catalog's names are short."""
    pattern = accent_pattern(term)
    matches = Q()
    for name in fields:
        matches |= Q(**{f"{name}__iregex": pattern})
    return matches


def all_terms_match(fields: tuple[str, ...], terms: list[str]) -> Q:
    """Every word in one of ``fields`` (not necessarily the same one)."""
    matches = Q()
    for term in terms:
        matches &= name_matches(fields, term)
    return matches
