"""The e-mail a staff member gets when their account signs in from a new address.

One function sends it; ``new_address_notice_after_commit`` is the only caller, so
moving the send to the background jobs is a change here alone.
"""

from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from .models import SignInEvent


def new_address_notice_after_commit(*, event) -> None:
    """Send the notice once the sign-in is committed (never for a rolled-back one)."""
    transaction.on_commit(partial(send_new_address_notice, event_id=event.pk))


def send_new_address_notice(*, event_id: int) -> None:
    """E-mail the user about sign-in ``event_id``, from an address not seen before."""
    event = SignInEvent.objects.select_related("user").filter(pk=event_id).first()
    if event is None or event.user is None or not event.user.email:
        return
    context = {
        "event": event,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    send_mail(
        subject=f"{settings.SITE_NAME}: new sign-in to your account",
        message=render_to_string("accounts/new_address_email.txt", context),
        from_email=None,
        recipient_list=[event.user.email],
    )
