"""A web worker starts without the libraries only writes need (issue 9: worker memory).

Markdown and nh3 compile a body when it is saved; Pillow reads an uploaded picture or
makes a missing rendition. Pages serve stored HTML and existing renditions, so a
worker that loads the site, its URLs and every template tag library has imported
none of them (together ~8 MiB of a ~60 MiB worker).
"""

import os
import subprocess
import sys

from django.conf import settings

WORKER = """
import sys
from showsite.wsgi import application
from django.template import engines
from django.urls import resolve

resolve("/")  # loads the URLconf: every view module
engines["django"].engine.template_libraries  # every template tag library
print(" ".join(sorted(n for n in ("markdown", "nh3", "PIL") if n in sys.modules)))
"""


def test_a_worker_loads_views_and_template_tags_without_markdown_nh3_or_pillow():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "showsite.settings",
        "SHOWSITE_IGNORE_DOTENV": "1",
        "DEBUG": "false",
        "SECRET_KEY": "startup-test-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "-c", WORKER],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == ""


def test_saving_a_body_still_compiles_markdown_through_the_sanitiser():
    from core.markdown import render_markdown

    html = render_markdown("Hello *there* <script>x</script>[a](javascript:x)")
    assert html.startswith("<p>Hello <em>there</em>")
    assert "<script" not in html and "javascript:" not in html
