"""The reference index follows every save (admin and code) and subject change, and
the catalog admin shows "Used in N articles"."""

import pytest
from django.db import transaction

from catalog.deletion import without_usage_check
from catalog.models import Season
from livefacts.models import ArticleReference
from tests.articles_helpers import CHANGE_URL, admin_form_data
from tests.factories import ArticleFactory
from tests.livefacts_helpers import make_catalog

pytestmark = pytest.mark.django_db


def refs(article) -> set:
    return {
        (r.content_type.model, r.object_id, r.via)
        for r in ArticleReference.objects.filter(article=article)
    }


def test_code_saves_index_embeds(django_assert_num_queries):
    catalog = make_catalog()
    article = ArticleFactory(
        body="[[factbox season=heartstopper/2]] \n\n{{show:heartstopper.status}}"
    )
    assert refs(article) == {
        ("season", catalog.season.pk, "embed"),
        ("show", catalog.show.pk, "embed"),
    }
    article.body = "{{character:heartstopper/nick-nelson.name}}"
    article.save()
    assert refs(article) == {("character", catalog.character.pk, "embed")}


def test_subject_changes_are_indexed_from_either_side():
    catalog = make_catalog()
    article = ArticleFactory(body="")
    article.subject_seasons.add(catalog.season)
    catalog.show.articles.add(article)
    assert refs(article) == {
        ("season", catalog.season.pk, "subject"),
        ("show", catalog.show.pk, "subject"),
    }
    article.subject_seasons.remove(catalog.season)
    catalog.show.articles.clear()
    assert refs(article) == set()


def test_which_articles_use_a_season_is_one_query(django_assert_num_queries):
    catalog = make_catalog()
    users = [ArticleFactory(body="[[release season=heartstopper/2]]") for _ in range(3)]
    ArticleFactory(body="[[release season=heartstopper/3]]")
    with django_assert_num_queries(1):
        found = set(
            ArticleReference.objects.to_object(catalog.season).values_list(
                "article_id", flat=True
            )
        )
    assert found == {a.pk for a in users}


def test_a_failed_save_leaves_no_index_rows():
    catalog = make_catalog()
    article = ArticleFactory(body="")
    with pytest.raises(RuntimeError), transaction.atomic():
        article.body = "[[release season=heartstopper/2]]"
        article.save()
        raise RuntimeError
    assert not ArticleReference.objects.to_object(catalog.season).exists()


def test_admin_saves_index_embeds_and_subjects(client, editor):
    catalog = make_catalog()
    article = ArticleFactory(body="", state="draft", published_at=None)
    client.force_login(editor)
    data = admin_form_data(article, body="[[cast show=heartstopper]]")
    data["subject_seasons"] = [catalog.season.pk]
    response = client.post(CHANGE_URL.format(article.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert refs(article) == {
        ("show", catalog.show.pk, "embed"),
        ("season", catalog.season.pk, "subject"),
    }


def test_admin_refuses_unknown_references_with_their_line_and_keeps_the_text(
    client, editor
):
    make_catalog()
    article = ArticleFactory(body="", state="draft", published_at=None)
    client.force_login(editor)
    body = "Intro\n\n[[factbox season=heartstopper/7]]"
    response = client.post(
        CHANGE_URL.format(article.pk), admin_form_data(article, body=body)
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["body"] == [
        "Line 3: there is no season “heartstopper/7” in the catalog (in "
        "[[factbox season=heartstopper/7]])."
    ]
    assert form.data["body"] == body


def test_catalog_admin_shows_used_in_n_articles(client, editor):
    catalog = make_catalog()
    a = ArticleFactory(title="Embeds it", body="[[release season=heartstopper/2]]")
    b = ArticleFactory(title="About it", body="")
    b.subject_seasons.add(catalog.season)
    ArticleFactory(title="Unrelated", body="")
    client.force_login(editor)
    html = client.get(f"/admin/catalog/season/{catalog.season.pk}/change/").content
    html = html.decode()
    assert "Used in 2 articles" in html
    assert f"/admin/articles/article/{a.pk}/change/" in html
    assert f"/admin/articles/article/{b.pk}/change/" in html
    assert "Unrelated" not in html


def test_catalog_never_imports_articles():
    import pathlib

    for path in pathlib.Path("catalog").rglob("*.py"):
        text = path.read_text()
        assert "from articles" not in text and "import articles" not in text, path


def test_every_catalog_admin_still_works_with_the_panel(client, editor):
    catalog = make_catalog()
    client.force_login(editor)
    for url in [
        f"/admin/catalog/show/{catalog.show.pk}/change/",
        f"/admin/catalog/person/{catalog.actor.pk}/change/",
        f"/admin/catalog/character/{catalog.character.pk}/change/",
        f"/admin/catalog/sourcework/{catalog.work.pk}/change/",
        f"/admin/catalog/sourcevolume/{catalog.volume.pk}/change/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("Used in 0 articles") == 1, url
    assert Season.objects.count() == 2


def test_deleting_a_catalog_object_removes_its_index_rows_and_snapshots():
    from livefacts.models import FactSnapshot

    catalog = make_catalog()
    ArticleFactory(body="[[release season=heartstopper/3]]")
    assert ArticleReference.objects.to_object(catalog.other_season).exists()
    assert FactSnapshot.objects.for_object(catalog.other_season).exists()
    season = Season.objects.get(pk=catalog.other_season.pk)
    with without_usage_check():  # a published piece shows it
        season.delete()
    season.pk = catalog.other_season.pk
    assert not ArticleReference.objects.to_object(season).exists()
    assert not FactSnapshot.objects.for_object(season).exists()
