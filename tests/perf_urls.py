"""Test-only pages for the page cache tests: each shows database state or one rule."""

from datetime import UTC, datetime

from django.contrib.auth.models import Group
from django.db.models import Count
from django.http import HttpResponse, HttpResponseNotFound
from django.middleware.csrf import get_token
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt

from core.pageversions import keyed_by, lists

SCHEDULED_AT = datetime(2030, 6, 1, 9, 0, tzinfo=UTC)


# The test pages are list pages of their own: tests bump these keys.
GROUPS = lists("groups")
SCHEDULED = lists("scheduled")


@keyed_by(GROUPS)
def group_list(request):
    """A public page built from the database in one query."""
    groups = Group.objects.annotate(members=Count("user")).order_by("name")
    return HttpResponse(
        "groups: " + ", ".join(f"{g.name} ({g.members})" for g in groups)
    )


@keyed_by(GROUPS)
def sets_cookie(request):
    response = group_list(request)
    response.set_cookie("seen", "1")
    return response


@keyed_by(GROUPS)
@cache_control(private=True, no_store=True)
def preview(request):
    return group_list(request)


@keyed_by(GROUPS)
def with_csrf_form(request):
    response = group_list(request)
    response.content += (
        f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">'.encode()
    )
    return response


@keyed_by(GROUPS)
def missing(request):
    Group.objects.count()
    return HttpResponseNotFound("not here")


@csrf_exempt
@keyed_by(GROUPS)
def form_target(request):
    return group_list(request)


@keyed_by(SCHEDULED)
def scheduled(request):
    """A page whose content changes by itself at SCHEDULED_AT, as a scheduled piece."""
    Group.objects.exists()
    live = timezone.now() >= SCHEDULED_AT
    return HttpResponse("published" if live else "coming soon")


def unkeyed(request):
    """A page no row owns: served, never stored."""
    return HttpResponse(str(Group.objects.count()))


urlpatterns = [
    path("groups/", group_list),
    path("sets-cookie/", sets_cookie),
    path("preview/", preview),
    path("form/", with_csrf_form),
    path("missing/", missing),
    path("submit/", form_target),
    path("scheduled/", scheduled),
    path("admin/groups/", group_list),
    path("unkeyed/", unkeyed),
    path("", include("showsite.urls")),
]
