"""The writing desk's preview: render time on the demo article, in process.

Migrates a throwaway SQLite database, loads the demo content, logs in as the demo
editor and POSTs the demo article's change form to its desk-preview endpoint N times
through Django's test client (so no network and no server in the figure), then prints
p50 / p95 wall time, mean CPU time and the query count of one render.

    python -m bench.preview [N]      # N renders, 200 by default
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main(renders: int = 200) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="showsite-preview-bench-"))
    os.environ.update(
        SHOWSITE_IGNORE_DOTENV="true",
        DEBUG="true",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        PAGE_CACHE_ENABLED="false",
        DJANGO_SETTINGS_MODULE="showsite.settings",
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from articles.models import Article

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    article = Article.objects.get(slug="heartstopper-season-2-release-date")
    client = Client()
    client.force_login(get_user_model().objects.get(username="editor"))
    url = f"/admin/articles/article/{article.pk}/desk-preview/"
    data = _form_data(article, timezone)

    response = client.post(url, data)
    assert response.status_code == 200, response.status_code
    queries = []  # request_started resets connection.queries; count them ourselves
    counter = lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)  # noqa: E731
    with connection.execute_wrapper(counter):
        client.post(url, data)
    walls, cpus = [], []
    for _ in range(renders):
        wall, cpu = time.perf_counter(), time.process_time()
        client.post(url, data)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    walls.sort()
    p95 = walls[max(0, round(0.95 * len(walls)) - 1)]
    print(f"desk preview of the demo article, {renders} renders in process:")  # noqa: T201
    print(  # noqa: T201
        f"  p50 {statistics.median(walls):.1f} ms  p95 {p95:.1f} ms  "
        f"CPU {statistics.mean(cpus):.1f} ms/render  "
        f"{len(queries)} queries/render"
    )


def _form_data(article, timezone) -> dict:
    """The change form as the desk's script posts it."""
    published = timezone.localtime(article.published_at)
    data = {
        name: getattr(article, name)
        for name in [
            "title", "slug", "kind", "standfirst", "body", "state", "seo_title",
            "seo_description",
        ]
    }  # fmt: skip
    data |= {
        "published_at_0": published.strftime("%Y-%m-%d"),
        "published_at_1": published.strftime("%H:%M:%S"),
        "comments_open": "on" if article.comments_open else "",
        "loaded_version": article.version,
        "desk_seq": "1",
    }
    for name in ["authors", "tags", *type(article).SUBJECT_FIELDS]:
        data[name] = list(getattr(article, name).values_list("pk", flat=True))
    return data


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
