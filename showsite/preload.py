"""What gunicorn's master loads before it forks the workers (``gunicorn.conf.py``).

With ``preload_app`` the master imports the site once and every worker starts as a
copy-on-write copy of it: pages a worker only reads stay shared between all of them,
so one more worker costs its proportional memory (PSS), not its resident memory. A
worker would otherwise import the URLconf, its views, the template tag libraries,
the translation catalogs and the cache client on its first requests, each worker
its own copy; ``warm_up()`` loads those in the master instead.

Nothing here opens a connection: a socket opened before the fork would be shared by
every worker. The database and the cache are connected by each worker on first use.
"""

import ctypes
import gc
from importlib import import_module

from django.conf import settings
from django.template import engines
from django.urls import get_resolver
from django.utils import translation

from core import codeversion

# Cache backends whose client library is imported on first use, not with Django.
CACHE_CLIENTS = {
    "django.core.cache.backends.redis.RedisCache": "redis",
    "core.rediscache.RedisCache": "redis",  # what settings.py makes of redis://
}


def warm_up() -> None:
    """Import and build what every request path needs, without touching a server."""
    get_resolver().url_patterns  # noqa: B018  the URLconf, so every view module
    engines.all()  # Django's engine imports every installed template tag library
    translation.activate(settings.LANGUAGE_CODE)  # loads and keeps the catalogs
    translation.deactivate()
    codeversion.code_version()  # reads the code once, not once per worker
    for cache in settings.CACHES.values():
        if client := CACHE_CLIENTS.get(cache["BACKEND"]):
            import_module(client)


def freeze() -> None:
    """Move everything alive now out of the collector's reach before a fork.

    A collection walks (and so writes to) every tracked object, which would copy the
    shared pages into each worker; frozen objects are never walked. What is garbage
    now is collected first, so nothing that should be freed is kept.
    """
    gc.collect()
    gc.freeze()
    release_free_memory()


def release_free_memory() -> None:
    """Give the allocator's free pages back to the system (glibc's ``malloc_trim``).

    Importing modules that have no compiled bytecode compiles them, and the
    compiler's scratch memory, freed, stays resident in the heap: about 15 MiB on
    PostgreSQL with Redis, which every forked worker would inherit and count.
    Elsewhere (macOS, musl) there is no ``malloc_trim`` and this does nothing.
    """
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError):
        pass
