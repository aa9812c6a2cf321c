"""The history page and Restore: readable diffs, no empty revisions, and a restore
that only loads the old text into the form, for people who may edit the piece."""

from datetime import UTC, datetime

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st
from reversion.models import Version

from articles import revisions
from articles.models import Article, ArticleChange
from articles.revisions import (
    HISTORY_LIMIT,
    diff_dicts,
    record_revision,
    text_diff,
    word_diff,
)
from tests.articles_helpers import CHANGE_URL, admin_form_data
from tests.factories import ArticleFactory, ShowFactory, TagFactory, UserFactory
from tests.workflow_helpers import full_form_data, piece

pytestmark = pytest.mark.django_db

HISTORY_URL = "/admin/articles/article/{}/history/"


def _versions(article):
    return Version.objects.get_for_object(article).order_by("pk")


def _restore_url(article, version):
    return CHANGE_URL.format(article.pk) + f"?restore={version.pk}"


def _revisions(article, count, *, by):
    """``count`` revisions, each with a different title."""
    for n in range(count):
        article.title = f"Take {n}"
        article.save()
        record_revision(article, user=by, comment=f"Take {n}")


@pytest.fixture
def eddie(editor):
    editor.first_name, editor.last_name = "Eddie", "Editor"
    editor.save()
    return editor


@pytest.fixture
def article():
    """A draft: its saves write the row (a live piece's wait as a draft change)."""
    return ArticleFactory(
        title="Season two dated",
        body="First line.\nSecond line.",
        state="draft",
        published_at=None,
    )


# --- what the page shows -------------------------------------------------------------


def test_diffs_and_the_save_note_use_the_labels_of_the_form(client, eddie, article):
    show = ShowFactory(title="Heartstopper")
    client.force_login(eddie)
    url = CHANGE_URL.format(article.pk)
    client.post(url, admin_form_data(article))
    data = admin_form_data(article, seo_title="Dated at last")
    data["subject_shows"] = [show.pk]
    client.post(url, data)
    assert _versions(article).last().revision.comment == (
        "Draft; changed Shows, SEO title"
    )
    html = client.get(HISTORY_URL.format(article.pk)).content.decode()
    assert '<h3 class="article-diff__label">Shows</h3>' in html
    assert '<h3 class="article-diff__label">SEO title</h3>' in html
    assert '<ins class="diff-add">Heartstopper</ins>' in html  # a name, not an id
    assert "subject_shows" not in html and "seo_title" not in html


def test_revisions_that_changed_nothing_are_not_listed(client, eddie, article):
    client.force_login(eddie)
    url = CHANGE_URL.format(article.pk)
    for _ in range(3):  # the first save rounds the time to seconds; two saves idle
        client.post(url, admin_form_data(article))
    client.post(url, admin_form_data(article, body="A real change."))
    assert _versions(article).count() == 4
    response = client.get(HISTORY_URL.format(article.pk))
    first, *idle, last = _versions(article)
    assert len(idle) == 2
    assert response.context["versions"] == [last, first]


def test_times_are_in_the_site_time_zone(client, eddie, article, settings):
    settings.TIME_ZONE = "Europe/London"
    with time_machine.travel(datetime(2026, 7, 3, 13, 2, tzinfo=UTC), tick=False):
        record_revision(article, user=eddie, comment="Summer save")
    client.force_login(eddie)
    html = client.get(HISTORY_URL.format(article.pk)).content.decode()
    assert "3 Jul 2026, 14:02" in html  # British Summer Time, not UTC
    assert "Eddie Editor" in html


def test_long_unchanged_text_folds_around_the_change():
    words = " ".join(f"word{n}" for n in range(80))
    before, after = ["Intro.", "Pre.", "More."], ["One.", "Two.", "Three.", "Four."]
    old = "\n\n".join([*before, words, *after, "End."])
    new = old.replace("word40", "CHANGED").replace("End.", "The end.")
    rows = text_diff(old, new)
    changed = next(row for row in rows if any(s.kind == "del" for s in row.old))
    shown = "".join(s.text for s in changed.old)
    assert "word34" in shown and "word46" in shown  # six words of context each side
    assert "word10" not in shown and "word70" not in shown
    assert [s.kind for s in changed.old].count("fold") == 2
    shown = [s.text for row in rows for s in row.old]
    assert "More." in shown and "One." in shown and "Four." in shown  # context
    assert not {"Intro.", "Pre.", "Two.", "Three."} & set(shown)
    assert [row.folded for row in rows if row.folded] == [2, 2]


WORDS = st.lists(
    st.sampled_from(["cat", "dog", "<b>", "&amp;", "é", " ", "  ", "\t", "a.", ""]),
    max_size=25,
).map("".join)


@given(old=WORDS, new=WORDS)
def test_a_word_diff_keeps_every_character_of_both_sides(old, new):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(revisions, "CONTEXT_WORDS", 10_000)  # nothing folds
        row = word_diff(old, new)
    assert "".join(s.text for s in row.old) == old
    assert "".join(s.text for s in row.new) == new
    assert all(s.kind in ("same", "del") for s in row.old)
    assert all(s.kind in ("same", "ins") for s in row.new)


def test_choices_and_times_read_as_on_the_form(settings):
    settings.TIME_ZONE = "Europe/London"
    summer = datetime(2026, 7, 3, 13, 2, tzinfo=UTC)
    diffs = diff_dicts(
        {"state": "draft", "published_at": None},
        {"state": "review", "published_at": summer},
    )
    cells = {d.label: "".join(s.text for row in d.rows for s in row.new) for d in diffs}
    assert cells == {"State": "In review", "Published at": "3 Jul 2026, 14:02"}


def test_history_queries_stay_flat_and_the_list_is_capped(
    client, eddie, django_assert_num_queries
):
    client.force_login(eddie)
    for size in (3, HISTORY_LIMIT + 10):
        article = ArticleFactory(tags=[TagFactory()])
        _revisions(article, size, by=eddie)
        # The same for 3 revisions and for more than the page lists (the header's
        # unread count included).
        with django_assert_num_queries(9):
            response = client.get(HISTORY_URL.format(article.pk))
        assert response.status_code == 200
        assert len(response.context["versions"]) == min(size, HISTORY_LIMIT)
    assert f"the latest {HISTORY_LIMIT} shown" in response.content.decode()
    assert f"the latest {HISTORY_LIMIT} shown" in response.content.decode()


# --- Restore -------------------------------------------------------------------------


def test_restore_loads_the_old_revision_into_the_form_and_saves_nothing(
    client, eddie, article
):
    old_tag, new_tag = TagFactory(name="Old tag"), TagFactory(name="New tag")
    client.force_login(eddie)
    url = CHANGE_URL.format(article.pk)
    client.post(url, admin_form_data(article, body="Original text", tags=[old_tag.pk]))
    client.post(url, admin_form_data(article, body="Vandalised", tags=[new_tag.pk]))
    original = _versions(article).first()
    article.refresh_from_db()
    before = (article.version, article.body, _versions(article).count())

    response = client.get(_restore_url(article, original))
    html = response.content.decode()
    assert response.status_code == 200
    assert "You are looking at the revision of" in html and "by Eddie Editor" in html
    assert "Nothing is saved until you press Save." in html
    assert f'href="{url}"' in html  # Cancel
    form = response.context["adminform"].form
    assert form["body"].value() == "Original text"
    assert form["tags"].value() == [old_tag.pk]
    assert form["loaded_version"].value() == article.version  # saves as a new edit
    article.refresh_from_db()
    assert (article.version, article.body, _versions(article).count()) == before


def test_saving_a_restored_form_is_the_confirmation(client, eddie, article):
    client.force_login(eddie)
    url = CHANGE_URL.format(article.pk)
    client.post(url, admin_form_data(article, body="Original text"))
    client.post(url, admin_form_data(article, body="Vandalised"))
    Article.objects.filter(pk=article.pk).update(state="unpublished")
    original = _versions(article).first()
    form = client.get(_restore_url(article, original)).context["adminform"].form
    data = admin_form_data(article, body=form["body"].value())
    response = client.post(_restore_url(article, original), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Original text"
    assert article.state == "unpublished"  # restoring text is not publishing
    note = _versions(article).last().revision.comment
    assert note.startswith("Unpublished; changed Body; restored from the revision of")


def test_restoring_a_live_piece_saves_a_draft_change_readers_do_not_see(
    client, eddie, people
):
    live = piece(people["author_own"], "live", title="Live", body="Old words.")
    record_revision(live, user=eddie, comment="First")
    Article.objects.filter(pk=live.pk).update(body="New words.")
    live.refresh_from_db()
    record_revision(live, user=eddie, comment="Second")
    first = _versions(live).first()
    client.force_login(eddie)
    form = client.get(_restore_url(live, first)).context["adminform"].form
    assert form["body"].value() == "Old words."
    data = full_form_data(live, body=form["body"].value())
    assert client.post(_restore_url(live, first), data).status_code == 302
    live.refresh_from_db()
    assert live.body == "New words."  # the live row is untouched
    assert ArticleChange.objects.get(article=live).data["body"] == "Old words."


def test_there_is_no_one_click_restore(client, eddie, article):
    client.force_login(eddie)
    url = CHANGE_URL.format(article.pk)
    client.post(url, admin_form_data(article, body="Original text"))
    client.post(url, admin_form_data(article, body="Kept"))
    original = _versions(article).first()
    forged = f"/admin/articles/article/{article.pk}/history/{original.pk}/restore/"
    assert client.post(forged).status_code in (302, 404)  # the admin's catch-all
    assert client.post(_restore_url(article, original), {}).status_code == 200
    article.refresh_from_db()
    assert article.body == "Kept"


def test_restore_of_another_pieces_revision_or_nonsense_is_404(client, eddie, article):
    other = ArticleFactory()
    record_revision(other, user=eddie, comment="Other")
    client.force_login(eddie)
    url = CHANGE_URL.format(article.pk)
    assert client.get(_restore_url(article, _versions(other).get())).status_code == 404
    assert client.get(url + "?restore=abc").status_code == 404
    assert client.get(url + "?restore=999999").status_code == 404


# --- who may -----------------------------------------------------------------------


@pytest.fixture
def pieces(author, eddie):
    """The author's own draft, their piece in review, and someone else's draft, each
    with two revisions."""
    made = {}
    for name, state, owner in [
        ("own draft", "draft", author),
        ("own in review", "review", author),
        ("other's draft", "draft", UserFactory()),
    ]:
        article = ArticleFactory(
            title=name, state=state, published_at=None, created_by=owner
        )
        _revisions(article, 2, by=eddie)
        made[name] = article
    return made


@pytest.mark.parametrize(
    ("who", "piece", "history", "restore"),
    [
        ("anonymous", "own draft", 302, 302),
        ("moderator", "own draft", 403, 403),
        ("author", "own draft", 200, 200),
        ("author", "own in review", 200, 403),
        ("author", "other's draft", 404, 302),
        ("editor", "own in review", 200, 200),
        ("editor", "other's draft", 200, 200),
    ],
)
def test_history_and_restore_permissions(
    client, pieces, moderator, author, eddie, who, piece, history, restore
):
    users = {"moderator": moderator, "author": author, "editor": eddie}
    if who in users:
        client.force_login(users[who])
    article = pieces[piece]
    first = _versions(article).first()
    before = (article.version, article.title, _versions(article).count())
    page = client.get(HISTORY_URL.format(article.pk))
    assert page.status_code == history
    if history == 200:
        restore_links = "?restore=" in page.content.decode()
        assert restore_links == (restore == 200)
    loaded = client.get(_restore_url(article, first))
    assert loaded.status_code == restore
    if restore != 200:
        assert b"You are looking at the revision" not in loaded.content
    if restore == 302 and who != "anonymous":
        assert "/login/" not in loaded["Location"]
    article.refresh_from_db()
    assert (article.version, article.title, _versions(article).count()) == before


def test_a_forged_restore_save_by_an_author_who_may_not_edit_is_refused(
    client, pieces, author
):
    article = pieces["own in review"]
    first = _versions(article).first()
    client.force_login(author)
    data = admin_form_data(article, title="Forged", state="review")
    assert client.post(_restore_url(article, first), data).status_code == 403
    article.refresh_from_db()
    assert article.title == "Take 1"
