"""Readers' follow pages: the form, the confirm link, one-click unsubscribe.

The show page is served from the page cache, so its follow form carries no CSRF
token: ``static/js/follow.js`` fills it in from ``form_token`` (never cached), and
without JavaScript the form's link opens the uncached form page here, as comments do.
"""

from django.conf import settings
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from catalog.models import Show
from core import ratelimit
from core.clientip import client_ip

from . import services
from .forms import FollowForm
from .models import CHOICE_FIELDS, Follow
from .tokens import ConfirmLinkError, read_confirm_code

TOO_MANY = (
    "You have asked to follow shows several times in a short time. Please wait "
    "about {minutes} minute(s) and try again."
)


@require_safe
@never_cache
def form_token(request):
    """A CSRF token (and its cookie) for the follow form on a cached show page."""
    return JsonResponse({"csrf_token": get_token(request)})


def _form_page(request, show, form, *, status=200):
    return render(
        request, "follows/follow_form.html", {"show": show, "form": form}, status=status
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def follow(request, slug):
    """GET: the form on its own page. POST: send the confirm e-mail."""
    show = get_object_or_404(Show, slug=slug)
    if request.method != "POST":
        return _form_page(request, show, FollowForm())
    form = FollowForm(request.POST)
    if not form.is_valid():
        return _form_page(request, show, form, status=400)
    email = form.cleaned_data["email"]
    for scope, identity, limit in (
        ("follows:ip", client_ip(request) or "", settings.FOLLOWS_RATE_LIMIT_PER_IP),
        ("follows:email", email.lower(), settings.FOLLOWS_RATE_LIMIT_PER_EMAIL),
    ):
        allowance = ratelimit.hit(
            scope, identity, limit=limit, window=settings.FOLLOWS_RATE_LIMIT_WINDOW
        )
        if not allowance.allowed:
            minutes = max(1, round(allowance.retry_after / 60))
            form.add_error(None, TOO_MANY.format(minutes=minutes))
            response = _form_page(request, show, form, status=429)
            response["Retry-After"] = str(allowance.retry_after)
            return response
    services.follow_request(
        show=show,
        email=email,
        choices={name: form.cleaned_data[name] for name in CHOICE_FIELDS},
    )
    # The same page whether or not the address already followed: it tells nobody
    # who follows what.
    return redirect("follows:sent", slug=show.slug)


@require_safe
@never_cache
def sent(request, slug):
    show = get_object_or_404(Show, slug=slug)
    hours = settings.FOLLOWS_CONFIRM_MAX_AGE // 3600
    return render(request, "follows/sent.html", {"show": show, "hours": hours})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, code):
    """GET: a page with a Confirm button. POST: confirm. A GET never confirms: mail
    scanners open links, and a follow must be the reader's own choice."""
    try:
        token, choices = read_confirm_code(code)
    except ConfirmLinkError as error:
        status = 410 if error.code == "expired" else 400
        context = {"code": error.code}
        return render(request, "follows/link_error.html", context, status=status)
    follow = get_object_or_404(Follow.objects.select_related("show"), token=token)
    if request.method == "POST":
        follow = services.follow_confirm(token=token, choices=choices)
        return render(request, "follows/confirmed.html", {"follow": follow})
    context = {"follow": follow, "choices": Follow(**choices)}
    return render(request, "follows/confirm.html", context)


# Exempt from CSRF on purpose: RFC 8058's one-click unsubscribe is a POST made by
# the reader's mail provider, with no cookie and no form token. The unguessable
# token in the URL is the authority (a forged POST needs it, and all it can do is
# stop e-mails); a GET only shows a button, so link scanners unsubscribe nobody.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token, everything=False):
    """GET: a page with an Unsubscribe button. POST (the button, or a mail
    provider's one-click request): delete the follow, or all of its address's."""
    if request.method == "POST":
        gone = services.follow_unsubscribe(token=token, everything=everything)
        if not gone:
            return render(request, "follows/unsubscribed.html", {}, status=404)
        return render(request, "follows/unsubscribed.html", {"gone": gone})
    follow = get_object_or_404(Follow.objects.select_related("show"), token=token)
    context = {"follow": follow, "everything": everything}
    return render(request, "follows/unsubscribe.html", context)
