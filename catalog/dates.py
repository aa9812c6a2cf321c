"""Dates that say how much is known: one implementation for every dated fact.

A ``PreciseDate`` is a period (a year, a quarter, a month or a day) plus how sure we are
of it. It is stored as three columns (see ``catalog.models.fields.PreciseDateField``):
the *normalised start* of the period, the precision and the confidence. Because the
start is normalised, ordering by it sorts mixed precisions sensibly; "is this still to
come?" is one range on an indexed calendar key, the day after the period ends
(``PreciseDateField.upcoming_q``, used by ``PreciseDateQuerySetMixin``).

Ordering across precisions: by start date, then finer precision first, so "3 July 2023"
sorts before "July 2023", which sorts before "Q3 2023" (all start on 1 July 2023).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

NOT_ANNOUNCED = _("Not yet announced")


class Precision(models.IntegerChoices):
    """How much of the date is known. Larger is finer."""

    YEAR = 1, _("year")
    QUARTER = 2, _("quarter")
    MONTH = 3, _("month")
    DAY = 4, _("day")


class Confidence(models.TextChoices):
    """How sure we are of a fact: who said it."""

    OFFICIAL = "official", _("official")
    REPORTED = "reported", _("reported")
    ESTIMATE = "estimate", _("estimate")
    RUMOUR = "rumour", _("rumour")


def period_start(day: datetime.date, precision: int) -> datetime.date:
    """The first day of the period of ``precision`` containing ``day``."""
    if precision == Precision.YEAR:
        return day.replace(month=1, day=1)
    if precision == Precision.QUARTER:
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if precision == Precision.MONTH:
        return day.replace(day=1)
    return day


def period_end(day: datetime.date, precision: int) -> datetime.date:
    """The last day of the period of ``precision`` containing ``day``."""
    if precision == Precision.YEAR:
        return day.replace(month=12, day=31)
    if precision == Precision.QUARTER:
        last_month = (day.month - 1) // 3 * 3 + 3
        return day.replace(
            month=last_month, day=calendar.monthrange(day.year, last_month)[1]
        )
    if precision == Precision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


@dataclass(frozen=True)
class PreciseDate:
    """A date known to a precision and with a confidence; ``start=None`` is unknown.

    ``start`` is always normalised to the first day of its period, so two values that
    mean the same period compare equal.
    """

    start: datetime.date | None = None
    precision: int = Precision.DAY
    confidence: str = Confidence.OFFICIAL

    def __post_init__(self):
        precision = Precision(int(self.precision))
        object.__setattr__(self, "precision", precision)
        object.__setattr__(self, "confidence", Confidence(self.confidence))
        if self.start is not None:
            object.__setattr__(self, "start", period_start(self.start, precision))

    @classmethod
    def unknown(cls) -> PreciseDate:
        return cls(None)

    @classmethod
    def year(cls, year: int, confidence: str = Confidence.OFFICIAL) -> PreciseDate:
        return cls(datetime.date(year, 1, 1), Precision.YEAR, confidence)

    @classmethod
    def quarter(
        cls, year: int, quarter: int, confidence: str = Confidence.OFFICIAL
    ) -> PreciseDate:
        return cls(
            datetime.date(year, quarter * 3 - 2, 1), Precision.QUARTER, confidence
        )

    @classmethod
    def month(
        cls, year: int, month: int, confidence: str = Confidence.OFFICIAL
    ) -> PreciseDate:
        return cls(datetime.date(year, month, 1), Precision.MONTH, confidence)

    @classmethod
    def day(cls, day: datetime.date, confidence: str = Confidence.OFFICIAL):
        return cls(day, Precision.DAY, confidence)

    @property
    def is_known(self) -> bool:
        return self.start is not None

    @property
    def end(self) -> datetime.date | None:
        """The last day of the period, or None when unknown."""
        return None if self.start is None else period_end(self.start, self.precision)

    @property
    def is_speculative(self) -> bool:
        """True for estimates and rumours: readers should see it is not confirmed."""
        return self.confidence in (Confidence.ESTIMATE, Confidence.RUMOUR)

    def render(self) -> str:
        """ "2023", "Q3 2023", "August 2023", "3 August 2023" or "Not yet announced"."""
        if self.start is None:
            return str(NOT_ANNOUNCED)
        if self.precision == Precision.YEAR:
            return str(self.start.year)
        if self.precision == Precision.QUARTER:
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        if self.precision == Precision.MONTH:
            return dateformat.format(self.start, "F Y")
        return dateformat.format(self.start, "j F Y")

    __str__ = render

    def render_with_confidence(self) -> str:
        """The date and how sure we are: "3 August 2023 (official)"."""
        if self.start is None:
            return self.render()
        return f"{self.render()} ({self.confidence.label})"

    @property
    def machine_readable(self) -> str:
        """A valid HTML ``<time datetime>`` value ("" for quarters and unknown)."""
        if self.start is None or self.precision == Precision.QUARTER:
            return ""
        if self.precision == Precision.YEAR:
            return f"{self.start.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()

    def sort_key(self) -> tuple:
        """Unknown last; then by start; then finer precision first."""
        if self.start is None:
            return (1, datetime.date.max, 0)
        return (0, self.start, -self.precision)

    def is_upcoming(self, today: datetime.date) -> bool:
        """Not over yet as far as we know: unknown dates count as upcoming."""
        return self.start is None or self.end >= today

    def is_before(self, other: PreciseDate) -> bool:
        """Certainly before: this period ends before ``other`` starts."""
        if self.start is None or other.start is None:
            return False
        return self.end < other.start

    def to_json(self) -> dict | None:
        """The stored form used by fact history."""
        if self.start is None:
            return None
        return {
            "start": self.start.isoformat(),
            "precision": self.precision.name.lower(),
            "confidence": str(self.confidence),
        }

    @classmethod
    def from_json(cls, data: dict | None) -> PreciseDate:
        if not data:
            return cls.unknown()
        return cls(
            datetime.date.fromisoformat(data["start"]),
            Precision[data["precision"].upper()],
            data["confidence"],
        )
