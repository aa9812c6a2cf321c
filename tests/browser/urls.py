"""The site's URLs plus test-only pages: each error page and a styleguide."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.csrf import csrf_failure

from core.pagination import paginate
from showsite.urls import handler400, handler500
from showsite.urls import urlpatterns as site_urlpatterns

STYLEGUIDE = Path(__file__).with_name("styleguide.html")

__all__ = ["handler400", "handler500", "urlpatterns"]


def bad_request(request):
    raise SuspiciousOperation("Test: a malformed request.")


def forbidden(request):
    raise PermissionDenied


def server_error(request):
    raise RuntimeError("Test: an unhandled error.")


def csrf_expired(request):
    return csrf_failure(request, reason="Test: no CSRF cookie.")


def styleguide(request):
    """Every component in base.html's frame, with a real paginated list."""
    template = engines["django"].from_string(STYLEGUIDE.read_text())
    page_obj = paginate(request, list(range(1, 121)), 10)
    # A title that would end the JSON-LD block if it were not escaped.
    ld = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": 'Components </script><script>alert("x")</script><!-- & more',
    }
    context = {"page_obj": page_obj, "styleguide_ld": ld}
    return HttpResponse(template.render(context, request))


def inline_script(request):
    """A page that breaks the CSP, to prove the browser checks catch it."""
    return HttpResponse(
        "<!doctype html><html lang=en><title>CSP</title>"
        "<script>document.title = 'ran'</script></html>"
    )


def missing_alt(request):
    """A page with an accessibility error, to prove the axe check catches it."""
    return HttpResponse(
        '<!doctype html><html lang="en"><title>Alt</title><main>'
        '<img src="/static/img/favicon.svg"></main></html>'
    )


urlpatterns = [
    path("__test__/400/", bad_request),
    path("__test__/403/", forbidden),
    path("__test__/500/", server_error),
    path("__test__/csrf/", csrf_expired),
    path("__test__/styleguide/", styleguide),
    path("__test__/inline-script/", inline_script),
    path("__test__/missing-alt/", missing_alt),
    *site_urlpatterns,
]
