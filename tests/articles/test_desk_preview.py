"""The writing desk's live preview: the public piece from the unsaved form, for
whoever may edit it, saving nothing and never cached."""

import pytest
from django.test import Client

from articles.models import Article, AuthorProfile
from tests.articles_helpers import admin_form_data
from tests.factories import ArticleFactory, AuthorProfileFactory, UserFactory
from tests.livefacts_helpers import make_catalog

pytestmark = pytest.mark.django_db
ADD = "/admin/articles/article/desk-preview/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/desk-preview/"


@pytest.fixture
def own_piece(author):
    profile = AuthorProfile.objects.create(user=author, name="Ada Lovelace", slug="ada")
    return ArticleFactory(state="draft", published_at=None, authors=[profile])


@pytest.fixture
def others_piece():
    return ArticleFactory(state="draft", published_at=None)


def test_anonymous_users_are_sent_to_log_in(client, others_piece):
    for url in (ADD, change_url(others_piece)):
        response = client.post(url, admin_form_data())
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_moderators_are_refused(client, moderator, others_piece):
    client.force_login(moderator)
    assert client.post(ADD, admin_form_data()).status_code == 403
    assert client.post(change_url(others_piece), admin_form_data()).status_code == 403


def test_an_author_cannot_preview_someone_elses_piece(client, author, others_piece):
    client.force_login(author)
    data = admin_form_data(others_piece)
    assert client.post(change_url(others_piece), data).status_code == 404


def test_an_author_previews_a_new_piece_and_their_own(client, author, own_piece):
    client.force_login(author)
    assert client.post(ADD, admin_form_data()).status_code == 200
    response = client.post(change_url(own_piece), admin_form_data(own_piece))
    assert response.status_code == 200
    assert 'By <a href="/authors/ada/">Ada Lovelace</a>' in response.json()["html"]


def test_editors_preview_any_piece(client, editor, others_piece):
    client.force_login(editor)
    response = client.post(change_url(others_piece), admin_form_data(others_piece))
    assert response.status_code == 200


def test_get_is_not_allowed(client, editor, others_piece):
    client.force_login(editor)
    assert client.get(ADD).status_code == 405
    assert client.get(change_url(others_piece)).status_code == 405


def test_csrf_is_required(editor, others_piece):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(ADD, admin_form_data()).status_code == 403
    data = admin_form_data(others_piece)
    assert client.post(change_url(others_piece), data).status_code == 403


def test_with_the_csrf_token_it_renders(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    client.get("/admin/articles/article/add/")
    token = client.cookies["csrftoken"].value
    response = client.post(ADD, admin_form_data(), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200


def test_it_is_never_cached(client, editor):
    client.force_login(editor)
    response = client.post(ADD, admin_form_data())
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_it_renders_the_unsaved_form_as_readers_will_see_it(client, editor):
    catalog = make_catalog()
    writer = AuthorProfileFactory(name="Jo Bloggs", slug="jo")
    client.force_login(editor)
    data = admin_form_data(
        title="Heartstopper season 2: when?",
        standfirst="Everything we know so far.",
        body="Season 2 arrives {{season:heartstopper/2.premiere}}.",
        kind="speculation",
        authors=[writer.pk],
    )
    data["subject_seasons"] = [catalog.season.pk]
    data["desk_seq"] = "7"
    response = client.post(ADD, data)
    result = response.json()
    html = result["html"]
    assert result["seq"] == "7"
    assert result["errors"] == [] and result["warnings"] == []
    assert '<h1 class="article__title">Heartstopper season 2: when?</h1>' in html
    assert '<p class="standfirst">Everything we know so far.</p>' in html
    assert "Jo Bloggs</a>" in html
    assert '<p>Season 2 arrives <span class="fact fact--reported">' in html
    assert 'id="subjects-title">In this story' in html
    assert "Heartstopper season 2" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_it_saves_nothing(client, editor):
    make_catalog()
    article = ArticleFactory(title="Saved title", body="Saved body")
    writer = AuthorProfileFactory(name="Jo Bloggs", slug="jo")
    before = (Article.objects.count(), AuthorProfile.objects.count())
    client.force_login(editor)
    data = admin_form_data(
        article, title="Typed title", body="Typed {{season:heartstopper/2.premiere}}"
    )
    data["authors"] = [writer.pk]
    assert client.post(change_url(article), data).status_code == 200
    assert client.post(ADD, admin_form_data(title="Brand new")).status_code == 200
    article.refresh_from_db()
    assert (article.title, article.body) == ("Saved title", "Saved body")
    assert "Typed" not in article.body_html
    assert list(article.authors.all()) == []
    assert (Article.objects.count(), AuthorProfile.objects.count()) == before


def test_an_authors_new_piece_shows_their_byline_without_creating_a_profile(
    client, roles
):
    writer = UserFactory(
        username="new", first_name="Nia", groups=[roles["Authors"]], is_staff=True
    )
    client.force_login(writer)
    response = client.post(ADD, admin_form_data())
    assert response.status_code == 200
    assert not AuthorProfile.objects.filter(user=writer).exists()


def test_broken_embeds_are_listed_with_their_line_and_the_rest_renders(client, editor):
    make_catalog()
    client.force_login(editor)
    body = "First paragraph.\n\n[[cast show=nope]]\n\nOut {{show:heartstopper.title}}."
    response = client.post(ADD, admin_form_data(body=body))
    result = response.json()
    assert result["errors"] == [
        {
            "line": 3,
            "message": "Line 3: there is no show “nope” in the catalog "
            "(in [[cast show=nope]]).",
        }
    ]
    assert "<p>First paragraph.</p>" in result["html"]
    assert "Heartstopper" in result["html"]


def test_what_the_sanitiser_drops_is_a_warning_with_its_line(client, editor):
    client.force_login(editor)
    body = "Intro.\n\n<iframe src='https://example.com'></iframe>\n\n![x](https://e.com/a.png)"
    result = client.post(ADD, admin_form_data(body=body)).json()
    assert [w["line"] for w in result["warnings"]] == [3, 5]
    assert result["warnings"][0]["message"].startswith("Line 3: <iframe> is removed")
    assert result["warnings"][1]["message"].startswith("Line 5: an image from")
    assert "<iframe" not in result["html"].split('class="prose"')[1]


DEMO_LIKE_BODY = """Season 2 arrives {{season:heartstopper/2.premiere}}.

[[factbox season=heartstopper/2]]

[[cast show=heartstopper]]

[[volumes season=heartstopper/2]]

Nick is played by {{character:heartstopper/nick-nelson.actor}}.
"""


@pytest.mark.parametrize("cast", [3, 30])
def test_preview_query_count_does_not_grow_with_the_cast(
    client, editor, cast, django_assert_num_queries
):
    catalog = make_catalog(cast=cast)
    article = ArticleFactory(body=DEMO_LIKE_BODY, authors=[AuthorProfileFactory()])
    article.subject_seasons.add(catalog.season)
    article.subject_shows.add(catalog.show)
    data = admin_form_data(article)
    data["subject_seasons"] = [catalog.season.pk]
    data["subject_shows"] = [catalog.show.pk]
    client.force_login(editor)
    # Session and permissions (4), the piece and its authors (2), the form's checks
    # (choices, embeds, stale save and stale change, slug), the preview's relations and
    # compile, "What's changed" (2), every fact in one batch (1), the pre-publish
    # checklist (hero, embeds: 3) and the rolled-back savepoint: none of it grows
    # with the catalog.
    with django_assert_num_queries(33):
        response = client.post(change_url(article), data)
    assert "Kit Connor" in response.json()["html"]


def test_the_change_form_is_a_desk_with_the_preview_beside_the_body(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert f'data-url="/admin/articles/article/{article.pk}/desk-preview/"' in html
    assert '<textarea name="body"' in html and 'id="id_body"' in html
    assert 'src="/static/js/desk-preview.js"' in html
    assert "lf-preview" not in html  # the body-only preview is gone
    add = client.get("/admin/articles/article/add/").content.decode()
    assert 'data-url="/admin/articles/article/desk-preview/"' in add


def test_saving_warns_about_what_readers_will_not_see(client, editor):
    from tests.articles_helpers import ADD_URL

    client.force_login(editor)
    body = "Fine.\n\n<iframe src='https://example.com/x'></iframe>"
    response = client.post(ADD_URL, admin_form_data(body=body), follow=True)
    notes = [str(m) for m in response.context["messages"]]
    assert any(
        "Readers will not see this: Line 3: <iframe> is removed" in n for n in notes
    )
    assert Article.objects.get().body == body  # saved as typed, nothing lost
