"""Public catalog pages: content, 404s and flat query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.dates import PreciseDate
from catalog.models import FactChange
from tests.factories import (
    CreditFactory,
    EpisodeFactory,
    ExternalRatingFactory,
    PersonFactory,
    PlatformFactory,
    SeasonAdaptationFactory,
    SeasonFactory,
    ShowFactory,
    SourceVolumeFactory,
    SourceWorkFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db


def _grow_show(show, n: int):
    """Add n seasons (each with n episodes and a season credit) and n cast members."""
    start = show.seasons.count()
    for i in range(n):
        season = SeasonFactory(show=show, number=start + i + 1)
        for _ in range(n):
            EpisodeFactory(season=season)
        CreditFactory(show=show, season=season, kind="guest")
        VideoFactory(show=show, season=season)
        ExternalRatingFactory(show=show, season=season)
        SeasonAdaptationFactory(season=season)
        season.release_status = "filming"
        season.save()  # a fact-history entry per season
    for _ in range(n):
        CreditFactory(show=show)
    CreditFactory(show=show, kind="crew", job="director", character=None)
    show.platforms.add(PlatformFactory())
    show.based_on.add(SourceWorkFactory(authors=[PersonFactory()]))


def test_show_page_lists_seasons_cast_with_characters_and_history(client):
    show = ShowFactory(title="Heartstopper", slug="heartstopper")
    season = SeasonFactory(show=show, number=2, release_status="renewed")
    credit = CreditFactory(show=show)
    creator = CreditFactory(show=show, kind="crew", job="creator", character=None)
    VideoFactory(show=show, title="Season 2 teaser", youtube_id="abcdefghijk")
    season.premiere = PreciseDate.day(datetime.date(2023, 8, 3))
    season.save()

    response = client.get("/shows/heartstopper/")

    assert response.status_code == 200
    html = response.content.decode()
    assert credit.person.name in html
    assert credit.character.name in html
    assert creator.person.name in html
    assert season.get_absolute_url() in html
    assert "3 August 2023" in html
    assert "Fact history" in html
    assert "Not yet announced" in html  # the old value in the history table
    assert "https://www.youtube.com/watch?v=abcdefghijk" in html


def test_season_page_lists_episodes_and_adapted_volumes(client):
    season = SeasonFactory(premiere=PreciseDate.quarter(2027, 2))
    episodes = [EpisodeFactory(season=season, number=n) for n in (1, 2, 3)]
    adaptation = SeasonAdaptationFactory(season=season)
    response = client.get(season.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for episode in episodes:
        assert episode.title in html
    assert "Q2 2027" in html
    assert str(adaptation.volume) in html
    assert "speculated" in html


def test_person_page_lists_credits_by_show(client):
    person = PersonFactory(name="Kit Connor")
    credit = CreditFactory(person=person)
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert credit.show.title in response.content.decode()
    assert credit.character.name in response.content.decode()


def test_book_page_lists_volumes_and_adapting_seasons(client):
    work = SourceWorkFactory(slug="heartstopper")
    volumes = [SourceVolumeFactory(work=work, number=n) for n in (1, 2, 3)]
    adaptation = SeasonAdaptationFactory(volume=volumes[2])
    response = client.get("/books/heartstopper/")
    assert response.status_code == 200
    html = response.content.decode()
    for volume in volumes:
        assert volume.title in html
    assert adaptation.season.get_absolute_url() in html


@pytest.mark.parametrize(
    "url",
    [
        "/shows/nope/",
        "/shows/nope/season/1/",
        "/people/nope/",
        "/books/nope/",
    ],
)
def test_unknown_slugs_give_404(client, url):
    assert client.get(url).status_code == 404


def test_unknown_season_number_gives_404(client):
    season = SeasonFactory(number=1)
    url = reverse("catalog:season_detail", args=[season.show.slug, 9])
    assert client.get(url).status_code == 404


def test_editor_strings_are_escaped(client):
    show = ShowFactory(title="<script>alert(1)</script>")
    response = client.get(show.get_absolute_url())
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_show_page_query_count_does_not_grow_with_data(
    client, django_assert_num_queries
):
    show = ShowFactory()
    _grow_show(show, 2)
    url = show.get_absolute_url()
    client.get(url)  # warm content-type cache
    small = _count_queries(client, url)
    assert small <= 16  # a fixed budget, not one per season or credit
    _grow_show(show, 4)  # doubles seasons, cast; more episodes per season
    assert FactChange.objects.count() >= 6
    with django_assert_num_queries(small):
        client.get(url)


def test_season_page_query_count_does_not_grow_with_data(
    client, django_assert_num_queries
):
    show = ShowFactory()
    _grow_show(show, 2)
    season = show.seasons.first()
    url = season.get_absolute_url()
    client.get(url)
    small = _count_queries(client, url)
    for _ in range(4):
        EpisodeFactory(season=season)
        CreditFactory(show=show, season=season)
        CreditFactory(show=show)
        VideoFactory(show=show, season=season)
        SeasonAdaptationFactory(season=season)
    _grow_show(show, 2)
    with django_assert_num_queries(small):
        client.get(url)


def test_person_and_book_pages_query_count_does_not_grow(
    client, django_assert_num_queries
):
    person = PersonFactory()
    work = SourceWorkFactory(authors=[person])

    def grow(n):
        for _ in range(n):
            CreditFactory(person=person)
            volume = SourceVolumeFactory(work=work)
            SeasonAdaptationFactory(volume=volume)

    grow(2)
    counts = {}
    for url in (person.get_absolute_url(), work.get_absolute_url()):
        client.get(url)
        counts[url] = _count_queries(client, url)
    grow(6)
    for url, n in counts.items():
        with django_assert_num_queries(n):
            client.get(url)


def test_long_lists_are_capped(client, monkeypatch):
    from catalog import querysets

    monkeypatch.setattr(querysets, "PAGE_CREDITS", 3)
    monkeypatch.setattr(querysets, "PAGE_EPISODES", 2)
    season = SeasonFactory()
    credits = [CreditFactory(show=season.show, billing_order=n) for n in range(5)]
    for n in range(1, 5):
        EpisodeFactory(season=season, number=n)
    show_html = client.get(season.show.get_absolute_url()).content.decode()
    assert credits[2].person.name in show_html
    assert credits[3].person.name not in show_html
    assert "And 2 more cast and crew credits not listed on this page." in show_html
    season_html = client.get(season.get_absolute_url()).content.decode()
    assert season_html.count('class="episode"') == 2
    assert "And 2 more episodes not listed on this page." in season_html
    assert "And 2 more cast and crew credits not listed" in season_html


def test_season_page_counts_its_own_credits_past_the_cap(client, monkeypatch):
    from catalog import querysets

    monkeypatch.setattr(querysets, "PAGE_CREDITS", 2)
    season = SeasonFactory()
    CreditFactory(show=season.show)  # show-wide, within the cap
    for n in range(3):
        CreditFactory(show=season.show, season=season, billing_order=n)
    html = client.get(season.get_absolute_url()).content.decode()
    assert "And 1 more cast and crew credit not listed on this page." in html


def test_person_page_says_how_many_credits_it_leaves_out(client, monkeypatch):
    from catalog import querysets

    monkeypatch.setattr(querysets, "PERSON_CREDITS", 2)
    person = PersonFactory()
    for _ in range(3):
        CreditFactory(person=person)
    html = client.get(person.get_absolute_url()).content.decode()
    assert "And 1 more credit not listed on this page." in html


def test_show_and_season_pages_say_how_many_videos_they_leave_out(client, monkeypatch):
    from catalog import querysets

    monkeypatch.setattr(querysets, "PAGE_VIDEOS", 2)
    season = SeasonFactory()
    VideoFactory(show=season.show)
    for _ in range(3):
        VideoFactory(show=season.show, season=season)
    show_html = client.get(season.show.get_absolute_url()).content.decode()
    assert "And 2 more videos not listed on this page." in show_html
    season_html = client.get(season.get_absolute_url()).content.decode()
    assert "And 1 more video not listed on this page." in season_html


def test_lists_within_their_caps_say_nothing_is_left_out(client):
    season = SeasonFactory()
    CreditFactory(show=season.show)
    CreditFactory(show=season.show, season=season)
    EpisodeFactory(season=season, number=1)
    VideoFactory(show=season.show, season=season)
    for obj in (season.show, season, season.show.credits.first().person):
        html = client.get(obj.get_absolute_url()).content.decode()
        assert 'class="list-more"' not in html, obj


def test_show_poster_and_person_photo_render_with_alt_text(client):
    from tests.factories import ImageFactory

    show = ShowFactory(poster=ImageFactory(alt_text="Poster of the show"))
    person = PersonFactory(photo=ImageFactory(alt_text="Portrait of the actor"))
    show_html = client.get(show.get_absolute_url()).content.decode()
    assert 'alt="Poster of the show"' in show_html
    assert "srcset=" in show_html
    person_html = client.get(person.get_absolute_url()).content.decode()
    assert 'alt="Portrait of the actor"' in person_html


def test_poster_costs_the_same_queries_however_big_the_show(
    client, django_assert_num_queries
):
    from tests.factories import ImageFactory

    show = ShowFactory(poster=ImageFactory())
    _grow_show(show, 2)
    url = show.get_absolute_url()
    client.get(url)  # first view makes the renditions
    small = _count_queries(client, url)
    _grow_show(show, 4)
    with django_assert_num_queries(small):
        client.get(url)
