"""Private, short-lived services for the fault tests: a Redis and a PostgreSQL cluster
each test may stop, hang and restart without disturbing the shared ones.

Each runs on a free port in a temporary folder and is stopped when the test ends. A
machine without ``redis-server`` or PostgreSQL's ``initdb`` skips the test and says why.
"""

import glob
import os
import pwd
import runpy
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.core.cache.backends.base import BaseCache

BASE_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {seconds} s")


class BrokenCache(BaseCache):
    """A cache whose server is down: every call fails as a refused connection does."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("Error 111 connecting to the cache. Connection refused.")

    add = get = set = touch = delete = clear = incr = get_many = set_many = _fail
    delete_many = has_key = _fail


BROKEN_CACHES = {
    "default": {"BACKEND": "tests.faults_helpers.BrokenCache", "LOCATION": "down"}
}


def production_caches(cache_url: str, monkeypatch) -> dict:
    """CACHES as ``showsite/settings.py`` builds them for ``CACHE_URL=cache_url``: the
    timeouts under test are the ones a production server gets."""
    monkeypatch.setenv("CACHE_URL", cache_url)
    monkeypatch.setenv("SHOWSITE_IGNORE_DOTENV", "1")
    monkeypatch.delenv("CACHE_TIMEOUT", raising=False)
    return runpy.run_path(str(BASE_DIR / "showsite" / "settings.py"))["CACHES"]


# --- Redis ----------------------------------------------------------------------------


class PrivateRedis:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.answers, seconds=10, what="redis-server start")

    def answers(self) -> bool:
        import redis

        try:
            return redis.Redis(port=self.port, socket_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def pause(self, milliseconds: int) -> None:
        """Hang every client's commands, as an overloaded or stuck Redis does, for
        ``milliseconds`` (``CLIENT UNPAUSE`` would itself wait that long)."""
        import redis

        redis.Redis(port=self.port).execute_command(
            "CLIENT", "PAUSE", milliseconds, "ALL"
        )


@pytest.fixture
def private_redis(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed: the Redis fault test needs it")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


# --- PostgreSQL -----------------------------------------------------------------------


def _postgres_bin() -> Path | None:
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists():
            return Path(folder)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PrivateCluster:
    """A throw-away PostgreSQL cluster; as root, it runs as the ``postgres`` user
    (initdb refuses root)."""

    def __init__(self, folder: Path, bin_dir: Path, run_as: list[str]):
        self.folder = folder
        self.data = folder / "data"
        self.bin = bin_dir
        self.run_as = run_as
        self.port = free_port()

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *args, **kwargs):
        return subprocess.run(
            [*self.run_as, *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=60,
            **kwargs,
        )

    def init(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.folder} -c fsync=off "
            "-c full_page_writes=off -c synchronous_commit=off"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")

    def create_database(self, name: str) -> None:
        self._run(
            str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), name
        )

    def query(self, database: str, sql: str) -> str:
        return subprocess.run(
            [
                str(self.bin / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-tAc",
                sql,
                database,
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout

    def destroy(self) -> None:
        subprocess.run(
            [
                *self.run_as,
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "stop",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )


@pytest.fixture
def private_postgres():
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL's initdb is not installed: the outage test needs it")
    run_as = []
    # Not under pytest's tmp_path: as root the cluster belongs to the postgres user,
    # who cannot enter root's private temp folders.
    folder = Path(tempfile.mkdtemp(prefix="showsite-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder)
            pytest.skip("running as root with no postgres user: initdb refuses root")
        if shutil.which("runuser") is None:
            shutil.rmtree(folder)
            pytest.skip("running as root without runuser: initdb refuses root")
        run_as = ["runuser", "-u", "postgres", "--"]
        os.chown(folder, user.pw_uid, user.pw_gid)
    cluster = PrivateCluster(folder, bin_dir, run_as)
    try:
        try:
            cluster.init()
        except subprocess.CalledProcessError as error:
            pytest.skip(f"initdb failed here: {error.stderr.decode()[-300:]}")
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()
        shutil.rmtree(folder, ignore_errors=True)
