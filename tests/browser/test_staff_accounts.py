"""Staff accounts in Chromium: an editor who must use two-step sign-in is sent to
enrolment, scans (here: reads) the secret and turns it on; the refused sign-in page.
axe finds nothing on either; screenshots of both."""

from base64 import b32decode

import pytest
from django_otp.oath import totp

from tests.factories import UserFactory

pytestmark = pytest.mark.browser
PASSWORD = "staff-browser-password"


@pytest.fixture
def eddie(roles):
    user = UserFactory(username="eddie", groups=[roles["Editors"]], is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def _submit(page, username, password):
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("input[type=submit]")


def test_an_editor_enrols_from_the_sign_in(
    eddie, settings, open_page, check_axe, screenshot
):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    page = open_page("/admin/login/?next=/admin/", check=False).page
    _submit(page, "eddie", PASSWORD)
    assert "/admin/account/two-factor/?next=/admin/" in page.url
    assert page.is_visible("img.staff-qr")
    check_axe(page)
    screenshot(page, "staff-enrolment")

    secret = page.inner_text(".staff-secret").replace(" ", "")
    code = f"{totp(b32decode(secret), 30, 0, 6):06d}"
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.locator(".staff-codes li").count() == 10
    check_axe(page)
    with page.expect_navigation():
        page.click("text=I have saved them")
    assert page.url.endswith("/admin/")
    assert page.is_visible("text=Your account")


def test_too_many_wrong_passwords_show_the_refusal(
    eddie, settings, open_page, check_axe, screenshot
):
    settings.AXES_FAILURE_LIMIT = 2
    page = open_page("/admin/login/", check=False).page
    _submit(page, "eddie", "wrong")
    _submit(page, "eddie", "wrong again")
    assert page.is_visible("text=Try again in 15 minutes")
    check_axe(page)
    screenshot(page, "staff-locked-out")


def test_sign_in_asks_for_the_code_and_the_account_page_reads_well(
    eddie, open_page, check_axe, screenshot
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts import twofactor

    device = TOTPDevice.objects.create(user=eddie, name="App", confirmed=True)
    twofactor.new_backup_codes(eddie)
    page = open_page("/admin/login/?next=/admin/account/", check=False).page
    _submit(page, "eddie", PASSWORD)
    assert page.is_visible("text=Enter the six-digit code")
    check_axe(page)
    screenshot(page, "staff-code-step")
    page.fill("#id_code", f"{totp(device.bin_key, 30, 0, 6):06d}")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url.endswith("/admin/account/")
    assert page.is_visible("text=Backup codes left: 10")
    check_axe(page)
    screenshot(page, "staff-account")
