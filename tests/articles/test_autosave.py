"""Autosave of the article form: the upsert, expiry, the clean-up on a real save, the
endpoints' permissions and input checks, and the restore offer on the forms."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.autosave import autosave_offer, autosave_store
from articles.models import ArticleAutosave
from tests.articles_helpers import ADD_URL, CHANGE_URL, admin_form_data
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SAVE_URL = "/admin/articles/article/{}/autosave/"
DISCARD_URL = "/admin/articles/article/{}/autosave/discard/"
NEW_SAVE_URL = "/admin/articles/article/autosave/"
NEW_DISCARD_URL = "/admin/articles/article/autosave/discard/"
KEY = "0123456789abcdef0123456789abcdef"


def _piece(owner, **kwargs):
    defaults = {"state": "draft", "published_at": None}
    article = ArticleFactory(**{**defaults, **kwargs}, created_by=owner)
    article.authors.add(AuthorProfileFactory(user=owner))
    return article


def _post(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


@pytest.fixture
def own_draft(author):
    return _piece(author, title="Ada's draft", body="Saved words.")


# --- the service -------------------------------------------------------------------


def test_store_is_an_upsert_per_user_and_piece(author, own_draft):
    autosave_store(user=author, article=own_draft, data={"body": "One"})
    autosave_store(user=author, article=own_draft, data={"body": "Two"})
    other = UserFactory()
    autosave_store(user=other, article=own_draft, data={"body": "Other"})
    rows = ArticleAutosave.objects.filter(article=own_draft)
    assert rows.count() == 2
    assert rows.get(user=author).data == {"body": "Two"}


def test_store_for_a_new_piece_is_an_upsert_per_draft_key(author):
    autosave_store(user=author, draft_key=KEY, data={"title": "One"})
    autosave_store(user=author, draft_key=KEY, data={"title": "Two"})
    autosave_store(user=author, draft_key=KEY[::-1], data={"title": "Another"})
    assert ArticleAutosave.objects.filter(user=author).count() == 2
    assert ArticleAutosave.objects.get(draft_key=KEY).data == {"title": "Two"}


def test_store_writes_in_two_queries_the_purge_and_the_upsert(
    author, own_draft, django_assert_num_queries
):
    autosave_store(user=author, article=own_draft, data={"body": "First"})
    with django_assert_num_queries(2):
        autosave_store(user=author, article=own_draft, data={"body": "x" * 50_000})
    with django_assert_num_queries(2):
        autosave_store(user=author, draft_key=KEY, data={"body": "New piece"})


def test_store_never_touches_the_article_row(author, own_draft):
    before = (own_draft.version, own_draft.modified_at, own_draft.body)
    autosave_store(user=author, article=own_draft, data={"body": "Unsaved"})
    own_draft.refresh_from_db()
    assert (own_draft.version, own_draft.modified_at, own_draft.body) == before


def test_expired_autosaves_are_not_offered_and_are_purged_on_the_next_write(
    author, own_draft, settings
):
    settings.ARTICLE_AUTOSAVE_DAYS = 7
    old = autosave_store(user=author, draft_key=KEY, data={"title": "Old"})
    ArticleAutosave.objects.filter(pk=old.pk).update(
        saved_at=timezone.now() - timedelta(days=8)
    )
    assert autosave_offer(user=author, article=None) is None
    assert ArticleAutosave.objects.live().count() == 0
    autosave_store(user=author, article=own_draft, data={"body": "Fresh"})
    assert not ArticleAutosave.objects.filter(draft_key=KEY).exists()


def test_offer_needs_an_autosave_newer_than_the_last_save(author, own_draft):
    autosave_store(user=author, article=own_draft, data={"body": "Unsaved words."})
    offer = autosave_offer(user=author, article=own_draft)
    assert offer is not None
    assert [d.label for d in offer.diffs] == ["Body"]
    assert offer.payload["fields"] == {"body": "Unsaved words."}
    own_draft.save()  # saved after the autosave (say, in another tab)
    assert autosave_offer(user=author, article=own_draft) is None


def test_offer_is_skipped_when_the_autosave_equals_the_saved_piece(author, own_draft):
    autosave_store(user=author, article=own_draft, data={"body": "Saved words."})
    assert autosave_offer(user=author, article=own_draft) is None


def test_offer_says_who_saved_after_the_changes_began(author, editor, own_draft):
    base = own_draft.version
    own_draft.modified_by = editor
    own_draft.body = "The editor's words."
    own_draft.save()
    autosave_store(
        user=author, article=own_draft, data={"body": "Mine"}, base_version=base
    )
    offer = autosave_offer(user=author, article=own_draft)
    assert offer.saved_by_other == editor.get_full_name()


def test_offer_names_related_objects_for_the_autocomplete_widgets(author, own_draft):
    tag = TagFactory(name="Heartstopper")
    autosave_store(user=author, article=own_draft, data={"tags": [str(tag.pk)]})
    offer = autosave_offer(user=author, article=own_draft)
    assert offer.payload["choices"] == {"tags": [[str(tag.pk), "Heartstopper"]]}
    assert [d.label for d in offer.diffs] == ["Tags"]


# --- a real save removes the autosave ------------------------------------------------


def test_a_real_save_removes_the_users_autosave_of_that_piece(
    client, author, own_draft
):
    autosave_store(user=author, article=own_draft, data={"body": "Unsaved"})
    someone = UserFactory()
    autosave_store(user=someone, article=own_draft, data={"body": "Theirs"})
    client.force_login(author)
    response = client.post(
        CHANGE_URL.format(own_draft.pk), admin_form_data(own_draft, body="Saved")
    )
    assert response.status_code == 302
    assert list(ArticleAutosave.objects.values_list("user", flat=True)) == [someone.pk]


def test_a_form_refused_with_errors_keeps_the_autosave(client, author, own_draft):
    autosave_store(user=author, article=own_draft, data={"body": "Unsaved"})
    client.force_login(author)
    response = client.post(
        CHANGE_URL.format(own_draft.pk), admin_form_data(own_draft, title="")
    )
    assert response.status_code == 200
    assert ArticleAutosave.objects.filter(user=author).count() == 1


def test_adding_the_piece_removes_the_autosave_of_its_draft_key(client, author):
    autosave_store(user=author, draft_key=KEY, data={"title": "Fresh draft"})
    client.force_login(author)
    data = {**admin_form_data(title="Fresh draft"), "_autosave_key": KEY}
    response = client.post(ADD_URL, data)
    assert response.status_code == 302
    assert not ArticleAutosave.objects.exists()


# --- the endpoints: who may, CSRF, methods, bad input ------------------------------


def _client_for(user, *, csrf=False):
    client = Client(enforce_csrf_checks=csrf)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def actor(request, author, editor, moderator):
    return {
        "anonymous": None,
        "moderator": moderator,
        "author-other": author,
        "author-own": author,
        "editor": editor,
    }[request.param]


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("anonymous", 302),
        ("moderator", 403),
        ("author-other", 404),
        ("author-own", 200),
        ("editor", 200),
    ],
    indirect=["actor"],
)
@pytest.mark.parametrize("url", [SAVE_URL, DISCARD_URL])
def test_piece_endpoints_permission_matrix(request, actor, expected, url, author):
    role = request.node.callspec.params["actor"]
    owner = author if role == "author-own" else UserFactory()
    article = _piece(owner)
    response = _post(
        _client_for(actor), url.format(article.pk), {"fields": {"body": "x"}}
    )
    assert response.status_code == expected, role
    if expected == 302:
        assert response.url.startswith("/admin/login/")
    stored = ArticleAutosave.objects.filter(article=article).exists()
    assert stored == (expected == 200 and url == SAVE_URL)


def test_author_may_not_autosave_their_piece_once_in_review(client, author):
    article = _piece(author, state="review")
    client.force_login(author)
    response = _post(client, SAVE_URL.format(article.pk), {"fields": {"body": "x"}})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("anonymous", 302), ("moderator", 403), ("author-own", 200), ("editor", 200)],
    indirect=["actor"],
)
@pytest.mark.parametrize("url", [NEW_SAVE_URL, NEW_DISCARD_URL])
def test_new_piece_endpoints_permission_matrix(actor, expected, url):
    response = _post(
        _client_for(actor), url, {"draft_key": KEY, "fields": {"title": "x"}}
    )
    assert response.status_code == expected
    stored = ArticleAutosave.objects.filter(draft_key=KEY).exists()
    assert stored == (expected == 200 and url == NEW_SAVE_URL)


@pytest.mark.parametrize("url", [SAVE_URL, DISCARD_URL, NEW_SAVE_URL, NEW_DISCARD_URL])
def test_endpoints_need_the_csrf_token(author, own_draft, url):
    client = _client_for(author, csrf=True)
    path = url.format(own_draft.pk)
    payload = json.dumps({"draft_key": KEY, "fields": {"body": "x"}})
    refused = client.post(path, payload, content_type="application/json")
    assert refused.status_code == 403
    assert not ArticleAutosave.objects.exists()
    client.get(CHANGE_URL.format(own_draft.pk))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        path, payload, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 200


@pytest.mark.parametrize("url", [SAVE_URL, DISCARD_URL, NEW_SAVE_URL, NEW_DISCARD_URL])
def test_endpoints_answer_get_with_405_and_are_never_cached(
    client, author, own_draft, url
):
    client.force_login(author)
    assert client.get(url.format(own_draft.pk)).status_code == 405
    response = _post(
        client, url.format(own_draft.pk), {"draft_key": KEY, "fields": {"body": "x"}}
    )
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_autosave_answers_with_the_time_in_the_site_time_zone(
    client, author, own_draft
):
    client.force_login(author)
    response = _post(client, SAVE_URL.format(own_draft.pk), {"fields": {"body": "x"}})
    saved = ArticleAutosave.objects.get()
    assert response.json()["label"] == timezone.localtime(saved.saved_at).strftime(
        "%H:%M"
    )


def test_unknown_fields_are_ignored(client, author, own_draft):
    client.force_login(author)
    response = _post(
        client,
        SAVE_URL.format(own_draft.pk),
        {"fields": {"body": "Kept", "state": "published", "evil": "x"}},
    )
    assert response.status_code == 200
    assert ArticleAutosave.objects.get().data == {"body": "Kept"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        (json.dumps({"fields": "body"}), "“fields” must be an object"),
        (json.dumps({"fields": {"body": 3}}), "“body” must be text"),
        (json.dumps({"fields": {"tags": ["1", "x"]}}), "list of ids"),
        (json.dumps({"fields": {"hero_image": "a"}}), "id or empty"),
        (json.dumps({"fields": {}, "base_version": "two"}), "whole number"),
        (json.dumps({"fields": {}, "base_version": "²"}), "whole number"),
        (json.dumps({"fields": {"tags": ["²"]}}), "list of ids"),
        (json.dumps({"fields": {"kind": "gossip"}}), "article kinds"),
    ],
)
def test_bad_input_is_a_400_with_a_clear_message(
    client, author, own_draft, body, message
):
    client.force_login(author)
    response = client.post(
        SAVE_URL.format(own_draft.pk), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not ArticleAutosave.objects.exists()


def test_a_bad_draft_key_is_a_400(client, author):
    client.force_login(author)
    for key in ["../x", KEY + "\n"]:
        response = _post(client, NEW_SAVE_URL, {"draft_key": key, "fields": {}})
        assert response.status_code == 400
        assert "draft_key" in response.json()["error"]


def test_a_payload_over_one_megabyte_is_refused_before_it_is_read(
    client, author, own_draft
):
    client.force_login(author)
    body = json.dumps({"fields": {"body": "x" * (1024 * 1024)}})
    response = client.post(
        SAVE_URL.format(own_draft.pk), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "Too large" in response.json()["error"]


def test_the_whole_autosave_request_costs_a_fixed_number_of_queries(
    client, author, own_draft, django_assert_num_queries
):
    client.force_login(author)
    url = SAVE_URL.format(own_draft.pk)
    _post(client, url, {"fields": {"body": "warm"}})
    # session, user, permissions (2), the piece, ownership, then purge and upsert
    with django_assert_num_queries(8):
        _post(client, url, {"fields": {"body": "x" * 10_000, "tags": ["1"] * 100}})


# --- the restore offer on the forms --------------------------------------------------


def test_change_form_offers_a_newer_autosave_with_a_diff(client, author, own_draft):
    autosave_store(
        user=author, article=own_draft, data={"body": "Saved words.\n<b>More</b>"}
    )
    client.force_login(author)
    html = client.get(CHANGE_URL.format(own_draft.pk)).content.decode()
    assert "Restore your unsaved changes from" in html
    assert 'id="desk-autosave-data"' in html
    assert "What restoring changes: Body" in html
    assert '<ins class="diff-add">&lt;b&gt;More&lt;/b&gt;</ins>' in html
    assert "<b>More</b>" not in html  # escaped in the diff and in the JSON payload


def test_change_form_does_not_offer_an_autosave_older_than_the_last_save(
    client, author, own_draft
):
    autosave_store(user=author, article=own_draft, data={"body": "Older words"})
    own_draft.save()
    client.force_login(author)
    html = client.get(CHANGE_URL.format(own_draft.pk)).content.decode()
    assert "Restore your unsaved" not in html
    assert 'class="desk-autosave"' in html  # autosave itself still runs


def test_change_form_of_someone_elses_autosave_offers_nothing(
    client, editor, author, own_draft
):
    autosave_store(user=author, article=own_draft, data={"body": "Ada's"})
    client.force_login(editor)
    html = client.get(CHANGE_URL.format(own_draft.pk)).content.decode()
    assert "Restore your unsaved" not in html


def test_read_only_change_form_has_no_autosave(client, author):
    article = _piece(author, state="review")
    client.force_login(author)
    html = client.get(CHANGE_URL.format(article.pk)).content.decode()
    assert 'class="desk-autosave"' not in html


def test_add_form_offers_the_newest_unsaved_new_piece(client, author):
    autosave_store(user=author, draft_key=KEY, data={"title": "A piece never saved"})
    client.force_login(author)
    html = client.get(ADD_URL).content.decode()
    assert "Restore your unsaved new piece from" in html
    assert KEY in html  # Restore adopts the offered draft's key


def test_add_form_sent_back_with_errors_keeps_its_key_and_offers_nothing(
    client, author
):
    autosave_store(user=author, draft_key=KEY, data={"title": "x"})
    client.force_login(author)
    data = {**admin_form_data(title=""), "_autosave_key": KEY}
    html = client.post(ADD_URL, data).content.decode()
    assert f'data-draft-key="{KEY}"' in html
    assert "Restore your unsaved" not in html


def _queries_of(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_offer_costs_the_change_form_a_fixed_number_of_queries(
    client, author, own_draft, monkeypatch
):
    """Counted against the same page without the feature, so the budget holds
    whatever else the change form shows."""
    from articles.admin_autosave import AutosaveAdminMixin

    client.force_login(author)
    url = CHANGE_URL.format(own_draft.pk)
    client.get(url)  # warm the content types and permissions caches
    with monkeypatch.context() as patch:
        patch.setattr(AutosaveAdminMixin, "_autosave_context", lambda *args: None)
        without_feature = _queries_of(client, url)
    nothing_to_offer = _queries_of(client, url)
    tags = [TagFactory() for _ in range(10)]
    autosave_store(
        user=author, article=own_draft, data={"body": "y", "tags": [str(tags[0].pk)]}
    )
    one_tag = _queries_of(client, url)
    autosave_store(
        user=author,
        article=own_draft,
        data={"body": "y", "tags": [str(tag.pk) for tag in tags]},
    )
    ten_tags = _queries_of(client, url)
    assert nothing_to_offer - without_feature == 1  # the autosave lookup
    # The lookup, the saved piece's six relations, the tag names for the diff and
    # for the restore payload; more tags, no more queries.
    assert one_tag - without_feature == 9
    assert ten_tags == one_tag


def test_the_time_shows_its_date_when_not_today(settings):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from articles.autosave import saved_at_label

    settings.TIME_ZONE = "Europe/London"
    today = timezone.localtime().replace(hour=14, minute=2)
    assert saved_at_label(today) == "14:02"
    earlier = datetime(2026, 7, 5, 13, 2, tzinfo=ZoneInfo("UTC"))  # 14:02 in BST
    assert saved_at_label(earlier) == "5 Jul 2026, 14:02"


def test_change_form_says_when_someone_else_saved_after_the_changes_began(
    client, author, editor, own_draft
):
    base = own_draft.version
    own_draft.modified_by = editor
    own_draft.save()
    autosave_store(
        user=author, article=own_draft, data={"body": "Mine"}, base_version=base
    )
    client.force_login(author)
    html = client.get(CHANGE_URL.format(own_draft.pk)).content.decode()
    assert f"{editor.get_full_name()} saved this piece at" in html
