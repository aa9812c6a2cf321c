"""Requests the live server is still answering, so browser tests can wait for them.

A page that closes may leave a preview, an autosave or its last-words beacon on the
way; if the test database is flushed while the live server still answers one, the
flush finds its tables locked (SQLite) and the rows stay for the next test.
"""

import threading
import time

_lock = threading.Lock()
_active = 0


class InFlightMiddleware:
    """Counts the requests being answered (test settings only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        global _active
        with _lock:
            _active += 1
        try:
            return self.get_response(request)
        finally:
            with _lock:
                _active -= 1


def wait_until_idle(*, grace: float = 0.3, timeout: float = 15.0) -> None:
    """Let requests sent as pages closed arrive, then wait until none is answered."""
    time.sleep(grace)
    deadline = time.monotonic() + timeout
    while _active and time.monotonic() < deadline:
        time.sleep(0.05)
