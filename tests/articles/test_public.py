"""What the public sees: only public pieces, at every URL, at the right time."""

import re
from datetime import timedelta
from html import unescape as html_unescape

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, SlugRedirect, next_scheduled_publication
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    ImageFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NON_PUBLIC = {
    "draft": {"state": "draft", "published_at": None},
    "review": {"state": "review", "published_at": None},
    "scheduled": {"state": "published", "published_at": "future"},
    "unpublished": {"state": "unpublished", "published_at": "past"},
}


@pytest.fixture
def profile():
    return AuthorProfileFactory(
        user=UserFactory(username="writer"), name="Wanda Writer", slug="wanda"
    )


@pytest.fixture
def tag():
    return TagFactory(name="Heartstopper", slug="heartstopper")


def _make(state_name, profile, tag):
    spec = dict(NON_PUBLIC[state_name])
    now = timezone.now()
    spec["published_at"] = {
        None: None,
        "future": now + timedelta(days=1),
        "past": now - timedelta(days=1),
    }[spec["published_at"]]
    return ArticleFactory(
        title=f"Secret {state_name} piece",
        slug=f"secret-{state_name}",
        kind="speculation",
        authors=[profile],
        tags=[tag],
        **spec,
    )


def _public_urls(article, profile, tag):
    return [
        "/",
        "/kinds/speculation/",
        f"/tags/{tag.slug}/",
        f"/authors/{profile.slug}/",
    ]


@pytest.mark.parametrize("state_name", list(NON_PUBLIC))
def test_non_public_piece_is_hidden_at_every_public_url(
    client, state_name, profile, tag
):
    article = _make(state_name, profile, tag)
    ArticleFactory(title="Visible piece", kind="speculation", authors=[profile])
    assert client.get(f"/articles/{article.slug}/").status_code == 404
    for url in _public_urls(article, profile, tag):
        response = client.get(url)
        assert response.status_code == 200, url
        assert article.title not in response.content.decode(), url
    assert "Visible piece" in client.get("/").content.decode()


@pytest.mark.parametrize("state_name", list(NON_PUBLIC))
def test_non_public_piece_is_hidden_from_other_authors(
    client, state_name, profile, tag, author
):
    article = _make(state_name, profile, tag)
    client.force_login(author)
    assert client.get(f"/articles/{article.slug}/").status_code == 404


@pytest.mark.parametrize("state_name", list(NON_PUBLIC))
def test_owner_and_editor_see_a_private_preview(
    client, state_name, profile, tag, editor, roles
):
    article = _make(state_name, profile, tag)
    profile.user.groups.add(roles["Authors"])
    profile.user.is_staff = True
    profile.user.save()
    for user in [profile.user, editor]:
        client.force_login(user)
        response = client.get(f"/articles/{article.slug}/")
        assert response.status_code == 200
        assert "Preview — not published" in response.content.decode()
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_public_piece_shows_without_banner_and_sanitised(client, profile):
    article = ArticleFactory(
        body="Hello <script>alert(1)</script> **there**", authors=[profile]
    )
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview — not published" not in html
    assert "<script>alert" not in html and "<strong>there</strong>" in html
    assert "Wanda Writer" in html


def test_owner_without_article_permissions_gets_no_preview(client, profile, tag):
    article = _make("draft", profile, tag)
    profile.user.is_staff = True
    profile.user.save()
    client.force_login(profile.user)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_logged_in_reader_gets_no_store_even_on_public_pages(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    assert "no-store" in client.get(article.get_absolute_url())["Cache-Control"]


def test_scheduled_piece_goes_public_when_its_time_comes(client):
    at = timezone.now() + timedelta(hours=2)
    article = ArticleFactory(published_at=at, title="Due later")
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Due later" not in client.get("/").content.decode()
    assert next_scheduled_publication() == at
    with time_machine.travel(at + timedelta(seconds=1)):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "Due later" in client.get("/").content.decode()
        assert next_scheduled_publication() is None


def test_public_is_one_definition_at_any_time():
    now = timezone.now()
    due = ArticleFactory(published_at=now - timedelta(minutes=1))
    later = ArticleFactory(published_at=now + timedelta(minutes=1))
    ArticleFactory(state="draft", published_at=now - timedelta(minutes=1))
    assert list(Article.objects.public(at=now)) == [due]
    assert set(Article.objects.public(at=now + timedelta(minutes=2))) == {due, later}


def test_old_slug_of_a_published_piece_redirects_permanently(client):
    article = ArticleFactory(slug="season-2-rumours")
    article.slug = "season-2-confirmed"
    article.save()
    response = client.get("/articles/season-2-rumours/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/season-2-confirmed/"
    assert client.get(response["Location"]).status_code == 200


def test_draft_slug_changes_leave_no_redirect(client):
    article = ArticleFactory(slug="working-title", state="draft", published_at=None)
    article.slug = "final-title"
    article.save()
    assert not SlugRedirect.objects.exists()
    assert client.get("/articles/working-title/").status_code == 404


def test_redirect_of_an_unpublished_piece_is_404(client):
    article = ArticleFactory(slug="old-name")
    article.slug = "new-name"
    article.save()
    article.state = "unpublished"
    article.save()
    assert client.get("/articles/old-name/").status_code == 404


def test_reusing_an_old_slug_for_a_new_piece_wins_over_the_redirect(client):
    first = ArticleFactory(slug="the-slug")
    first.slug = "moved"
    first.save()
    second = ArticleFactory(slug="the-slug", title="The new owner")
    assert client.get("/articles/the-slug/").status_code == 200
    assert "The new owner" in client.get("/articles/the-slug/").content.decode()
    assert not SlugRedirect.objects.filter(old_slug=second.slug).exists()


def test_bad_page_numbers_follow_the_site_pagination_rules(client):
    ArticleFactory()
    # core.pagination's rule for every list: junk lands on page 1, past the end 404.
    assert client.get("/?page=abc").status_code == 200
    assert client.get("/?page=999").status_code == 404
    assert client.get("/kinds/not-a-kind/").status_code == 404


def test_home_is_paginated(client):
    ArticleFactory.create_batch(13)
    response = client.get("/")
    assert len(response.context["article_list"]) == 12
    assert client.get("/?page=2").status_code == 200


def _bulk(n, profile, tag):
    for _ in range(n):
        ArticleFactory(
            authors=[profile, AuthorProfileFactory()],
            tags=[tag],
            hero_image=ImageFactory(),
        )


def _warm(client, url):
    """Renditions are made on first view; budgets are for every view after that."""
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("n", [2, 20])
def test_home_query_count_is_flat(client, django_assert_num_queries, n, profile, tag):
    _bulk(n, profile, tag)
    _warm(client, "/")
    # count for pagination, the page with hero images, their renditions, authors;
    # the "Coming soon" premieres.
    with django_assert_num_queries(5):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("n", [1, 10])
def test_detail_query_count_is_flat(client, django_assert_num_queries, n):
    tags = TagFactory.create_batch(n)
    authors = AuthorProfileFactory.create_batch(n)
    article = ArticleFactory(tags=tags, authors=authors, hero_image=ImageFactory())
    _warm(client, article.get_absolute_url())
    # the article with its hero image, renditions, authors, tags and the shows,
    # seasons, people and books it is about, all in one query; its comments.
    with django_assert_num_queries(2):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("n", [2, 20])
def test_author_page_query_count_is_flat(
    client, django_assert_num_queries, n, profile, tag
):
    profile.photo = ImageFactory()
    profile.save()
    _bulk(n, profile, tag)
    _warm(client, profile.get_absolute_url())
    # profile + photo, its renditions, the count, the page, renditions, authors.
    with django_assert_num_queries(6):
        assert client.get(profile.get_absolute_url()).status_code == 200


def test_hero_image_renders_responsively_with_alt_and_credit(client, media_storage):
    from tests.s3_helpers import fetch_media  # boto3, only where a test needs it

    image = ImageFactory(pixels=(1600, 900), alt_text="Two boys on a bench")
    article = ArticleFactory(hero_image=image)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'alt="Two boys on a bench"' in html and "srcset=" in html
    assert "© Showsite" in html
    assert "Two boys on a bench" in client.get("/").content.decode()
    # The picture a reader's browser asks for is there, wherever media is stored.
    src = html_unescape(re.search(r' src="([^"]+-960w.webp)"', html).group(1))
    rendition = image.renditions.get(width=960)
    assert src == rendition.url
    with rendition.file.open("rb") as stored:
        assert fetch_media(src) == (stored.read(), "image/webp")


def test_related_pieces_share_any_subject_kind_and_are_listed_once():
    from tests.factories import PersonFactory, SeasonFactory

    season, person = SeasonFactory(), PersonFactory()
    article = ArticleFactory()
    article.subject_seasons.add(season)
    article.subject_people.add(person)
    both = ArticleFactory(title="Both")
    both.subject_seasons.add(season)
    both.subject_people.add(person)
    only_person = ArticleFactory(title="Only the person")
    only_person.subject_people.add(person)
    ArticleFactory(title="Other").subject_shows.add(season.show)  # not a subject
    loaded = Article.objects.with_subjects().get(pk=article.pk)
    related = Article.objects.public().related_to(loaded).latest_first()
    assert sorted(a.title for a in related) == ["Both", "Only the person"]
    assert not Article.objects.related_to(ArticleFactory()).exists()


def test_subjects_link_articles_to_catalog_objects(django_assert_num_queries):
    from tests.factories import PersonFactory, SeasonFactory

    season = SeasonFactory(number=2)
    person = PersonFactory()
    article = ArticleFactory()
    article.subject_seasons.add(season)
    article.subject_shows.add(season.show)
    article.subject_people.add(person)
    ArticleFactory(state="draft", published_at=None).subject_seasons.add(season)
    assert list(Article.objects.public().about(season)) == [article]
    assert list(Article.objects.about(person)) == [article]
    with django_assert_num_queries(1):
        loaded = Article.objects.with_subjects().get(pk=article.pk)
        assert loaded.subjects == [season.show, season, person]
        assert str(loaded.subjects[1]) == str(season)
