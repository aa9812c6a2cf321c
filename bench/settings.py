"""Settings for ``make bench``: production settings plus two bench-only additions.

- ``bench/urls.py`` adds a trivial view at ``/__bench__/trivial``, the yardstick every
  figure is divided by. It never ships: only this settings module routes to it.
- ``QueryCountMiddleware`` reports each request's SQL queries in ``X-Bench-Queries``.

The database is ``bench/bench-<scale>.sqlite3`` unless DATABASE_URL is set.
"""

import os

from showsite.settings import *  # noqa: F403
from showsite.settings import (
    BASE_DIR,
    DATABASES,
    INSTALLED_APPS,
    MIDDLEWARE,
    PAGE_CACHE_EXCLUDE_PATHS,
)

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # generate_scale
ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
# The yardstick is the same plain Django view in the cache-off and cache-on runs.
PAGE_CACHE_EXCLUDE_PATHS = [*PAGE_CACHE_EXCLUDE_PATHS, "/__bench__/"]

if "DATABASE_URL" not in os.environ:
    _scale = os.environ.get("BENCH_SCALE") or "demo"
    DATABASES["default"]["NAME"] = BASE_DIR / "bench" / f"bench-{_scale}.sqlite3"
