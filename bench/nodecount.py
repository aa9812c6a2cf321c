"""How much work one render of the bench's article page is: template nodes and calls.

    python -m bench.nodecount

Builds a throwaway SQLite database with the demo content (``migrate``, ``load_demo``)
in a temporary folder, with DEBUG on (plain static files, so no collectstatic) and the
page cache off. It renders the article ``make bench`` measures through the whole
middleware stack once to warm up (templates compiled and cached, as in a served
worker), then again: once counting template node renders (every
``render_annotated``), once under cProfile for the number of Python function calls,
and a few times for CPU milliseconds. Nothing is written outside the temporary folder.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.template.base import Node


def say(*parts) -> None:
    """Print for a command-line tool (ruff's T20 is about stray debugging prints)."""
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")


def _overriders(cls: type) -> Iterator[type]:
    """``cls`` and every subclass with its own ``render_annotated`` (TextNode has)."""
    if "render_annotated" in vars(cls):
        yield cls
    for sub in cls.__subclasses__():
        yield from _overriders(sub)


@contextmanager
def counting_nodes() -> Iterator[Counter]:
    """Count template node renders, by node class, while the block runs.

    Every node of a template's node list is rendered through ``render_annotated``;
    the count is of those calls, so a node inside a loop counts once per pass.
    """
    counts: Counter = Counter()
    patched = []
    for cls in list(_overriders(Node)):
        original = vars(cls)["render_annotated"]

        def render_annotated(self, context, _original=original):
            counts[type(self).__name__] += 1
            return _original(self, context)

        cls.render_annotated = render_annotated
        patched.append((cls, original))
    try:
        yield counts
    finally:
        for cls, original in patched:
            cls.render_annotated = original


def _environment(folder: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="showsite.settings",
        SHOWSITE_IGNORE_DOTENV="1",
        DATABASE_URL=f"sqlite:///{folder / 'nodecount.sqlite3'}",
        CACHE_URL="locmemcache://nodecount",
        MEDIA_ROOT=str(folder / "media"),
        PAGE_CACHE_ENABLED="false",
        LOG_LEVEL="WARNING",
        DEBUG="true",  # plain static storage: no collectstatic needed
    )


def measure(*, cpu_runs: int) -> dict:
    """Render the bench's article page and return what it cost."""
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import PAGES

    call_command("migrate", verbosity=0)
    call_command("load_demo", force=True, stdout=io.StringIO())
    url = next(page for page in PAGES if page.name == "article").locate()
    client = Client(HTTP_HOST="127.0.0.1")

    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    get()  # compile and cache the templates, fill Django's own caches
    reset_queries()  # a full log (migrate, load_demo under DEBUG) counts nothing
    with counting_nodes() as nodes, CaptureQueriesContext(connection) as queries:
        size = len(get().content)
    profile = cProfile.Profile()
    profile.enable()
    get()
    profile.disable()
    stats = pstats.Stats(profile)
    cpu_ms = []
    for _ in range(cpu_runs):
        start = time.process_time()
        get()
        cpu_ms.append((time.process_time() - start) * 1000)
    return {
        "url": url,
        "bytes": size,
        "queries": len(queries),
        "nodes": sum(nodes.values()),
        "nodes_by_class": nodes.most_common(8),
        "calls": stats.total_calls,
        "primitive_calls": stats.prim_calls,
        "cpu_ms": statistics.median(cpu_ms),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cpu-runs", type=int, default=5, help="renders timed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="showsite-nodecount-") as folder:
        _environment(Path(folder))
        import django

        django.setup()
        figures = measure(cpu_runs=args.cpu_runs)
    say(
        f"page: {figures['url']} ({figures['bytes']:,} bytes, "
        f"{figures['queries']} SQL queries)"
    )
    say(f"template nodes rendered: {figures['nodes']:,}")
    say("  by class:", ", ".join(f"{n} {c:,}" for n, c in figures["nodes_by_class"]))
    say(
        f"Python function calls (cProfile): {figures['calls']:,} "
        f"({figures['primitive_calls']:,} primitive)"
    )
    say(f"CPU per render, median of {args.cpu_runs}: {figures['cpu_ms']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
