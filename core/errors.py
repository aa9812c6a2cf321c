"""Error handlers for the pages Django renders without a request context.

Django renders 400 and 500 pages with an empty context, so context processors (and
the site name they add) are missing. These handlers add only settings: a 500 must
render when the database is down, and a 400 may come from a request whose Host header
is itself the problem, so neither touches the request or the database.
"""

import logging
import sys

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from .outage import OUTAGE_ERRORS, outage_response

logger = logging.getLogger(__name__)

_FALLBACK_500 = (
    "<!doctype html><html lang=en-GB><meta charset=utf-8><title>Server error</title>"
    "<h1>Server error</h1><p>Something went wrong on our side. Please try again "
    "in a few minutes.</p></html>"
)


def _settings_context() -> dict:
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}


@requires_csrf_token
def bad_request(request, exception=None):
    """400: the request was malformed; do not read it again to render the page."""
    body = loader.get_template("400.html").render(_settings_context())
    return HttpResponseBadRequest(body)


@requires_csrf_token
def server_error(request):
    """500: rendered from settings alone; a broken template falls back to plain HTML.

    A database outage met outside a view (in a middleware) is a 503, as in a view."""
    error = sys.exc_info()[1]
    if isinstance(error, OUTAGE_ERRORS):
        return outage_response(request, error)
    try:
        body = loader.get_template("500.html").render(_settings_context())
    except Exception:
        logger.exception("The 500 page failed to render; sent the plain fallback.")
        body = _FALLBACK_500
    return HttpResponseServerError(body)
