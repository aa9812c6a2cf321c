"""``{% time_element %}``: the <time> element cards, comments and histories print."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import dateformat, timezone, translation

from core.templatetags.site_tags import TimeElements

TAG = Template('{% load site_tags %}{% time_element when "j F Y, H:i" %}')
FILTERS = Template(
    "<time datetime=\"{{ when|date:'Y-m-d\\TH:i:sO' }}\">"
    '{{ when|date:"j F Y, H:i" }}</time>'
)
UTC = datetime.UTC


@pytest.mark.parametrize(
    "when",
    [
        datetime.datetime(2026, 1, 15, 9, 5, 7, 123456, tzinfo=UTC),  # GMT
        datetime.datetime(2026, 7, 1, 23, 30, tzinfo=UTC),  # BST: next day in London
        datetime.datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # just before the clocks go
        datetime.datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # just after
        datetime.datetime(2026, 5, 2, 12, 0, tzinfo=ZoneInfo("Asia/Tokyo")),
    ],
)
def test_prints_what_the_two_date_filters_printed(when):
    with timezone.override("Europe/London"):
        context = Context({"when": when})
        assert TAG.render(context) == FILTERS.render(context)


def test_machine_readable_time_is_local_and_has_no_fraction_of_a_second():
    when = datetime.datetime(2026, 7, 1, 23, 30, 5, 999999, tzinfo=UTC)
    with timezone.override("Europe/London"):
        html = TAG.render(Context({"when": when}))
    assert html == '<time datetime="2026-07-02T00:30:05+0100">2 July 2026, 00:30</time>'


def test_prints_nothing_without_a_time():
    assert TAG.render(Context({"when": None})) == ""


@pytest.mark.parametrize(
    "human_format",
    ["j M Y, H:i", "j F Y", "d/m/Y", r"\Y\e\a\r Y, \d\a\y j", "D j N Y, P", "F"],
)
@pytest.mark.parametrize("language", ["en-gb", "fr"])
def test_writes_what_dateformat_writes_in_any_format_and_language(
    human_format, language
):
    values = [
        datetime.datetime(2026, month, day, hour, minute, tzinfo=UTC)
        for month, day, hour, minute in [(1, 1, 0, 0), (5, 9, 7, 3), (12, 31, 23, 59)]
    ] + [datetime.datetime(2026, 3, 29, 1, 30), datetime.datetime(999, 2, 3, 4, 5)]
    with timezone.override("Europe/London"), translation.override(language):
        elements = TimeElements(human_format)
        for value in values:
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            machine = local.strftime("%Y-%m-%dT%H:%M:%S%z")
            human = dateformat.format(local, human_format)
            expected = f'<time datetime="{machine}">{human}</time>'
            assert elements(value) == expected
