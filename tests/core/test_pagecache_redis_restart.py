"""A real Redis stops, an article is edited, Redis comes back with its saved (old)
pages: the reader gets the edited page, because the version is in the database.

Starts a private ``redis-server`` on a free port with its own data directory (never
the shared one); skipped where redis-server is not installed. Runs on SQLite and on
PostgreSQL.
"""

import shutil
import socket
import subprocess
import time

import pytest

from tests.factories import ArticleFactory

redis = pytest.importorskip("redis")

pytestmark = pytest.mark.django_db

REDIS_SERVER = shutil.which("redis-server")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """One redis-server that saves its data to ``directory`` and loads it again."""

    def __init__(self, directory):
        self.directory = directory
        self.port = _free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.directory),
                "--save",
                "1 1",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                if self.client().ping():
                    return
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(
                        "the private redis-server did not start"
                    ) from None
                time.sleep(0.05)

    def stop(self) -> None:
        """Shut down saving its data, as a restart would."""
        try:
            self.client().shutdown(save=True)
        except redis.exceptions.ConnectionError:
            pass  # the server closes the connection as it goes
        self.process.wait(timeout=10)
        self.process = None

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def private_redis(tmp_path):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def redis_cache(settings, page_cache, private_redis):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": private_redis.url,
            "KEY_PREFIX": "restart-test",
        }
    }
    # Each process rests a failed cache for a while (core/cacheguard.py); here the
    # cache is tried again at once, so the page is stored as soon as Redis is back.
    settings.CACHE_RETRY_SECONDS = 0
    return private_redis


def test_an_edit_made_while_redis_is_down_shows_after_redis_restarts_with_old_data(
    client, redis_cache
):
    piece = ArticleFactory(title="Before the outage")
    url = piece.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"

    redis_cache.stop()
    piece.title = "Edited while Redis was down"
    piece.save()  # succeeds: versions are bumped in the database, not in Redis
    while_down = client.get(url)
    assert while_down.status_code == 200
    assert "Edited while Redis was down" in while_down.content.decode()

    redis_cache.start()
    assert redis_cache.client().dbsize() > 0  # the old page came back with it

    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Edited while Redis was down" in response.content.decode()
    assert "Before the outage" not in response.content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
