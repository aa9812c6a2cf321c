import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from core.roles import ROLE_PERMISSIONS, sync_roles


def _perms(group):
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.django_db
def test_load_demo_prints_working_logins_and_loads_again_without_duplicates(
    settings, capsys, client
):
    """One test, as each load takes seconds."""
    settings.DEBUG = True
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "editor" in out and "editor-demo" in out
    assert client.login(username="editor", password="editor-demo")
    assert client.get("/admin/").status_code == 200
    User = get_user_model()
    counts = (User.objects.count(), Group.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert (User.objects.count(), Group.objects.count()) == counts
    assert set(Group.objects.values_list("name", flat=True)) == set(ROLE_PERMISSIONS)


@pytest.mark.django_db
def test_load_demo_refuses_demo_users_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")
    assert not get_user_model().objects.filter(username="editor").exists()


@pytest.mark.django_db
def test_load_demo_with_force_uses_random_passwords(settings, capsys, client):
    settings.DEBUG = False
    call_command("load_demo", "--force")
    assert "editor-demo" not in capsys.readouterr().out
    assert not client.login(username="editor", password="editor-demo")


@pytest.mark.django_db
def test_sync_roles_is_idempotent_and_exact():
    groups = sync_roles()
    groups["Editors"].permissions.clear()
    groups = sync_roles()
    assert _perms(groups["Editors"]) == _perms(Group.objects.get(name="Editors"))
    assert Group.objects.filter(name="Editors").count() == 1


@pytest.mark.django_db
def test_moderators_hold_no_article_or_catalog_permission():
    perms = _perms(sync_roles()["Moderators"])
    assert not any(p.startswith(("articles.", "catalog.", "images.")) for p in perms)


@pytest.mark.django_db
def test_authors_can_only_view_the_catalog():
    perms = _perms(sync_roles()["Authors"])
    catalog = {p for p in perms if p.startswith("catalog.")}
    assert all(p.split(".")[1].startswith("view_") for p in catalog)
