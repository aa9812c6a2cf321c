"""Database outages answer 503 with Retry-After and a plain page, not 500.

The page is built from settings alone (no template, no query), since the database it
would need is the thing that is down. The outage is logged when it starts and when it
ends, not once per request; state is per process.
"""

import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.utils.html import escape

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (OperationalError, InterfaceError)

_state = {"since": None, "answered": 0}


def outage_response(request, error: BaseException) -> HttpResponse:
    """503 for a request the database could not serve; the outage is logged once."""
    if _state["since"] is None:
        _state["since"] = time.monotonic()
        _state["answered"] = 0
        logger.error(
            "The database is unavailable (%s: %s); answering 503 until it is back.",
            type(error).__name__,
            str(error).strip()[:300],
        )
    _state["answered"] += 1
    retry_after = settings.DATABASE_OUTAGE_RETRY_AFTER
    kept = (
        "<p>What you sent was not saved. Go back: your text is still in the form, "
        "and you can send it again in a minute.</p>"
        if request.method == "POST"
        else ""
    )
    body = (
        "<!doctype html><html lang=en-GB><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width, initial-scale=1'>"
        f"<title>Back in a moment | {escape(settings.SITE_NAME)}</title>"
        "<h1>Back in a moment</h1>"
        f"<p>{escape(settings.SITE_NAME)} cannot reach its database just now. Please "
        f"try again in {retry_after} seconds.</p>{kept}</html>"
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # django.request would log every request
    return response


def _note_recovery() -> None:
    """After an outage, the first request served with a working connection ends it."""
    if _state["since"] is None or connection.connection is None:
        return
    if not connection.is_usable():
        return
    logger.warning(
        "The database is back after %.0f s; %d request(s) were answered 503.",
        time.monotonic() - _state["since"],
        _state["answered"],
    )
    _state["since"] = None


def in_outage() -> bool:
    return _state["since"] is not None


def reset() -> None:
    """Forget an outage (tests)."""
    _state["since"] = None
    _state["answered"] = 0


class DatabaseOutageMiddleware:
    """Turns a view's ``OperationalError``/``InterfaceError`` into the 503 page.

    Errors raised in other middleware reach ``core.errors.server_error``, which sends
    the same page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _state["since"] is not None and response.status_code < 500:
            _note_recovery()
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, OUTAGE_ERRORS):
            return outage_response(request, exception)
        return None
