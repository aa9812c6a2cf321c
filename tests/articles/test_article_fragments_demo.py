"""The demo's article with live boxes reads the same from stored fragments as from
a whole render (its own module: the demo is loaded once per module)."""

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db


def get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_demo_article_from_fragments_matches_the_whole_render(
    client, demo_db, fragments, settings
):
    article = Article.objects.public().filter(body__contains="[[").first()
    url = article.get_absolute_url()
    settings.FRAGMENTS_ENABLED = False
    reference = get(client, url)
    settings.FRAGMENTS_ENABLED = True
    assert get(client, url) == reference
    assert get(client, url) == reference
