import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN = "/admin/login/"
PASSWORD = "password"  # UserFactory's


def sign_in(client, username, password=PASSWORD, **extra):
    """The admin login form, as a browser posts it."""
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra
    )


def code_for(device: TOTPDevice) -> str:
    """The code the user's app shows now, worked out from the secret."""
    code = totp(device.bin_key, device.step, device.t0, device.digits)
    return f"{code:06d}"


def client_at(address: str) -> Client:
    """A browser at ``address``; each Client is like a request to another app server:
    nothing is shared with the others but the database and the cache."""
    return Client(REMOTE_ADDR=address)


@pytest.fixture
def authenticator(editor):
    """The editor, with a confirmed authenticator app and backup codes."""
    from accounts import twofactor

    device = TOTPDevice.objects.create(user=editor, name="App", confirmed=True)
    codes = twofactor.new_backup_codes(editor)
    return device, codes
