"""A new piece's address: the slug the admin's script types in from the title is made
unique on save; a slug written by hand that another piece has is refused, saying so,
with a link to the field under the error note."""

import pytest

from articles.models import Article
from tests.articles_helpers import ADD_URL, CHANGE_URL, admin_form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TITLE = "Heartstopper season 3: what we know"


@pytest.fixture
def client(client, editor):
    client.force_login(editor)
    return client


def test_a_second_piece_with_the_same_title_saves_under_a_free_address(client):
    ArticleFactory(title=TITLE, slug="heartstopper-season-3-what-we-know")
    data = admin_form_data(title=TITLE, slug="heartstopper-season-3-what-we-know")
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    new = Article.objects.latest("pk")
    assert new.slug == "heartstopper-season-3-what-we-know-2"


def test_a_hand_written_slug_that_is_taken_is_refused_with_a_link_to_it(client):
    ArticleFactory(slug="season-3")
    response = client.post(ADD_URL, admin_form_data(title=TITLE, slug="season-3"))
    html = response.content.decode()
    assert response.status_code == 200
    assert not Article.objects.filter(title=TITLE).exists()
    message = "Another piece already has this address."
    assert message in html
    link = html.index('<a href="#id_slug">Slug</a>')
    assert html.index("errornote") < link < html.index('id="id_title"')


def test_an_existing_piece_keeps_its_slug_when_its_title_matches_another(client):
    ArticleFactory(title=TITLE, slug="heartstopper-season-3-what-we-know")
    piece = ArticleFactory(title="Other", slug="other", state="draft")
    data = admin_form_data(
        piece, title=TITLE, slug="heartstopper-season-3-what-we-know"
    )
    html = client.post(CHANGE_URL.format(piece.pk), data).content.decode()
    assert "Another piece already has this address." in html
    piece.refresh_from_db()
    assert piece.slug == "other"
