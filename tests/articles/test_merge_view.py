"""A refused save opens a merge: nothing either editor wrote is lost, and nothing is
overwritten until the one saving last has seen the other's change and confirms."""

import pytest

from articles.merge import MARK_MINE, has_conflict_markers
from articles.merge_form import word_segments
from articles.models import Article
from articles.revisions import snapshot_at_version
from tests.articles_helpers import CHANGE_URL, admin_form_data
from tests.factories import ArticleFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

BODY = "Paragraph one.\n\nParagraph two.\n\nParagraph three."


@pytest.fixture
def other_editor(editor):
    editor.first_name, editor.last_name = "Eddie", "Editor"
    editor.save()
    user = UserFactory(username="otto", first_name="Otto", last_name="Other")
    user.groups.add(*editor.groups.all())
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def article(client, editor):
    """A piece saved once through the admin, so its revision holds the base."""
    article = ArticleFactory(
        title="Season two dated", body="Draft.", state="draft", published_at=None
    )
    client.force_login(editor)
    client.post(CHANGE_URL.format(article.pk), admin_form_data(article, body=BODY))
    article.refresh_from_db()
    return article


def _post_as(client, user, article, data):
    client.force_login(user)
    return client.post(CHANGE_URL.format(article.pk), data)


def _form(response):
    return response.context["adminform"].form


def _resubmit(response) -> dict:
    """The merge view's form posted back as it stands (the editor confirms)."""
    data = _form(response).data
    return {key: data.getlist(key) for key in data}


def test_changes_to_different_paragraphs_merge_and_save_on_confirm(
    client, editor, other_editor, article
):
    mine, theirs = admin_form_data(article), admin_form_data(article)
    saved = _post_as(
        client, editor, article, {**theirs, "body": BODY.replace("one.", "one, A.")}
    )
    assert saved.status_code == 302

    refused = _post_as(
        client,
        other_editor,
        article,
        {**mine, "body": BODY.replace("three.", "three, B.")},
    )
    assert refused.status_code == 200
    assert "Merge your changes with Eddie Editor’s" in refused.content.decode()
    article.refresh_from_db()
    assert article.body == BODY.replace("one.", "one, A.")  # nothing saved yet
    merged = "Paragraph one, A.\n\nParagraph two.\n\nParagraph three, B."
    assert _form(refused)["body"].value() == merged
    html = refused.content.decode()
    assert "Paragraph one<ins>, A</ins>." in html  # their words, marked
    assert "Paragraph three<ins>, B</ins>." in html  # mine

    confirmed = _post_as(client, other_editor, article, _resubmit(refused))
    assert confirmed.status_code == 302
    article.refresh_from_db()
    assert article.body == merged


def test_the_same_paragraph_changed_twice_keeps_both_and_cannot_be_saved_marked(
    client, editor, other_editor, article
):
    mine, theirs = admin_form_data(article), admin_form_data(article)
    _post_as(client, editor, article, {**theirs, "body": BODY.replace("two.", "2 <A>")})
    refused = _post_as(
        client, other_editor, article, {**mine, "body": BODY.replace("two.", "2 <B>")}
    )
    html = refused.content.decode()
    assert "2 &lt;A&gt;" in html and "2 &lt;B&gt;" in html  # both shown, escaped
    assert "<A>" not in html and "<B>" not in html
    body = _form(refused)["body"].value()
    assert "2 <A>" in body and "2 <B>" in body and MARK_MINE in body

    marked = _post_as(client, other_editor, article, _resubmit(refused))
    assert marked.status_code == 200
    assert "Resolve the marked conflicts" in marked.content.decode()
    article.refresh_from_db()
    assert article.body == BODY.replace("two.", "2 <A>")

    resolved = {**_resubmit(refused), "body": BODY.replace("two.", "2 <A> <B>")}
    assert _post_as(client, other_editor, article, resolved).status_code == 302
    article.refresh_from_db()
    assert article.body == BODY.replace("two.", "2 <A> <B>")


def test_a_field_only_they_changed_takes_their_value(
    client, editor, other_editor, article
):
    mine, theirs = admin_form_data(article), admin_form_data(article)
    _post_as(client, editor, article, {**theirs, "title": "Season two: it's official"})
    refused = _post_as(
        client, other_editor, article, {**mine, "body": BODY + "\n\nMore."}
    )
    form = _form(refused)
    assert form["title"].value() == "Season two: it's official"
    assert "Changed by Eddie Editor only" in refused.content.decode()
    confirmed = _post_as(client, other_editor, article, _resubmit(refused))
    assert confirmed.status_code == 302
    article.refresh_from_db()
    assert article.title == "Season two: it's official"
    assert article.body == BODY + "\n\nMore."


def test_a_field_both_changed_holds_mine_and_offers_theirs(
    client, editor, other_editor, article
):
    mine, theirs = admin_form_data(article), admin_form_data(article)
    _post_as(client, editor, article, {**theirs, "title": "Theirs <b>"})
    refused = _post_as(client, other_editor, article, {**mine, "title": "Mine"})
    html = refused.content.decode()
    assert _form(refused)["title"].value() == "Mine"
    assert 'data-theirs="Theirs &lt;b&gt;"' in html
    assert "Keep theirs" in html


def test_tags_merge_as_sets(client, editor, other_editor, article):
    kept, dropped = TagFactory(name="Kept"), TagFactory(name="Dropped")
    article.tags.add(kept, dropped)
    _post_as(client, editor, article, admin_form_data(article))  # base with both
    article.refresh_from_db()
    mine, theirs = admin_form_data(article), admin_form_data(article)
    added_by_them, added_by_me = TagFactory(name="Theirs"), TagFactory(name="Mine")
    _post_as(
        client,
        editor,
        article,
        {**theirs, "tags": [kept.pk, dropped.pk, added_by_them.pk]},
    )
    refused = _post_as(
        client, other_editor, article, {**mine, "tags": [kept.pk, added_by_me.pk]}
    )
    assert refused.status_code == 200
    assert (
        _post_as(client, other_editor, article, _resubmit(refused)).status_code == 302
    )
    assert set(article.tags.values_list("name", flat=True)) == {
        "Kept",
        "Theirs",
        "Mine",
    }


def test_a_save_made_while_merging_merges_again(client, editor, other_editor, article):
    mine, theirs = admin_form_data(article), admin_form_data(article)
    _post_as(
        client, editor, article, {**theirs, "body": BODY.replace("one.", "one, A.")}
    )
    refused = _post_as(
        client,
        other_editor,
        article,
        {**mine, "body": BODY.replace("three.", "three, B.")},
    )
    # A third save lands while the second editor reads the merge.
    article.refresh_from_db()
    third = admin_form_data(article)
    _post_as(
        client,
        editor,
        article,
        {**third, "body": article.body.replace("two.", "two, C.")},
    )

    again = _post_as(client, other_editor, article, _resubmit(refused))
    assert again.status_code == 200  # refused again, merged again
    merged = "Paragraph one, A.\n\nParagraph two, C.\n\nParagraph three, B."
    assert _form(again)["body"].value() == merged
    assert _post_as(client, other_editor, article, _resubmit(again)).status_code == 302
    article.refresh_from_db()
    assert article.body == merged


def test_without_the_base_every_difference_is_a_conflict(client, editor, other_editor):
    # Never saved through the admin: no revision.
    article = ArticleFactory(body=BODY, state="draft", published_at=None)
    mine, theirs = admin_form_data(article), admin_form_data(article)
    _post_as(
        client, editor, article, {**theirs, "body": BODY.replace("one.", "one, A.")}
    )
    refused = _post_as(
        client,
        other_editor,
        article,
        {**mine, "body": BODY.replace("three.", "three, B.")},
    )
    body = _form(refused)["body"].value()
    assert has_conflict_markers(body)
    assert "one, A." in body and "three, B." in body
    html = refused.content.decode()
    assert "was not found" in html and "Before either change" not in html


def test_the_base_is_the_revision_of_the_loaded_version(client, editor, article):
    version = article.version
    _post_as(client, editor, article, admin_form_data(article, body="Later."))
    assert snapshot_at_version(article, version)["body"] == BODY
    assert snapshot_at_version(article, version + 1)["body"] == "Later."
    assert snapshot_at_version(article, 999) is None
    assert snapshot_at_version(article, None) is None


def test_an_unchanged_form_saves_without_a_merge(client, other_editor, article):
    response = _post_as(client, other_editor, article, admin_form_data(article))
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).version == article.version + 1


def test_changed_words_are_marked_within_a_paragraph():
    assert word_segments("The cast returns.", "The whole cast returns!") == [
        (False, "The"),
        (True, " whole"),
        (False, " cast returns"),
        (True, "!"),
    ]
