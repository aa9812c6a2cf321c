"""Editorial notes: threads, resolving, who may post, mentions, and that readers
never see them."""

import pytest
from django.test import Client

from articles.models import Article
from newsroom.models import Kind, Note, Notification
from newsroom.services import note_post
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGE_URL = "/admin/articles/article/{}/change/"
ADD_URL = "/admin/newsroom/note/article/{}/add/"
RESOLVE_URL = "/admin/newsroom/note/{}/resolve/"


def _post_note(client, article, text, headers=None, **extra):
    return client.post(
        ADD_URL.format(article.pk), {"text": text, **extra}, headers=headers
    )


JSON = {"Accept": "application/json"}


def test_a_note_and_its_reply_form_one_thread(client, editor, piece):
    client.force_login(editor)
    _post_note(client, piece, "Is the premiere date confirmed?")
    thread = Note.objects.get()
    response = _post_note(client, piece, "Yes, Netflix said so.", parent=thread.pk)
    reply = Note.objects.exclude(pk=thread.pk).get()
    assert reply.parent == thread
    assert response.status_code == 302
    assert response.url == CHANGE_URL.format(piece.pk) + f"#note-{reply.pk}"


def test_a_reply_to_a_reply_joins_the_thread(editor, piece):
    thread = note_post(article=piece, by=editor, text="First")
    reply = note_post(article=piece, by=editor, text="Second", parent=thread)
    again = note_post(article=piece, by=editor, text="Third", parent=reply)
    assert again.parent == thread


def test_a_reply_must_be_on_the_same_piece(client, editor, piece):
    other = ArticleFactory()
    thread = note_post(article=other, by=editor, text="Elsewhere")
    client.force_login(editor)
    response = _post_note(client, piece, "Sneaky", parent=thread.pk)
    assert response.status_code == 404
    assert not Note.objects.filter(article=piece).exists()


def test_threads_show_on_the_change_form_and_resolved_ones_fold_away(
    client, editor, piece
):
    open_thread = note_post(article=piece, by=editor, text="Check the cast list")
    done = note_post(article=piece, by=editor, text="Fix the headline")
    note_post(article=piece, by=editor, text="Done.", parent=done)
    client.force_login(editor)
    client.post(RESOLVE_URL.format(done.pk))
    done.refresh_from_db()
    assert done.resolved_by == editor and done.resolved_at is not None
    page = client.get(CHANGE_URL.format(piece.pk)).content.decode()
    assert f'id="note-{open_thread.pk}"' in page
    folded = page.split('<details class="notes__resolved">')[1].split("</details>")[0]
    assert "Fix the headline" in folded and "Done." in folded
    assert "Check the cast list" not in folded
    assert "Resolved by" in folded


def test_reopen_and_a_reply_both_unfold_a_resolved_thread(client, editor, piece):
    thread = note_post(article=piece, by=editor, text="Old point")
    client.force_login(editor)
    client.post(RESOLVE_URL.format(thread.pk), {"resolved": "1"})
    client.post(RESOLVE_URL.format(thread.pk), {"resolved": "0"})
    thread.refresh_from_db()
    assert thread.resolved_at is None and thread.resolved_by is None
    client.post(RESOLVE_URL.format(thread.pk), {"resolved": "1"})
    _post_note(client, piece, "Actually, one more thing", parent=thread.pk)
    thread.refresh_from_db()
    assert not thread.is_resolved


def test_notes_are_deleted_with_their_piece(editor, piece):
    thread = note_post(article=piece, by=editor, text="Gone soon")
    note_post(article=piece, by=editor, text="Me too", parent=thread)
    piece.delete()
    assert not Note.objects.exists()


def test_note_text_is_escaped_and_mentions_are_bold(client, editor, author, piece):
    note_post(article=piece, by=editor, text="<script>alert(1)</script> @ada @nobody")
    client.force_login(editor)
    page = client.get(CHANGE_URL.format(piece.pk)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert '<strong class="note__mention">@ada</strong>' in page
    assert "@nobody" in page and '<strong class="note__mention">@nobody' not in page


def test_an_empty_or_overlong_note_is_refused_with_a_message(client, editor, piece):
    client.force_login(editor)
    response = _post_note(client, piece, "   ")
    assert response.status_code == 302
    response = _post_note(client, piece, "x" * 5000)
    assert not Note.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Note not added" in page


# --- who may post and resolve ------------------------------------------------------


def _actor(name, request):
    return None if name == "anonymous" else request.getfixturevalue(name)


@pytest.mark.parametrize(
    ("who", "own_piece", "allowed"),
    [
        ("anonymous", False, False),
        ("moderator", False, False),
        ("author", True, True),
        ("other_author", False, False),
        ("editor", False, True),
    ],
)
def test_who_may_post_and_resolve_notes(
    request, client, piece, who, own_piece, allowed
):
    actor = _actor(who, request)
    if actor is not None:
        client.force_login(actor)
    editor = request.getfixturevalue("editor")
    thread = note_post(article=piece, by=editor, text="Existing thread")
    post = _post_note(client, piece, "From the matrix")
    resolve = client.post(RESOLVE_URL.format(thread.pk))
    thread.refresh_from_db()
    posted = Note.objects.filter(text="From the matrix").exists()
    assert posted is allowed
    assert thread.is_resolved is allowed
    if not allowed:
        expected = 302 if who == "anonymous" else 403  # anonymous: to the login
        assert post.status_code == expected and resolve.status_code == expected
    page = client.get(CHANGE_URL.format(piece.pk))
    assert ("Existing thread" in page.content.decode()) is allowed


def test_notes_urls_refuse_get(client, editor, piece):
    client.force_login(editor)
    assert client.get(ADD_URL.format(piece.pk)).status_code == 405


def test_posting_a_note_needs_the_csrf_token(editor, piece):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert _post_note(client, piece, "Forged").status_code == 403
    thread = note_post(article=piece, by=editor, text="Real")
    assert client.post(RESOLVE_URL.format(thread.pk)).status_code == 403
    assert Note.objects.count() == 1
    thread.refresh_from_db()
    assert not thread.is_resolved


def test_the_panel_form_carries_the_csrf_token(editor, piece):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    page = client.get(CHANGE_URL.format(piece.pk)).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[-1].split('"')[0]
    assert token
    response = _post_note(client, piece, "With the token", csrfmiddlewaretoken=token)
    assert response.status_code == 302
    assert Note.objects.filter(text="With the token").exists()


# --- mentions ----------------------------------------------------------------------


def test_a_mention_notifies_users_who_may_see_the_piece_only(
    client, editor, author, other_author, moderator, piece
):
    UserFactory(username="gone", is_active=False, is_staff=True)
    client.force_login(author)
    _post_note(client, piece, "@eddie can you check? cc @otto @mo @gone @ghost.")
    mentioned = Notification.objects.filter(kind=Kind.MENTIONED)
    assert list(mentioned.values_list("recipient__username", flat=True)) == ["eddie"]
    notice = mentioned.get()
    assert notice.actor == author and notice.article == piece
    assert notice.url.startswith(CHANGE_URL.format(piece.pk) + "#note-")
    assert set(Note.objects.get().mentions.values_list("username", flat=True)) == {
        "eddie"
    }


def test_mentioning_yourself_sends_nothing(editor, piece):
    note_post(article=piece, by=editor, text="Note to self, @eddie")
    assert not Notification.objects.exists()


# --- never public ------------------------------------------------------------------


SECRET = "Zanzibar-embargo-7731"


@pytest.fixture
def public_piece_with_notes(editor, author):
    article = ArticleFactory(title="A public piece", state=Article.State.PUBLISHED)
    thread = note_post(article=article, by=editor, text=f"{SECRET} @ada")
    note_post(article=article, by=author, text=f"Reply {SECRET}", parent=thread)
    return article


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/articles/{slug}/",
        "/feeds/latest.rss",
        "/feeds/latest.atom",
        "/search/?q=Zanzibar",
        "/sitemap.xml",
    ],
)
def test_notes_are_on_no_public_page_or_feed(client, public_piece_with_notes, url):
    response = client.get(url.format(slug=public_piece_with_notes.slug))
    assert response.status_code == 200
    assert SECRET not in response.content.decode()


def test_notes_have_no_public_url():
    from django.urls import get_resolver

    public = [
        str(p.pattern) for p in get_resolver().url_patterns if "admin" not in str(p)
    ]
    assert not [p for p in public if "note" in p or "notification" in p]


def test_the_notes_panel_takes_the_same_queries_for_more_threads(
    client, editor, author, piece
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_threads(n):
        for i in range(n):
            thread = note_post(article=piece, by=editor, text=f"Point {i} @ada")
            note_post(article=piece, by=author, text="Done", parent=thread)
            if i % 2:
                thread.resolved_at = thread.created_at
                thread.save()

    client.force_login(editor)
    add_threads(2)
    client.get(CHANGE_URL.format(piece.pk))  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(CHANGE_URL.format(piece.pk))
    add_threads(10)
    with CaptureQueriesContext(connection) as many:
        page = client.get(CHANGE_URL.format(piece.pk)).content.decode()
    assert page.count('class="notes__thread') == 12
    assert len(many.captured_queries) == len(few.captured_queries)


# --- the panel's script: JSON answers ----------------------------------------------


def test_the_script_gets_the_refreshed_panel_as_json(client, editor, piece):
    client.force_login(editor)
    response = _post_note(client, piece, "Quick one @eddie", headers=JSON)
    note = Note.objects.get()
    data = response.json()
    assert data["message"] == "Note added." and data["focus"] == f"note-{note.pk}"
    assert data["html"].startswith('<section class="module notes" id="notes"')
    assert f'id="note-{note.pk}"' in data["html"]
    assert 'name="csrfmiddlewaretoken" value="' in data["html"]
    resolved = client.post(
        RESOLVE_URL.format(note.pk), {"resolved": "1"}, headers=JSON
    ).json()
    assert resolved["message"] == "Thread resolved."
    assert '<details class="notes__resolved">' in resolved["html"]


def test_the_script_gets_a_refused_note_as_a_json_error(client, editor, piece):
    client.force_login(editor)
    response = _post_note(client, piece, "", headers=JSON)
    assert response.status_code == 400
    assert response.json()["error"].startswith("Note not added: ")
    assert not Note.objects.exists()
