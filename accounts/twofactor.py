"""Two-step sign-in on django-otp: who must pass it, and what each session still owes.

A session owes nothing, a code (its user has an authenticator) or an enrolment (its
user is in a group that must have one and has none). The answer is worked out when
the user signs in and kept in the session, so admin pages ask no more queries than
before; enrolling, removing a device and signing out everywhere update it.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSED = "passed"
NEEDS_CODE = "code"
NEEDS_ENROLMENT = "enrol"
SESSION_KEY = "staff_two_factor"
BACKUP_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"


def required_for(user) -> bool:
    """Whether ``user`` must sign in with a second factor (STAFF_TWO_FACTOR_*)."""
    if not settings.STAFF_TWO_FACTOR_REQUIRED or not user.is_staff:
        return False
    groups = settings.STAFF_TWO_FACTOR_GROUPS
    return user.groups.filter(name__in=groups).exists()


def decide(user) -> str:
    """What a fresh session of ``user`` owes before the admin opens."""
    if user_has_device(user):
        return NEEDS_CODE
    if required_for(user):
        return NEEDS_ENROLMENT
    return PASSED


def remember(request, user=None) -> str:
    """Work out and store what this session owes (at sign-in and after a change)."""
    state = decide(user or request.user)
    request.session[SESSION_KEY] = state
    return state


def owed(request) -> str:
    """What this session still owes; no query once it is known."""
    user = request.user
    if not (user.is_authenticated and user.is_staff):
        return PASSED
    if getattr(user, "is_verified", lambda: False)():
        return PASSED
    session = getattr(request, "session", None)
    if session is None:  # a request built in code, not through the middleware
        return decide(user)
    state = session.get(SESSION_KEY)
    return state if state is not None else remember(request)


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_authenticator(user) -> TOTPDevice:
    """The unconfirmed authenticator being set up: the same secret on every reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name=AUTHENTICATOR_NAME, confirmed=False
    )


def qr_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code, for an <img src>."""
    return segno.make(device.config_url, error="m").svg_data_uri(
        scale=5, dark="#000", light="#fff"
    )


def secret_for_typing(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for apps without a camera."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with new single-use ones and return them."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(user, code: str):
    """The device that accepts ``code`` (an app's code or a backup code), or None.

    Each device throttles wrong codes itself (django-otp), and a backup code is
    deleted as it is accepted.
    """
    code = "".join(code.split())
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if device.verify_is_allowed()[0] and device.verify_token(code):
                return device
    return None
