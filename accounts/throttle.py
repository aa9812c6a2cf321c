"""Sign-in throttling on django-axes: the client's address as the comments see it, a
backend that leaves request-less authentication (manage.py, test clients) alone, and
the 429 page in the admin's look."""

import math

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.backends import ModelBackend
from django.shortcuts import render

from core.clientip import client_ip


def axes_client_ip(request) -> str | None:
    """Behind proxies, the address the trusted-proxy rule believes (core.clientip)."""
    return client_ip(request)


class ThrottledModelBackend(AxesStandaloneBackend, ModelBackend):
    """Django's own backend, refusing sign-ins while the username or the address is
    locked out.

    One backend, not django-axes' usual pair in front of ModelBackend: with more
    than one, ``User.objects.with_perm()`` needs a backend named at every call.
    Only web requests are throttled: a call without one (``manage.py``, a test
    client's ``login()``) guesses nothing over the network.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None:
            # Raises PermissionDenied (a failed sign-in) while locked out.
            super().authenticate(request, username, password, **kwargs)
        return ModelBackend.authenticate(
            self, request, username=username, password=password, **kwargs
        )


def lockout_minutes() -> int:
    """Minutes a lockout lasts after the last refused try."""
    return math.ceil(settings.STAFF_LOCKOUT_MINUTES) or 1


def lockout_response(request, original_response=None, credentials=None):
    """The page for a refused sign-in: the same for every username, real or not."""
    context = {
        **admin.site.each_context(request),
        "title": "Too many sign-in attempts",
        "minutes": lockout_minutes(),
    }
    # Rendered now: django-axes returns it from a middleware, after the view.
    response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(lockout_minutes() * 60)
    return response
