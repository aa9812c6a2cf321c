"""Test settings: the real settings module, plus what makes tests fast and hermetic.

DATABASE_URL and CACHE_URL still come from the environment, so CI runs this same suite
on PostgreSQL and Redis.
"""

import os

os.environ["SHOWSITE_IGNORE_DOTENV"] = "1"
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
# A busy CI machine can stall the shared Redis past production's 0.5 s, and a timeout
# makes the process do without the cache for a while. The fault tests use the
# production timeout against their own Redis.
os.environ.setdefault("CACHE_TIMEOUT", "5")

from showsite.settings import *  # noqa: F403
from showsite.settings import BASE_DIR, INSTALLED_APPS, MIDDLEWARE, STORAGES

# The benchmark app, for the generate_scale tests.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
# Browser tests wait for the live server's last requests before the database is
# flushed (tests/inflight.py).
MIDDLEWARE = ["tests.inflight.InFlightMiddleware", *MIDDLEWARE]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"
TEST_ARTIFACTS_DIR = BASE_DIR / "test-artifacts"
# Serve static files from the finders; tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Off so other tests see every request rendered; the page_cache fixture turns it on.
PAGE_CACHE_ENABLED = False
# Off so other tests count the queries of whole renders; the fragments fixture turns
# them on.
FRAGMENTS_ENABLED = False
# Off so admin pages' query counts are their own; tests/newsroom turn it on.
NEWSROOM_DUE_CHECK_ON_REQUESTS = False

# pytest-xdist (`make test` runs two workers): each worker gets its own Redis database
# and media folder, because a test's cache.clear() flushes a whole Redis database and
# uploaded files would share names. pytest-django already gives each its own test DB.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1"…
if _WORKER:
    MEDIA_ROOT = MEDIA_ROOT / _WORKER
    _cache = CACHES["default"]  # noqa: F405
    if _cache["BACKEND"].endswith("RedisCache"):
        _location = str(_cache["LOCATION"])
        _base, _, _db = _location.rpartition("/")
        if not _db.isdigit():  # redis://host:6379 means database 0
            _base, _db = _location.rstrip("/"), "0"
        _cache["LOCATION"] = f"{_base}/{int(_db) + int(_WORKER[2:])}"

# Off so tests that sign in with force_login open the admin as before; the tests of
# two-step sign-in turn it on.
STAFF_TWO_FACTOR_REQUIRED = False
# Off so tests that travel in time keep their sessions and their query counts; the
# tests of idle sessions turn it on.
STAFF_SESSION_IDLE_MINUTES = 0
