"""The reader's country: which release date and platforms a page puts first.

The reader picks it with ``?country=GB`` (a small form on the pages that use it), so
a page's address says which country it is for and stays shareable, and every cached
copy of it is correct; there is no geolocation. Anything else, a code we do not list
or garbage, means the site's default (``SITE_COUNTRY``). The middleware puts the
choice in a context variable for the code that renders without a request (the live
boxes of an article), and the stored shells and boxes add it to their keys.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

from core.pageshell import default_variant

# The markets a release or a platform's offer is recorded for (ISO 3166-1 alpha-2),
# in the order the selector lists them. Empty means worldwide.
COUNTRIES: dict[str, str] = {
    "GB": "United Kingdom",
    "US": "United States",
    "CA": "Canada",
    "IE": "Ireland",
    "AU": "Australia",
    "NZ": "New Zealand",
    "DE": "Germany",
    "AT": "Austria",
    "CH": "Switzerland",
    "FR": "France",
    "BE": "Belgium",
    "NL": "Netherlands",
    "ES": "Spain",
    "IT": "Italy",
    "PT": "Portugal",
    "SE": "Sweden",
    "NO": "Norway",
    "DK": "Denmark",
    "FI": "Finland",
    "PL": "Poland",
    "BR": "Brazil",
    "MX": "Mexico",
    "AR": "Argentina",
    "IN": "India",
    "JP": "Japan",
    "KR": "South Korea",
    "ZA": "South Africa",
}
WORLDWIDE = ""
WORLDWIDE_LABEL = "Worldwide"
COUNTRY_CHOICES = [(WORLDWIDE, WORLDWIDE_LABEL), *COUNTRIES.items()]
PARAMETER = "country"

_current: ContextVar[str | None] = ContextVar("reader_country", default=None)


def default_country() -> str:
    """The site's default (``SITE_COUNTRY``), when it is one we list."""
    code = str(getattr(settings, "SITE_COUNTRY", "") or "").upper()
    return code if code in COUNTRIES else next(iter(COUNTRIES))


def normalise(value: object) -> str:
    """A listed country code from what a reader sent, else the site's default."""
    code = str(value or "").strip().upper()
    return code if code in COUNTRIES else default_country()


def from_request(request: HttpRequest) -> str:
    return normalise(request.GET.get(PARAMETER))


def reader_country() -> str:
    """The country of the request being served (the default outside one)."""
    return _current.get() or default_country()


def country_name(code: str) -> str:
    return COUNTRIES.get(code, WORLDWIDE_LABEL)


def first_for(code: str, rows, *, key: Callable = lambda row: row.country) -> list:
    """``rows`` (each with a country) with the reader's country first, then
    worldwide, then the others in the order given."""
    rank = {code: 0, WORLDWIDE: 1}
    return sorted(rows, key=lambda row: rank.get(key(row), 2))


def country_variant(request: HttpRequest) -> str:
    """A stored shell's variant for a page whose output depends on the reader's
    country: the default variant and the country (already checked, so made-up
    codes share the default's shell)."""
    return f"{default_variant(request)} country={from_request(request)}"


class ReaderCountryMiddleware:
    """Sets the reader's country for the request from ``?country=``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.country = from_request(request)
        token = _current.set(request.country)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
