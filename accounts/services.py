"""Writes about staff accounts: the sign-in log, two-step sign-in, sessions."""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.clientip import client_ip

from . import notify, twofactor
from .models import SignInEvent, StaffSession


def sign_in_event_record(
    *, kind: str, request=None, user=None, username: str = ""
) -> SignInEvent:
    """Add a line to the sign-in log, with the client's address when there is one."""
    if user is not None and not username:
        username = user.get_username()
    return SignInEvent.objects.create(
        kind=kind,
        user=user,
        username=username[:150],
        address=client_ip(request) if request is not None else None,
    )


@transaction.atomic
def staff_signed_in(*, request, user) -> SignInEvent:
    """Log a sign-in, remember the session for "sign out everywhere", work out what
    the session owes for two-step sign-in, and tell the user if the address is new."""
    address = client_ip(request)
    seen = SignInEvent.objects.address_seen(user=user, address=address)
    first = not SignInEvent.objects.filter(
        user=user, kind=SignInEvent.Kind.SIGNED_IN
    ).exists()
    event = sign_in_event_record(
        kind=SignInEvent.Kind.SIGNED_IN, request=request, user=user
    )
    sessions_prune(user=user)
    session_record(request=request, user=user)
    twofactor.remember(request, user)
    if not seen and not first and user.email:
        notify.new_address_notice_after_commit(event=event)
    return event


@transaction.atomic
def authenticator_confirm(*, request, device: TOTPDevice, code: str) -> list[str]:
    """Turn on two-step sign-in once ``code`` proves the app holds the secret:
    confirm the device, make new backup codes (returned to show once), log it and
    count this session as verified. An empty list: the code was wrong."""
    if not device.verify_token("".join(code.split())):
        return []
    for old in TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk):
        old.logged = True  # a move to a new phone, logged as the enrolment below
        old.delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = twofactor.new_backup_codes(device.user)
    sign_in_event_record(
        kind=SignInEvent.Kind.ENROLLED, request=request, user=device.user
    )
    otp_login(request, device)
    return codes


@transaction.atomic
def backup_codes_replace(*, request, user) -> list[str]:
    """New backup codes for ``user``, the old ones void; logged."""
    codes = twofactor.new_backup_codes(user)
    sign_in_event_record(kind=SignInEvent.Kind.BACKUP_CODES, request=request, user=user)
    return codes


@transaction.atomic
def two_factor_remove(*, request, user) -> None:
    """Remove the user's authenticator and backup codes (logged by the device's
    delete); a required group sends them back to enrolment."""
    for device in TOTPDevice.objects.filter(user=user):
        device.logged = device.confirmed
        device.delete()
    StaticDevice.objects.filter(user=user).delete()
    sign_in_event_record(kind=SignInEvent.Kind.RESET, request=request, user=user)
    if request.user == user:
        request.session.pop("otp_device_id", None)
        request.user.otp_device = None
        twofactor.remember(request)


def sign_out_everywhere(*, request, user) -> int:
    """End every session ``user`` signed in with, this one included, whatever the
    session engine; returns how many others there were."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    current = request.session.session_key
    with transaction.atomic():
        keys = list(
            StaffSession.objects.filter(user=user).values_list("session_key", flat=True)
        )
        StaffSession.objects.filter(user=user).delete()
        sign_in_event_record(
            kind=SignInEvent.Kind.SIGNED_OUT_EVERYWHERE, request=request, user=user
        )
    for key in keys:
        if key != current:
            store(session_key=key).delete()
    logout(request)
    return len([key for key in keys if key != current])


def session_record(*, request, user) -> None:
    """Remember this session as one of ``user``'s, for "sign out everywhere"."""
    if request.session.session_key:
        StaffSession.objects.update_or_create(
            session_key=request.session.session_key, defaults={"user": user}
        )


def sessions_prune(*, user) -> None:
    """Forget session records older than any session could live."""
    cutoff = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    StaffSession.objects.filter(user=user, created__lt=cutoff).delete()
