"""Spoilers in previews: the desk's live preview, the admin's preview of a piece and
a preview link show every passage, marked with the day readers see it, while the
public page at the same moment leaves it out, and no stored page or part mixes the
two."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from catalog.dates import PreciseDate
from tests.articles_helpers import admin_form_data
from tests.factories import (
    ArticleFactory,
    EpisodeFactory,
    PlatformFactory,
    PreviewLinkFactory,
    ReleaseFactory,
    SeasonFactory,
    ShowFactory,
)
from tests.shell_helpers import get

pytestmark = pytest.mark.django_db

PASSAGE = "Nick finally tells Charlie the truth at the lighthouse."
GB_AIR = datetime.date(2031, 3, 5)  # + 7 days: readers in GB see it from 12 March
BEFORE, ON = datetime.date(2031, 3, 11), datetime.date(2031, 3, 12)
BODY = f"""Before the spoiler.

[[spoiler episode=tidewater/2/3 days=7]]
{PASSAGE}
[[/spoiler]]"""
MARK_BEFORE = (
    "<strong>Spoiler for S2E3</strong> — readers in the United Kingdom see this from "
    "12 March; hidden until then"
)


def noon(day: datetime.date):
    moment = datetime.datetime.combine(day, datetime.time(12))
    return time_machine.travel(timezone.make_aware(moment), tick=False)


@pytest.fixture
def episode():
    season = SeasonFactory(show=ShowFactory(slug="tidewater"), number=2)
    episode = EpisodeFactory(season=season, number=3)
    ReleaseFactory(
        season=season,
        episode=episode,
        country="GB",
        platform=PlatformFactory(name="BBC"),
        release=PreciseDate.day(GB_AIR),
    )
    return episode


def piece(body=BODY, **fields):
    with noon(GB_AIR - datetime.timedelta(days=30)):
        return ArticleFactory(body=body, **fields)


@pytest.fixture
def published(episode):
    return piece(title="Tidewater 2x03 reviewed")


@pytest.fixture
def draft(episode):
    return piece(title="Tidewater 2x03 draft", state="draft", published_at=None)


def desk_preview(client, article) -> str:
    url = f"/admin/articles/article/{article.pk}/desk-preview/"
    response = client.post(url, admin_form_data(article))
    assert response.status_code == 200
    return response.json()["html"]


def test_the_desk_preview_shows_the_passage_before_its_day_marked(
    client, editor, published
):
    with noon(BEFORE):
        client.force_login(editor)
        preview = desk_preview(client, published)
        client.logout()
        public = get(client, published.get_absolute_url())
    assert PASSAGE in preview and MARK_BEFORE in preview
    assert 'class="spoiler spoiler--preview"' in preview
    assert PASSAGE not in public and "spoiler--preview" not in public
    assert "shown from 12 March in your country" in public


def test_the_desk_preview_shows_the_unsaved_passage_of_a_new_piece(
    client, editor, episode
):
    with noon(BEFORE):
        client.force_login(editor)
        response = client.post(
            "/admin/articles/article/desk-preview/", admin_form_data(body=BODY)
        )
    assert PASSAGE in response.json()["html"]


def test_the_preview_says_since_when_readers_see_an_open_passage(
    client, editor, published
):
    with noon(ON):
        client.force_login(editor)
        preview = desk_preview(client, published)
    assert PASSAGE in preview
    assert (
        "readers in the United Kingdom see this behind “Show spoiler” since 12 March"
        in preview
    )
    assert "hidden until then" not in preview


def test_the_preview_speaks_of_the_chosen_country(client, editor, draft):
    with noon(BEFORE):
        client.force_login(editor)
        html = get(client, draft.get_absolute_url() + "?country=DE")
    assert PASSAGE in html
    assert "readers in Germany see this once the episode has aired there" in html


def test_the_admin_preview_of_a_draft_shows_the_passage_marked(client, editor, draft):
    with noon(BEFORE):
        client.force_login(editor)
        response = client.get(draft.get_absolute_url())
    html = response.content.decode()
    assert "Preview — not published" in html
    assert PASSAGE in html and MARK_BEFORE in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("state", ["draft", "published"])
def test_a_preview_link_shows_the_passage_marked(client, episode, state):
    article = piece(
        state=state, published_at=None if state == "draft" else timezone.now()
    )
    with noon(BEFORE):
        link = PreviewLinkFactory(article=article)
        response = client.get(link.get_absolute_url())
    html = response.content.decode()
    assert PASSAGE in html and MARK_BEFORE in html
    assert "no-store" in response["Cache-Control"]


def test_a_public_request_never_gets_a_previews_rendering(
    client, editor, fragments, page_cache, published
):
    """Previews first, with every cache on: the public page still leaves the passage
    out, from a fresh render and from the page cache."""
    url = published.get_absolute_url()
    with noon(BEFORE):
        link = PreviewLinkFactory(article=published)
        assert PASSAGE in get(client, link.get_absolute_url())
        client.force_login(editor)
        assert PASSAGE in desk_preview(client, published)
        assert PASSAGE not in get(client, url)  # an editor on the public page
        client.logout()
        first = client.get(url)
        second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    for response in (first, second):
        html = response.content.decode()
        assert PASSAGE not in html and "spoiler--preview" not in html


def test_a_preview_never_gets_the_public_pages_rendering(
    client, editor, fragments, page_cache, published
):
    """The public page stored first (page cache and stored parts): previews still
    show the passage."""
    url = published.get_absolute_url()
    with noon(BEFORE):
        link = PreviewLinkFactory(article=published)
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
        assert MARK_BEFORE in get(client, link.get_absolute_url())
        client.force_login(editor)
        assert MARK_BEFORE in desk_preview(client, published)


def test_hostile_text_in_a_previewed_passage_stays_escaped(client, editor, episode):
    body = BODY.replace(PASSAGE, "<script>alert(1)</script> & <b onclick=x>bold</b>")
    article = piece(body=body, state="draft", published_at=None)
    with noon(BEFORE):
        client.force_login(editor)
        html = desk_preview(client, article)
    assert "<script>alert(1)" not in html and "onclick" not in html
    assert "<b>bold</b>" in html
