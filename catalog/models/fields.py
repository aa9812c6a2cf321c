"""Model fields shared by the catalog: precise dates and YouTube ids."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.lookups import GreaterThan
from django.utils.deconstruct import deconstructible

from catalog.dates import Confidence, PreciseDate, Precision, period_start

# How long each precision's period lasts, in each database's date arithmetic.
_PERIOD = {
    "postgresql": {
        Precision.YEAR: "interval '1 year'",
        Precision.QUARTER: "interval '3 months'",
        Precision.MONTH: "interval '1 month'",
        Precision.DAY: "interval '1 day'",
    },
    "sqlite": {
        Precision.YEAR: "'+1 years'",
        Precision.QUARTER: "'+3 months'",
        Precision.MONTH: "'+1 months'",
        Precision.DAY: "'+1 days'",
    },
}
UNKNOWN_KEY = datetime.date(9999, 12, 31)


@deconstructible(path="catalog.models.fields.CalendarKey")
class CalendarKey(Func):
    """The day after a precise date's period ends; 9999-12-31 when unknown.

    The calendar's order ("Q3 2027" after every July to September date) and its
    "still to come" test (key > today) in one expression, so one index on it serves
    both (the catalog's calendar indexes). Stored columns: start and precision.
    """

    output_field = models.DateField()

    def __init__(self, date_name: str, precision_name: str):
        super().__init__(F(date_name), F(precision_name))

    def as_sql(self, compiler, connection, **extra_context):
        vendor = connection.vendor if connection.vendor in _PERIOD else "sqlite"
        date, date_params = compiler.compile(self.source_expressions[0])
        precision, precision_params = compiler.compile(self.source_expressions[1])
        whens = " ".join(
            f"WHEN {int(p)} THEN {length}" for p, length in _PERIOD[vendor].items()
        )
        length = f"CASE {precision} {whens} END"
        if vendor == "postgresql":
            end = f"({date} + {length})::date"
            unknown = f"DATE '{UNKNOWN_KEY.isoformat()}'"
        else:
            end = f"date({date}, {length})"
            unknown = f"'{UNKNOWN_KEY.isoformat()}'"
        return f"COALESCE({end}, {unknown})", [*date_params, *precision_params]


class PeriodStartField(models.DateField):
    """The stored start of a precise date; normalised to its period's start on save."""

    def __init__(self, *args, precision_field: str = "", **kwargs):
        self.precision_field = precision_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["precision_field"] = self.precision_field
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if isinstance(value, datetime.date):
            precision = getattr(model_instance, self.precision_field)
            value = period_start(value, precision)
            setattr(model_instance, self.attname, value)
        return value


class PreciseDateDescriptor(property):
    """``obj.premiere`` reads and writes the three columns as one ``PreciseDate``.

    A ``property`` subclass so ``Model(premiere=...)`` and ``get_or_create(defaults=
    {"premiere": ...})`` accept it like any other property.
    """

    def __init__(self, field: "PreciseDateField"):
        self.field = field
        super().__init__(self._get, self._set, doc=field.verbose_name)

    def _get(self, instance):
        f = self.field
        return PreciseDate(
            getattr(instance, f.date_name),
            getattr(instance, f.precision_name) or Precision.DAY,
            getattr(instance, f.confidence_name) or Confidence.OFFICIAL,
        )

    def _set(self, instance, value: PreciseDate | None):
        value = value or PreciseDate.unknown()
        f = self.field
        setattr(instance, f.date_name, value.start)
        setattr(instance, f.precision_name, value.precision)
        setattr(instance, f.confidence_name, value.confidence)


class PreciseDateField:
    """Adds ``<name>_date``, ``<name>_precision`` and ``<name>_confidence`` columns.

    Not a database field itself: like ``GenericForeignKey`` it contributes real fields
    (which migrations and the admin see) and a descriptor that bundles them.
    """

    def __init__(self, verbose_name: str, *, help_text: str = ""):
        self.verbose_name = verbose_name
        self.help_text = help_text

    def contribute_to_class(self, cls, name):
        self.name = name
        self.model = cls
        self.date_name = f"{name}_date"
        self.precision_name = f"{name}_precision"
        self.confidence_name = f"{name}_confidence"
        label = self.verbose_name
        PeriodStartField(
            f"{label} date",
            null=True,
            blank=True,
            db_index=True,
            precision_field=self.precision_name,
            help_text=self.help_text
            or "Any day in the period; it is stored as the period's first day. "
            "Leave empty when not announced.",
        ).contribute_to_class(cls, self.date_name)
        models.PositiveSmallIntegerField(
            f"{label} precision",
            choices=Precision.choices,
            default=Precision.DAY,
            help_text="Day precision only when the exact day has been announced.",
        ).contribute_to_class(cls, self.precision_name)
        models.CharField(
            f"{label} confidence",
            max_length=10,
            choices=Confidence.choices,
            default=Confidence.OFFICIAL,
            help_text="Official: from the platform or publisher. Reported: named press "
            "report. Estimate: our reasoning. Rumour: unconfirmed.",
        ).contribute_to_class(cls, self.confidence_name)
        setattr(cls, name, PreciseDateDescriptor(self))
        if "precise_dates" not in cls._meta.__dict__:
            cls._meta.precise_dates = {}
        cls._meta.precise_dates[name] = self

    def calendar_key(self) -> CalendarKey:
        return CalendarKey(self.date_name, self.precision_name)

    def upcoming_q(self, today: datetime.date) -> Q:
        """Rows whose period has not ended by ``today``, or whose date is unknown:
        one range on the calendar key, which an index serves."""
        return Q(GreaterThan(self.calendar_key(), today))

    def calendar_ordering(self) -> list:
        """ORDER BY terms in calendar order: by the period's end, finer first,
        unknown last (``catalog.calendar.CalendarEntry.sort_key``)."""
        return [self.calendar_key().asc(), F(self.precision_name).desc()]

    def ordering(self, *, descending: bool = False) -> list:
        """ORDER BY terms: unknown last, start date, then finer precision first."""
        date = models.F(self.date_name)
        precision = models.F(self.precision_name)
        if descending:
            return [date.desc(nulls_last=True), precision.asc()]
        return [date.asc(nulls_last=True), precision.desc()]


YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
YOUTUBE_URL = re.compile(
    r"^(?:https?://)?(?:www\.|m\.|music\.)?"
    r"(?:youtube\.com/(?:watch\?(?:.*&)?v=|embed/|shorts/|live/|v/)|"
    r"youtube-nocookie\.com/embed/|youtu\.be/)"
    r"(?P<id>[A-Za-z0-9_-]{11})(?:[?&#/].*)?$"
)


def reduce_youtube(value: str) -> str:
    """The 11-character video id from an id or any usual YouTube URL; else unchanged."""
    value = (value or "").strip()
    match = YOUTUBE_URL.match(value)
    return match.group("id") if match else value


def validate_youtube_id(value: str) -> None:
    if not YOUTUBE_ID.match(value or ""):
        raise ValidationError(
            "Enter a YouTube video id (11 letters, digits, - or _) or paste the "
            "video's YouTube address.",
            code="invalid_youtube_id",
        )


class HttpsURLField(models.URLField):
    """A web address; in forms one typed without a scheme (``netflix.com/title/1``)
    gets ``https://``, as nearly every site is now, not Django 5's ``http://``.

    Only the form differs, so migrations see Django's own ``URLField``.
    """

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs


class YouTubeIdFormField(forms.CharField):
    """Accepts a pasted YouTube URL and keeps only the id."""

    def to_python(self, value):
        return reduce_youtube(super().to_python(value))


class YouTubeIdField(models.CharField):
    """An 11-character YouTube video id; URLs pasted in forms or code are reduced."""

    default_validators = [validate_youtube_id]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 11)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return reduce_youtube(super().to_python(value))

    def get_prep_value(self, value):
        return reduce_youtube(super().get_prep_value(value))

    def formfield(self, **kwargs):
        field = super().formfield(**{"form_class": YouTubeIdFormField, **kwargs})
        field.max_length = None
        field.validators = [
            v for v in field.validators if not isinstance(v, MaxLengthValidator)
        ]
        field.widget.attrs.pop("maxlength", None)
        return field
