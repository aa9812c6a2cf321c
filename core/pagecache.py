"""The page cache: anonymous pages served from the shared cache, and never stale.

Every cached page's key holds a content version that any committed write to a content
app bumps, as does a scheduled time arriving (a registered horizon), so a change
reaches every app server at its next request. The design, what is cached, and how an
app hooks in (opting a model out, registering horizons): docs/caching.md.
"""

import hashlib
import logging
import math
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import (
    cc_delim_re,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from . import cacheguard
from .cacheguard import CacheUnavailable

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
VERSION_KEY = "pagecache:version"
HORIZON_KEY = "pagecache:horizon"
# Cookies that mean "this reader sees a page of their own": the login session, and
# contrib.messages' cookie storage (a notice waiting to be shown).
PERSONAL_COOKIES = ("messages",)
UNSHAREABLE_DIRECTIVES = frozenset({"private", "no-store", "no-cache"})

Horizon = Callable[[datetime], datetime | None]
_horizons: list[Horizon] = []
_connected_senders: list[type] = []
# A write committed while the cache was unreachable: its bump is still owed, or pages
# cached before the outage would be served again once the cache is back.
_owed = {"bump": False}


# --- Content version ------------------------------------------------------------------


def _create_version(cache) -> int:
    """Start at a random number, so a version lost to eviction or a cache restart never
    comes back as a number whose pages are still stored."""
    cache.add(VERSION_KEY, secrets.randbits(48), timeout=None)
    version = cache.get(VERSION_KEY)
    return version if version is not None else secrets.randbits(48)


def current_version(cache=None) -> int:
    """The content version every app server keys its pages with."""
    cache = cache or caches[CACHE_ALIAS]
    version = cache.get(VERSION_KEY)
    return version if version is not None else _create_version(cache)


def bump_content_version(cache=None) -> int:
    """Make every cached page miss at its next request, on every app server."""
    cache = cache or caches[CACHE_ALIAS]
    try:
        return cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): a fresh one is a bump too
        return _create_version(cache)


def bump_or_owe() -> None:
    """Bump now, or, if the cache is unreachable, at this process's next lookup."""
    try:
        with cacheguard.guard():
            bump_content_version()
    except CacheUnavailable:
        _owed["bump"] = True
        return
    _owed["bump"] = False


def bump_content_version_on_commit(using: str | None = None) -> None:
    """Bump once the current transaction commits; not at all if it rolls back.

    Every write queues a callback, and the callbacks of one transaction share a token,
    so a transaction that saves fifty rows bumps once, not fifty times.
    """
    connection = transaction.get_connection(using)
    token = None
    for _, queued, *_ in reversed(connection.run_on_commit):
        token = getattr(queued, "page_cache_token", None)
        if token is not None:
            break
    if token is None or token["bumped"]:
        token = {"bumped": False}

    def bump() -> None:
        if not token["bumped"]:
            token["bumped"] = True
            bump_or_owe()

    bump.page_cache_token = token
    # robust: the write is committed whatever happens; a cache outage is logged.
    transaction.on_commit(bump, using=using, robust=True)


# --- Invalidation signals -------------------------------------------------------------


def _wants_bump(model: type, instance, event: str) -> bool:
    if getattr(model, "page_cache_exempt", False):
        return False
    decide = getattr(instance, "page_cache_should_invalidate", None)
    return decide is None or bool(decide(event=event))


def _on_save(sender, instance, created=False, using=None, **kwargs) -> None:
    if _wants_bump(sender, instance, "created" if created else "updated"):
        bump_content_version_on_commit(using)


def _on_delete(sender, instance, using=None, **kwargs) -> None:
    if _wants_bump(sender, instance, "deleted"):
        bump_content_version_on_commit(using)


def _on_m2m_changed(sender, instance, action, using=None, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and _wants_bump(
        sender, instance, "m2m"
    ):
        bump_content_version_on_commit(using)


def disconnect_signals() -> None:
    """Undo ``connect_signals`` (it calls this first, so it can run again)."""
    for model in _connected_senders:
        uid = f"pagecache:{model._meta.label}"
        post_save.disconnect(sender=model, dispatch_uid=uid)
        post_delete.disconnect(sender=model, dispatch_uid=uid)
        m2m_changed.disconnect(sender=model, dispatch_uid=uid)
    _connected_senders.clear()


def connect_signals() -> None:
    """Connect the invalidation receivers to every model of the content apps.

    Per model, not globally: a global post_delete receiver would turn every bulk delete
    in the project (expired sessions, for one) into a row-by-row delete.
    """
    disconnect_signals()
    for label in settings.PAGE_CACHE_CONTENT_APPS:
        try:
            app_config = apps.get_app_config(label)
        except LookupError as error:
            raise ImproperlyConfigured(
                f"PAGE_CACHE_CONTENT_APPS names {label!r}, which is not an installed "
                "app label."
            ) from error
        for model in app_config.get_models(include_auto_created=True):
            if getattr(model, "page_cache_exempt", False):
                continue  # no receiver, so its bulk deletes stay one query
            uid = f"pagecache:{model._meta.label}"
            post_save.connect(_on_save, sender=model, dispatch_uid=uid)
            post_delete.connect(_on_delete, sender=model, dispatch_uid=uid)
            m2m_changed.connect(_on_m2m_changed, sender=model, dispatch_uid=uid)
            _connected_senders.append(model)


def on_setting_changed(setting, **kwargs) -> None:
    """Tests may change the content apps; follow them."""
    if setting == "PAGE_CACHE_CONTENT_APPS":
        connect_signals()


# --- Horizons: content that changes by itself -----------------------------------------


def register_horizon(horizon: Horizon) -> Horizon:
    """Register ``horizon(now) -> datetime | None``: the earliest time after ``now`` at
    which public pages change without a write (a scheduled piece going live)."""
    if horizon not in _horizons:
        _horizons.append(horizon)
    return horizon


def unregister_horizon(horizon: Horizon) -> None:
    if horizon in _horizons:
        _horizons.remove(horizon)


def next_horizon(now: float) -> float | None:
    """The earliest registered horizon after ``now``, as a Unix timestamp."""
    moment = datetime.fromtimestamp(now, tz=UTC)
    times = [t for h in _horizons if (t := h(moment)) is not None and t > moment]
    return min(times).timestamp() if times else None


def _bump_for_horizon(cache, version: int) -> None:
    """The horizon passed: whichever request notices first bumps, the others don't."""
    if cache.add(f"pagecache:horizon-passed:{version}", True, timeout=86_400):
        bump_content_version(cache)


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
                "The page cache uses local memory, which is per process: if more than "
                "one process serves the site, a change is not seen by the others' "
                "cached pages. Set CACHE_URL=redis://... (or PAGE_CACHE_ENABLED=false)."
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
        """Look the page up: one get_many for version and horizon, one get for the page.

        None means "render, and store nothing": the cache is down, or a horizon has
        just passed and the version is being bumped.
        """
        cache = self.cache
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.md5(url.encode()).hexdigest()
        if _owed["bump"]:
            bump_or_owe()
            if _owed["bump"]:
                return None
        try:
            with cacheguard.guard():
                return self._lookup(cache, digest)
        except CacheUnavailable:
            return None  # logged once per outage by the guard
        except Exception:
            logger.exception("Page cache lookup failed; serving the page uncached")
            return None

    @staticmethod
    def _lookup(cache, digest: str) -> _Slot | None:
        state = cache.get_many([VERSION_KEY, HORIZON_KEY])
        version = state.get(VERSION_KEY)
        if version is None:
            version = _create_version(cache)
        now = time.time()
        horizon = state.get(HORIZON_KEY)
        if horizon is None or horizon[0] != version:
            valid_until = next_horizon(now)
            cache.set(HORIZON_KEY, (version, valid_until), timeout=None)
        elif horizon[1] is not None and now >= horizon[1]:
            _bump_for_horizon(cache, version)
            return None
        else:
            valid_until = horizon[1]
        key = f"pagecache:page:{version}:{digest}"
        entry = cache.get(key)
        if entry is not None and entry[2] is not None and now >= entry[2]:
            entry = None  # rendered before a horizon that has now passed
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
