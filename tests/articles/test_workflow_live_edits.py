"""Edits of live pieces wait as a draft change: readers keep the live row until an
editor publishes the change, which replaces it in one transaction."""

import pytest
from reversion.models import Version

from articles.merge import has_conflict_markers
from articles.models import Article, ArticleChange, ArticleTransition
from articles.services import article_transition
from articles.workflow import TransitionRefused
from tests.articles_helpers import CHANGE_URL
from tests.factories import READY_BODY, ArticleFactory, TagFactory
from tests.workflow_helpers import full_form_data, login, piece, press

pytestmark = pytest.mark.django_db

OLD = READY_BODY + " Heartstopper returns on 3 Octobre with eight episodes."
FIX = READY_BODY + " Heartstopper returns on 3 October with eight episodes."


@pytest.fixture
def live(people):
    return piece(people["author_own"], "live", title="Heartstopper is back", body=OLD)


def _propose_fix(client, article, action="submit", **changes):
    data = full_form_data(article, body=FIX, **changes) | {"_workflow": action}
    if not action:
        del data["_workflow"]
    return client.post(CHANGE_URL.format(article.pk), data)


def _reader_sees(client, article) -> str:
    return client.get(f"/articles/{article.slug}/").content.decode()


def test_an_authors_typo_fix_goes_to_review_and_readers_keep_the_old_text(
    people, live, client
):
    author = login(people["author_own"])
    response = _propose_fix(author, live)
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.body == OLD
    change = ArticleChange.objects.get(article=live)
    assert change.state == "review" and change.data["body"] == FIX
    assert "3 Octobre" in _reader_sees(client, live)
    assert "3 October" not in _reader_sees(client, live)
    feed = client.get("/feeds/latest.rss").content.decode()
    assert "Octobre" in feed or live.title in feed
    assert "3 October" not in feed
    message = author.get(response.url).content.decode()
    assert "Change submitted for review" in message


def test_saving_a_live_piece_keeps_a_draft_change(people, live):
    editor = login(people["editor"])
    response = _propose_fix(editor, live, action="")
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.body == OLD
    assert ArticleChange.objects.get(article=live).state == "draft"
    page = editor.get(response.url).content.decode()
    assert "Draft change saved. Readers still see the live version." in page


def test_the_change_form_shows_the_change_and_says_so(people, live):
    _propose_fix(login(people["author_own"]), live, action="")
    editor = login(people["editor"])
    response = editor.get(CHANGE_URL.format(live.pk))
    html = response.content.decode()
    assert "You are editing a draft change; readers see the live version." in html
    assert "Discard the change" in html
    assert response.context["adminform"].form["body"].value() == FIX
    actions = {t.action for t in response.context["workflow"]["transitions"]}
    assert actions == {"submit", "publish", "unpublish"}
    # The desk's Preview renders this form, so it shows the change too.
    preview = editor.post(
        f"/admin/articles/article/{live.pk}/desk-preview/",
        full_form_data(live, body=FIX),
    )
    assert "3 October" in preview.json()["html"]


def test_an_editor_publishes_the_change_in_one_go(people, live, client):
    _propose_fix(login(people["author_own"]), live)
    editor = login(people["editor"])
    response = _propose_fix(editor, live, action="publish")
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.body == FIX
    assert not ArticleChange.objects.filter(article=live).exists()
    assert "3 October" in _reader_sees(client, live)
    log = ArticleTransition.objects.filter(article=live).first()
    assert (log.action, log.live_change) == ("publish", True)
    assert Version.objects.get_for_object(live).latest("pk").field_dict["body"] == FIX
    assert "readers now see the changes" in editor.get(response.url).content.decode()


def test_the_service_applies_a_reviewed_change_with_its_relations(people, live):
    tag = TagFactory(name="Netflix")
    _propose_fix(login(people["author_own"]), live, tags=[tag.pk])
    article_transition(article=live, action="publish", by=people["editor"])
    live.refresh_from_db()
    assert live.body == FIX
    assert list(live.tags.all()) == [tag]
    assert not ArticleChange.objects.filter(article=live).exists()


def test_a_change_that_no_longer_validates_is_refused_and_nothing_changes(people, live):
    _propose_fix(login(people["author_own"]), live)
    ArticleFactory(slug="taken-slug")
    ArticleChange.objects.filter(article=live).update(
        data={**ArticleChange.objects.get(article=live).data, "slug": "taken-slug"}
    )
    with pytest.raises(TransitionRefused, match="no longer saves"):
        article_transition(article=live, action="publish", by=people["editor"])
    live.refresh_from_db()
    assert live.body == OLD
    assert ArticleChange.objects.filter(article=live).exists()


def test_an_editor_sends_the_change_back_and_the_author_fixes_it(people, live):
    _propose_fix(login(people["author_own"]), live)
    editor = login(people["editor"])
    press(editor, live, "request_changes", workflow_note="Say which platform.")
    change = ArticleChange.objects.get(article=live)
    assert change.state == "changes"
    author = login(people["author_own"])
    html = author.get(CHANGE_URL.format(live.pk)).content.decode()
    assert "Say which platform." in html
    _propose_fix(author, live, standfirst="On Netflix.")
    change.refresh_from_db()
    assert change.state == "review" and change.data["standfirst"] == "On Netflix."
    live.refresh_from_db()
    assert live.standfirst != "On Netflix."


def test_an_author_may_withdraw_but_not_edit_a_change_in_review(people, live):
    author = login(people["author_own"])
    _propose_fix(author, live)
    view = author.get(CHANGE_URL.format(live.pk)).content.decode()
    assert "This is the draft change; readers see the live version." in view
    assert "3 October" in view and "3 Octobre" not in view
    refused = _propose_fix(author, live, action="", standfirst="Sneaky")
    assert refused.status_code == 403
    assert ArticleChange.objects.get(article=live).data["standfirst"] != "Sneaky"
    response = author.post(
        f"/admin/articles/article/{live.pk}/transition/", {"_workflow": "withdraw"}
    )
    assert response.status_code == 302
    assert ArticleChange.objects.get(article=live).state == "draft"


def test_an_author_cannot_publish_their_own_change(people, live):
    author = login(people["author_own"])
    _propose_fix(author, live, action="")
    forged = _propose_fix(author, live, action="publish")
    assert forged.status_code == 200
    assert "not open to you" in forged.content.decode()
    response = author.post(
        f"/admin/articles/article/{live.pk}/transition/", {"_workflow": "publish"}
    )
    assert response.status_code == 403
    live.refresh_from_db()
    assert live.body == OLD


def test_authors_cannot_touch_someone_elses_live_piece(people, live):
    other = login(people["author_other"])
    response = _propose_fix(other, live)
    assert response.status_code in (302, 403, 404)
    assert response.status_code != 302 or response.url == "/admin/"
    assert not ArticleChange.objects.exists()


def test_discard_drops_the_change_and_keeps_the_live_version(people, live):
    author = login(people["author_own"])
    _propose_fix(author, live, action="")
    response = author.post(f"/admin/articles/article/{live.pk}/discard-change/")
    assert response.status_code == 302
    assert not ArticleChange.objects.exists()
    live.refresh_from_db()
    assert live.body == OLD


def test_two_editors_on_one_draft_change_the_later_save_is_refused(people, live):
    first, second = login(people["editor"]), login(people["editor"])
    _propose_fix(first, live, action="")
    form = second.get(CHANGE_URL.format(live.pk)).context["adminform"].form
    loaded = form["loaded_change_version"].value()
    data = full_form_data(live, body="First editor's words.")
    first.post(CHANGE_URL.format(live.pk), data | {"loaded_change_version": loaded})
    data = full_form_data(live, body="Second editor's words.")
    refused = second.post(
        CHANGE_URL.format(live.pk), data | {"loaded_change_version": loaded}
    )
    assert refused.status_code == 200
    assert "saved this draft change" in refused.content.decode()
    assert (
        ArticleChange.objects.get(article=live).data["body"] == "First editor's words."
    )
    # The refused form is the merge: both editors' words, marked, nothing lost.
    form = refused.context["adminform"].form
    body = form["body"].value()
    assert "First editor's words." in body and "Second editor's words." in body
    assert has_conflict_markers(body)
    assert form.merge_rows
    # Resolving and saving again, from the merged form, is the confirmation.
    merged = form.data.copy()
    merged["body"] = "First editor's words.\n\nSecond editor's words."
    second.post(CHANGE_URL.format(live.pk), merged)
    change = ArticleChange.objects.get(article=live)
    assert change.data["body"] == "First editor's words.\n\nSecond editor's words."
    live.refresh_from_db()
    assert live.body != change.data["body"]  # readers still see the live text


def test_a_form_opened_before_the_change_existed_does_not_overwrite_it(people, live):
    first, second = login(people["author_own"]), login(people["editor"])
    stale = full_form_data(live, body="Editor's words.")  # loaded with no change
    _propose_fix(first, live, action="")
    refused = second.post(CHANGE_URL.format(live.pk), stale)
    assert refused.status_code == 200
    assert ArticleChange.objects.get(article=live).data["body"] == FIX


def test_awaiting_review_lists_pieces_and_live_changes_in_review(people, live):
    in_review = piece(people["author_own"], "review")
    piece(people["author_own"], "draft")
    assert list(Article.objects.awaiting_review()) == [in_review]
    _propose_fix(login(people["author_own"]), live)
    assert set(Article.objects.awaiting_review()) == {in_review, live}
    assert list(Article.objects.with_pending_change()) == [live]


def test_unpublishing_drops_the_pending_change(people, live):
    _propose_fix(login(people["author_own"]), live, action="")
    press(login(people["editor"]), live, "unpublish")
    live.refresh_from_db()
    assert live.state == "unpublished"
    assert not ArticleChange.objects.exists()


def test_a_correction_is_told_to_readers_only_when_the_change_is_published(
    people, live
):
    editor = login(people["editor"])
    _propose_fix(
        editor, live, action="", reader_notice="correction",
        reader_notice_text="The date was wrong.",
    )  # fmt: skip
    live.refresh_from_db()
    assert live.updated_at is None and not live.update_notes.exists()
    article_transition(article=live, action="publish", by=people["editor"])
    live.refresh_from_db()
    note = live.update_notes.get()
    assert note.kind == "correction" and note.text == "The date was wrong."
    assert live.body == FIX and live.updated_at == note.created_at


def test_the_article_list_tells_a_live_piece_with_a_change_in_review(
    people, live, django_assert_max_num_queries
):
    author, editor = login(people["author_own"]), login(people["editor"])
    _propose_fix(author, live)

    def queries():
        with django_assert_max_num_queries(40) as captured:
            html = editor.get("/admin/articles/article/").content.decode()
        return html, len(captured.captured_queries)

    html, few = queries()
    assert "Live, change in review" in html
    for _ in range(5):
        _propose_fix(author, piece(people["author_own"], "live"), action="")
    html, more = queries()
    assert "Live, draft change" in html
    assert more == few
