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

SCHEDULED_AT = datetime(2030, 6, 1, 9, 0, tzinfo=UTC)


def group_list(request):
    """A public page built from the database in one query."""
    groups = Group.objects.annotate(members=Count("user")).order_by("name")
    return HttpResponse(
        "groups: " + ", ".join(f"{g.name} ({g.members})" for g in groups)
    )


def sets_cookie(request):
    response = group_list(request)
    response.set_cookie("seen", "1")
    return response


@cache_control(private=True, no_store=True)
def preview(request):
    return group_list(request)


def with_csrf_form(request):
    response = group_list(request)
    response.content += (
        f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">'.encode()
    )
    return response


def missing(request):
    Group.objects.count()
    return HttpResponseNotFound("not here")


@csrf_exempt
def form_target(request):
    return group_list(request)


def scheduled(request):
    """A page whose content changes by itself at SCHEDULED_AT, as a scheduled piece."""
    Group.objects.exists()
    live = timezone.now() >= SCHEDULED_AT
    return HttpResponse("published" if live else "coming soon")


urlpatterns = [
    path("groups/", group_list),
    path("sets-cookie/", sets_cookie),
    path("preview/", preview),
    path("form/", with_csrf_form),
    path("missing/", missing),
    path("submit/", form_target),
    path("scheduled/", scheduled),
    path("admin/groups/", group_list),
    path("", include("showsite.urls")),
]
