"""Model fields shared by the catalog: precise dates and YouTube ids."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from catalog.dates import Confidence, PreciseDate, Precision, period_start


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

    def upcoming_q(self, today: datetime.date) -> Q:
        """Rows whose period has not ended by ``today``, or whose date is unknown."""
        q = Q(**{f"{self.date_name}__isnull": True})
        for precision in Precision:
            q |= Q(
                **{
                    self.precision_name: precision,
                    f"{self.date_name}__gte": period_start(today, precision),
                }
            )
        return q

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
