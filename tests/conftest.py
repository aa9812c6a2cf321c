import io
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.module_rows import copy_media, kept_for_module

# The machines running the suite are shared and busy: a slow example says nothing
# about the code, so property tests are judged by their results, not their speed.
hypothesis_settings.register_profile(
    "shared-machines", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("shared-machines")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache, whether locmem or the CI's Redis."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_outage_left_over():
    """An outage a test simulates (cache or database) ends with the test."""
    from core import cacheguard, outage

    yield
    cacheguard.reset()
    outage.reset()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads go to a per-test folder, never to the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def _demo_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, loaded once for a test module inside a transaction that is
    rolled back when the module ends; yields the folder holding its pictures."""
    media = tmp_path_factory.mktemp("demo-media")
    # DEBUG as for `make run`: load_demo refuses without it, and gives the demo users
    # their fixed passwords ("editor-demo"…). Nothing commits, so as in any test,
    # pictures get their renditions on a page's first view.
    with kept_for_module(django_db_blocker, media, _load_demo, DEBUG=True):
        yield media


def _load_demo():
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def demo_db(_demo_module, db, _media_root, settings):
    """The demo database (``load_demo``) for tests that read it: loaded once per
    module, not once per test, since a load takes seconds.

    Each test runs in its own transaction as usual, a savepoint inside the module's,
    so what it writes is undone before the next test, and the per-test cache clearing
    drops whatever the load cached. Not once per session: data loaded for the whole
    worker would be seen by every test (breaking their counts) and flushed by the
    first transactional one. As the data stays until its module ends, a module that
    uses this should use it in every database test; a test of load_demo itself finds
    it loaded once and loads it again. Browser tests commit, so they load their own.
    """
    copy_media(_demo_module, Path(settings.MEDIA_ROOT))


@pytest.fixture(scope="session")
def _demo_snapshot(tmp_path_factory):
    from tests.demo_snapshot import DemoSnapshot

    return DemoSnapshot(tmp_path_factory.mktemp("demo-snapshot"))


@pytest.fixture
def committed_demo(_demo_snapshot, transactional_db, _media_root, settings):
    """The demo content, committed, for browser tests (their live server reads what
    is committed). Loaded for real once per test process, then copied back
    (tests/demo_snapshot.py). DEBUG as for `make run`: the demo logins get their
    known passwords."""
    settings.DEBUG = True
    _demo_snapshot.load(Path(settings.MEDIA_ROOT))


@pytest.fixture
def page_cache(settings):
    """Turn the page cache on (tests run with it off) and return its module.

    Writes bump the versions of the pages showing them in their own transaction
    (``core.pageversions``), so a test's uncommitted writes show at its next request.
    """
    from core import pagecache

    settings.PAGE_CACHE_ENABLED = True
    return pagecache


@pytest.fixture
def roles(db):
    from core.roles import sync_roles

    return sync_roles()


@pytest.fixture
def editor(roles):
    from tests.factories import UserFactory

    return UserFactory(username="eddie", groups=[roles["Editors"]], is_staff=True)


@pytest.fixture
def author(roles):
    from tests.factories import UserFactory

    return UserFactory(username="ada", groups=[roles["Authors"]], is_staff=True)


@pytest.fixture
def moderator(roles):
    from tests.factories import UserFactory

    return UserFactory(username="mo", groups=[roles["Moderators"]], is_staff=True)


@pytest.fixture
def fragments(settings):
    """Turn stored fragments on (tests run with them off) and return their module."""
    from core import fragments

    settings.FRAGMENTS_ENABLED = True
    return fragments


@pytest.fixture
def stored(monkeypatch):
    """Counts the page shells stored and the templates rendered (shell tests)."""
    from tests.shell_helpers import Stored

    return Stored(monkeypatch)


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server over HTTP, started once per test process (~2 s)."""
    from tests.s3_helpers import MotoServer

    server = MotoServer.start()
    yield server
    server.stop()


@pytest.fixture
def s3_media(s3_server, settings, monkeypatch):
    """Uploads go to a fresh prefix of the test bucket, as ``MEDIA_STORAGE_URL`` says
    in production; returns the server."""
    from tests.s3_helpers import KEYS

    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_server.storage_config(s3_server.url()),
    }
    return s3_server


@pytest.fixture(params=["filesystem", "s3"])
def media_storage(request):
    """Run the test with uploads on disk, then in an S3 bucket over HTTP."""
    if request.param == "s3":
        request.getfixturevalue("s3_media")
    return request.param
