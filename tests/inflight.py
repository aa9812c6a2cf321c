"""The live server's requests, as browser tests need them on the test database.

On SQLite the test database lives in memory, and Django's live server hands its
threads the test's own connection: two requests answered at once (a desk preview
rolled back while an upload commits, say) would share one transaction. So here they
are answered one at a time, as they would be by separate connections. And a page
that closes may leave a preview, an autosave or its last-words beacon on the way:
browser tests wait for those before the database is flushed, or the flush finds
its tables locked and the rows stay for the next test.
"""

import contextlib
import threading
import time

from django.db import connection

_count_lock = threading.Lock()
_one_at_a_time = threading.Lock()
_active = 0


class InFlightMiddleware:
    """Counts the requests being answered; on SQLite, answers one at a time
    (test settings only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        global _active
        with _count_lock:
            _active += 1
        try:
            if connection.vendor == "sqlite":
                with _one_at_a_time:
                    return self.get_response(request)
            return self.get_response(request)
        finally:
            with _count_lock:
                _active -= 1


def wait_until_idle(*, grace: float = 0.3, timeout: float = 15.0) -> None:
    """Let requests sent as pages closed arrive, then wait until none is answered."""
    time.sleep(grace)
    deadline = time.monotonic() + timeout
    while _active and time.monotonic() < deadline:
        time.sleep(0.05)


def between_requests():
    """Hold the live server still while the test thread reads the database: on
    SQLite the two share one connection, and a read that lands during a request
    finds its tables locked."""
    if connection.vendor == "sqlite":
        return _one_at_a_time
    return contextlib.nullcontext()
