"""The finished public pages: home, lists, article, catalog pages and navigation."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone

from articles.views import COMING_SOON, RELATED
from catalog.dates import Confidence, PreciseDate
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    ImageFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def _about(show, **kwargs):
    article = ArticleFactory(**kwargs)
    article.subject_shows.add(show)
    return article


# --- Home ---------------------------------------------------------------------------


def test_home_leads_with_the_newest_piece_loaded_eagerly(client):
    older = ArticleFactory(hero_image=ImageFactory(), title="Older piece")
    newest = ArticleFactory(
        hero_image=ImageFactory(), title="Newest piece", published_at=timezone.now()
    )
    html = _html(client, "/")
    lead = html.split('class="card card--lead"')[1].split("</article>")[0]
    assert newest.title in lead and older.title not in lead
    assert 'loading="eager"' in lead
    rest = html.split(older.title)[0].rsplit("<article", 1)[1]
    assert 'loading="lazy"' in rest


def test_home_coming_soon_lists_next_premieres_with_their_precision(client):
    show = ShowFactory(title="Soon Show")
    SeasonFactory(
        show=show, number=2, premiere=PreciseDate.quarter(2031, 2, Confidence.REPORTED)
    )
    SeasonFactory(
        show=show,
        number=1,
        release_status="concluded",
        premiere=PreciseDate.day(datetime.date(2020, 5, 1)),
    )
    html = _html(client, "/")
    box = html.split('id="coming-soon-title"')[1].split("</section>")[0]
    assert "Soon Show: Season 2" in box and "Q2 2031" in box
    assert "badge--reported" in box
    assert "Season 1" not in box


def test_home_coming_soon_is_capped(client):
    show = ShowFactory()
    for number in range(1, COMING_SOON + 4):
        SeasonFactory(
            show=show, number=number, premiere=PreciseDate.year(2031 + number)
        )
    box = _html(client, "/").split('id="coming-soon-title"')[1].split("</section>")[0]
    assert box.count('class="coming-soon__item"') == COMING_SOON


def test_home_page_two_is_the_archive_without_lead_or_premieres(client):
    ArticleFactory.create_batch(13)
    html = _html(client, "/?page=2")
    assert "Archive" in html and "card--lead" not in html
    assert "coming-soon-title" not in html
    assert html.count('class="card"') == 1


# --- Lists --------------------------------------------------------------------------


def test_show_article_list_has_pieces_about_the_show_and_its_seasons(client):
    show = ShowFactory(slug="listed")
    about_show = _about(show, title="About the show")
    about_season = ArticleFactory(title="About a season")
    about_season.subject_seasons.add(SeasonFactory(show=show))
    ArticleFactory(title="About something else")
    draft = _about(show, title="Draft about the show", state="draft")
    html = _html(client, "/shows/listed/articles/")
    assert about_show.title in html and about_season.title in html
    assert "About something else" not in html and draft.title not in html
    # A piece about the show and one of its seasons is listed once.
    about_season.subject_shows.add(show)
    assert _html(client, "/shows/listed/articles/").count(about_season.title) == 1


def test_show_article_list_of_an_unknown_show_is_404(client):
    _html(client, "/shows/nope/articles/", status=404)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/kinds/news/",
        "/tags/bad-query/",
        "/authors/bad-query/",
        "/shows/",
        "/shows/bad-query/articles/",
        "/upcoming/",
    ],
)
def test_bad_query_strings_never_give_a_500(client, path):
    TagFactory(slug="bad-query")
    AuthorProfileFactory(slug="bad-query")
    _about(ShowFactory(slug="bad-query"))
    assert client.get(path + "?page=abc").status_code == 200
    assert client.get(path + "?page=-3").status_code == 200
    assert client.get(path + "?page=999999").status_code == 404
    assert client.get(path + "?page=" + "9" * 5000).status_code == 404
    assert (
        client.get(path + "?sort=nonsense&kind=%00&q=" + "x" * 5000).status_code == 200
    )


def test_show_index_lists_shows_a_to_z_with_pagination(client):
    for title in ["Zebra Days", "Apple Tree"] + [f"Show {n:02}" for n in range(30)]:
        ShowFactory(title=title)
    html = _html(client, "/shows/")
    assert html.index("Apple Tree") < html.index("Show 00")
    assert "Zebra Days" not in html
    assert "Zebra Days" in _html(client, "/shows/?page=2")


def test_header_and_footer_link_every_section(client):
    html = _html(client, "/")
    nav = html.split('aria-label="Sections"')[1].split("</nav>")[0]
    for href in ['href="/shows/"', 'href="/upcoming/"', 'href="/search/"']:
        assert href in nav
    footer = html.split('class="site-footer"')[1]
    for href in ['href="/feeds/latest.rss"', 'href="/sitemap.xml"']:
        assert href in footer


# --- Article page -------------------------------------------------------------------


def test_article_shows_published_and_updated_times(client):
    published = timezone.now() - datetime.timedelta(days=2)
    article = ArticleFactory(published_at=published)
    type(article).objects.filter(pk=article.pk).update(updated_at=timezone.now())
    html = _html(client, article.get_absolute_url())
    dates = html.split('class="dates"')[1].split("</p>")[0]
    assert "Published <time datetime=" in dates and "· Updated <time datetime=" in dates
    # Seconds at most: the HTML datetime syntax allows no microseconds.
    stamp = timezone.localtime(published).strftime("%Y-%m-%dT%H:%M:%S%z")
    assert f'<time datetime="{stamp}">' in dates


def test_article_links_its_subjects_with_live_release_facts(client):
    show = ShowFactory(title="Subject Show")
    season = SeasonFactory(
        show=show, number=3, premiere=PreciseDate.month(2031, 7, Confidence.ESTIMATE)
    )
    person = PersonFactory(name="Subject Person")
    article = ArticleFactory()
    article.subject_seasons.add(season)
    article.subject_people.add(person)
    box = _html(client, article.get_absolute_url()).split('id="subjects-title"')[1]
    box = box.split("</aside>")[0]
    assert f'href="{season.get_absolute_url()}"' in box
    assert f'href="{person.get_absolute_url()}"' in box
    assert "July 2031" in box and "badge--estimate" in box


def test_related_pieces_share_a_subject_are_public_and_capped(client):
    show = ShowFactory()
    article = _about(show, title="The piece")
    related = [_about(show, title=f"Related {n}") for n in range(RELATED + 2)]
    _about(show, title="Related draft", state="draft")
    ArticleFactory(title="Unrelated piece")
    html = _html(client, article.get_absolute_url())
    section = html.split('id="related-title"')[1].split("</section>")[0]
    assert section.count('class="card"') == RELATED
    assert related[-1].title in section  # newest first
    assert "The piece" not in section and "Related draft" not in section
    assert "Unrelated piece" not in section


def test_article_without_subjects_has_no_related_section(client):
    article = ArticleFactory()
    ArticleFactory()
    html = _html(client, article.get_absolute_url())
    assert "related-title" not in html and "subjects-title" not in html


# --- Catalog pages ------------------------------------------------------------------


def test_show_page_lists_latest_articles_capped_with_a_link_to_all(client):
    show = ShowFactory(slug="capped")
    for n in range(6):
        _about(show, title=f"Piece {n}")
    html = _html(client, show.get_absolute_url())
    section = html.split('id="latest-about-title"')[1].split("</section>")[0]
    assert section.count('class="card"') == 4
    assert 'href="/shows/capped/articles/"' in section


def test_show_page_with_few_articles_has_no_link_to_more(client):
    show = ShowFactory(slug="few")
    _about(show, title="Only piece")
    section = _html(client, show.get_absolute_url()).split('id="latest-about-title"')[1]
    assert "Only piece" in section.split("</section>")[0]
    assert "/shows/few/articles/" not in section.split("</section>")[0]


def test_person_page_lists_pieces_about_the_person(client):
    person = PersonFactory()
    article = ArticleFactory(title="Interview piece")
    article.subject_people.add(person)
    assert "Interview piece" in _html(client, person.get_absolute_url())


def test_cast_grid_shows_the_person_photo_and_character(client):
    from tests.factories import CreditFactory

    credit = CreditFactory(person=PersonFactory(photo=ImageFactory(alt_text="Face")))
    html = _html(client, credit.show.get_absolute_url())
    cast = html.split('class="cast-grid"')[1].split("</ul>")[0]
    assert 'class="cast__photo"' in cast and 'alt="Face"' in cast
    assert credit.character.name in cast


def test_catalog_never_imports_articles():
    for path in Path("catalog").rglob("*.py"):
        source = path.read_text()
        assert not re.search(r"^\s*(from|import) articles\b", source, re.M), path
