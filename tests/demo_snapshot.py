"""Committed test data built once per test process and copied back afterwards.

``DatabaseSnapshot`` keeps what a builder committed (rows and media files) and puts
it back in a fraction of the build's time; ``DemoSnapshot`` is one for ``load_demo``.

Browser tests commit (the live server reads what they write), so each one used to run
``load_demo`` again after the previous test's flush: seconds of inserts and picture
renditions per test. The first load in a process is real; its rows and media files
are then kept in memory and written back for later tests, in a small fraction of
the time. SQLite copies the whole database with its online backup API (full-text
tables included); PostgreSQL copies each table with ``COPY``, inside one
transaction, and moves the sequences past the copied ids.
"""

import atexit
import io
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction

KEPT_OUT = {"django_migrations"}


class DatabaseSnapshot:
    """The whole test database and media folder as a builder committed them.

    ``restore`` replaces everything in the database, so it comes first in a test,
    before anything else is written."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.tables: dict[str, bytes] | None = None
        self.sqlite: sqlite3.Connection | None = None

    @property
    def taken(self) -> bool:
        return self.tables is not None or self.sqlite is not None

    def take(self, media_root: Path) -> None:
        (self.folder / "media").mkdir(parents=True, exist_ok=True)
        if media_root.exists():
            shutil.copytree(media_root, self.folder / "media", dirs_exist_ok=True)
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self.sqlite = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self.sqlite)
            return
        tables = {}
        with connection.cursor() as cursor:
            for table in self._table_names():
                buffer = io.BytesIO()
                with cursor.copy(f'COPY "{table}" TO STDOUT (FORMAT binary)') as copy:
                    for chunk in copy:
                        buffer.write(chunk)
                tables[table] = buffer.getvalue()
        self.tables = tables

    def restore(self, media_root: Path) -> None:
        shutil.copytree(self.folder / "media", media_root, dirs_exist_ok=True)
        connection.ensure_connection()
        ContentType.objects.clear_cache()
        if connection.vendor == "sqlite":
            self.sqlite.backup(connection.connection)
            return
        names = ", ".join(f'"{table}"' for table in self.tables)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {names} CASCADE")
            # Foreign keys are deferred to the commit, so the order does not matter.
            for table, data in self.tables.items():
                with cursor.copy(f'COPY "{table}" FROM STDIN (FORMAT binary)') as copy:
                    copy.write(data)
            cursor.execute(self._sequence_reset_sql())

    def _table_names(self) -> list[str]:
        return sorted(
            name
            for name in connection.introspection.table_names(include_views=False)
            if name not in KEPT_OUT
        )

    @staticmethod
    def _sequence_reset_sql() -> str:
        from django.apps import apps
        from django.core.management.color import no_style

        statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
        return "\n".join(statements) or "SELECT 1"


class DemoSnapshot(DatabaseSnapshot):
    def load(self, media_root: Path) -> None:
        """The demo in the test database and under ``media_root``, committed."""
        if self.taken:
            self.restore(media_root)
        else:
            call_command("load_demo", stdout=io.StringIO())
            self.take(media_root)
        ContentType.objects.clear_cache()


class Kept:
    """What ``build`` commits, built once per test process and put back afterwards:
    the same rows (ids, slugs) and media files, so the objects it returned still
    hold. Putting back replaces the whole database, so a test that commits (a
    browser test) asks for it before writing anything else; a test in a
    transaction gets a build of its own."""

    def __init__(self, build: Callable[[], object]):
        self.build = build
        self.value = None
        self.snapshot: DatabaseSnapshot | None = None

    def __call__(self):
        if connection.in_atomic_block:
            return self.build()
        media_root = Path(settings.MEDIA_ROOT)
        if self.snapshot is not None:
            self.snapshot.restore(media_root)
            return self.value
        value = self.build()
        folder = Path(tempfile.mkdtemp(prefix="showsite-kept-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        snapshot = DatabaseSnapshot(folder)
        snapshot.take(media_root)
        self.value, self.snapshot = value, snapshot
        return value
