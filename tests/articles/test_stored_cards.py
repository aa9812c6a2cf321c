"""Each public piece's card is stored when the piece (or its hero image, or an
author) is saved, under the piece's render_version; lists read their cards in one
cache round trip and render the same bytes as the include-per-card loop did."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.template import engines

from articles import fragments as cards
from articles.models import Article
from core import pageversions
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    ImageFactory,
    ShowFactory,
)
from tests.faults_helpers import BROKEN_CACHES
from tests.shell_helpers import get, whole

pytestmark = pytest.mark.django_db

# The lists as they were before cards were kept rendered.
REFERENCE = (
    "{% for article in articles %}"
    "{% if forloop.first %}"
    '<li class="lead">{% include "includes/article_card.html" with lead=True %}</li>'
    '{% else %}<li>{% include "includes/article_card.html" %}</li>{% endif %}'
    "{% endfor %}"
)
STORED = (
    "{% load article_tags %}{% article_cards articles lead_first=True as cards %}"
    "{% for card in cards %}"
    '{% if forloop.first %}<li class="lead">{{ card }}</li>'
    "{% else %}<li>{{ card }}</li>{% endif %}"
    "{% endfor %}"
)


def render(source: str) -> str:
    articles = list(Article.objects.public().for_cards().latest_first())
    return engines["django"].from_string(source).render({"articles": articles})


def stored(article, lead=False):
    article = Article.objects.get(pk=article.pk)
    return cache.get(cards.card_key(article, lead))


@pytest.fixture
def pieces():
    author = AuthorProfileFactory(name='Ann <"Critic">')
    return [
        ArticleFactory(
            title="With a picture & <em>",
            hero_image=ImageFactory(alt_text='A "quoted" <alt>'),
            authors=[author, AuthorProfileFactory()],
        ),
        ArticleFactory(title="Without a picture", kind="review"),
        ArticleFactory(title="Third", authors=[author]),
    ]


def test_a_saved_piece_has_both_its_cards_stored_once_the_save_commits(
    fragments, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(title="Stored on save")
    assert "Stored on save" in stored(article)
    assert "card--lead" in stored(article, lead=True)


def test_a_rolled_back_save_stores_nothing(
    fragments, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="Before")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            article.title = "Never saved"
            article.save()
            raise RuntimeError("the editor's request failed")
    assert stored(article) is None


def test_a_draft_has_no_card_stored(fragments, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = ArticleFactory(state="draft", published_at=None)
    assert stored(draft) is None


def test_cards_from_the_cache_read_as_the_include_per_card_loop(fragments, pieces):
    reference = render(REFERENCE)
    assert render(STORED) == reference  # cold: rendered and stored
    keys = [cards.card_key(a) for a in Article.objects.public()[1:]]
    assert set(cache.get_many(keys)) == set(keys)
    assert render(STORED) == reference  # warm: read back
    assert reference.count("<article") == 3 and "&lt;em&gt;" in reference


def test_pages_of_cards_from_the_cache_match_the_whole_render(
    client, fragments, pieces, settings
):
    show = ShowFactory()
    for article in pieces:
        article.subject_shows.add(show)
    urls = ["/", "/search/?q=picture", show.get_absolute_url()]
    urls += [article.get_absolute_url() for article in pieces]
    for url in urls:
        reference = whole(client, url, settings)
        assert get(client, url) == reference
        assert get(client, url) == reference


@pytest.mark.parametrize(
    "edit",
    [
        lambda a: setattr(a, "title", "A new title") or a.save(),
        lambda a: setattr(a, "kind", "interview") or a.save(),
        lambda a: setattr(a.hero_image, "alt_text", "A new alt") or a.hero_image.save(),
        lambda a: a.authors.add(AuthorProfileFactory(name="A new author")),
    ],
    ids=["title", "kind", "hero-alt", "author"],
)
def test_an_edit_shows_on_the_cards(
    client, fragments, pieces, settings, edit, django_capture_on_commit_callbacks
):
    get(client, "/")  # every card stored (the first piece is not the lead)
    article = Article.objects.get(pk=pieces[0].pk)
    before = stored(article)
    with django_capture_on_commit_callbacks(execute=True):
        edit(article)
    after = stored(article)  # stored by the write, before any reader asks
    assert after is not None and after != before
    html = get(client, "/")
    assert after in html
    assert html == whole(client, "/", settings)


def test_an_edit_without_signals_is_never_served_from_an_old_card(
    client, fragments, pieces, settings
):
    get(client, "/")
    Article.objects.filter(pk=pieces[1].pk).update(title="Edited in bulk")
    pageversions.bump_pages_of(Article.objects.filter(pk=pieces[1].pk))
    html = get(client, "/")
    assert "Edited in bulk" in html
    assert html == whole(client, "/", settings)


def test_with_the_cache_down_cards_are_saved_and_shown(
    client, fragments, pieces, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = BROKEN_CACHES
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(title="Saved while down")
    html = get(client, "/")
    assert "Saved while down" in html
    assert html == whole(client, "/", settings)
