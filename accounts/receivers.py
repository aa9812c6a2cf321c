"""Sign-in events from Django, django-axes and django-otp, into the sign-in log."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services, sessions
from .models import SignInEvent


def _account(username: str):
    User = get_user_model()
    return User.objects.filter(**{User.USERNAME_FIELD: username}).first()


@receiver(user_logged_in, dispatch_uid="accounts-signed-in")
def _signed_in(sender, request, user, **kwargs):
    if request is None or not user.is_staff:
        return
    services.staff_signed_in(request=request, user=user)
    sessions.touch(request)


@receiver(user_login_failed, dispatch_uid="accounts-failed")
def _failed(sender, credentials, request=None, **kwargs):
    if request is None or getattr(request, "axes_locked_out", False):
        return  # request-less calls guess nothing; a lockout is logged as one
    username = str(credentials.get("username", ""))
    services.sign_in_event_record(
        kind=SignInEvent.Kind.FAILED,
        request=request,
        user=_account(username),
        username=username,
    )


@receiver(user_locked_out, dispatch_uid="accounts-locked-out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    username = str(username or "")
    services.sign_in_event_record(
        kind=SignInEvent.Kind.LOCKED_OUT,
        request=request,
        user=_account(username),
        username=username,
    )


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="accounts-device-deleted")
def _authenticator_deleted(sender, instance, **kwargs):
    """A confirmed authenticator deleted anywhere else (the admin): a reset."""
    if instance.confirmed and not getattr(instance, "logged", False):
        services.sign_in_event_record(kind=SignInEvent.Kind.RESET, user=instance.user)
