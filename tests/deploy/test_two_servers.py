"""Two app servers, one site: two gunicorn servers and a jobs worker share one
PostgreSQL database, one Redis and one S3 bucket (moto's server), with production
settings, and are driven over HTTP as an editor and a reader drive them.

- A picture uploaded through server A's admin is on server B's page, its renditions
  read from the bucket (and the page's CSP lets a browser load them).
- A page B rendered is served by A from the shared cache, and a fact edited through
  B's admin is on A's page at the next request.
- A comment posted on server A brings the moderators' e-mail, written by the worker.

Requests go as through a load balancer: each says the site's host name, and one
cookie jar serves both servers, so the session that logged in on A is the one B
sees. Everything is started once for the module and stopped (the database dropped)
at its end. It runs in the suite's PostgreSQL pass and is skipped on SQLite, which
one machine cannot share.
"""

import json
import os
import re
import secrets
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings
from django.db import connections

from tests.deploy.http_helpers import Visitor
from tests.deploy.servers import (
    BASE_DIR,
    Database,
    Gunicorn,
    Process,
    server_environment,
    stop_all,
    wait_for,
)
from tests.factories import image_bytes
from tests.faults_helpers import wait_until
from tests.s3_helpers import KEYS, fetch_media

pytestmark = [
    pytest.mark.deploy,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="several app servers need a database they can share: runs in the "
        "PostgreSQL pass of the suite (CI runs both)",
    ),
]

# The Redis database the servers share for cache and job queue (the suite's own
# cache uses lower numbers); keys carry a prefix of this run's own.
REDIS_DB = 13
HOST = "news.example.test"  # the site's name, passed through by the load balancer
SITE_URL = f"https://{HOST}"
PASSWORD = "two-servers-" + secrets.token_urlsafe(8)

# Migrate (a no-op on a cloned database) and add what the editor and reader find.
SETUP = """
import django, json, sys
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from core.roles import EDITORS, MODERATORS, sync_roles
from tests.factories import ArticleFactory, SeasonFactory, ShowFactory, UserFactory
roles = sync_roles()
# One password hash (the production hasher is slow on purpose), no Faker names.
names = {"first_name": "Ed", "last_name": "Itor"}
UserFactory(username="eddie", groups=[roles[EDITORS]], is_staff=True,
            password=sys.argv[1], **names)
UserFactory(username="mo", email="mo@example.com", groups=[roles[MODERATORS]],
            password=None, **names)
show = ShowFactory(title="Two Servers", slug="two-servers")
season = SeasonFactory(show=show, number=1)
article = ArticleFactory(title="Comment here", slug="comment-here")
print(json.dumps({"show": show.pk, "season": season.pk, "article": article.pk}))
"""


def _redis_url() -> str:
    """The suite's Redis (CI sets CACHE_URL), at the servers' database number."""
    cache_url = urlsplit(settings.CACHES["default"].get("LOCATION") or "")
    netloc = cache_url.netloc if cache_url.scheme == "redis" else "127.0.0.1:6379"
    return f"redis://{netloc}/{REDIS_DB}"


class Site:
    def __init__(self, folder: Path, s3_server):
        self.folder = folder
        self.run = uuid.uuid4().hex[:10]
        self.redis_url = _redis_url()
        self.mail_dir = {"web": folder / "mail-web", "worker": folder / "mail-worker"}
        self.media_url = s3_server.url(prefix=f"two-servers-{self.run}")
        self.processes: list[Process] = []

    def start(self, database: Database) -> None:
        self.env = server_environment(
            DEBUG="false",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS=HOST,
            SITE_URL=SITE_URL,
            SECURE_SSL_REDIRECT="false",
            SHOWSITE_IGNORE_DOTENV="1",
            DATABASE_URL=database.url,
            CACHE_URL=self.redis_url,
            CACHE_KEY_PREFIX=f"two-servers-{self.run}",
            JOBS_URL=self.redis_url,
            JOBS_QUEUE=f"two-servers-{self.run}",
            MEDIA_STORAGE_URL=self.media_url,
            # filemail:/// then the absolute path (four slashes in all).
            EMAIL_URL=f"filemail:///{self.mail_dir['web']}",
            COMMENTS_MIN_SECONDS="0",
            # The editor signs in with a password only: two-step sign-in is proven in
            # tests/accounts, and this test is about the servers sharing one site.
            STAFF_TWO_FACTOR_REQUIRED="false",
            # A busy CI machine can stall Redis past production's timeouts, and then
            # a page goes uncached or a job runs in the web process (as designed).
            CACHE_TIMEOUT="5",
            JOBS_TIMEOUT="5",
            LOG_LEVEL="WARNING",
            **KEYS,
        )
        self.a = Gunicorn("server-a", self.env, self.folder, host=HOST)
        self.b = Gunicorn("server-b", self.env, self.folder, host=HOST)
        self.processes += [self.a, self.b]
        # The worker writes its mail to a folder of its own, so the test can tell
        # who sent it; in production every process has the same EMAIL_URL.
        worker_env = {**self.env, "EMAIL_URL": f"filemail:///{self.mail_dir['worker']}"}
        self.worker = Process(
            "worker",
            [sys.executable, "manage.py", "jobs_worker"],
            worker_env,
            self.folder,
        )
        self.processes.append(self.worker)
        # The servers load while the database is set up: they touch it only later.
        done = subprocess.run(
            [sys.executable, "-c", SETUP, PASSWORD],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stderr
        self.ids = json.loads(done.stdout.splitlines()[-1])
        wait_for([self.a, self.b])

    def logs(self) -> str:
        return "\n".join(process.output() for process in self.processes)

    def stop(self) -> None:
        stop_all(self.processes)
        self._forget_redis()

    def _forget_redis(self) -> None:
        """Delete this run's keys, leaving whatever else shares the database: its
        cache keys and queue carry the run's name, its jobs and worker say it."""
        client = redis.Redis.from_url(self.redis_url)
        mine = f"two-servers-{self.run}"
        keys = set(client.scan_iter(match=f"*{mine}*", count=1000))
        for key in client.scan_iter(match="rq:*", count=1000):
            if client.type(key) != b"hash":
                continue
            if client.hget(key, "origin") == mine.encode():  # a job
                keys |= {key, key.replace(b"rq:job:", b"rq:results:")}
            elif client.hget(key, "queues") == mine.encode():  # a worker
                keys.add(key)
                client.srem("rq:workers", key)
        client.srem("rq:queues", f"rq:queue:{mine}")
        if keys:
            client.delete(*keys)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory, s3_server):
    folder = tmp_path_factory.mktemp("two-servers")
    site = Site(folder, s3_server)
    with django_db_blocker.unblock():
        connections.close_all()  # a database with a session open cannot be cloned
        database = Database(
            name=f"showsite_twoservers_{site.run}",
            settings=settings.DATABASES["default"],
            url=os.environ["DATABASE_URL"],
        )
    try:
        site.start(database)
        yield site
    finally:
        site.stop()
        database.drop()


@pytest.fixture(scope="module")
def editor(site):
    """A browser logged in as an editor on server A (and so on B: one session)."""
    visitor = Visitor(HOST)
    login = visitor.get(site.a.base + "/admin/login/")
    page = visitor.submit(login, "login-form", username="eddie", password=PASSWORD)
    assert page.url.rstrip("/").endswith("/admin"), site.logs()
    return visitor


def _srcset(html: str) -> list[tuple[str, int]]:
    match = re.search(r'srcset="([^"]+)"', html)
    if not match:
        return []
    return [
        (url, int(width.rstrip("w")))
        for url, width in (item.split() for item in match.group(1).split(", "))
    ]


def test_a_picture_uploaded_on_a_is_served_on_b_from_the_bucket(site, editor):
    add = editor.get(site.a.base + "/admin/images/image/add/")
    picture = ("poster.png", "image/png", image_bytes(size=(700, 400)))
    saved = editor.submit(
        add,
        "image_form",
        files={"file": picture},
        alt_text="A red and blue poster",
        _continue="1",
    )
    found = re.search(r"/admin/images/image/(\d+)/change/", saved.url)
    assert found, saved.errors() or site.logs()
    image_id = found.group(1)

    show_url = f"/admin/catalog/show/{site.ids['show']}/change/"
    page = editor.submit(
        editor.get(site.a.base + show_url), "show_form", poster=image_id
    )
    assert page.url.endswith("/admin/catalog/show/"), page.errors()

    # Renditions are made after the upload commits (by the worker, with a queue).
    reader = Visitor(HOST)
    renditions = []

    def poster_on_b() -> bool:
        renditions[:] = _srcset(reader.get(site.b.base + "/shows/two-servers/").text)
        return len(renditions) == 3

    wait_until(poster_on_b, seconds=60, what="the poster's renditions on server B")
    assert [width for _, width in renditions] == [320, 640, 700]
    bucket = site.media_url.split("?")[0].removeprefix("s3://")
    for url, _ in renditions:
        assert f"/{bucket}/images/renditions/" in url
        content, content_type = fetch_media(url)
        assert content_type == "image/webp"
        assert content.startswith(b"RIFF")
    page = reader.get(site.b.base + "/shows/two-servers/")
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(renditions[0][0]))
    img_src = re.search(r"img-src ([^;]+)", page.headers["Content-Security-Policy"])
    assert origin in img_src.group(1).split()


def test_a_fact_edited_on_b_is_fresh_on_a_at_the_next_request(site, editor):
    reader = Visitor(HOST)
    show_page = "/shows/two-servers/"
    reader.get(site.b.base + show_page)  # rendered on B, kept in the shared cache
    before = reader.get(site.a.base + show_page)
    assert before.headers["X-Page-Cache"] == "hit"  # A serves what B rendered
    assert "14 March 2031" not in before.text

    season_url = site.b.base + f"/admin/catalog/season/{site.ids['season']}/change/"
    page = editor.submit(
        editor.get(season_url),
        "season_form",
        release_status="date_announced",
        premiere_date="2031-03-14",
        premiere_precision="4",  # day
        premiere_confidence="reported",
    )
    assert page.url.endswith("/admin/catalog/season/"), page.errors()

    after = reader.get(site.a.base + show_page)
    assert "14 March 2031" in after.text


def test_a_comment_on_a_brings_the_moderators_mail_from_the_worker(site):
    reader = Visitor(HOST)
    write = reader.get(site.a.base + f"/comments/article/{site.ids['article']}/write/")
    page = reader.submit(
        write,
        name="Robin Reader",
        email="robin@example.com",
        body="Will the second season keep the Paris trip?",
    )
    assert "awaits moderation" in page.text, site.logs()

    def mailed() -> list[Path]:
        if not site.worker.running():
            raise AssertionError(f"the worker exited\n{site.logs()}")
        folder = site.mail_dir["worker"]
        return sorted(folder.iterdir()) if folder.is_dir() else []

    wait_until(mailed, seconds=60, what="the moderators' e-mail from the worker")
    (mail,) = mailed()
    message = mail.read_text()
    assert "To: mo@example.com" in message
    assert "1 comment(s) waiting for moderation" in message
    assert f"{SITE_URL}/admin/comments/comment/" in message
    assert not site.mail_dir["web"].exists()  # the web servers sent nothing
