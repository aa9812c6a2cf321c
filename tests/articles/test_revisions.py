"""Every admin save is a revision; history diffs and restores; no edit is lost."""

import threading

import pytest
from django.db import connection
from django.test import Client
from reversion.models import Version

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


def test_history_lists_who_when_state_and_shows_an_escaped_diff(
    client, editor, article
):
    client.force_login(editor)
    url = CHANGE_URL.format(article.pk)
    client.post(url, admin_form_data(article))
    client.post(url, admin_form_data(article, body="First line.\n<script>x()</script>"))
    response = client.get(f"/admin/articles/article/{article.pk}/history/")
    html = response.content.decode()
    assert response.status_code == 200
    assert editor.get_full_name() in html and "Draft" in html
    assert "-Second line." in html
    assert "+&lt;script&gt;x()&lt;/script&gt;" in html
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
    html = response.content.decode()
    assert "-Take one" in html and "+Take three" in html
    assert "Take two" not in html.split("Changes from", 1)[1]


def test_restore_brings_text_back_as_a_new_revision_and_keeps_state(
    client, editor, article
):
    client.force_login(editor)
    url = CHANGE_URL.format(article.pk)
    client.post(url, admin_form_data(article, body="Original text"))
    client.post(url, admin_form_data(article, body="Vandalised"))
    Article.objects.filter(pk=article.pk).update(state="unpublished")
    original = _versions(article).first()
    response = client.post(
        f"/admin/articles/article/{article.pk}/history/{original.pk}/restore/"
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Original text"
    assert article.body_html == "<p>Original text</p>"
    assert article.state == "unpublished"
    versions = list(_versions(article))
    assert len(versions) == 3
    assert versions[-1].field_dict["body"] == "Original text"
    assert "Restored" in versions[-1].revision.comment


def test_author_cannot_restore_a_piece_they_may_not_edit(client, author, editor):
    article = ArticleFactory(state="review", published_at=None, created_by=author)
    client.force_login(editor)
    client.post(CHANGE_URL.format(article.pk), admin_form_data(article, body="A"))
    client.post(CHANGE_URL.format(article.pk), admin_form_data(article, body="B"))
    client.force_login(author)
    first = _versions(article).first()
    response = client.post(
        f"/admin/articles/article/{article.pk}/history/{first.pk}/restore/"
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.body == "B"


def test_second_save_of_a_stale_form_is_refused_and_keeps_the_typed_text(
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
    assert editor.get_full_name() in html and "NOT saved" in html
    assert "Otto&#x27;s own paragraph." in html  # still in the textarea
    assert "-Editor one&#x27;s paragraph." in html  # the diff
    article.refresh_from_db()
    assert article.body == "Editor one's paragraph."

    # Having read the differences, a second submit of the same form saves on purpose.
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


def test_updated_time_is_set_only_for_a_significant_update(client, editor):
    article = ArticleFactory(title="Season two dated")
    client.force_login(editor)
    url = CHANGE_URL.format(article.pk)
    publish = {"_workflow": "publish", "override_reason": "Short news item"}
    client.post(url, admin_form_data(article, body="Typo fixed.") | publish)
    article.refresh_from_db()
    assert article.body == "Typo fixed."
    assert article.updated_at is None
    data = admin_form_data(article, body="New date.", significant_update=1)
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
