"""Each write moves the versions of exactly the pages that show what it changed.

``moved`` snapshots every page-owning row's version before a write and reports the
rows whose version changed after it. Runs on SQLite/locmem and PostgreSQL/Redis.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from catalog import services as catalog_services
from catalog.models import Person, Season, Show, SourceWork
from comments.services import comment_approve, comment_reject
from core import pageversions
from core.models import PageList
from tests.factories import (
    ArticleFactory,
    CommentFactory,
    CreditFactory,
    EpisodeFactory,
    ImageFactory,
    PersonFactory,
    SeasonAdaptationFactory,
    SeasonFactory,
    ShowFactory,
    TagFactory,
    VideoFactory,
)
from tests.livefacts_helpers import AUG_3, make_catalog

pytestmark = pytest.mark.django_db

PAGE_MODELS = (Article, Show, Season, Person, SourceWork, PageList)


def _versions() -> dict:
    found = {}
    for model in PAGE_MODELS:
        key = "key" if model is PageList else "pk"
        for pk, version in model._base_manager.values_list(key, "render_version"):
            found[(model.__name__, pk)] = version
    return found


class Moved:
    """The (model name, pk or list key) of every page whose version moved."""

    def __enter__(self):
        self.before = _versions()
        return self

    def __exit__(self, *exc):
        after = _versions()
        self.pages = {
            key for key, version in after.items() if self.before.get(key) != version
        }
        return False


def page(obj) -> tuple:
    return (type(obj).__name__, obj.pk)


ARTICLE_LISTS = ("PageList", "articles")
CATALOG_LISTS = ("PageList", "catalog")


@pytest.fixture
def lists():
    """The list rows (made when a list page is first read)."""
    PageList.objects.bulk_create([PageList(key="articles"), PageList(key="catalog")])
    return {ARTICLE_LISTS, CATALOG_LISTS}


@pytest.fixture
def scene(lists):
    """Pieces a and b about one show (related cards), c about its season, and an
    unrelated piece about another show."""
    show, other_show = ShowFactory(), ShowFactory()
    season = SeasonFactory(show=show, number=1)
    a, b, c, unrelated = (ArticleFactory() for _ in range(4))
    a.subject_shows.add(show)
    b.subject_shows.add(show)
    c.subject_seasons.add(season)
    unrelated.subject_shows.add(other_show)
    return {
        "show": show,
        "other_show": other_show,
        "season": season,
        "a": a,
        "b": b,
        "c": c,
        "unrelated": unrelated,
    }


# --- Comments -------------------------------------------------------------------------


def test_approving_a_comment_moves_only_its_article(scene, moderator):
    comment = CommentFactory(article=scene["a"], state="pending")
    with Moved() as moved:
        comment_approve(comment=comment, by=moderator)
    assert moved.pages == {page(scene["a"])}


def test_rejecting_an_approved_comment_and_deleting_one_move_its_article(
    scene, moderator
):
    comment = CommentFactory(article=scene["a"])
    with Moved() as moved:
        comment_reject(comment=comment, by=moderator)
    assert moved.pages == {page(scene["a"])}
    approved = CommentFactory(article=scene["b"])
    with Moved() as moved:
        approved.delete()
    assert moved.pages == {page(scene["b"])}


def test_a_pending_comment_arriving_moves_nothing(scene):
    with Moved() as moved:
        CommentFactory(article=scene["a"], state="pending")
    assert moved.pages == set()


def test_a_comment_approval_on_one_article_keeps_the_others_cached(
    client, page_cache, scene, moderator
):
    a_url, b_url = scene["a"].get_absolute_url(), scene["b"].get_absolute_url()
    comments_url = reverse("comments:list", kwargs={"slug": scene["a"].slug})
    for url in (a_url, b_url, comments_url):
        client.get(url)
    comment = CommentFactory(article=scene["a"], state="pending", body="Fresh words")

    comment_approve(comment=comment, by=moderator)

    assert client.get(b_url)["X-Page-Cache"] == "hit"
    for url in (a_url, comments_url):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert "Fresh words" in response.content.decode()


# --- Articles -------------------------------------------------------------------------


def test_editing_an_article_moves_it_related_pieces_subjects_and_lists(scene):
    a = scene["a"]
    with Moved() as moved:
        a.title = "A new headline"
        a.save()
    assert moved.pages == {
        page(a),
        page(scene["b"]),  # shares the show: its related cards
        page(scene["show"]),  # lists pieces about it
        ARTICLE_LISTS,
    }


def test_an_article_on_a_season_moves_the_season_and_its_show(scene):
    with Moved() as moved:
        scene["c"].save()
    assert moved.pages == {
        page(scene["c"]),
        page(scene["season"]),
        page(scene["show"]),  # lists its seasons' pieces too
        ARTICLE_LISTS,
    }


@pytest.mark.parametrize("state", ["unpublished", "published"])
def test_publishing_and_unpublishing_move_the_same_pages(scene, state):
    a = scene["a"]
    a.state = "draft" if state == "published" else "published"
    a.save()
    with Moved() as moved:
        a.state = state
        a.save()
    assert moved.pages == {
        page(a),
        page(scene["b"]),
        page(scene["show"]),
        ARTICLE_LISTS,
    }


def test_saving_a_draft_moves_nothing(scene):
    draft = ArticleFactory(state="draft", published_at=None)
    with Moved() as moved:
        draft.title = "Still being written"
        draft.save()
        draft.subject_shows.add(scene["show"])
    assert moved.pages == set()


def test_a_subject_link_moves_the_piece_and_the_subject_it_leaves_or_joins(scene):
    unrelated, other_show = scene["unrelated"], scene["other_show"]
    expected = {page(unrelated), page(other_show), ARTICLE_LISTS}
    with Moved() as moved:
        unrelated.subject_shows.remove(other_show)
    assert moved.pages == expected
    with Moved() as moved:
        other_show.articles.add(unrelated)  # from the other side
    assert moved.pages == expected


def test_tagging_a_piece_moves_it_not_every_piece_with_the_tag(scene):
    tag = TagFactory()
    scene["a"].tags.add(tag)
    with Moved() as moved:
        scene["unrelated"].tags.add(tag)
    assert moved.pages == {
        page(scene["unrelated"]),
        page(scene["other_show"]),
        ARTICLE_LISTS,
    }
    with Moved() as moved:
        tag.name = "Renamed"
        tag.save()
    assert moved.pages == {
        page(scene["a"]),
        page(scene["b"]),
        page(scene["show"]),
        page(scene["unrelated"]),
        page(scene["other_show"]),
        ARTICLE_LISTS,
    }


def test_a_deleted_article_moves_the_pages_that_showed_it(scene):
    with Moved() as moved:
        scene["unrelated"].delete()
    assert moved.pages == {page(scene["other_show"]), ARTICLE_LISTS}


def test_a_rolled_back_write_moves_nothing(scene):
    with Moved() as moved, pytest.raises(RuntimeError), transaction.atomic():
        scene["a"].save()
        raise RuntimeError
    assert moved.pages == set()


def test_an_edit_shows_at_the_next_request_and_a_hit_costs_one_query(
    client, page_cache, scene, django_assert_num_queries
):
    url = scene["a"].get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):
        assert client.get(url)["X-Page-Cache"] == "hit"
    scene["a"].title = "A new headline"
    scene["a"].save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "A new headline" in response.content.decode()
    for url in ("/", scene["show"].get_absolute_url()):
        assert "A new headline" in client.get(url).content.decode()


# --- Catalog --------------------------------------------------------------------------


def test_a_season_fact_change_moves_the_catalog_pages_and_embedding_articles(lists):
    """Articles through the reference index: embeds of the season or of its show, and
    pieces with the show as a subject; nothing else."""
    catalog = make_catalog()
    box = ArticleFactory(body="[[factbox season=heartstopper/2]]")
    inline = ArticleFactory(body="Premiere: {{season:heartstopper/2.premiere}}")
    about_show = ArticleFactory()
    about_show.subject_shows.add(catalog.show)
    elsewhere = ArticleFactory(body="[[factbox show=other]]")
    other_show = ShowFactory()
    with Moved() as moved:
        catalog_services.season_set_release(
            season=catalog.season, status="date_announced", premiere=AUG_3, source=None
        )
    assert moved.pages == {
        page(catalog.season),
        page(catalog.show),
        page(box),
        page(inline),
        page(about_show),  # its subjects box shows the show
        *(page(p) for p in Person.objects.filter(credits__season=catalog.season)),
        CATALOG_LISTS,
    }
    assert page(elsewhere) not in moved.pages
    assert page(other_show) not in moved.pages


def test_a_credit_moves_the_person_show_and_season(lists):
    show, person = ShowFactory(), PersonFactory()
    season = SeasonFactory(show=show, number=1)
    unrelated = PersonFactory()
    with Moved() as moved:
        credit = CreditFactory(show=show, season=season, person=person)
    assert moved.pages == {
        page(show),
        page(season),
        page(person),
        CATALOG_LISTS,
    }
    with Moved() as moved:
        credit.delete()
    assert page(person) in moved.pages
    assert page(unrelated) not in moved.pages


def test_a_show_wide_credit_reaches_every_season_page_of_the_show(lists):
    """Season pages list the show-wide cast too: adding, removing or renaming such a
    credit's person moves every season of the show, not a season of another show."""
    show, person = ShowFactory(), PersonFactory()
    first, second = (
        SeasonFactory(show=show, number=1),
        SeasonFactory(show=show, number=2),
    )
    elsewhere = SeasonFactory(number=1)
    with Moved() as moved:
        credit = CreditFactory(show=show, season=None, person=person)
    assert {page(first), page(second)} <= moved.pages
    assert page(elsewhere) not in moved.pages
    with Moved() as moved:
        person.name = "Renamed"
        person.save()
    assert {page(first), page(second)} <= moved.pages
    with Moved() as moved:
        credit.delete()
    assert {page(first), page(second)} <= moved.pages
    assert page(elsewhere) not in moved.pages


@pytest.mark.parametrize(
    "factory", [EpisodeFactory, VideoFactory], ids=["episode", "video"]
)
def test_a_row_on_a_season_moves_the_season_and_show(lists, factory):
    show = ShowFactory()
    season = SeasonFactory(show=show, number=1)
    with Moved() as moved:
        factory(season=season, **({"show": show} if factory is VideoFactory else {}))
    assert moved.pages == {page(show), page(season), CATALOG_LISTS}


def test_an_adaptation_moves_the_season_show_and_book_however_it_is_written(lists):
    adaptation = SeasonAdaptationFactory()
    season, work = adaptation.season, adaptation.volume.work
    expected = {page(season), page(season.show), page(work), CATALOG_LISTS}
    with Moved() as moved:
        adaptation.save()
    assert moved.pages == expected
    with Moved() as moved:
        season.adapted_volumes.clear()  # through the explicit link model
    assert moved.pages == expected


def test_a_new_poster_moves_the_show_and_articles_embedding_it(lists):
    show = ShowFactory(slug="poster-show")
    piece = ArticleFactory(body="[[factbox show=poster-show]]")
    image = ImageFactory()
    with Moved() as moved:
        show.poster = image
        show.save()
    assert {page(show), page(piece)} <= moved.pages
    with Moved() as moved:
        image.alt_text = "New words for the poster"
        image.save()
    assert {page(show), page(piece)} <= moved.pages


# --- Time -----------------------------------------------------------------------------


def test_a_scheduled_piece_appears_on_lists_and_related_cards_at_its_time(
    client, page_cache, scene, time_machine, settings
):
    now = timezone.now().replace(microsecond=0)
    time_machine.move_to(now, tick=False)
    at = now + timedelta(hours=2)
    a_url = scene["a"].get_absolute_url()
    client.get(a_url)
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    later = ArticleFactory(title="Due later", published_at=at)
    later.subject_shows.add(scene["show"])
    assert "Due later" not in client.get("/").content.decode()
    assert "Due later" not in client.get(a_url).content.decode()
    assert Article.objects.get(pk=scene["a"].pk).valid_until == at

    time_machine.move_to(at, tick=False)

    assert "Due later" in client.get("/").content.decode()
    assert "Due later" in client.get(a_url).content.decode()
    assert client.get(a_url)["X-Page-Cache"] == "hit"
    # Advanced to its next time: its comments closing.
    closes = scene["a"].published_at + timedelta(
        days=settings.COMMENTS_CLOSE_AFTER_DAYS
    )
    assert Article.objects.get(pk=scene["a"].pk).valid_until == closes


def test_comments_closing_is_the_articles_own_time(client, page_cache, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    closes = timezone.now() + timedelta(hours=3)
    piece = ArticleFactory(comments_close_at=closes)
    piece.refresh_from_db()
    assert piece.valid_until == closes


# --- Hooks ----------------------------------------------------------------------------


def test_every_content_model_says_which_pages_show_it():
    assert pageversions.unmapped_models() == []


@pytest.mark.django_db
def test_new_rows_start_at_random_versions_so_a_fresh_database_reuses_no_keys():
    """A database made anew (same primary keys from 1) must not find the pages and
    fragments an earlier database left in a shared cache under "pk 1, version 0"."""
    shows = [ShowFactory() for _ in range(3)]
    lists = PageList.objects.create(key="fresh-database-check")
    versions = [show.render_version for show in shows] + [lists.render_version]
    assert 0 not in versions
    assert len(set(versions)) == len(versions)


def test_a_bulk_load_bumps_every_page_once_at_its_end_not_row_by_row():
    show, other = ShowFactory(), ShowFactory()
    before = {s.pk: s.render_version for s in Show.objects.all()}
    with pageversions.bulk_load():
        VideoFactory(show=show)
        show.refresh_from_db()
        assert show.render_version == before[show.pk]  # nothing yet
    after = {s.pk: s.render_version for s in Show.objects.all()}
    assert after == {pk: version + 1 for pk, version in before.items()}
    assert other.pk in after  # pages the load did not touch move too: one bump_all


def test_a_video_poster_edit_reaches_the_pages_with_its_trailer_card():
    season = SeasonFactory()
    poster = ImageFactory()
    VideoFactory(show=season.show, season=season, poster=poster)
    with Moved() as moved:
        poster.alt_text = "New words"
        poster.save()
    assert {("Show", season.show.pk), ("Season", season.pk)} <= moved.pages
