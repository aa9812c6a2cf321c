"""Every admin save is a revision; history diffs and restores; no edit is lost."""

import threading

import pytest
from django.db import connection
from django.test import Client
from reversion.models import Version

from articles.merge import has_conflict_markers
from articles.models import Article
from tests.articles_helpers import CHANGE_URL, admin_form_data
from tests.factories import ArticleFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    """A draft: saving it writes the row (a live piece's edits wait as a draft
    change, tested in test_workflow_live_edits.py)."""
    return ArticleFactory(
        title="Season two dated",
        body="First line.\nSecond line.",
        state="draft",
        published_at=None,
    )


def _versions(article):
    return Version.objects.get_for_object(article).order_by("pk")


def test_every_admin_save_stores_a_revision_with_user_and_m2ms(client, editor, article):
    tag = TagFactory(name="Heartstopper")
    client.force_login(editor)
    client.post(CHANGE_URL.format(article.pk), admin_form_data(article, tags=[tag.pk]))
    client.post(CHANGE_URL.format(article.pk), admin_form_data(article, body="New."))
    versions = list(_versions(article))
    assert len(versions) == 2
    assert versions[0].revision.user == editor
    assert versions[0].field_dict["tags"] == [tag.pk]
    assert versions[1].field_dict["body"] == "New."
    assert versions[1].field_dict["state"] == "draft"


def test_history_shows_a_side_by_side_word_diff_with_markup_as_text(
    client, editor, article
):
    client.force_login(editor)
    url = CHANGE_URL.format(article.pk)
    client.post(url, admin_form_data(article))
    client.post(
        url,
        admin_form_data(
            article,
            title="<script>x()</script> Season two dated",
            body="First line.\nSecond version.",
        ),
    )
    response = client.get(f"/admin/articles/article/{article.pk}/history/")
    html = response.content.decode()
    assert response.status_code == 200
    assert editor.get_full_name() in html and "Draft" in html
    # Only the changed words are marked, old on the left and new on the right.
    old = '<td class="article-diff__old">Second <del class="diff-del">line.</del>'
    new = '<td class="article-diff__new">Second <ins class="diff-add">version.</ins>'
    assert old in html and new in html
    assert '<ins class="diff-add">&lt;script&gt;x()&lt;/script&gt; </ins>' in html
    assert "<script>x()" not in html


def test_history_compares_any_two_chosen_revisions(client, editor, article):
    client.force_login(editor)
    url = CHANGE_URL.format(article.pk)
    for title in ["Take one", "Take two", "Take three"]:
        client.post(url, admin_form_data(article, title=title))
    first, _, third = _versions(article)
    response = client.get(
        f"/admin/articles/article/{article.pk}/history/",
        {"from": first.pk, "to": third.pk},
    )
    diff = response.content.decode().split("<h2>Changes from", 1)[1]
    assert '<del class="diff-del">one</del>' in diff
    assert '<ins class="diff-add">three</ins>' in diff
    assert "two" not in diff


def test_stale_save_is_refused_and_shows_both_versions_to_merge(
    client, editor, article
):
    other = UserFactory(username="otto", first_name="Otto", last_name="Other")
    other.groups.add(*editor.groups.all())
    other.is_staff = True
    other.save()
    url = CHANGE_URL.format(article.pk)
    # Both editors open the form: both forms carry the same version.
    client.force_login(editor)
    first_form = admin_form_data(article)
    client.force_login(other)
    second_form = admin_form_data(article)
    assert client.get(url).status_code == 200

    client.force_login(editor)
    saved = client.post(url, {**first_form, "body": "Editor one's paragraph."})
    assert saved.status_code == 302

    client.force_login(other)
    refused = client.post(url, {**second_form, "body": "Otto's own paragraph."})
    html = refused.content.decode()
    assert refused.status_code == 200
    assert editor.get_full_name() in html and "Nothing was saved yet" in html
    # Both versions of the paragraph are in the body, between conflict markers.
    body = refused.context["adminform"].form["body"].value()
    assert "Otto's own paragraph." in body and "Editor one's paragraph." in body
    assert has_conflict_markers(body)
    article.refresh_from_db()
    assert article.body == "Editor one's paragraph."

    # Having seen both, choosing their own paragraph and saving again keeps it.
    new_version = refused.context["adminform"].form["loaded_version"].value()
    again = client.post(
        url,
        {**second_form, "body": "Otto's own paragraph.", "loaded_version": new_version},
    )
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.body == "Otto's own paragraph."


def test_version_goes_up_by_one_per_save(article):
    start = article.version
    article.save()
    article.save()
    assert Article.objects.get(pk=article.pk).version == start + 2


def test_updated_time_is_set_only_for_an_update_note(client, editor):
    article = ArticleFactory(title="Season two dated")
    client.force_login(editor)
    url = CHANGE_URL.format(article.pk)
    publish = {"_workflow": "publish", "override_reason": "Short news item"}
    client.post(url, admin_form_data(article, body="Typo fixed.") | publish)
    article.refresh_from_db()
    assert article.body == "Typo fixed."
    assert article.updated_at is None
    data = admin_form_data(article, body="New date.", reader_notice="updated")
    client.post(url, data | publish)
    article.refresh_from_db()
    assert article.updated_at is not None
    assert "Updated" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_stale_saves_let_exactly_one_through(editor):
    """Two requests racing with the same loaded version: the row lock lets one win."""
    if connection.vendor != "postgresql":
        pytest.skip("Needs a server database shared by threads (CI runs PostgreSQL).")
    article = ArticleFactory(body="Start", state="draft", published_at=None)
    data = admin_form_data(article)
    url = CHANGE_URL.format(article.pk)
    barrier, results = threading.Barrier(2), []

    def submit(body):
        try:
            client = Client()
            client.force_login(editor)
            barrier.wait()
            results.append(client.post(url, {**data, "body": body}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(b,)) for b in ("One", "Two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200, 302]
    article.refresh_from_db()
    assert article.body in {"One", "Two"}
    assert article.version == data["loaded_version"] + 1
