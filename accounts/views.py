"""The staff member's own pages: account, two-step sign-in, and the code step of the
admin login. Each is reached through the admin site (sites.py), which checks who
may open it."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import services, twofactor
from .forms import CodeForm, EnrolForm
from .models import SignInEvent
from .redirects import next_url

RECENT_EVENTS = 10


def _render(request, site, template, title, **context):
    request.current_app = site.name
    context = {**site.each_context(request), "title": title, **context}
    return TemplateResponse(request, template, context)


def verify(request, *, site, target):
    """The second step of the login: a code from the app or a backup code."""
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        device = twofactor.verify(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(target)
        services.sign_in_event_record(
            kind=SignInEvent.Kind.CODE_FAILED, request=request, user=request.user
        )
        form.add_error(
            "code",
            "That code is not right, or it has been used. After a wrong code, "
            "wait a few seconds before the next try.",
        )
    return _render(
        request,
        site,
        "accounts/verify.html",
        "Two-step sign-in",
        form=form,
        next=target,
    )


def account(request, *, site):
    """The user's own page: two-step sign-in, password, sessions, recent sign-ins."""
    user = request.user
    return _render(
        request,
        site,
        "accounts/account.html",
        "Your account",
        has_authenticator=twofactor.has_authenticator(user),
        backup_codes_left=twofactor.backup_codes_left(user),
        required=twofactor.required_for(user),
        events=SignInEvent.objects.filter(user=user)[:RECENT_EVENTS],
    )


def two_factor_enrol(request, *, site):
    """Set up an authenticator app: QR code, secret as text, first code to confirm."""
    user = request.user
    device = twofactor.pending_authenticator(user)
    form = EnrolForm(request.POST if request.method == "POST" else None)
    target = next_url(request, "")
    if form.is_valid():
        codes = services.authenticator_confirm(
            request=request, device=device, code=form.cleaned_data["code"]
        )
        if codes:
            return _backup_codes_page(request, site, codes, done_url=target)
        form.add_error(
            "code",
            "That code does not match. Check the time on your phone, wait a few "
            "seconds and enter the code the app shows then.",
        )
    return _render(
        request,
        site,
        "accounts/enrol.html",
        "Set up two-step sign-in",
        form=form,
        qr=twofactor.qr_data_uri(device),
        secret=twofactor.secret_for_typing(device),
        required=twofactor.owed(request) == twofactor.NEEDS_ENROLMENT,
        next=target,
    )


def _backup_codes_page(request, site, codes, *, done_url=""):
    return _render(
        request,
        site,
        "accounts/backup_codes.html",
        "Your backup codes",
        codes=codes,
        done_url=done_url or reverse("admin:account", current_app=site.name),
    )


@require_POST
def backup_codes(request, *, site):
    """Replace the backup codes and show the new ones, once."""
    codes = services.backup_codes_replace(request=request, user=request.user)
    return _backup_codes_page(request, site, codes)


@require_POST
def two_factor_remove(request, *, site):
    services.two_factor_remove(request=request, user=request.user)
    messages.success(request, "Two-step sign-in is off for your account.")
    return redirect("admin:account")


@require_POST
def sign_out_everywhere(request, *, site):
    others = services.sign_out_everywhere(request=request, user=request.user)
    messages.success(
        request,
        f"Signed out here and in {others} other session{'s' if others != 1 else ''}.",
    )
    return redirect("admin:login")
