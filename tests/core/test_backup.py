"""Backups: the demo site comes back whole from `backup` then `restore`, row by row
and file by file, and `restore` refuses what it cannot take before writing anything."""

import hashlib
import io
import json
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from catalog.models import Show
from comments.models import Comment
from core import backup
from core.backup import storage_files
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _needs_postgresql_client():
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump and pg_restore (postgresql-client) are not installed")


# Committed rows, as pg_dump (another process) and SQLite's backup API read them.
pytestmark = pytest.mark.django_db(transaction=True)


def every_table() -> dict[str, list[str]]:
    """Each table's rows, sorted, raw: every model, every many-to-many table,
    django_migrations, SQLite's search indexes."""
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = sorted(map(repr, cursor.fetchall()))
    return rows


def media_hashes() -> dict[str, str]:
    hashes = {}
    for name in storage_files(default_storage):
        with default_storage.open(name, "rb") as f:
            hashes[name] = hashlib.sha256(f.read()).hexdigest()
    return hashes


def make_backup(tmp_path) -> Path:
    out = io.StringIO()
    call_command("backup", output=tmp_path / "backups", stdout=out)
    return Path(out.getvalue().strip())


def test_restore_brings_back_every_row_and_media_file_of_the_demo_site(
    committed_demo, tmp_path
):
    rows, files = every_table(), media_hashes()
    model_tables = {
        m._meta.db_table for m in apps.get_models(include_auto_created=True)
    }
    assert model_tables <= rows.keys()
    assert rows["articles_article"] and rows["catalog_show"] and len(files) > 10
    folder = make_backup(tmp_path)

    assert folder.stat().st_mode & 0o077 == 0  # password hashes, e-mail addresses
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["vendor"] == connection.vendor
    assert "0001_initial" in manifest["migrations"]["articles"]
    assert {f["name"]: f["sha256"] for f in manifest["media"]["files"]} == files

    # The site moves on after the backup: rows changed, added and deleted, a picture
    # deleted and one overwritten.
    Show.objects.update(title="Renamed after the backup")
    UserFactory(username="joined-after-the-backup")
    Comment.objects.all().delete()
    gone, changed = sorted(files)[:2]
    default_storage.delete(gone)
    default_storage.delete(changed)
    default_storage.save(changed, ContentFile(b"not the picture"))
    assert every_table() != rows and media_hashes() != files

    call_command("restore", folder, force=True, stdout=io.StringIO())

    after = every_table()
    for table, table_rows in rows.items():
        assert after[table] == table_rows, f"{table} differs after the restore"
    assert after.keys() == rows.keys()
    assert media_hashes() == files


@contextmanager
def scratch_postgresql_database():
    """The default connection pointed at a new, empty database, dropped after."""
    name = f"{connection.settings_dict['NAME']}_scratch"
    quoted = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
        cursor.execute(f"CREATE DATABASE {quoted}")
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


def test_restore_rebuilds_the_site_in_a_new_postgresql_database(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("a new SQLite database is a new file; pg_restore is PostgreSQL's")
    UserFactory(username="in-the-backup")
    default_storage.save("images/originals/picture.txt", ContentFile(b"picture"))
    rows, files = every_table(), media_hashes()
    folder = make_backup(tmp_path)
    default_storage.delete("images/originals/picture.txt")
    monkeypatch.setattr("builtins.input", lambda question: pytest.fail("asked"))

    with scratch_postgresql_database():
        assert every_table() == {}
        call_command("restore", folder, stdout=io.StringIO())  # empty: nothing to ask
        assert every_table() == rows

    assert media_hashes() == files


def test_restore_refuses_a_backup_of_another_database_vendor(tmp_path):
    folder = make_backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["vendor"] = "mysql"
    (folder / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(
        CommandError, match=f"of a mysql database .* on {connection.vendor}"
    ):
        call_command("restore", folder, force=True)


def test_restore_refuses_a_backup_made_by_newer_migrations(tmp_path):
    folder = make_backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["migrations"]["articles"].append("9999_from_the_future")
    (folder / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(
        CommandError, match=r"newer code.*articles\.9999_from_the_future"
    ):
        call_command("restore", folder, force=True)


def test_restore_refuses_a_damaged_backup(tmp_path):
    folder = make_backup(tmp_path)
    database = next(folder.glob("database.*"))
    database.write_bytes(database.read_bytes() + b"x")

    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", folder, force=True)


def test_restore_refuses_a_damaged_media_file(tmp_path):
    default_storage.save("images/originals/a.txt", ContentFile(b"picture"))
    folder = make_backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["media"]["files"][0]["sha256"] = "0" * 64
    (folder / "manifest.json").write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="images/originals/a.txt.*damaged"):
        call_command("restore", folder, force=True)


def test_restore_over_content_asks_and_a_no_changes_nothing(tmp_path, monkeypatch):
    folder = make_backup(tmp_path)
    UserFactory(username="already-here")
    asked = []
    monkeypatch.setattr(
        "builtins.input", lambda question: asked.append(question) or "no"
    )

    with pytest.raises(CommandError, match="cancelled; nothing was changed"):
        call_command("restore", folder)

    assert "This site has content" in asked[0]
    assert apps.get_model("auth.User").objects.filter(username="already-here").exists()


def test_restore_over_content_without_a_terminal_asks_for_force(
    db, tmp_path, monkeypatch
):
    folder = make_backup(tmp_path)
    default_storage.save("images/originals/kept.txt", ContentFile(b"kept"))

    def no_terminal(question):
        raise EOFError

    monkeypatch.setattr("builtins.input", no_terminal)

    with pytest.raises(CommandError, match="pass --force"):
        call_command("restore", folder)
    assert default_storage.exists("images/originals/kept.txt")


def test_restore_of_a_folder_that_is_no_backup_says_so(tmp_path):
    with pytest.raises(CommandError, match="is not a backup"):
        call_command("restore", tmp_path, force=True)


def test_backup_without_pg_dump_names_the_package_to_install(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite needs no client program")
    monkeypatch.setattr(backup.shutil, "which", lambda program: None)

    with pytest.raises(
        CommandError, match="pg_dump is not installed.*postgresql-client"
    ):
        call_command("backup", output=tmp_path)
    assert not list(tmp_path.iterdir())
