"""Backups of the whole site: the database and the uploaded media, a folder each.

A backup folder (``showsite-<UTC time>``) holds

- ``database.sqlite3``, a consistent copy made with SQLite's online backup API while
  the site keeps running, or ``database.pgdump``, PostgreSQL's ``pg_dump`` in its
  custom format;
- ``media.tar``, every file of the default storage, read through the storage API so
  a bucket behind ``STORAGES`` is backed up as a folder is;
- ``manifest.json``: when, which database vendor, which migrations were applied, and
  every file's size and SHA-256.

Restore checks all of it before it writes anything: the files against their hashes,
the vendor against the site's, the migrations against the code's (a backup from newer
code cannot be read by older code). The cache holds nothing a backup needs; restore
only tells the page cache that every page changed.
"""

import hashlib
import json
import logging
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from . import pageversions

logger = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Rows that `migrate` makes by itself: a site holding only these is empty.
BOOKKEEPING_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class RestoreReport:
    created_at: str
    media_files: int = 0
    # Migrations of the code the backup predates: `migrate` applies them.
    pending_migrations: list[str] = field(default_factory=list)


# --- Backup ---------------------------------------------------------------------------


def backup_create(*, root: Path, using: str = "default") -> Path:
    """Write a new backup folder under ``root`` and return it.

    The folder gets its final name only once every file is written, so an interrupted
    backup never looks like a finished one.
    """
    connection = connections[using]
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(
            f"Backups support SQLite and PostgreSQL, not {connection.vendor}."
        )
    now = datetime.now(UTC)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    final = root / f"showsite-{now:%Y%m%dT%H%M%S%fZ}"
    work = root / f".{final.name}.partial"
    # Owner only: the copy holds password hashes and readers' e-mail addresses.
    work.mkdir(mode=0o700)
    try:
        database = work / DATABASE_FILES[connection.vendor]
        if connection.vendor == "sqlite":
            _sqlite_dump(connection, database)
        else:
            _pg_dump(connection, database)
        media = _media_dump(default_storage, work / MEDIA_ARCHIVE)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "vendor": connection.vendor,
            "migrations": _applied_migrations(connection),
            "database": _describe(database),
            "media": {
                "archive": MEDIA_ARCHIVE,
                "storage": f"{type(default_storage).__module__}."
                f"{type(default_storage).__qualname__}",
                "files": media,
            },
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final


def _sqlite_dump(connection, target: Path) -> None:
    if connection.in_atomic_block:  # the copy would wait for this very transaction
        raise BackupError("A backup cannot be made inside a transaction.")
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def _pg_dump(connection, target: Path) -> None:
    _run(["pg_dump", "--format=custom", f"--file={target}"], connection)


def _applied_migrations(connection) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _describe(path: Path) -> dict:
    return {"name": path.name, "size": path.stat().st_size, "sha256": _file_hash(path)}


def _file_hash(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in ``storage``, folders first-level sorted, recursively."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing uploaded yet: MEDIA_ROOT does not exist
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(folders):
        yield from storage_files(
            storage, posixpath.join(folder, name) if folder else name
        )


class _HashingReader:
    """Hashes what tarfile reads, so each file is read once."""

    def __init__(self, f):
        self.f, self.sha256 = f, hashlib.sha256()

    def read(self, size=-1):
        data = self.f.read(size)
        self.sha256.update(data)
        return data


def _media_dump(storage: Storage, target: Path) -> list[dict]:
    listed = []
    with tarfile.open(target, "w") as tar:
        for name in storage_files(storage):
            info = tarfile.TarInfo(name)
            info.size = storage.size(name)
            info.mtime = int(datetime.now(UTC).timestamp())
            with storage.open(name, "rb") as f:
                reader = _HashingReader(f)
                tar.addfile(info, reader)
            listed.append(
                {"name": name, "size": info.size, "sha256": reader.sha256.hexdigest()}
            )
    return listed


# --- Restore --------------------------------------------------------------------------


def manifest_read(folder: Path) -> dict:
    """The backup's manifest, once its files are whole (sizes and hashes match)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}.") from None
    except ValueError as e:
        raise BackupError(f"{folder / MANIFEST} is not valid JSON: {e}.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{folder} has backup format {manifest.get('format')!r}; this Showsite "
            f"reads format {FORMAT}."
        )
    database = manifest["database"]
    path = folder / database["name"]
    if not path.is_file() or _file_hash(path) != database["sha256"]:
        raise BackupError(
            f"{path} is missing or damaged: its SHA-256 is not the manifest's."
        )
    _media_check(folder / manifest["media"]["archive"], manifest["media"]["files"])
    return manifest


def _media_check(archive: Path, files: list[dict]) -> None:
    expected = {f["name"]: f for f in files}
    found = set()
    try:
        with tarfile.open(archive) as tar:
            for member in tar:
                wanted = expected.get(member.name)
                if wanted is None or not member.isfile():
                    raise BackupError(f"{archive} holds {member.name!r}, not listed.")
                digest = hashlib.file_digest(tar.extractfile(member), "sha256")
                if digest.hexdigest() != wanted["sha256"]:
                    raise BackupError(f"{member.name!r} in {archive} is damaged.")
                found.add(member.name)
    except (OSError, tarfile.TarError) as e:
        raise BackupError(f"{archive} cannot be read: {e}.") from None
    if missing := sorted(expected.keys() - found):
        raise BackupError(
            f"{archive} lacks {len(missing)} file(s), e.g. {missing[0]!r}."
        )


def restore_check(manifest: dict, *, using: str = "default") -> list[str]:
    """Refuse a backup this site cannot take; return the code's migrations the
    backup predates (``migrate`` applies them after the restore)."""
    connection = connections[using]
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"This backup is of a {manifest['vendor']} database and this site runs "
            f"on {connection.vendor}. Restore it on a site with the same DATABASE_URL "
            "kind; moving between databases is dumpdata/loaddata's job."
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations.keys()
    in_backup = {
        (app, name) for app, names in manifest["migrations"].items() for name in names
    }
    if newer := sorted(in_backup - set(known)):
        shown = ", ".join(f"{app}.{name}" for app, name in newer[:5])
        raise BackupError(
            f"This backup was made by newer code: it has {len(newer)} migration(s) "
            f"this code does not know ({shown}). Update Showsite to the version that "
            "made the backup, then restore."
        )
    return [f"{app}.{name}" for app, name in sorted(set(known) - in_backup)]


def site_has_content(*, using: str = "default") -> bool:
    """Whether a restore would replace something: any row beyond migrate's own, or
    any uploaded file."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())  # none in a new database
    for model in apps.get_models(include_auto_created=True):
        if (
            model._meta.label_lower in BOOKKEEPING_MODELS
            or model._meta.db_table not in tables
        ):
            continue
        if model._base_manager.using(using).exists():
            return True
    return next(storage_files(default_storage), None) is not None


def backup_restore(
    *,
    folder: Path,
    using: str = "default",
    confirm: Callable[[dict], None] | None = None,
) -> RestoreReport:
    """Replace the site's database and media with the backup's (checked first).

    A site with content is replaced only once ``confirm(manifest)`` returns (it
    raises to refuse); without ``confirm`` it is replaced. The database is replaced
    in one step (SQLite's backup API; ``pg_restore`` in a single transaction), then
    each file of the backup is written back; files uploaded since the backup stay
    (``images_prune_files`` removes those no row uses).
    """
    manifest = manifest_read(folder)
    report = RestoreReport(
        created_at=manifest["created_at"],
        pending_migrations=restore_check(manifest, using=using),
    )
    if confirm is not None and site_has_content(using=using):
        confirm(manifest)
    connection = connections[using]
    database = folder / manifest["database"]["name"]
    if connection.vendor == "sqlite":
        _sqlite_load(connection, database)
    else:
        _pg_load(connection, database)
    report.media_files = _media_load(
        default_storage, folder / manifest["media"]["archive"]
    )
    # The restored rows carry the page versions of the backup's time: leap past
    # every version a page may have been cached under since.
    pageversions.bump_all(leap=True)
    return report


def _sqlite_load(connection, source: Path) -> None:
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")
    connection.ensure_connection()
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        backup.backup(connection.connection)
    finally:
        backup.close()


def _pg_load(connection, source: Path) -> None:
    # Our own session would hold locks that DROP TABLE waits for.
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(source),
        ],
        connection,
    )


def _media_load(storage: Storage, archive: Path) -> int:
    count = 0
    with tarfile.open(archive) as tar:
        for member in tar:
            if storage.exists(member.name):
                storage.delete(member.name)
            saved = storage.save(
                member.name, File(tar.extractfile(member), member.name)
            )
            if saved != member.name:
                raise BackupError(f"{member.name!r} was stored as {saved!r}.")
            count += 1
    return count


# --- PostgreSQL client programs -------------------------------------------------------


def _run(command: list[str], connection) -> None:
    """Run pg_dump or pg_restore against ``connection``'s database."""
    program = command[0]
    if shutil.which(program) is None:
        raise BackupError(
            f"{program} is not installed. Install the PostgreSQL client of the "
            "server's major version (Debian: apt-get install postgresql-client)."
        )
    params = connection.settings_dict
    options = params.get("OPTIONS", {})
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if params.get(key):
            env[variable] = str(params[key])
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
    ):
        if options.get(option):
            env[variable] = str(options[option])
    result = subprocess.run(
        [*command, f"--dbname={params['NAME']}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")
