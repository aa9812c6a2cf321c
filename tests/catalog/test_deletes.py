"""Deleting catalog rows that pieces show: refused while published or scheduled pieces
show them (admin, bulk action, code), confirmed with the drafts listed otherwise."""

import datetime

import pytest
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from catalog import deletion, services
from catalog.deletion import CatalogRowInUse, DraftsNotConfirmed
from catalog.models import Credit, Episode, Person, Season, Show, SourceVolume
from tests.catalog_helpers import form_data
from tests.factories import (
    ArticleFactory,
    CreditFactory,
    EpisodeFactory,
    SeasonFactory,
)
from tests.livefacts_helpers import make_catalog

pytestmark = pytest.mark.django_db


def delete_url(obj):
    return reverse(f"admin:catalog_{obj._meta.model_name}_delete", args=[obj.pk])


def changelist_url(model):
    return reverse(f"admin:catalog_{model._meta.model_name}_changelist")


def article_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def catalog():
    return make_catalog()


def test_a_season_a_published_piece_embeds_is_refused_with_the_piece_linked(
    client, editor, catalog
):
    piece = ArticleFactory(
        title="Season 2 is coming", body="[[release season=heartstopper/2]]"
    )
    client.force_login(editor)
    page = client.get(delete_url(catalog.season))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Published or scheduled pieces show" in html
    assert f'href="{article_url(piece)}"' in html and "Season 2 is coming" in html
    assert "Yes, I’m sure" not in html
    forced = client.post(delete_url(catalog.season), {"post": "yes"})
    assert forced.status_code == 409
    assert Season.objects.filter(pk=catalog.season.pk).exists()


def test_deleting_a_show_is_refused_when_a_piece_embeds_one_of_its_seasons(
    client, editor, catalog
):
    """The delete would cascade to the season the piece shows."""
    piece = ArticleFactory(body="[[factbox season=heartstopper/3]]")
    client.force_login(editor)
    html = client.get(delete_url(catalog.show)).content.decode()
    assert article_url(piece) in html
    assert "Season: " in html and "(embedded)" in html
    assert client.post(delete_url(catalog.show), {"post": "yes"}).status_code == 409
    assert Show.objects.filter(pk=catalog.show.pk).exists()


def test_a_scheduled_piece_blocks_like_a_published_one(client, editor, catalog):
    ArticleFactory(
        body="{{character:heartstopper/nick-nelson.actor}}",
        published_at=timezone.now() + datetime.timedelta(days=2),
    )
    client.force_login(editor)
    html = client.get(delete_url(catalog.character)).content.decode()
    assert "(Scheduled)" in html
    assert (
        client.post(delete_url(catalog.character), {"post": "yes"}).status_code == 409
    )


def test_a_subject_blocks_the_delete(client, editor, catalog):
    piece = ArticleFactory(body="")
    piece.subject_people.add(catalog.actor)
    client.force_login(editor)
    html = client.get(delete_url(catalog.actor)).content.decode()
    assert "Person: Kit Connor (subject)" in html
    client.post(delete_url(catalog.actor), {"post": "yes"})
    assert Person.objects.filter(pk=catalog.actor.pk).exists()


def test_bulk_delete_is_refused_and_a_forced_post_is_a_conflict(
    client, editor, catalog
):
    piece = ArticleFactory(body="[[cast show=heartstopper]]")
    unused = EpisodeFactory()
    client.force_login(editor)
    data = {"action": "delete_selected", "_selected_action": [catalog.show.pk]}
    page = client.post(changelist_url(Show), data)
    assert page.status_code == 200  # the confirmation step, refusing
    assert article_url(piece) in page.content.decode()
    forced = client.post(changelist_url(Show), {**data, "post": "yes"})
    assert forced.status_code == 409
    assert Show.objects.filter(pk=catalog.show.pk).exists()
    # Rows nothing shows go as before.
    client.post(
        changelist_url(Episode),
        {"action": "delete_selected", "_selected_action": [unused.pk], "post": "yes"},
    )
    assert not Episode.objects.filter(pk=unused.pk).exists()


def test_rows_only_drafts_show_are_deleted_after_confirming_with_the_drafts_listed(
    client, editor, catalog
):
    draft = ArticleFactory(
        title="Draft about books",
        state="draft",
        published_at=None,
        body="{{volume:heartstopper-books/3.status}}",
    )
    client.force_login(editor)
    page = client.get(delete_url(catalog.volume)).content.decode()
    assert "Drafts that show this" in page and article_url(draft) in page
    assert 'name="drafts_confirmed"' in page
    unconfirmed = client.post(delete_url(catalog.volume), {"post": "yes"})
    assert unconfirmed.status_code == 409
    assert SourceVolume.objects.filter(pk=catalog.volume.pk).exists()
    done = client.post(
        delete_url(catalog.volume), {"post": "yes", "drafts_confirmed": "1"}
    )
    assert done.status_code == 302
    assert not SourceVolume.objects.filter(pk=catalog.volume.pk).exists()


def test_bulk_delete_of_rows_drafts_show_asks_and_then_deletes(client, editor, catalog):
    ArticleFactory(state="draft", published_at=None, body="[[cast show=heartstopper]]")
    client.force_login(editor)
    data = {"action": "delete_selected", "_selected_action": [catalog.show.pk]}
    assert (
        "Drafts that show this"
        in client.post(changelist_url(Show), data).content.decode()
    )
    done = client.post(
        changelist_url(Show), {**data, "post": "yes", "drafts_confirmed": "1"}
    )
    assert done.status_code == 302
    assert not Show.objects.filter(pk=catalog.show.pk).exists()
    assert not Credit.objects.exists()


def test_the_service_refuses_and_asks_as_the_admin_does(editor, catalog):
    ArticleFactory(body="[[release season=heartstopper/2]]")
    ArticleFactory(
        state="draft", published_at=None, body="[[release season=heartstopper/3]]"
    )
    with pytest.raises(CatalogRowInUse) as refused:
        services.catalog_delete(objects=[catalog.season], by=editor)
    assert "Replace or remove their embeds" in str(refused.value)
    with pytest.raises(DraftsNotConfirmed):
        services.catalog_delete(objects=[catalog.other_season], by=editor)
    deleted = services.catalog_delete(
        objects=[catalog.other_season], by=editor, drafts_confirmed=True
    )
    assert deleted >= 1
    assert not Season.objects.filter(pk=catalog.other_season.pk).exists()


def test_code_cannot_delete_a_row_a_published_piece_shows(catalog):
    """The model-level guard: a ProtectedError, as on_delete=PROTECT gives."""
    ArticleFactory(body="[[factbox season=heartstopper/2]]")
    # Refused inside the delete's transaction: like any database error, it spoils
    # an outer atomic block, so each attempt gets its own.
    with pytest.raises(ProtectedError), transaction.atomic():
        catalog.season.delete()
    with pytest.raises(CatalogRowInUse), transaction.atomic():
        Show.objects.filter(pk=catalog.show.pk).delete()  # cascades to the season
    assert Season.objects.filter(pk=catalog.season.pk).exists()
    with deletion.without_usage_check():
        catalog.season.delete()
    assert not Season.objects.filter(pk=catalog.season.pk).exists()


def test_code_may_delete_rows_only_drafts_show(catalog):
    ArticleFactory(
        state="draft", published_at=None, body="[[factbox season=heartstopper/2]]"
    )
    catalog.season.delete()
    assert not Season.objects.filter(pk=catalog.season.pk).exists()


def plan_queries(show) -> tuple[int, deletion.DeletionPlan]:
    with CaptureQueriesContext(connection) as queries:
        plan = deletion.deletion_plan([Show.objects.get(pk=show.pk)])
    return len(queries), plan


def test_the_plan_takes_the_same_queries_however_much_cascades(catalog):
    def grow(times):
        for _ in range(times):
            number = catalog.show.seasons.count() + 10
            season = SeasonFactory(show=catalog.show, number=number)
            EpisodeFactory(season=season, number=1)
            CreditFactory(show=catalog.show, season=season)
            ArticleFactory(body=f"{{{{episode:heartstopper/{number}/1.title}}}}")
            ArticleFactory(body=f"[[factbox season=heartstopper/{number}]]")

    grow(1)
    small, small_plan = plan_queries(catalog.show)
    grow(10)
    large, large_plan = plan_queries(catalog.show)
    assert large_plan.count >= small_plan.count + 30
    assert len(large_plan.blocking) == len(small_plan.blocking) + 20
    assert large == small


def tick_delete(data: dict, prefix: str, pk: int) -> dict:
    """The change form's data with the inline row of ``pk`` ticked for deletion."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    index = next(
        i for i in range(total) if str(data.get(f"{prefix}-{i}-id")) == str(pk)
    )
    return {**data, f"{prefix}-{index}-DELETE": "on"}


def test_an_inline_delete_of_a_season_a_piece_shows_is_refused_on_the_form(
    client, editor, catalog
):
    ArticleFactory(title="Coming soon", body="[[release season=heartstopper/2]]")
    client.force_login(editor)
    change = reverse("admin:catalog_show_change", args=[catalog.show.pk])
    data = form_data(client.get(change))
    refused = client.post(change, tick_delete(data, "seasons", catalog.season.pk))
    assert refused.status_code == 200
    assert "Published or scheduled pieces show rows ticked" in refused.content.decode()
    assert "“Coming soon” (Published)" in refused.content.decode()
    assert Season.objects.filter(pk=catalog.season.pk).exists()
    done = client.post(change, tick_delete(data, "seasons", catalog.other_season.pk))
    assert done.status_code == 302
    assert not Season.objects.filter(pk=catalog.other_season.pk).exists()
    recoverable = Version.objects.get_deleted(Season)
    assert str(catalog.other_season.pk) in {v.object_id for v in recoverable}
