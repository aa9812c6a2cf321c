"""E-mail as jobs: one job per message, so one bad address is retried alone, and a
key per message, so a retried or repeated job sends it once."""

from django.core.mail import EmailMessage

from .queue import enqueue, once


def mail_enqueue(
    *,
    key: str,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Send this message after the current transaction commits. ``key`` names this
    message uniquely and for good (``"newsroom:notification:42"``); ``headers`` are
    extra header lines (``List-Unsubscribe``)."""
    enqueue(
        send_message,
        key=key,
        subject=subject,
        body=body,
        to=to,
        from_email=from_email,
        headers=headers,
    )


def send_message(
    *,
    key: str,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """The job: send unless a message with this key has been sent."""
    with once(f"mail:{key}") as first:
        if first:
            EmailMessage(
                subject=subject,
                body=body,
                to=to,
                from_email=from_email,
                headers=headers,
            ).send()
