"""Corrections and updates readers can see: the change form asks how readers are told
about a text change to a public piece, and the notes show on the page, in its JSON-LD
and in its feed entry."""

import datetime
import json
import re

import feedparser
import pytest
from django.utils import timezone

from articles.corrections import record_update_note
from articles.models import Article, UpdateNote
from tests.articles_helpers import CHANGE_URL, admin_form_data
from tests.factories import ArticleFactory, UpdateNoteFactory

pytestmark = pytest.mark.django_db

CHOICE_ERROR = "choose how they are told about this change"
HOSTILE = '<script>alert("x")</script> & "quotes"'


@pytest.fixture
def article():
    return ArticleFactory(
        title="Season 3 premiere date", body="It premieres on 3 October."
    )


# An editor publishing the form as it stands writes the row readers see at once (a
# plain Save of a live piece keeps a draft change: test_workflow_live_edits.py).
PUBLISH = {"_workflow": "publish", "override_reason": "Short news item"}


def _save(client, article, **changes):
    data = admin_form_data(article, **changes) | PUBLISH
    return client.post(CHANGE_URL.format(article.pk), data)


def _json_ld(html: str) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S
    )
    return [json.loads(block) for block in blocks]


def _news_article(client, article) -> dict:
    html = client.get(article.get_absolute_url()).content.decode()
    return next(d for d in _json_ld(html) if d.get("@type") == "NewsArticle")


# --- the form -------------------------------------------------------------------------


def test_text_change_to_a_public_piece_is_refused_without_a_choice(
    client, editor, article
):
    client.force_login(editor)
    response = _save(
        client, article, body="It premieres on 4 October.", reader_notice=None
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert CHOICE_ERROR in html
    assert "It premieres on 4 October." in html  # the text is still in the form
    article.refresh_from_db()
    assert article.body == "It premieres on 3 October."
    assert not UpdateNote.objects.exists()


@pytest.mark.parametrize("field", ["title", "standfirst", "body"])
def test_each_reader_text_field_asks(client, editor, article, field):
    client.force_login(editor)
    response = _save(client, article, **{field: "Something else"}, reader_notice=None)
    assert CHOICE_ERROR in response.content.decode()


def test_correction_needs_its_text_and_keeps_the_change(client, editor, article):
    client.force_login(editor)
    response = _save(
        client, article, body="It premieres on 4 October.", reader_notice="correction"
    )
    html = response.content.decode()
    assert "Write the correction readers will see" in html
    assert "It premieres on 4 October." in html
    assert 'value="correction"' in html and "checked" in html
    article.refresh_from_db()
    assert article.body == "It premieres on 3 October."


def test_silent_fix_adds_no_note_and_leaves_updated_at(client, editor, article):
    client.force_login(editor)
    assert _save(client, article, body="It premieres on 3 October!").status_code == 302
    article.refresh_from_db()
    assert article.body == "It premieres on 3 October!"
    assert article.updated_at is None
    assert not article.update_notes.exists()


def test_a_save_that_leaves_the_text_alone_does_not_ask(client, editor, article):
    client.force_login(editor)
    # A browser sends the body back with CRLF line endings: not a change.
    article.body = "Line one.\n\nLine two."
    article.save()
    response = _save(
        client,
        article,
        body="Line one.\r\n\r\nLine two.",
        seo_title="New",
        reader_notice=None,
    )
    assert response.status_code == 302


def test_unpublishing_with_a_text_change_does_not_ask(client, editor, article):
    client.force_login(editor)
    data = admin_form_data(article, body="Withdrawn.", reader_notice=None)
    data["_workflow"] = "unpublish"
    response = client.post(CHANGE_URL.format(article.pk), data)
    assert response.status_code == 302
    assert not UpdateNote.objects.exists()


def test_drafts_never_ask(client, editor, author):
    draft = ArticleFactory(state="draft", published_at=None, created_by=author)
    client.force_login(editor)
    assert (
        'name="reader_notice"'
        not in client.get(CHANGE_URL.format(draft.pk)).content.decode()
    )
    response = _save(client, draft, body="A new paragraph.", reader_notice=None)
    assert response.status_code == 302
    assert not UpdateNote.objects.exists()


def test_scheduled_pieces_never_ask(client, editor):
    scheduled = ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    client.force_login(editor)
    response = _save(
        client, scheduled, body="Changed before it goes out.", reader_notice=None
    )
    assert response.status_code == 302


def test_public_piece_form_offers_the_three_choices(client, editor, article):
    client.force_login(editor)
    html = client.get(CHANGE_URL.format(article.pk)).content.decode()
    assert "Silent fix (typo, style)" in html
    assert "Updated: add an “Updated” note" in html
    assert 'value="correction"' in html
    assert 'src="/static/js/desk-reader-notice.js"' in html


def test_update_note_sets_updated_at_and_shows_updated(client, editor, article):
    client.force_login(editor)
    response = _save(
        client,
        article,
        body="It premieres on 3 October, with two episodes.",
        reader_notice="updated",
        reader_notice_text="",
    )
    assert response.status_code == 302
    note = article.update_notes.get()
    assert note.kind == "updated" and note.text == "" and note.created_by == editor
    article.refresh_from_db()
    assert article.updated_at == note.created_at
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Corrections and updates" in html
    assert ">Updated</a>" in html


def test_correction_shows_on_page_in_json_ld_and_in_the_feed(client, editor, article):
    client.force_login(editor)
    response = _save(
        client,
        article,
        body="It premieres on 4 October.",
        reader_notice="correction",
        reader_notice_text="An earlier version gave the date as 3 October.",
    )
    assert response.status_code == 302
    client.logout()
    note = article.update_notes.get()
    assert note.kind == "correction"

    html = client.get(article.get_absolute_url()).content.decode()
    assert "Corrections and updates" in html
    assert "An earlier version gave the date as 3 October." in html
    assert ">Corrected</a>" in html

    data = _news_article(client, article)
    assert data["dateModified"] == note.created_at.isoformat()
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "An earlier version gave the date as 3 October.",
            "datePublished": note.created_at.isoformat(),
        }
    ]

    feed = feedparser.parse(client.get("/feeds/latest.atom").content)
    entry = next(e for e in feed.entries if e.title == article.title)
    assert entry.updated_parsed[:6] == note.created_at.utctimetuple()[:6]
    assert "Corrected" in entry.summary
    assert "An earlier version gave the date as 3 October." in entry.summary
    rss = feedparser.parse(client.get("/feeds/latest.rss").content)
    rss_entry = next(e for e in rss.entries if e.title == article.title)
    assert "An earlier version gave the date as 3 October." in rss_entry.summary


def test_dates_are_shown_in_the_site_time_zone(client, settings):
    settings.TIME_ZONE = "Europe/London"
    article = ArticleFactory()
    UpdateNoteFactory(
        article=article,
        kind="correction",
        text="Fixed.",
        created_at=datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC),
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "2 July 2026, 00:30" in html  # British Summer Time


def test_updated_notes_are_not_corrections_in_json_ld(client, article):
    record_update_note(
        article=article, kind="updated", text="Added the trailer.", by=None
    )
    data = _news_article(client, article)
    assert "correction" not in data
    assert data["dateModified"] == article.updated_at.isoformat()


def test_note_text_is_escaped_on_page_json_ld_and_feed(client, article):
    record_update_note(article=article, kind="correction", text=HOSTILE, by=None)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;"
        in html
    )
    assert _news_article(client, article)["correction"][0]["text"] == HOSTILE
    feed = feedparser.parse(client.get("/feeds/latest.atom").content)
    entry = next(e for e in feed.entries if e.title == article.title)
    # The summary is HTML: the note is text inside it, never markup.
    assert "<script>" not in entry.summary
    assert "&lt;script&gt;" in entry.summary


def test_notes_are_listed_oldest_first(client, article):
    record_update_note(article=article, kind="updated", text="First.", by=None)
    record_update_note(article=article, kind="correction", text="Second.", by=None)
    html = client.get(article.get_absolute_url()).content.decode()
    notes = html[html.index("Corrections and updates") :]
    assert notes.index("First.") < notes.index("Second.")
    assert ">Corrected</a>" in html  # the byline tells the newest


# --- the service ----------------------------------------------------------------------


def test_service_refuses_a_correction_without_text(article):
    with pytest.raises(ValueError):
        record_update_note(article=article, kind="correction", text="  ", by=None)
    with pytest.raises(ValueError):
        record_update_note(article=article, kind="retraction", text="x", by=None)
    assert not UpdateNote.objects.exists()


def test_service_silent_records_nothing(article):
    assert record_update_note(article=article, kind="silent", text="", by=None) is None
    article.refresh_from_db()
    assert article.updated_at is None


def test_service_does_not_bump_the_version(article):
    version = Article.objects.get(pk=article.pk).version
    record_update_note(article=article, kind="updated", text="", by=None)
    assert Article.objects.get(pk=article.pk).version == version


# --- who may --------------------------------------------------------------------------


def test_an_authors_correction_waits_for_an_editor(client, author, article):
    """An author's fix to their live piece is a draft change: readers are told
    nothing until an editor publishes it; the author cannot publish it."""
    article.created_by = author
    article.save()
    client.force_login(author)
    data = admin_form_data(
        article, body="Sneaky.", reader_notice="correction",
        reader_notice_text="Forged.",
    )  # fmt: skip
    assert client.post(CHANGE_URL.format(article.pk), data).status_code == 302
    assert not UpdateNote.objects.exists()
    _save(client, article, body="Sneaky.", reader_notice="correction",
          reader_notice_text="Forged.")  # fmt: skip
    assert not UpdateNote.objects.exists()
    article.refresh_from_db()
    assert article.body == "It premieres on 3 October." and article.updated_at is None


def test_anonymous_and_moderator_cannot_save(client, moderator, article):
    data = admin_form_data(article, body="x", reader_notice="updated")
    response = client.post(CHANGE_URL.format(article.pk), data)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(moderator)
    assert client.post(CHANGE_URL.format(article.pk), data).status_code == 403
    assert not UpdateNote.objects.exists()


# --- page cost and cache --------------------------------------------------------------


@pytest.mark.parametrize("notes", [0, 5])
def test_article_page_query_count_does_not_grow_with_notes(
    client, django_assert_num_queries, notes
):
    article = ArticleFactory()
    for n in range(notes):
        UpdateNoteFactory(article=article, kind="correction", text=f"Fix {n}.")
    client.get(article.get_absolute_url())
    with django_assert_num_queries(2):  # the piece with everything; its comments
        html = client.get(article.get_absolute_url()).content.decode()
    assert html.count("update-notes__item--correction") == notes


def test_a_new_note_shows_at_once_with_the_page_cache_on(
    client, page_cache, article, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        record_update_note(
            article=article, kind="correction", text="The date was wrong.", by=None
        )
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "The date was wrong." in response.content.decode()
