"""Cache calls on a reader's or editor's path: a cache outage slows nothing and fails
nothing.

The cache speeds pages up and counts rate limits; neither is worth an error page.
``guard()`` turns a cache failure into ``CacheUnavailable`` for the caller to fall
back on. After a failure this process leaves the cache alone for
``CACHE_RETRY_SECONDS``, so a hung Redis costs one socket timeout per process per
interval rather than one per call. The outage is logged once when it starts and once
when it ends, not per request.
"""

import logging
import time
from contextlib import contextmanager

from django.conf import settings

logger = logging.getLogger(__name__)


def is_outage(error: BaseException) -> bool:
    """What a cache backend raises when its server is down, refuses or times out:
    OSError, or any error of the redis client (named by its module, so a site on
    local memory never imports the client: about 20 MiB per worker). Not
    ValueError: ``incr`` raises it for a missing key, which is no outage."""
    return isinstance(error, OSError) or type(error).__module__.startswith("redis.")


class CacheUnavailable(Exception):
    """The cache failed just now, or did recently: use the fallback."""


_state = {"down_since": None, "retry_at": 0.0}


def available() -> bool:
    """False while this process is resting the cache after a failure."""
    return time.monotonic() >= _state["retry_at"]


def record_failure(error: BaseException) -> None:
    _state["retry_at"] = time.monotonic() + settings.CACHE_RETRY_SECONDS
    if _state["down_since"] is None:
        _state["down_since"] = time.monotonic()
        logger.error(
            "The cache is unavailable (%s: %s); pages are served uncached and rate "
            "limits counted in the database until it is back.",
            type(error).__name__,
            error,
        )


def record_success() -> None:
    if _state["down_since"] is not None:
        seconds = time.monotonic() - _state["down_since"]
        logger.warning("The cache is back after %.0f s.", seconds)
    _state["down_since"] = None
    _state["retry_at"] = 0.0


def reset() -> None:
    """Forget any outage (tests, and a changed CACHES setting)."""
    _state["down_since"] = None
    _state["retry_at"] = 0.0


@contextmanager
def guard():
    """Run cache calls; raise ``CacheUnavailable`` if the cache fails or is resting."""
    if not available():
        raise CacheUnavailable
    try:
        yield
    except Exception as error:
        if not is_outage(error):
            raise
        record_failure(error)
        raise CacheUnavailable from error
    record_success()


def probe(cache) -> bool:
    """Write and read one key, whatever the resting state: ``/healthz`` asks the cache
    itself, so it also notices the cache coming back."""
    try:
        cache.set("healthz:probe", 1, timeout=10)
        ok = cache.get("healthz:probe") == 1
    except Exception as error:
        if not is_outage(error):
            raise
        record_failure(error)
        return False
    if ok:
        record_success()
    return ok


def on_setting_changed(setting, **kwargs) -> None:
    if setting in ("CACHES", "CACHE_RETRY_SECONDS"):
        reset()
