"""A fact's date is written as its inclusion tag's template wrote it: every precision
and confidence, unknown, past and to come, with and without "Expected"."""

import datetime
import itertools

import pytest
from django.template import Context, engines
from django.utils import timezone

from catalog.dates import Confidence, PreciseDate
from livefacts.renderers import fact_date

# livefacts/includes/date.html, the inclusion tag's template before the tag wrote it.
DATE = engines["django"].engine.from_string(
    """{% if date.is_known %}<span class="fact fact--{{ date.confidence }}{% if date.is_speculative %} fact--speculative is-speculative{% endif %}">{% if expected %}Expected {% endif %}{% if date.machine_readable %}<time datetime="{{ date.machine_readable }}">{{ date }}</time>{% else %}{{ date }}{% endif %} <span class="fact__confidence badge badge--{{ date.confidence }}">{{ date.confidence.label }}</span></span>{% else %}<span class="fact fact--unknown">Not yet announced</span>{% endif %}
"""  # noqa: E501
)


def dates():
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=400), today, datetime.date(2999, 8, 3)]
    yield PreciseDate.unknown()
    for day, confidence in itertools.product(days, Confidence.values):
        yield PreciseDate.day(day, confidence)
        yield PreciseDate.month(day.year, day.month, confidence)
        yield PreciseDate.quarter(day.year, (day.month - 1) // 3 + 1, confidence)
        yield PreciseDate.year(day.year, confidence)


@pytest.mark.parametrize("lead", [True, False])
def test_a_fact_date_renders_as_its_template_did(lead):
    today = timezone.localdate()
    for date in dates():
        expected = lead and date.is_known and date.end >= today
        reference = DATE.render(Context({"date": date, "expected": expected}))
        assert fact_date(date, lead=lead) == reference
