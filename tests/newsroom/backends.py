"""A mail backend whose server is always down."""

from django.core.mail.backends.base import BaseEmailBackend


class RaisingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("The mail server is down")
