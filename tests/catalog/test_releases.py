"""Releases by country and platform, where to watch, and the reader's country:
what each page shows first, how it stays fresh under stored shells and the page
cache, what it costs, and how editors change it."""

import datetime

import pytest
from django.urls import reverse

from articles.models import Article
from catalog.countries import normalise
from catalog.dates import Confidence, PreciseDate
from catalog.models import FactChange, Release, WatchOption
from catalog.models.facts import ROW_FIELD
from tests.catalog_helpers import form_data
from tests.factories import (
    ArticleFactory,
    EpisodeFactory,
    PlatformFactory,
    ReleaseFactory,
    SeasonFactory,
    ShowFactory,
    WatchOptionFactory,
)
from tests.pages_helpers import build_world, future, scaled_world_fixture
from tests.shell_helpers import get, whole

pytestmark = pytest.mark.django_db

GB_DAY = datetime.date(2031, 3, 5)
US_DAY = datetime.date(2031, 4, 9)


@pytest.fixture
def season():
    season = SeasonFactory(
        show=ShowFactory(title="Tidewater", slug="tidewater"),
        number=2,
        premiere=PreciseDate.day(GB_DAY),
    )
    ReleaseFactory(
        season=season,
        country="GB",
        platform=PlatformFactory(name="BritBox"),
        release=PreciseDate.day(GB_DAY),
    )
    ReleaseFactory(
        season=season,
        country="US",
        platform=PlatformFactory(name="Hulu"),
        release=PreciseDate.day(US_DAY, Confidence.REPORTED),
    )
    return season


def _order(html: str, *needles: str) -> list[int]:
    return [html.index(needle) for needle in needles]


def _release_rows(html: str) -> str:
    start = html.index('class="table release-table"')
    return html[start : html.index("</table>", start)]


# --- the reader's country --------------------------------------------------------


def test_country_codes_are_checked_and_fall_back_to_the_site_default(settings):
    settings.SITE_COUNTRY = "US"
    assert normalise("gb") == "GB"
    assert normalise("ZZ") == "US"
    assert normalise("<script>") == "US"
    assert normalise(None) == "US"


def test_a_reader_in_the_us_sees_the_us_date_first_on_the_season_page(client, season):
    url = season.get_absolute_url()
    us = _release_rows(get(client, url + "?country=US"))
    a, b = _order(us, "United States", "United Kingdom")
    assert a < b
    assert "9 April 2031" in us
    gb = _release_rows(get(client, url + "?country=GB"))
    a, b = _order(gb, "United Kingdom", "United States")
    assert a < b


def test_an_unknown_or_hostile_country_is_the_default_and_harmless(
    client, season, settings
):
    settings.SITE_COUNTRY = "GB"
    url = season.get_absolute_url()
    default = get(client, url)
    assert get(client, url + "?country=ZZ") == default
    hostile = client.get(url, {"country": '"><script>alert(1)</script>'})
    assert hostile.status_code == 200
    assert "<script>alert(1)" not in hostile.content.decode()
    assert hostile.content.decode() == default
    assert '<option value="GB" selected>' in default


def test_upcoming_puts_the_readers_country_first(client, season):
    html = get(client, reverse("upcoming") + "?country=US")
    entry = html[html.index("Tidewater") - 600 :]
    assert "United States: " in entry
    assert "9 April 2031" in entry
    gb = get(client, reverse("upcoming") + "?country=GB")
    assert "United Kingdom: " in gb and "United States: " not in gb


def test_fact_box_in_an_article_shows_the_readers_country_first(client, season):
    article = ArticleFactory(body="[[factbox season=tidewater/2]]")
    url = article.get_absolute_url()
    box = get(client, url + "?country=US")
    a, b = _order(box, "United States", "United Kingdom")
    assert a < b
    box = get(client, url + "?country=GB")
    a, b = _order(box, "United Kingdom", "United States")
    assert a < b


# --- freshness: stored shells, live boxes and the page cache ----------------------


@pytest.mark.parametrize("country", ["US", "GB"])
def test_a_release_change_shows_at_the_next_request_with_stored_shells(
    client, fragments, settings, stored, season, country
):
    url = season.get_absolute_url() + f"?country={country}"
    article = ArticleFactory(body="[[factbox season=tidewater/2]]")
    article_url = article.get_absolute_url() + f"?country={country}"
    for page in (url, article_url):
        assert get(client, page) == whole(client, page, settings)
    release = Release.objects.get(season=season, country=country)
    release.release = PreciseDate.day(datetime.date(2032, 1, 2))
    release.save()
    for page in (url, article_url):
        html = get(client, page)
        assert "2 January 2032" in html
        assert html == whole(client, page, settings)


def test_each_country_has_its_own_stored_shell(client, fragments, stored, season):
    url = season.get_absolute_url()
    us, gb = get(client, url + "?country=US"), get(client, url + "?country=GB")
    assert us != gb
    assert get(client, url + "?country=US") == us  # from its own shell
    assert len(stored.shells) == 2


def test_a_release_change_shows_at_the_next_request_with_the_page_cache(
    client, page_cache, season
):
    article = ArticleFactory(body="[[factbox season=tidewater/2]]")
    urls = [
        season.get_absolute_url() + "?country=US",
        article.get_absolute_url() + "?country=US",
        reverse("upcoming") + "?country=US",
        reverse("upcoming_calendar") + "?country=US",
    ]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    release = Release.objects.get(season=season, country="US")
    release.release = PreciseDate.day(datetime.date(2031, 4, 20))
    release.save()
    for url in urls:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        body = response.content.decode()
        assert "20 April 2031" in body or "20310420" in body


def test_an_offer_change_shows_on_show_and_season_pages_with_stored_shells(
    client, fragments, season
):
    offer = WatchOptionFactory(show=season.show, country="GB", offer="free")
    urls = [season.show.get_absolute_url(), season.get_absolute_url()]
    for url in urls:
        assert "Free" in get(client, url + "?country=GB")
    offer.offer = WatchOption.Offer.BUY
    offer.save()
    for url in urls:
        html = get(client, url + "?country=GB")
        assert ">Buy<" in html and ">Free<" not in html


# --- where to watch ----------------------------------------------------------------


def test_where_to_watch_lists_the_readers_country_and_worldwide(client):
    show = ShowFactory(title="Harbour Lights", slug="harbour-lights")
    WatchOptionFactory(show=show, country="US", platform=PlatformFactory(name="Max"))
    WatchOptionFactory(
        show=show, country="", offer="buy", platform=PlatformFactory(name="iTunes")
    )
    us = get(client, show.get_absolute_url() + "?country=US")
    assert "Where to watch in United States" in us
    assert us.index("Max") < us.index("iTunes")  # subscription before buy
    de = get(client, show.get_absolute_url() + "?country=DE")
    assert "iTunes" in de and "Max" not in de


def test_watch_embed_renders_the_readers_offers(client):
    show = ShowFactory(slug="harbour-lights")
    season = SeasonFactory(show=show, number=1)
    WatchOptionFactory(show=show, country="US", platform=PlatformFactory(name="Max"))
    WatchOptionFactory(
        show=show,
        season=season,
        country="GB",
        offer="rent",
        platform=PlatformFactory(name="Sky Store"),
    )
    article = ArticleFactory(
        body="[[watch show=harbour-lights]]\n\n[[watch season=harbour-lights/1]]"
    )
    us = get(client, article.get_absolute_url() + "?country=US")
    assert us.count("Where to watch") == 2
    assert "Max" in us and "Sky Store" not in us
    gb = get(client, article.get_absolute_url() + "?country=GB")
    assert "Sky Store" in gb and "Rent" in gb


# --- fact history --------------------------------------------------------------------


def test_each_release_has_its_own_fact_history(season):
    release = Release.objects.get(season=season, country="US")
    assert FactChange.objects.for_objects([release]).filter(field=ROW_FIELD).exists()
    release.release = PreciseDate.quarter(2031, 3, Confidence.RUMOUR)
    release.save()
    change = release.fact_history().get(field="release")
    assert change.old_display == "9 April 2031 (reported)"
    assert change.new_display == "Q3 2031 (rumour)"


def test_an_episode_release_takes_its_season(season):
    episode = EpisodeFactory(season=season, number=1)
    release = Release.objects.create(
        episode=episode, country="US", platform=PlatformFactory()
    )
    assert release.season_id == season.pk


# --- the admin -----------------------------------------------------------------------


def _prefix(data: dict, model: str) -> str:
    total = next(k for k in data if k.endswith("-TOTAL_FORMS") and model in k)
    return total.removesuffix("-TOTAL_FORMS")


def _add_release(data, prefix, **fields):
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{prefix}-{index}-{name}": value for name, value in fields.items()})


def test_editor_adds_a_release_inline_recorded_in_its_history(client, editor, season):
    client.force_login(editor)
    url = reverse("admin:catalog_season_change", args=[season.pk])
    data = form_data(client.get(url))
    prefix = _prefix(data, "release")
    _add_release(
        data,
        prefix,
        country="DE",
        platform=PlatformFactory(name="Joyn").pk,
        release_date="2031-09-15",
        release_precision="2",
        release_confidence="estimate",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    release = Release.objects.get(season=season, country="DE")
    assert release.release.render() == "Q3 2031"
    assert release.fact_history().get(field=ROW_FIELD).changed_by == editor


def test_a_duplicate_release_is_a_form_error_and_saves_nothing(client, editor, season):
    client.force_login(editor)
    url = reverse("admin:catalog_season_change", args=[season.pk])
    data = form_data(client.get(url))
    prefix = _prefix(data, "release")
    gb = Release.objects.get(season=season, country="GB")
    _add_release(
        data,
        prefix,
        country="GB",
        platform=gb.platform_id,
        release_date="2031-01-01",
        release_precision="4",
        release_confidence="official",
    )
    data["title"] = "Renamed in the same save"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "already has a release in this country" in response.content.decode()
    season.refresh_from_db()
    assert season.title != "Renamed in the same save"  # nothing half-saved
    assert Release.objects.filter(season=season).count() == 2


def test_a_bad_date_in_a_release_row_is_a_form_error(client, editor, season):
    client.force_login(editor)
    url = reverse("admin:catalog_season_change", args=[season.pk])
    data = form_data(client.get(url))
    prefix = _prefix(data, "release")
    data[f"{prefix}-0-release_date"] = "not a date"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()


def test_authors_read_releases_but_cannot_change_them(client, author, season):
    client.force_login(author)
    release = Release.objects.get(season=season, country="GB")
    url = reverse("admin:catalog_release_change", args=[release.pk])
    assert client.get(url).status_code == 200  # view only
    data = {"season": season.pk, "country": "FR", "platform": release.platform_id}
    assert client.post(url, data).status_code == 403
    add = reverse("admin:catalog_watchoption_add")
    assert client.post(add, {"show": season.show_id}).status_code == 403
    release.refresh_from_db()
    assert release.country == "GB"


# --- query counts at two sizes --------------------------------------------------------


# The worlds, each built once for the class below.
kept_world, scaled_world = scaled_world_fixture([1, 5])


class TestChangedPagesAtBothScales:
    """Each changed page at scale 1 and at scale 5, each world built once."""

    # Show and season pages: one query more for their trailer posters' renditions.
    @pytest.mark.parametrize(
        ("page", "budget"),
        [("season", 18), ("show", 15), ("upcoming", 3), ("article", 4)],
    )
    def test_changed_pages_cost_the_same_at_two_sizes(
        self, scaled_world, client, django_assert_num_queries, page, budget
    ):
        world = scaled_world[1]
        article = Article.objects.get(pk=world.article.pk)
        slug = world.show.slug
        article.body = (
            f"[[factbox season={slug}/1]]\n\n[[watch show={slug}]]"
            f"\n\n[[watch season={slug}/1]]"
        )
        article.save()
        url = {
            "season": world.season.get_absolute_url(),
            "show": world.show.get_absolute_url(),
            "upcoming": reverse("upcoming"),
            "article": article.get_absolute_url(),
        }[page] + "?country=US"
        assert client.get(url).status_code == 200
        with django_assert_num_queries(budget):
            html = get(client, url)
        assert "United States" in html


def test_release_dates_in_the_world_are_upcoming(client):
    """The scaled world's releases are in the future, so upcoming lists them."""
    build_world(1)
    html = get(client, reverse("upcoming") + "?country=US")
    assert "United States: " in html
    assert future(61).strftime("%Y") in html
