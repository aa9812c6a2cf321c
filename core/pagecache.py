"""The page cache: anonymous pages served from the shared cache, and never stale.

A page is keyed by the render versions of the rows that own it, read from the
database in one indexed query (``core.pageversions``); the writes that change a page
bump those versions in their own transaction. So one cache get follows, and neither a
cache outage nor a cache restarted with old data can serve an old page. The design,
what is cached, and how an app hooks in: docs/caching.md.
"""

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import (
    cc_delim_re,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from . import cacheguard, codeversion, pageversions
from .cacheguard import CacheUnavailable

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
# Cookies that mean "this reader sees a page of their own": the login session, and
# contrib.messages' cookie storage (a notice waiting to be shown).
PERSONAL_COOKIES = ("messages",)
UNSHAREABLE_DIRECTIVES = frozenset({"private", "no-store", "no-cache"})


# --- Middleware -----------------------------------------------------------------------


@dataclass
class _Slot:
    """Where this request's page lives in the cache, and until when it may be used."""

    key: str
    valid_until: float | None
    entry: tuple | None


def _directives(response) -> set[str]:
    header = response.get("Cache-Control", "")
    return {d.split("=", 1)[0].strip().lower() for d in cc_delim_re.split(header) if d}


class PageCacheMiddleware:
    """Serve anonymous GET/HEAD pages from the cache; mark HTTP caching headers.

    Sits just inside ConditionalGetMiddleware and outside the session, CSRF, auth and
    messages middleware, so it sees every cookie they set, and a hit skips them.
    """

    def __init__(self, get_response, cache=None):
        self.get_response = get_response
        self._cache = cache
        self.excluded_paths = tuple(settings.PAGE_CACHE_EXCLUDE_PATHS)
        self.personal_cookies = (settings.SESSION_COOKIE_NAME, *PERSONAL_COOKIES)
        backend = type(self.cache).__name__
        if (
            settings.PAGE_CACHE_ENABLED
            and not settings.DEBUG
            and backend == "LocMemCache"
        ):
            logger.warning(
                "The page cache uses local memory, which is per process: each process "
                "renders and keeps its own copy of every page (never a stale one). "
                "Set CACHE_URL=redis://... to share them (or PAGE_CACHE_ENABLED=false)."
            )

    @property
    def cache(self):
        return self._cache or caches[CACHE_ALIAS]

    def __call__(self, request):
        if request.path.startswith(self.excluded_paths):
            return self.get_response(request)
        if self._is_personal(request):
            response = self.get_response(request)
            self._mark_private(response)
            return response
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)

        enabled = settings.PAGE_CACHE_ENABLED
        slot = self._find(request) if enabled else None
        if slot is not None and slot.entry is not None:
            content, headers = slot.entry[:2]
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response

        response = self.get_response(request)
        if not self._is_shareable(request, response):
            if response.cookies:
                self._mark_private(response)
            return response
        patch_cache_control(response, public=True, **self._max_ages())
        patch_vary_headers(response, ("Cookie",))
        if not response.has_header("ETag"):
            set_response_etag(response)
        if enabled:
            response["X-Page-Cache"] = "miss"
        if slot is not None and request.method == "GET":
            self._store(slot, response)
        return response

    def _is_personal(self, request) -> bool:
        cookies = request.COOKIES
        return "HTTP_AUTHORIZATION" in request.META or any(
            name in cookies for name in self.personal_cookies
        )

    @staticmethod
    def _mark_private(response) -> None:
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ("Cookie",))

    @staticmethod
    def _max_ages() -> dict:
        ages = {"max_age": settings.PAGE_CACHE_MAX_AGE}
        if settings.PAGE_CACHE_S_MAXAGE:
            ages["s_maxage"] = settings.PAGE_CACHE_S_MAXAGE
        return ages

    @staticmethod
    def _is_shareable(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if _directives(response) & UNSHAREABLE_DIRECTIVES:
            return False
        vary = {v.lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
        if vary - {"cookie"}:
            return False
        if "'nonce-" in response.get("Content-Security-Policy", ""):
            return False
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)

    def _find(self, request) -> _Slot | None:
        """Look the page up: one query for its versions, one cache get for the page.

        None means "render, and store nothing": no row owns the page (the view
        declared none, or the object does not exist), or the cache is down.
        """
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
        rows = pageversions.rows_of(match.func)
        if rows is None:
            return None
        state = pageversions.page_state(rows, match.kwargs)
        if state is None:
            return None
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.md5(url.encode()).hexdigest()
        key = f"pagecache:page:{codeversion.code_version()}:{state.token}:{digest}"
        valid_until = state.valid_until.timestamp() if state.valid_until else None
        try:
            with cacheguard.guard():
                entry = self.cache.get(key)
        except CacheUnavailable:
            return None  # logged once per outage by the guard
        except Exception:
            logger.exception("Page cache lookup failed; serving the page uncached")
            return None
        if entry is not None and entry[2] is not None and time.time() >= entry[2]:
            entry = None  # rendered before a time that has now passed
        return _Slot(key=key, valid_until=valid_until, entry=entry)

    def _store(self, slot: _Slot, response) -> None:
        timeout = settings.PAGE_CACHE_SECONDS
        if slot.valid_until is not None:
            timeout = max(1, min(timeout, math.ceil(slot.valid_until - time.time())))
        entry = (response.content, dict(response.items()), slot.valid_until)
        try:
            with cacheguard.guard():
                self.cache.set(slot.key, entry, timeout=timeout)
        except CacheUnavailable:
            pass  # logged once per outage by the guard
        except Exception:
            logger.exception("Page cache unavailable; page not stored")
