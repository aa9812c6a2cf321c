"""A private PostgreSQL cluster stopped and restarted under readers' requests to a
gunicorn server: during the outage only 200 or 503 (with Retry-After), none but
200/302 once it is back, and every comment the server acknowledged is stored.

Nothing here touches the shared PostgreSQL: the cluster lives in a temporary folder
on a free port and is removed afterwards. It needs no test database of its own, so it
runs once, in the suite's PostgreSQL pass (CI runs both passes), not in each.
"""

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from http.cookiejar import CookieJar

import pytest
from django.conf import settings

from tests.faults_helpers import (  # noqa: F401
    BASE_DIR,
    free_port,
    private_postgres,
    wait_until,
)

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="runs in the PostgreSQL pass of the suite (CI runs both)",
)

DATABASE = "showsite_fault"
READERS = 3
SECONDS_PER_PHASE = 2.5


def _server_env(database_url: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "DJANGO_", "CACHE_", "DATABASE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        SHOWSITE_IGNORE_DOTENV="1",
        DATABASE_URL=database_url,
        CACHE_URL="locmemcache://fault",
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="false",
        COMMENTS_MIN_SECONDS="0",
        COMMENTS_RATE_LIMIT_PER_IP="0",
        COMMENTS_RATE_LIMIT_PER_EMAIL="0",
        COMMENTS_TRUST_THRESHOLD="0",
        DATABASE_OUTAGE_RETRY_AFTER="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def _python(env, code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout


# Migrate and add the article in one process: each Django start costs seconds.
SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from tests.factories import ArticleFactory
print(ArticleFactory(slug="outage-watch").pk)
"""


class Reader(threading.Thread):
    """Reads the article and comments on it, over and over, noting every answer."""

    def __init__(self, base, article_id, number, phase, stop):
        super().__init__(daemon=True)
        self.base, self.article_id, self.number = base, article_id, number
        self.phase, self.stop = phase, stop
        self.answers = []  # (phase, what, status, retry_after)
        self.acknowledged = []  # bodies answered with the redirect
        self.sent = 0

    def _open(self, opener, url, data=None):
        request = urllib.request.Request(self.base + url, data=data)
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def _note(self, what, status, headers):
        self.answers.append((self.phase[0], what, status, headers.get("Retry-After")))

    def run(self):
        while not self.stop.is_set():
            opener = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect()
            )
            status, headers, _ = self._open(opener, "/articles/outage-watch/")
            self._note("page", status, headers)
            status, headers, content = self._open(
                opener, f"/comments/token/?article={self.article_id}"
            )
            self._note("token", status, headers)
            if status == 200:
                tokens = json.loads(content)
                self.sent += 1
                body = f"Reader {self.number}, comment {self.sent}"
                form = urllib.parse.urlencode(
                    {
                        "csrfmiddlewaretoken": tokens["csrf_token"],
                        "form_token": tokens["form_token"],
                        "name": f"Reader {self.number}",
                        "email": f"reader{self.number}@example.com",
                        "body": body,
                        "parent": "",
                        "homepage": "",
                    }
                ).encode()
                status, headers, _ = self._open(
                    opener, f"/comments/article/{self.article_id}/write/", form
                )
                self._note("post", status, headers)
                if status == 302:
                    self.acknowledged.append(body)
            time.sleep(0.05)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _answers(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def test_a_database_restart_under_load_answers_503_and_loses_no_comment(
    private_postgres,  # noqa: F811
):
    cluster = private_postgres
    cluster.create_database(DATABASE)
    env = _server_env(cluster.url(DATABASE))
    article_id = int(_python(env, SETUP).strip().splitlines()[-1])

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "showsite.wsgi",
            "--workers",
            "2",
            "--preload",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "20",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    phase, stop = ["before"], threading.Event()
    readers = [Reader(base, article_id, n, phase, stop) for n in range(READERS)]
    try:
        wait_until(
            lambda: _answers(base + "/healthz") == 200, seconds=30, what="gunicorn"
        )
        for reader in readers:
            reader.start()
        time.sleep(SECONDS_PER_PHASE)

        phase[0] = "outage"
        cluster.stop()
        time.sleep(SECONDS_PER_PHASE)
        phase[0] = "restarting"
        cluster.start()
        wait_until(
            lambda: _answers(base + "/healthz") == 200, seconds=20, what="recovery"
        )
        phase[0] = "after"
        time.sleep(SECONDS_PER_PHASE)
    finally:
        stop.set()
        for reader in readers:
            reader.join(15)
        server.terminate()
        _, server_log = server.communicate(timeout=20)

    answers = [answer for reader in readers for answer in reader.answers]
    by_phase = {
        name: Counter(status for p, _, status, _ in answers if p == name)
        for name in ("before", "outage", "restarting", "after")
    }
    log = server_log.decode(errors="replace")
    assert set(by_phase["before"]) <= {200, 302}, by_phase
    assert by_phase["outage"][503] > 0, by_phase  # the outage was met
    assert set(by_phase["outage"]) <= {200, 302, 503}, (by_phase, log[-2000:])
    assert set(by_phase["restarting"]) <= {200, 302, 503}, by_phase
    assert by_phase["after"][302] > 0 and set(by_phase["after"]) <= {200, 302}, by_phase
    assert all(
        retry_after == "1" for _, _, status, retry_after in answers if status == 503
    )
    # Logged when it started and when it ended, per worker, not per request.
    assert log.count("The database is unavailable") <= 2, log[-2000:]

    acknowledged = [body for reader in readers for body in reader.acknowledged]
    stored = set(
        cluster.query(DATABASE, "SELECT body FROM comments_comment").splitlines()
    )
    assert acknowledged and set(acknowledged) <= stored
