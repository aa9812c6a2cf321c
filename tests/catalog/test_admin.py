"""The catalog admin: permissions, lists, validation messages and recorded edits."""

import datetime

import pytest
from django.urls import reverse

from catalog.dates import PreciseDate
from catalog.models import (
    Character,
    Credit,
    Episode,
    ExternalRating,
    FactChange,
    Genre,
    Person,
    Platform,
    Season,
    SeasonAdaptation,
    Show,
    Source,
    SourceVolume,
    SourceWork,
    Video,
)
from catalog.models.facts import ROW_FIELD
from tests.catalog_helpers import form_data
from tests.factories import (
    CreditFactory,
    EpisodeFactory,
    ExternalRatingFactory,
    SeasonAdaptationFactory,
    SeasonFactory,
    ShowFactory,
    SourceVolumeFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [
    Character,
    Credit,
    Episode,
    ExternalRating,
    FactChange,
    Genre,
    Person,
    Platform,
    Season,
    Show,
    Source,
    SourceVolume,
    SourceWork,
    Video,
]


def field_changes():
    """Changes to facts, without the rows added (factories add them)."""
    return FactChange.objects.exclude(field=ROW_FIELD)


def _url(model, view, *args):
    return reverse(f"admin:catalog_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def catalog_data():
    season = SeasonFactory(premiere=PreciseDate.quarter(2023, 3))
    EpisodeFactory(season=season)
    CreditFactory(show=season.show)
    VideoFactory(show=season.show)
    ExternalRatingFactory(show=season.show)
    SeasonAdaptationFactory(season=season)
    return season


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_editor_and_author_can_browse_every_catalog_list(
    client, editor, author, catalog_data, model
):
    for user in (editor, author):
        client.force_login(user)
        assert client.get(_url(model, "changelist")).status_code == 200
        assert client.get(_url(model, "changelist"), {"q": "x"}).status_code == 200


def test_changelist_renders_dates_with_their_precision(client, editor, catalog_data):
    client.force_login(editor)
    response = client.get(_url(Season, "changelist"))
    assert "Q3 2023" in response.content.decode()


@pytest.mark.parametrize(
    ("user_fixture", "can_change"), [("editor", True), ("author", False)]
)
def test_authors_read_the_catalog_and_editors_change_it(
    request, client, catalog_data, user_fixture, can_change
):
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    season = catalog_data
    for perm in ("view", "change", "add", "delete"):
        assert user.has_perm(f"catalog.{perm}_season") is (perm == "view" or can_change)
    response = client.get(_url(Season, "change", season.pk))
    assert response.status_code == 200
    data = form_data(response) if can_change else {"release_status": "filming"}
    data["release_status"] = "filming"
    response = client.post(_url(Season, "change", season.pk), data)
    season.refresh_from_db()
    if can_change:
        assert response.status_code == 302
        assert season.release_status == "filming"
    else:
        assert response.status_code == 403
        assert season.release_status == "renewed"
        assert client.get(_url(Season, "add")).status_code == 403


def test_nobody_edits_fact_history_by_hand(client, editor, catalog_data):
    client.force_login(editor)
    catalog_data.release_status = "filming"
    catalog_data.save()
    change = field_changes().get()
    assert client.get(_url(FactChange, "add")).status_code == 403
    assert client.post(_url(FactChange, "delete", change.pk)).status_code == 403


def test_admin_edit_is_recorded_with_the_editor_and_shown_on_the_page(
    client, editor, catalog_data
):
    client.force_login(editor)
    season = catalog_data
    data = form_data(client.get(_url(Season, "change", season.pk)))
    data.update(
        release_status="date_announced",
        premiere_date="2023-08-03",
        premiere_precision="4",
        premiere_confidence="official",
    )
    response = client.post(_url(Season, "change", season.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    changes = {c.field: c for c in field_changes()}
    assert set(changes) == {"release_status", "premiere"}
    assert changes["premiere"].changed_by == editor
    assert changes["premiere"].old_display == "Q3 2023 (official)"
    page = client.get(_url(Season, "change", season.pk)).content.decode()
    assert "Fact history" in page
    assert "3 August 2023 (official)" in page


def test_inline_edits_are_recorded_for_the_editor(client, editor):
    episode = EpisodeFactory()
    client.force_login(editor)
    url = _url(Season, "change", episode.season.pk)
    data = form_data(client.get(url))
    prefix = next(k for k in data if k.endswith("-0-number") and "episode" in k)
    prefix = prefix.removesuffix("-number")
    data[f"{prefix}-air_date"] = "2024-05-01"
    data[f"{prefix}-air_precision"] = "3"
    response = client.post(url, data)
    assert response.status_code == 302
    change = field_changes().get(field="air")
    assert change.changed_by == editor
    assert change.new_display == "May 2024 (official)"


def _post_error(client, url, data, field):
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert field in form.errors, form.errors
    return form.errors[field][0]


def test_admin_names_the_field_for_a_duplicate_season_number(client, editor):
    season = SeasonFactory(number=1)
    other = SeasonFactory(show=season.show, number=2)
    client.force_login(editor)
    url = _url(Season, "change", other.pk)
    data = form_data(client.get(url))
    data["number"] = "1"
    assert "already has a season 1" in _post_error(client, url, data, "number")
    other.refresh_from_db()
    assert other.number == 2
    assert not field_changes().exists()


def test_admin_names_the_field_for_finale_before_premiere(client, editor):
    season = SeasonFactory(premiere=PreciseDate.day(datetime.date(2023, 8, 3)))
    client.force_login(editor)
    url = _url(Season, "change", season.pk)
    data = form_data(client.get(url))
    data.update(finale_date="2023-07-01", finale_precision="4")
    assert "before the premiere" in _post_error(client, url, data, "finale_date")


def test_admin_names_the_field_for_bad_isbn_and_external_ids(client, editor):
    client.force_login(editor)
    volume = SourceVolumeFactory()
    url = _url(SourceVolume, "change", volume.pk)
    data = form_data(client.get(url))
    data["isbn13"] = "9780306406158"
    assert "check digit" in _post_error(client, url, data, "isbn13")

    show = ShowFactory()
    url = _url(Show, "change", show.pk)
    data = form_data(client.get(url))
    data.update(imdb_id="nm1234567", tmdb_id="x1", wikidata_id="P31")
    response = client.post(url, data)
    errors = response.context["adminform"].form.errors
    assert '"tt"' in errors["imdb_id"][0]
    assert "TMDB" in errors["tmdb_id"][0]
    assert "Wikidata" in errors["wikidata_id"][0]


def test_admin_reduces_a_pasted_youtube_url(client, editor):
    client.force_login(editor)
    show = ShowFactory()
    response = client.post(
        _url(Video, "add"),
        {
            "show": show.pk,
            "kind": "trailer",
            "title": "Official trailer",
            "youtube_id": "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3",
            "is_official": "on",
        },
    )
    assert response.status_code == 302
    assert Video.objects.get().youtube_id == "dQw4w9WgXcQ"


def test_an_address_typed_without_a_scheme_is_saved_with_https(client, editor):
    client.force_login(editor)
    response = client.post(
        _url(Source, "add"),
        {"title": "Press release", "url": "about.netflix.com/en/news/heartstopper"},
    )
    assert response.status_code == 302
    assert Source.objects.get().url == "https://about.netflix.com/en/news/heartstopper"
    # Migrations see Django's own field: the difference is only in forms.
    assert Source._meta.get_field("url").deconstruct()[1] == "django.db.models.URLField"


def test_change_pages_link_to_the_public_page(client, editor, catalog_data):
    client.force_login(editor)
    response = client.get(_url(Show, "change", catalog_data.show.pk))
    assert "View on site" in response.content.decode()
    response = client.get(_url(Season, "change", catalog_data.pk))
    assert "View on site" in response.content.decode()


def test_autocomplete_search_answers_for_editors(client, editor):
    show = ShowFactory(title="Heartstopper")
    client.force_login(editor)
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": "heart",
            "app_label": "catalog",
            "model_name": "season",
            "field_name": "show",
        },
    )
    assert response.status_code == 200
    assert str(show.pk) in response.content.decode()


def test_adaptations_are_edited_inline_in_the_season(client, editor):
    adaptation = SeasonAdaptationFactory()
    client.force_login(editor)
    page = client.get(_url(Season, "change", adaptation.season.pk))
    prefixes = [i.formset.prefix for i in page.context["inline_admin_formsets"]]
    assert "adaptations" in prefixes
    assert SeasonAdaptation.objects.count() == 1


def test_roles_give_authors_view_only_and_editors_everything_on_the_catalog(roles):
    from django.contrib.auth.models import Permission

    catalog_perms = set(
        Permission.objects.filter(content_type__app_label="catalog").values_list(
            "codename", flat=True
        )
    )
    editors = set(roles["Editors"].permissions.values_list("codename", flat=True))
    authors = set(roles["Authors"].permissions.values_list("codename", flat=True))
    assert catalog_perms <= editors
    assert catalog_perms & authors == {
        p for p in catalog_perms if p.startswith("view_")
    }
    assert "view_factchange" in authors


@pytest.mark.parametrize(
    "model", [Season, Credit, SourceVolume, ExternalRating, Video, Episode]
)
def test_admin_lists_run_a_fixed_number_of_queries(
    client, editor, model, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def grow():
        for _ in range(3):
            season = SeasonFactory()
            CreditFactory(show=season.show, season=season)
            EpisodeFactory(season=season)
            SourceVolumeFactory()
            VideoFactory(show=season.show, season=season)
            ExternalRatingFactory(show=season.show, season=season)

    client.force_login(editor)
    url = _url(model, "changelist")
    grow()
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(3):
        grow()
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)
