"""The e-mail a staff member gets when their account signs in from a new address.

Sent by a background job (jobs.mail) once the sign-in commits, at most once per
sign-in however often the job runs.
"""

from django.conf import settings
from django.template.loader import render_to_string

from jobs.mail import mail_enqueue


def new_address_notice_after_commit(*, event) -> None:
    """Queue the notice for sign-in ``event`` (nothing if the sign-in rolls back)."""
    context = {
        "event": event,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
    }
    mail_enqueue(
        key=f"accounts:new-address:{event.pk}",
        subject=f"{settings.SITE_NAME}: new sign-in to your account",
        body=render_to_string("accounts/new_address_email.txt", context),
        to=[event.user.email],
    )
