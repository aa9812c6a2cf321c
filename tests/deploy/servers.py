"""The processes of a deployed site, started for a test: a fresh PostgreSQL database,
gunicorn servers and a jobs worker, with the environment production gives them.

Every process is started in its own process group and its output goes to a log file
that a failing test prints. ``stop()`` ends the whole group, so no gunicorn worker
outlives the test.
"""

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

from tests.faults_helpers import BASE_DIR, free_port, wait_until

# Kept out of the servers' environment: the test run's own settings.
TEST_RUN_PREFIXES = (
    "PYTEST",
    "DJANGO_",
    "DATABASE_",
    "CACHE_",
    "JOBS_",
    "EMAIL_",
    "MEDIA_",
    "AWS_",
    "SITE_",
    "COMMENTS_",
)


def server_environment(**settings: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(TEST_RUN_PREFIXES)
    }
    env.update(DJANGO_SETTINGS_MODULE="tests.deploy.settings", **settings)
    return env


class Database:
    """A PostgreSQL database of its own beside the test database, dropped at the end.

    Cloned from the migrated test database (a file copy, well under a second) when
    nobody is connected to it; otherwise made empty, and the setup migrates it.
    """

    def __init__(self, *, name: str, settings: dict, url: str):
        self.name = name
        self.url = urlsplit(url)._replace(path=f"/{name}").geturl()
        self._admin = psycopg.conninfo.make_conninfo(
            dbname="postgres",
            host=settings["HOST"] or None,
            port=str(settings["PORT"] or "") or None,
            user=settings["USER"] or None,
            password=settings["PASSWORD"] or None,
        )
        self.cloned = self._create(template=settings["NAME"])

    def _run(self, statement) -> None:
        with psycopg.connect(self._admin, autocommit=True) as connection:
            connection.execute(statement)

    def _create(self, *, template: str) -> bool:
        create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name))
        try:
            self._run(create + sql.SQL(" TEMPLATE {}").format(sql.Identifier(template)))
            return True
        except psycopg.errors.ObjectInUse:
            self._run(create)
            return False

    def drop(self) -> None:
        self._run(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(self.name)
            )
        )


class Process:
    """A long-running command in its own process group, its output in ``log``."""

    def __init__(self, name: str, command: list[str], env: dict, folder: Path):
        self.name = name
        self.log = folder / f"{name}.log"
        with self.log.open("wb") as log:
            self.popen = subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def running(self) -> bool:
        return self.popen.poll() is None

    def output(self) -> str:
        return f"--- {self.name} ---\n{self.log.read_text(errors='replace')[-4000:]}"

    def signal(self, number: int) -> None:
        try:
            os.killpg(self.popen.pid, number)
        except ProcessLookupError:
            pass

    def stop(self) -> None:
        """End the process group: asked first, killed after ten seconds."""
        self.signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.popen.wait()


def stop_all(processes: list[Process]) -> None:
    """Ask every process to stop at once, then wait for each."""
    for process in processes:
        process.signal(signal.SIGTERM)
    for process in processes:
        process.stop()


class Gunicorn(Process):
    """``gunicorn showsite.wsgi`` with the project's gunicorn.conf.py, as
    ``make serve`` and a Procfile run it; one worker spares a small machine."""

    def __init__(self, name: str, env: dict, folder: Path, *, host: str):
        self.host = host  # what the load balancer passes through
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "gunicorn", "showsite.wsgi"]
        command += ["--config", "gunicorn.conf.py", "--workers", "1"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--timeout", "60"]
        # Each server on one machine needs a control socket of its own.
        command += ["--control-socket", str(folder / f"{name}.ctl")]
        super().__init__(name, command, env, folder)

    def ready(self) -> bool:
        if not self.running():
            raise AssertionError(f"{self.name} exited\n{self.output()}")
        try:
            # As a load balancer's health check must: with the site's host name.
            check = urllib.request.Request(
                self.base + "/healthz", headers={"Host": self.host}
            )
            with urllib.request.urlopen(check, timeout=5) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False


def wait_for(servers: list[Gunicorn]) -> None:
    for server in servers:
        wait_until(server.ready, seconds=60, what=f"{server.name} answering /healthz")
