"""What the catalog's querysets share: page caps, count columns and ordering by
precise dates. The QuerySet classes sit beside their models in ``catalog/models/``;
nothing here imports a model, so every models module can import it."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

# Caps on what one page lists, so a long-running soap cannot make a page huge. The
# querysets read them as ``querysets.PAGE_CREDITS`` when called: a test can lower them.
PAGE_CREDITS = 150
PAGE_EPISODES = 300
PAGE_VIDEOS = 12
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
