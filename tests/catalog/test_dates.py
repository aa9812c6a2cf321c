"""The precise-date value object and its queryset helpers."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.dates import Confidence, PreciseDate, Precision, period_end, period_start
from catalog.models import Season
from tests.factories import SeasonFactory, ShowFactory

days = st.dates(
    min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31)
)
precisions = st.sampled_from(list(Precision))
confidences = st.sampled_from(list(Confidence))
precise_dates = st.one_of(
    st.just(PreciseDate.unknown()),
    st.builds(PreciseDate, days, precisions, confidences),
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (PreciseDate.year(2023), "2023"),
        (PreciseDate.quarter(2023, 3), "Q3 2023"),
        (PreciseDate(datetime.date(2023, 8, 19), Precision.QUARTER), "Q3 2023"),
        (PreciseDate.month(2023, 8), "August 2023"),
        (PreciseDate.day(datetime.date(2023, 8, 3)), "3 August 2023"),
        (PreciseDate.unknown(), "Not yet announced"),
    ],
)
def test_precise_date_renders_only_what_is_known(value, text):
    assert value.render() == text
    assert str(value) == text


def test_rendering_with_confidence_names_how_sure_we_are():
    value = PreciseDate.year(2023, Confidence.ESTIMATE)
    assert value.render_with_confidence() == "2023 (estimate)"
    assert value.is_speculative
    assert not PreciseDate.year(2023, Confidence.OFFICIAL).is_speculative


@given(days, precisions)
def test_a_day_lies_within_its_period(day, precision):
    assert period_start(day, precision) <= day <= period_end(day, precision)


@given(precise_dates)
def test_start_is_normalised_and_idempotent(value):
    again = PreciseDate(value.start, value.precision, value.confidence)
    assert again == value
    if value.is_known:
        assert value.start == period_start(value.start, value.precision)
        assert value.start <= value.end


@given(precise_dates)
def test_json_round_trip(value):
    assert PreciseDate.from_json(value.to_json()) == (
        value if value.is_known else PreciseDate.unknown()
    )


@given(precise_dates, precise_dates)
def test_sorting_puts_a_period_that_ends_first_first(a, b):
    if a.is_before(b):
        assert a.sort_key() < b.sort_key()
    if a.is_known and not b.is_known:
        assert a.sort_key() < b.sort_key()


@given(precise_dates, days)
def test_upcoming_means_the_period_has_not_ended(value, today):
    if not value.is_known:
        assert value.is_upcoming(today)
    else:
        assert value.is_upcoming(today) == (value.end >= today)


@given(precise_dates, precise_dates)
def test_is_before_is_never_symmetric(a, b):
    assert not (a.is_before(b) and b.is_before(a))


def test_machine_readable_values_are_valid_html_time_values():
    assert PreciseDate.year(2023).machine_readable == "2023"
    assert PreciseDate.month(2023, 8).machine_readable == "2023-08"
    assert PreciseDate.day(datetime.date(2023, 8, 3)).machine_readable == "2023-08-03"
    assert PreciseDate.quarter(2023, 3).machine_readable == ""


@pytest.mark.django_db
def test_saving_stores_the_start_of_the_period():
    season = SeasonFactory()
    season.premiere_date = datetime.date(2023, 8, 19)
    season.premiere_precision = Precision.QUARTER
    season.save()
    season.refresh_from_db()
    assert season.premiere_date == datetime.date(2023, 7, 1)
    assert season.premiere.render() == "Q3 2023"


@pytest.mark.django_db
def test_ordering_across_precisions_and_unknown_last():
    later_day = SeasonFactory(premiere=PreciseDate.day(datetime.date(2023, 7, 3)))
    day = SeasonFactory(premiere=PreciseDate.day(datetime.date(2023, 7, 1)))
    month = SeasonFactory(premiere=PreciseDate.month(2023, 7))
    quarter = SeasonFactory(premiere=PreciseDate.quarter(2023, 3))
    year = SeasonFactory(premiere=PreciseDate.year(2022))
    unknown = SeasonFactory()
    # Same start (1 July 2023): finer precision first.
    assert list(Season.objects.by_date("premiere")) == [
        year,
        day,
        month,
        quarter,
        later_day,
        unknown,
    ]
    assert list(Season.objects.by_date("premiere", descending=True))[0] == later_day


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2023, 9, 30), {"q3", "2023", "unknown"}),
        (datetime.date(2023, 10, 1), {"2023", "unknown"}),
        (datetime.date(2024, 1, 1), {"unknown"}),
        (datetime.date(2023, 8, 3), {"aug3", "august", "q3", "2023", "unknown"}),
        (datetime.date(2023, 8, 4), {"august", "q3", "2023", "unknown"}),
    ],
)
def test_upcoming_filter_counts_a_whole_period_as_still_to_come(today, expected):
    seasons = {
        "aug3": SeasonFactory(premiere=PreciseDate.day(datetime.date(2023, 8, 3))),
        "august": SeasonFactory(premiere=PreciseDate.month(2023, 8)),
        "q3": SeasonFactory(premiere=PreciseDate.quarter(2023, 3)),
        "2023": SeasonFactory(premiere=PreciseDate.year(2023)),
        "unknown": SeasonFactory(),
    }
    found = set(Season.objects.upcoming("premiere", today=today))
    assert {name for name, s in seasons.items() if s in found} == expected
    # The database agrees with the value object.
    assert {
        name for name, s in seasons.items() if s.premiere.is_upcoming(today)
    } == expected


@pytest.mark.django_db
def test_upcoming_premieres_skip_released_seasons_and_sort_soonest_first():
    today = datetime.date(2026, 11, 25)
    later = SeasonFactory(premiere=PreciseDate.year(2027))
    sooner = SeasonFactory(premiere=PreciseDate.quarter(2026, 4))
    unknown = SeasonFactory()
    SeasonFactory(premiere=PreciseDate.month(2026, 10))  # already out
    SeasonFactory(premiere=PreciseDate.year(2026), release_status="airing")
    assert list(Season.objects.upcoming_premieres(today=today)) == [
        sooner,
        later,
        unknown,
    ]


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(precise_dates, min_size=1, max_size=6), days)
def test_database_ordering_and_upcoming_agree_with_the_value_object(values, today):
    with transaction.atomic():
        show = ShowFactory()
        for number, value in enumerate(values, start=1):
            Season.objects.create(show=show, number=number, premiere=value)
        seasons = Season.objects.filter(show=show)
        ordered = [s.premiere for s in seasons.by_date("premiere")]
        assert [v.sort_key() for v in ordered] == sorted(v.sort_key() for v in values)
        upcoming = {s.number for s in seasons.upcoming("premiere", today=today)}
        assert upcoming == {
            n for n, v in enumerate(values, start=1) if v.is_upcoming(today)
        }
        transaction.set_rollback(True)
