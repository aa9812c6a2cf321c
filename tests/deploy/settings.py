"""Production settings for the servers the deploy tests start, with one difference:
static files are served from the finders, so no test runs collectstatic (the
manifest storage would refuse every page without it)."""

from showsite.settings import *  # noqa: F403
from showsite.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Nothing is collected, so WhiteNoise has no folder to read (and need not warn).
STATIC_ROOT = None
