"""Every app's migrations run back to zero and forward again, on both databases.

Each round trip runs in its own process against a throwaway database
(``tests/migration_roundtrip.py``), so the test run's own database is never touched.
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 240  # generous for a loaded machine; a round trip takes ~20 s of CPU


def round_trip(database_url: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    return subprocess.run(
        [sys.executable, "-m", "tests.migration_roundtrip"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def assert_round_trip(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, result.stderr[-3000:]
    assert "round trip ok" in result.stdout


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="its throwaway SQLite file is the same in either pass: it runs in the "
    "SQLite pass (CI runs both)",
)
def test_every_app_migrates_to_zero_and_back_on_sqlite(tmp_path):
    assert_round_trip(round_trip(f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}"))


@pytest.fixture
def throwaway_postgres():
    """An empty PostgreSQL database beside the test run's own, dropped afterwards."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the test run is on SQLite: no PostgreSQL server to use")
    name = f"{db['NAME']}_roundtrip"[:63]
    server = {
        "host": db["HOST"] or "localhost",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    yield f"postgres://{db['USER']}{password}@{server['host']}:{server['port']}/{name}"
    with psycopg.connect(**server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_every_app_migrates_to_zero_and_back_on_postgresql(throwaway_postgres):
    assert_round_trip(round_trip(throwaway_postgres))
