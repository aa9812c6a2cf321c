"""The test settings for a worker process the tests start: e-mail goes to files in
TEST_MAIL_DIR, where the test reads it (a worker's locmem outbox is its own)."""

import os

from tests.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("TEST_MAIL_DIR", "")
