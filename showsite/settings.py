"""Showsite settings, read from the environment (see README and .env.example).

One module for every environment: development, tests, CI and production differ only
by environment variables. Production defaults are the safe ones; development opts out.
"""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from core import storageurl

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file() and not env.bool(
    "SHOWSITE_IGNORE_DOTENV", default=False
):
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# A production server must never start with a guessable key, so there is no default
# outside development.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "The SECRET_KEY environment variable is not set. Set SECRET_KEY to a "
            "long random string (python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'), or set DEBUG=true for local "
            "development."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_NAME = env.str("SITE_NAME", default="Showsite")
# The country whose release dates and platforms pages put first when the reader has
# not chosen one (``?country=``); an ISO 3166 code from catalog/countries.py.
SITE_COUNTRY = env.str("SITE_COUNTRY", default="GB").upper()
# Absolute URLs in feeds, sitemaps and share tags when no request is at hand.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Django's admin, served by the site that asks for the second sign-in step.
    "accounts.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "reversion",
    "core",
    "showsite",
    "images",
    "catalog",
    "livefacts",
    "articles",
    "comments",
    "newsroom",
    "follows",
    "jobs",
    "accounts.apps.LockoutsConfig",  # django-axes
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # After axes and django-otp: its admin trims theirs.
    "accounts",
]

MIDDLEWARE = [
    # /healthz for load balancers, before the host check and the HTTPS redirect.
    "core.health.health_check_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.outage.DatabaseOutageMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "core.pagecache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.sessions.StaffIdleSessionMiddleware",
    "newsroom.middleware.due_notifications_middleware",
    "catalog.countries.ReaderCountryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it turns a refused sign-in into the 429 page (accounts/throttle.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "showsite.urls"
WSGI_APPLICATION = "showsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "showsite.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a writer commits; IMMEDIATE takes the write lock
    # at BEGIN so two gunicorn workers wait for each other instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer fails the request (503) after this many
    # seconds instead of holding the worker; an explicit ?connect_timeout= wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# While the database is unreachable pages answer 503 with this Retry-After (seconds).
DATABASE_OUTAGE_RETRY_AFTER = env.int("DATABASE_OUTAGE_RETRY_AFTER", default=30)

# --- Cache ----------------------------------------------------------------------------
# Local memory by default; redis://host:port/db shares one cache between app servers.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://showsite")}
CACHES["default"].setdefault(
    "KEY_PREFIX", env.str("CACHE_KEY_PREFIX", default="showsite")
)
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same cache, keeping its client objects (core/rediscache.py).
    CACHES["default"]["BACKEND"] = "core.rediscache.RedisCache"
# A down or hung Redis must not hold requests: connecting and each reply are given
# CACHE_TIMEOUT seconds (a healthy Redis answers in about a millisecond). Options in
# CACHE_URL (?socket_timeout=2) win.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    _timeout = env.float("CACHE_TIMEOUT", default=0.5)
    _options = CACHES["default"].setdefault("OPTIONS", {})
    _options.setdefault("socket_connect_timeout", _timeout)
    _options.setdefault("socket_timeout", _timeout)
# After a cache failure each process leaves the cache alone this long (seconds):
# pages render uncached and rate limits count in the database meanwhile.
CACHE_RETRY_SECONDS = env.int("CACHE_RETRY_SECONDS", default=10)

# --- Auth -----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
# Django's backend behind the sign-in throttle: a locked-out username or address is
# refused before any password is checked.
AUTHENTICATION_BACKENDS = ["accounts.throttle.ThrottledModelBackend"]
LOGIN_URL = "admin:login"
# After logging in with no (or an off-site) ?next=: the newsroom, not a 404.
LOGIN_REDIRECT_URL = "admin:index"

# --- Staff accounts (accounts/, the README's "Staff accounts") ------------------------
# Wrong passwords for one username, or from one address, before sign-in is refused
# (429) for STAFF_LOCKOUT_MINUTES after the last try. The count lives in the
# database, so every app server sees it; a success clears it.
STAFF_LOGIN_FAILURE_LIMIT = env.int("STAFF_LOGIN_FAILURE_LIMIT", default=5)
STAFF_LOCKOUT_MINUTES = env.int("STAFF_LOCKOUT_MINUTES", default=15)
# Two-step sign-in (an authenticator app, with backup codes) required for these
# groups; optional for everyone else. Off by default in development (make run).
STAFF_TWO_FACTOR_REQUIRED = env.bool("STAFF_TWO_FACTOR_REQUIRED", default=not DEBUG)
STAFF_TWO_FACTOR_GROUPS = env.list("STAFF_TWO_FACTOR_GROUPS", default=["Editors"])
# A staff session unused this long is signed out (0 = never).
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=60)

AXES_FAILURE_LIMIT = STAFF_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=STAFF_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# The sign-in log (accounts.SignInEvent) records sign-ins; axes keeps only counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
OTP_TOTP_ISSUER = SITE_NAME
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Without a front server (make run, make serve) Django serves uploads itself.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
if DEBUG:
    STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )

# --- Backups --------------------------------------------------------------------------
# Where `manage.py backup` (make backup) writes its folders; keep it off the web root.
BACKUP_ROOT = Path(env.str("BACKUP_ROOT", default=str(BASE_DIR / "backups")))

# --- Page cache -----------------------------------------------------------------------
# Anonymous pages served from the cache above; docs/caching.md says how a change
# reaches every app server at the next request.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
# Lifetime of a cached page. Long is fine: keys carry the page's own versions.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=86_400)
# Browsers and CDNs may reuse a public page this long, so an edit shows within it.
PAGE_CACHE_MAX_AGE = env.int("PAGE_CACHE_MAX_AGE", default=60)
# Shared caches (a CDN) only; 0 sends none, so they follow max-age.
PAGE_CACHE_S_MAXAGE = env.int("PAGE_CACHE_S_MAXAGE", default=0)
# Parts of public pages kept rendered under their rows' versions (core/fragments.py),
# for logged-in readers too; off, every page renders whole.
FRAGMENTS_ENABLED = env.bool("FRAGMENTS_ENABLED", default=True)
# Lifetime of a stored fragment. Keys carry the versions, so long is fine.
FRAGMENT_SECONDS = env.int("FRAGMENT_SECONDS", default=86_400)
# Apps whose saved, deleted or re-linked rows change public pages: each model says
# which pages show it (core/pageversions.py), or opts out.
PAGE_CACHE_CONTENT_APPS = ["images", "catalog", "livefacts", "articles", "comments"]
PAGE_CACHE_EXCLUDE_PATHS = ["/admin/", MEDIA_URL, f"/{STATIC_URL}"]

# --- Media storage --------------------------------------------------------------------
# Uploads stay in MEDIA_ROOT unless MEDIA_STORAGE_URL names a bucket
# (s3://bucket/prefix?endpoint=…&region=…, see core/storageurl.py), which every app
# server then shares. Keys: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
MEDIA_STORAGE_URL = env.str("MEDIA_STORAGE_URL", default="")
# Off: objects are read at public URLs (a bucket policy or public_url= makes them
# readable). On: every URL is signed for MEDIA_SIGNED_URL_SECONDS.
MEDIA_SIGNED_URLS = env.bool("MEDIA_SIGNED_URLS", default=False)
MEDIA_SIGNED_URL_SECONDS = env.int(
    "MEDIA_SIGNED_URL_SECONDS", default=storageurl.MAX_SIGNED_SECONDS
)
# Sent with every object written to the bucket. A day, not a year: a deleted file's
# name can be given to a new upload.
MEDIA_CACHE_CONTROL = env.str(
    "MEDIA_CACHE_CONTROL",
    default=f"{'private' if MEDIA_SIGNED_URLS else 'public'}, max-age=86400",
)
if MEDIA_STORAGE_URL:
    try:
        STORAGES["default"] = storageurl.parse_storage_url(
            MEDIA_STORAGE_URL,
            signed_urls=MEDIA_SIGNED_URLS,
            signed_url_seconds=MEDIA_SIGNED_URL_SECONDS,
            cache_control=MEDIA_CACHE_CONTROL,
        )
    except storageurl.StorageURLError as error:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL: {error}") from None
    if STORAGES["default"]["BACKEND"] == storageurl.FILESYSTEM:
        MEDIA_ROOT = Path(STORAGES["default"]["OPTIONS"].pop("location"))
# A page keeps the URLs it was rendered with while it is cached: they must outlive it.
if MEDIA_SIGNED_URLS and not storageurl.signed_urls_outlive_caches(
    signed_url_seconds=MEDIA_SIGNED_URL_SECONDS,
    cached_seconds=[
        PAGE_CACHE_SECONDS if PAGE_CACHE_ENABLED else 0,
        FRAGMENT_SECONDS if FRAGMENTS_ENABLED else 0,
        max(PAGE_CACHE_MAX_AGE, PAGE_CACHE_S_MAXAGE),
    ],
):
    raise ImproperlyConfigured(
        "MEDIA_SIGNED_URL_SECONDS must exceed PAGE_CACHE_SECONDS + FRAGMENT_SECONDS + "
        "PAGE_CACHE_MAX_AGE (or PAGE_CACHE_S_MAXAGE), or cached pages would show "
        "expired picture links."
    )

# --- Comments -------------------------------------------------------------------------
# Reader comments and their defences (comments/). Each is an environment variable.
# Days after publication when comments close by themselves (0 = never); an article's
# "close comments at" time overrides it.
COMMENTS_CLOSE_AFTER_DAYS = env.int("COMMENTS_CLOSE_AFTER_DAYS", default=30)
# Approved comments (and none rejected or spam) after which an e-mail address is
# trusted and published at once, unless a rule holds the comment (0 = never).
COMMENTS_TRUST_THRESHOLD = env.int("COMMENTS_TRUST_THRESHOLD", default=3)
# More links than this holds a comment for a moderator.
COMMENTS_MAX_LINKS = env.int("COMMENTS_MAX_LINKS", default=2)
# Open reports that hide an approved comment until a moderator decides.
COMMENTS_REPORTS_TO_HIDE = env.int("COMMENTS_REPORTS_TO_HIDE", default=3)
# Posts allowed per window from one IP address and from one e-mail address.
COMMENTS_RATE_LIMIT_PER_IP = env.int("COMMENTS_RATE_LIMIT_PER_IP", default=5)
COMMENTS_RATE_LIMIT_PER_EMAIL = env.int("COMMENTS_RATE_LIMIT_PER_EMAIL", default=3)
COMMENTS_RATE_LIMIT_WINDOW = env.int("COMMENTS_RATE_LIMIT_WINDOW", default=600)
# A form sent sooner than this after it was served is a bot; older than the max age
# is stale (the reader is asked to send it again, with the text kept).
COMMENTS_MIN_SECONDS = env.int("COMMENTS_MIN_SECONDS", default=3)
COMMENTS_FORM_MAX_AGE = env.int("COMMENTS_FORM_MAX_AGE", default=4 * 3600)
# At most one e-mail to the Moderators group per interval (seconds).
COMMENTS_MODERATOR_NOTICE_INTERVAL = env.int(
    "COMMENTS_MODERATOR_NOTICE_INTERVAL", default=900
)
COMMENTS_MAX_LENGTH = env.int("COMMENTS_MAX_LENGTH", default=3000)
# Comments on the article page; the rest are on the paginated comments page.
COMMENTS_PER_PAGE = env.int("COMMENTS_PER_PAGE", default=20)

# --- Follows -------------------------------------------------------------------------
# Readers following a show by e-mail (follows/, docs/follows.md).
# Follow requests allowed per window from one IP address and for one e-mail address.
FOLLOWS_RATE_LIMIT_PER_IP = env.int("FOLLOWS_RATE_LIMIT_PER_IP", default=10)
FOLLOWS_RATE_LIMIT_PER_EMAIL = env.int("FOLLOWS_RATE_LIMIT_PER_EMAIL", default=5)
FOLLOWS_RATE_LIMIT_WINDOW = env.int("FOLLOWS_RATE_LIMIT_WINDOW", default=3600)
# Seconds a confirm link works; an unconfirmed request older than this is deleted.
FOLLOWS_CONFIRM_MAX_AGE = env.int("FOLLOWS_CONFIRM_MAX_AGE", default=48 * 3600)
# At most one confirm e-mail per address and show per this many seconds.
FOLLOWS_CONFIRM_RESEND = env.int("FOLLOWS_CONFIRM_RESEND", default=600)

# --- E-mail ---------------------------------------------------------------------------
# EMAIL_URL: consolemail:// (default), smtp+tls://user:password@host:587, ...
vars().update(
    {k: v for k, v in env.email("EMAIL_URL", default="consolemail://").items() if v}
)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Showsite <noreply@localhost>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Background jobs (jobs/queue.py, docs/jobs.md) ----------------------------------
# Empty: jobs run in the web process after the transaction commits (no other service).
# redis://host:6379/2: jobs go to an RQ queue there, run by `manage.py jobs_worker`.
JOBS_URL = env.str("JOBS_URL", default="")
JOBS_QUEUE = env.str("JOBS_QUEUE", default="showsite")
# A worker retries a failed job this many times, after these delays (seconds; the
# last repeats). The embedded mode retries at once, in all this many attempts.
JOBS_RETRIES = env.int("JOBS_RETRIES", default=3)
JOBS_RETRY_INTERVALS = env.list("JOBS_RETRY_INTERVALS", cast=int, default=[10, 60, 300])
JOBS_EMBEDDED_ATTEMPTS = env.int("JOBS_EMBEDDED_ATTEMPTS", default=3)
# How long a web process waits for Redis before running the job itself.
JOBS_TIMEOUT = env.float("JOBS_TIMEOUT", default=1.0)
# How long RQ keeps a failed job (the FailedJob row stays until staff act on it).
JOBS_FAILED_TTL = env.int("JOBS_FAILED_TTL", default=30 * 86_400)
# Days a job's idempotency key (jobs.DoneKey, written by once()) is kept before
# `manage.py jobs_prune` deletes it. A key only has to outlive the job's retries, which
# come within minutes (JOBS_RETRY_INTERVALS) or hours, far inside 30 days; every key
# names one message or one day, so no later job asks for an old one.
JOBS_DONE_KEYS_KEEP_DAYS = env.int("JOBS_DONE_KEYS_KEEP_DAYS", default=30)

# --- Security -------------------------------------------------------------------------
# Production is HTTPS-only. SECURE_SSL_REDIRECT=false is for a local plain-HTTP run
# (make serve, make bench): it also drops secure-only cookies and HSTS, which cannot
# work without TLS.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", default=31_536_000 if SECURE_SSL_REDIRECT else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
# Preload is on by default so check --deploy is clean; turn it off before the first
# deploy if the domain should not go on browsers' HSTS preload list.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=SECURE_SSL_REDIRECT)
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The reader's address (rate limits, bans, reports) behind proxies: how many stand in
# front, each appending to CLIENT_IP_HEADER, or the networks they are in. Neither:
# REMOTE_ADDR. See core/clientip.py and the README's "Behind a proxy".
_OLD_IP_HEADER = env.str("COMMENTS_CLIENT_IP_HEADER", default="")  # one proxy's header
CLIENT_IP_HEADER = env.str(
    "CLIENT_IP_HEADER", default=_OLD_IP_HEADER or "HTTP_X_FORWARDED_FOR"
)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if _OLD_IP_HEADER else 0)
TRUSTED_PROXY_NETWORKS = env.list("TRUSTED_PROXY_NETWORKS", default=[])
if TRUSTED_PROXY_COUNT and TRUSTED_PROXY_NETWORKS:
    raise ImproperlyConfigured(
        "Set TRUSTED_PROXY_COUNT or TRUSTED_PROXY_NETWORKS, not both: they are two "
        "ways of saying which X-Forwarded-For entry to believe."
    )
for _network in TRUSTED_PROXY_NETWORKS:
    try:
        ipaddress.ip_network(_network.strip(), strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXY_NETWORKS: {_network!r} is not a network such as "
            "10.0.0.0/8 or 2001:db8::/32."
        ) from None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Scripts only from our own origin: no inline script, no eval. JSON-LD data blocks are
# not executed, so they need no exception.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "https://i.ytimg.com"],
        "frame-src": ["https://www.youtube-nocookie.com"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Pictures in a bucket are read from its origin (or public_url=), not ours.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += storageurl.media_origins(
    STORAGES["default"]
)

# --- Uploads --------------------------------------------------------------------------
# Refuse oversized requests before reading them into memory; uploads above the memory
# threshold stream to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# Past IMAGE_MAX_UPLOAD_BYTES an upload is no longer stored; the form says too big.
FILE_UPLOAD_HANDLERS = [
    "images.uploadhandlers.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Widths of the WebP renditions offered in srcset; a picture is never upscaled.
IMAGE_RENDITION_WIDTHS = env.list(
    "IMAGE_RENDITION_WIDTHS", cast=int, default=[320, 640, 960, 1280, 1920]
)

# --- Editorial -----------------------------------------------------------------------
# Days a shareable preview link of an unpublished piece stays valid.
ARTICLE_PREVIEW_LINK_DAYS = env.int("ARTICLE_PREVIEW_LINK_DAYS", default=7)
# Days an unsaved form kept by autosave is offered back before it expires.
ARTICLE_AUTOSAVE_DAYS = env.int("ARTICLE_AUTOSAVE_DAYS", default=7)
# Admin page views notice scheduled pieces that went live (at most once a minute) and
# tell their authors; off, only `manage.py send_due_notifications` (cron) does.
NEWSROOM_DUE_CHECK_ON_REQUESTS = env.bool(
    "NEWSROOM_DUE_CHECK_ON_REQUESTS", default=True
)
# The model whose bodies embed live catalog facts (livefacts/): its reference index,
# snapshots and reviews point at it, as AUTH_USER_MODEL names the user model.
LIVEFACTS_DOCUMENT_MODEL = "articles.Article"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Lockouts (warnings) only; each sign-in is in the sign-in log already.
        "axes": {"level": "WARNING"},
    },
}
