import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, AuthorProfile, Tag

pytestmark = pytest.mark.django_db


def noon(day: datetime.date):
    moment = datetime.datetime.combine(day, datetime.time(12))
    return time_machine.travel(timezone.make_aware(moment), tick=False)


def test_demo_articles_load_twice_without_duplicates(demo_db, settings):
    counts = (
        Article.objects.count(),
        AuthorProfile.objects.count(),
        Tag.objects.count(),
    )
    scheduled_at = Article.objects.scheduled().get().published_at
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    assert (
        Article.objects.count(),
        AuthorProfile.objects.count(),
        Tag.objects.count(),
    ) == counts
    assert Article.objects.scheduled().get().published_at == scheduled_at
    assert Version.objects.get_for_model(Article).count() == counts[0]


def test_demo_has_every_workflow_state_and_a_dated_speculation_piece(demo_db):
    piece = Article.objects.get(slug="heartstopper-season-2-release-date")
    assert piece.kind == "speculation" and piece.is_public()
    assert (piece.published_at.year, piece.published_at.month) == (2022, 6)
    assert "<h2" in piece.body_html and "Kit Connor" in piece.body_html
    states = set(Article.objects.values_list("state", flat=True))
    assert {"draft", "review", "published"} <= states
    assert Article.objects.scheduled().exists()


def test_demo_author_pages_list_their_public_pieces(demo_db, client):
    response = client.get("/authors/ada-author/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Heartstopper season 2: when will it be released?" in html
    assert "A Heartstopper film" not in html  # a draft
    assert client.get("/authors/eddie-editor/").status_code == 200


def test_demo_premiere_piece_hides_its_finale_spoiler_until_five_days_after(
    demo_db, client
):
    """The finale aired in the UK with the rest of season 1 on 22 April 2022."""
    url = Article.objects.get(slug="heartstopper-premieres-on-netflix")
    url = url.get_absolute_url() + "?country=GB"
    passage = "he tells his mum that he is bisexual"
    with noon(datetime.date(2022, 4, 26)):
        before = client.get(url).content.decode()
    with noon(datetime.date(2022, 4, 27)):
        after = client.get(url).content.decode()
    assert passage not in before
    assert "Spoiler for S1E8</strong> — shown from 27 April in your country" in before
    assert passage in after and "Show spoiler" in after
