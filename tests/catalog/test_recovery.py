"""Catalog rows have revision history: a delete keeps everything it removes, and
"Recover deleted" brings a show back with its seasons, episodes, cast and videos.
Who may delete and recover follows the roles."""

import pytest
from django.urls import reverse
from reversion.models import Version

from catalog import services
from catalog.models import (
    Character,
    Credit,
    Episode,
    ExternalRating,
    Person,
    Season,
    SeasonAdaptation,
    Show,
    Video,
)
from tests.catalog_helpers import form_data
from tests.factories import (
    ArticleFactory,
    EpisodeFactory,
    SeasonFactory,
    ShowFactory,
    UserFactory,
)
from tests.livefacts_helpers import make_catalog

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"admin:catalog_{model._meta.model_name}_{view}", args=args)


def deleted_version(model):
    return Version.objects.get_deleted(model).get()


def test_a_recovered_show_brings_back_its_seasons_episodes_cast_and_videos(
    client, editor
):
    catalog = make_catalog()
    EpisodeFactory(season=catalog.season, number=1, title="Out")
    before = {
        model: set(model.objects.values_list("pk", flat=True))
        for model in (Season, Episode, Character, Credit, Video, ExternalRating)
    }
    client.force_login(editor)
    client.post(url(Show, "delete", catalog.show.pk), {"post": "yes"})
    assert not Show.objects.exists() and not Episode.objects.exists()

    listing = client.get(url(Show, "recoverlist"))
    assert listing.status_code == 200 and "Heartstopper" in listing.content.decode()
    version = deleted_version(Show)
    form = client.get(url(Show, "recover", version.pk))
    assert form.status_code == 200
    assert not Show.objects.exists()  # looking at the form recovers nothing
    recovered = client.post(url(Show, "recover", version.pk), form_data(form))
    assert recovered.status_code == 302
    show = Show.objects.get()
    assert show.pk == catalog.show.pk and show.title == "Heartstopper"
    for model, pks in before.items():
        assert set(model.objects.values_list("pk", flat=True)) == pks, model
    assert SeasonAdaptation.objects.filter(season=catalog.season.pk).exists()
    nick = Character.objects.get(slug="nick-nelson")
    assert Credit.objects.filter(character=nick, person=catalog.actor).exists()


def test_a_recovered_person_brings_back_their_credits(client, editor):
    catalog = make_catalog()
    actor_pk = catalog.actor.pk
    credits = set(catalog.actor.credits.values_list("pk", flat=True))
    services.catalog_delete(objects=[catalog.actor], by=editor)
    assert not Credit.objects.filter(pk__in=credits).exists()
    deleted_version(Person).revision.revert()
    person = Person.objects.get(pk=actor_pk)
    assert set(person.credits.values_list("pk", flat=True)) == credits


def test_the_delete_revision_names_who_deleted(editor):
    show = ShowFactory(title="Gone")
    services.catalog_delete(objects=[show], by=editor)
    revision = deleted_version(Show).revision
    assert revision.user == editor and revision.comment.startswith("Deleted")


def test_admin_edits_are_kept_as_history(client, editor):
    catalog = make_catalog()
    client.force_login(editor)
    change = url(Character, "change", catalog.character.pk)
    data = form_data(client.get(change))
    client.post(change, {**data, "name": "Nicholas Nelson"})
    history = client.get(url(Character, "history", catalog.character.pk))
    assert history.status_code == 200
    assert Version.objects.get_for_object(catalog.character).count() == 1


def test_a_catalog_list_offers_recover_deleted(client, editor):
    client.force_login(editor)
    html = client.get(url(Show, "changelist")).content.decode()
    assert url(Show, "recoverlist") in html


# Permission matrix: (role fixture, may delete, may recover)
ROLES = [("editor", True, True), ("author", False, False), ("moderator", False, False)]


@pytest.mark.parametrize(("role", "may_delete", "may_recover"), ROLES)
def test_who_may_delete_and_recover(client, request, role, may_delete, may_recover):
    user = request.getfixturevalue(role)
    keep = ShowFactory(title="Kept")
    gone = ShowFactory(title="Gone")
    services.catalog_delete(objects=[gone], by=request.getfixturevalue("editor"))
    version = deleted_version(Show)
    client.force_login(user)

    delete = client.post(url(Show, "delete", keep.pk), {"post": "yes"})
    assert (delete.status_code == 302) is may_delete
    assert Show.objects.filter(pk=keep.pk).exists() is not may_delete
    bulk = client.post(
        url(Show, "changelist"),
        {"action": "delete_selected", "_selected_action": [keep.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302, 403)  # no such action for the others
    assert Show.objects.filter(pk=keep.pk).exists() is not may_delete

    listing = client.get(url(Show, "recoverlist"))
    assert (listing.status_code == 200) is may_recover
    if not may_recover:
        assert listing.status_code == 403
        assert client.get(url(Show, "recover", version.pk)).status_code == 403
        assert client.post(url(Show, "recover", version.pk), {}).status_code == 403
        assert not Show.objects.filter(title="Gone").exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    gone = ShowFactory(title="Gone")
    keep = ShowFactory(title="Kept")
    services.catalog_delete(objects=[gone], by=UserFactory())
    version = deleted_version(Show)
    for response in (
        client.post(url(Show, "delete", keep.pk), {"post": "yes"}),
        client.get(url(Show, "recoverlist")),
        client.post(url(Show, "recover", version.pk), {}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert Show.objects.filter(pk=keep.pk).exists()
    assert not Show.objects.filter(title="Gone").exists()


def test_reverting_a_show_to_before_a_season_a_piece_shows_is_refused(client, editor):
    """Reverting deletes what the old version lacked: the same guard applies, and
    the editor is told why instead of getting an error page."""
    show = ShowFactory(title="Early", slug="early")
    client.force_login(editor)
    change = url(Show, "change", show.pk)
    client.post(change, form_data(client.get(change)))  # a version with no seasons
    version = Version.objects.get_for_object(show).get()
    season = SeasonFactory(show=show, number=1)
    ArticleFactory(body="[[release season=early/1]]")
    revision = url(Show, "revision", show.pk, version.pk)
    response = client.post(revision, form_data(client.get(revision)), follow=True)
    html = response.content.decode()
    assert "Published or scheduled pieces show this: “Story number" in html
    assert "set()" not in html
    assert Season.objects.filter(pk=season.pk).exists()
