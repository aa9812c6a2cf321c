"""gunicorn's master loads the site before forking (``gunicorn.conf.py``,
``showsite/preload.py``): what it loads, that it connects to nothing, and that the
forked workers serve."""

import gc
import os
import socket
import subprocess
import sys
import time
import urllib.request
import weakref
from pathlib import Path

from showsite import preload

ROOT = Path(__file__).resolve().parents[2]
# Nothing listens on port 1: a connection attempt would fail loudly.
UNREACHABLE = {
    "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing",
    "CACHE_URL": "redis://127.0.0.1:1/0",
}


def _run(code: str, **env: str) -> str:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "showsite.settings",
        "SHOWSITE_IGNORE_DOTENV": "1",
        "DEBUG": "false",
        "SECRET_KEY": "preload-test-" + "x" * 40,
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


WARM_UP = """
import sys
from django.core.wsgi import get_wsgi_application
get_wsgi_application()
from showsite import preload
preload.warm_up()
from core import codeversion
if codeversion.code_version.cache_info().currsize:
    print("code-version-read")
print(" ".join(sorted(sys.modules)))
"""


def test_warm_up_imports_every_view_and_tag_library_without_connecting():
    modules = set(_run(WARM_UP, **UNREACHABLE).split())

    assert {"articles.views", "catalog.views", "comments.views"} <= modules
    assert "core.templatetags.fragments" in modules
    assert "redis" in modules  # the cache client each worker would import
    assert "code-version-read" in modules  # the files are read once, in the master


def test_warm_up_leaves_the_redis_client_out_on_local_memory():
    modules = set(_run(WARM_UP, CACHE_URL="locmemcache://").split())

    assert "articles.views" in modules
    assert not {m for m in modules if m == "redis" or m.startswith("redis.")}


def test_freeze_collects_garbage_first_and_keeps_the_rest_from_the_collector():
    class Node:
        pass

    garbage = Node()
    garbage.cycle = garbage  # only the collector frees a cycle
    gone = weakref.ref(garbage)
    del garbage
    try:
        preload.freeze()
        assert gone() is None
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_with_the_project_config_forks_workers_that_serve(tmp_path):
    port = _free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "showsite.settings",
        "SHOWSITE_IGNORE_DOTENV": "1",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECRET_KEY": "preload-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": "locmemcache://",
        "PAGE_CACHE_ENABLED": "false",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "showsite.wsgi",
            "--config=gunicorn.conf.py",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=10
                ) as response:
                    status = response.status
                break
            except OSError:
                assert server.poll() is None, server.communicate()[1]
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.2)
        assert status == 200  # a worker forked from the loaded master reached SQLite
    finally:
        server.terminate()
        server.wait(timeout=30)
