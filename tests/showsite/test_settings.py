"""Settings come from the environment, with safe production defaults."""

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = ROOT / "showsite" / "settings.py"


@pytest.fixture
def load_settings(monkeypatch):
    """Evaluate showsite/settings.py afresh under a given environment."""
    for name in (
        "DATABASE_URL",
        "CACHE_URL",
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "CACHE_TIMEOUT",
        "COMMENTS_CLIENT_IP_HEADER",
        "TRUSTED_PROXY_COUNT",
        "TRUSTED_PROXY_NETWORKS",
        "MEDIA_ROOT",
        "MEDIA_STORAGE_URL",
        "MEDIA_SIGNED_URLS",
        "MEDIA_SIGNED_URL_SECONDS",
        "MEDIA_CACHE_CONTROL",
        "PAGE_CACHE_SECONDS",
        "FRAGMENT_SECONDS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SHOWSITE_IGNORE_DOTENV", "1")

    def load(**environ):
        for key, value in environ.items():
            monkeypatch.setenv(key, value)
        return runpy.run_path(str(SETTINGS_FILE))

    return load


def test_database_defaults_to_sqlite_file_in_project(load_settings):
    settings = load_settings(DEBUG="true")
    db = settings["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(ROOT / "db.sqlite3")
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_database_url_selects_postgresql_with_persistent_checked_connections(
    load_settings,
):
    settings = load_settings(
        DEBUG="true", DATABASE_URL="postgres://app:pw@db.internal:5433/news"
    )
    db = settings["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["HOST"], db["PORT"]) == (
        "news",
        "app",
        "db.internal",
        5433,
    )
    assert db["CONN_MAX_AGE"] == 60
    assert db["CONN_HEALTH_CHECKS"] is True


def test_cache_defaults_to_local_memory(load_settings):
    cache = load_settings(DEBUG="true")["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_cache_url_selects_djangos_redis_backend_keeping_its_clients(load_settings):
    cache = load_settings(DEBUG="true", CACHE_URL="redis://127.0.0.1:6379/2")["CACHES"][
        "default"
    ]
    assert cache["BACKEND"] == "core.rediscache.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/2"


def test_a_redis_cache_gets_short_connect_and_socket_timeouts(load_settings):
    settings = load_settings(DEBUG="true", CACHE_URL="redis://cache.internal:6379/1")
    options = settings["CACHES"]["default"]["OPTIONS"]
    assert (options["socket_connect_timeout"], options["socket_timeout"]) == (0.5, 0.5)
    assert settings["CACHE_RETRY_SECONDS"] == 10


def test_cache_timeouts_come_from_cache_timeout_or_the_url(load_settings):
    settings = load_settings(
        DEBUG="true",
        CACHE_TIMEOUT="0.2",
        CACHE_URL="redis://cache.internal:6379/1?socket_timeout=2",
    )
    options = settings["CACHES"]["default"]["OPTIONS"]
    assert (options["socket_connect_timeout"], options["socket_timeout"]) == (0.2, 2)


def test_postgresql_connections_give_up_after_a_connect_timeout(load_settings):
    settings = load_settings(DEBUG="true", DATABASE_URL="postgres://app@db/news")
    assert settings["DATABASES"]["default"]["OPTIONS"]["connect_timeout"] == 5


def test_login_without_a_usable_next_lands_on_the_admin(load_settings):
    assert load_settings(DEBUG="true")["LOGIN_REDIRECT_URL"] == "admin:index"


def test_the_old_client_ip_header_setting_means_one_trusted_proxy(load_settings):
    settings = load_settings(DEBUG="true", COMMENTS_CLIENT_IP_HEADER="HTTP_X_REAL_IP")
    assert (settings["CLIENT_IP_HEADER"], settings["TRUSTED_PROXY_COUNT"]) == (
        "HTTP_X_REAL_IP",
        1,
    )


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"TRUSTED_PROXY_COUNT": "1", "TRUSTED_PROXY_NETWORKS": "10.0.0.0/8"},
            "not both",
        ),
        ({"TRUSTED_PROXY_NETWORKS": "10.0.0.0/8,intranet"}, "'intranet' is not"),
    ],
)
def test_proxy_settings_that_cannot_work_are_refused_by_name(
    load_settings, environ, message
):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match=message):
        load_settings(DEBUG="true", **environ)


def test_production_defaults_are_secure(load_settings):
    settings = load_settings(SECRET_KEY=secrets.token_urlsafe(50))
    assert settings["DEBUG"] is False
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert settings["ALLOWED_HOSTS"] == []


def test_plain_http_switch_turns_off_redirect_secure_cookies_and_hsts(load_settings):
    settings = load_settings(
        SECRET_KEY=secrets.token_urlsafe(50), SECURE_SSL_REDIRECT="false"
    )
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SESSION_COOKIE_SECURE"] is False
    assert settings["SECURE_HSTS_SECONDS"] == 0


def test_missing_secret_key_without_debug_names_the_variable(load_settings):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        load_settings()


def _manage(*args, **environ):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")
    }
    env.update(environ, SHOWSITE_IGNORE_DOTENV="1")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_start_without_secret_key_fails_naming_the_variable():
    result = _manage("check", DEBUG="false", ALLOWED_HOSTS="example.com")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_media_stays_on_disk_unless_a_bucket_is_named(load_settings):
    settings = load_settings(DEBUG="true")
    assert settings["STORAGES"]["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }
    assert str(settings["MEDIA_ROOT"]) == str(ROOT / "media")


def test_media_storage_url_names_a_bucket_keys_left_to_the_environment(
    load_settings,
):
    settings = load_settings(
        DEBUG="true",
        MEDIA_STORAGE_URL="s3://news/media?endpoint=https://minio.example:9000"
        "&region=us-east-1",
    )
    storage = settings["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "news"
    assert storage["OPTIONS"]["location"] == "media"
    assert "access_key" not in storage["OPTIONS"]
    assert storage["OPTIONS"]["object_parameters"] == {
        "CacheControl": "public, max-age=86400"
    }
    assert storage["OPTIONS"]["custom_domain"] == "minio.example:9000/news"


def test_signed_media_urls_are_private_to_browsers(load_settings):
    settings = load_settings(
        DEBUG="true", MEDIA_STORAGE_URL="s3://news", MEDIA_SIGNED_URLS="true"
    )
    options = settings["STORAGES"]["default"]["OPTIONS"]
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == 7 * 24 * 3600
    assert options["object_parameters"]["CacheControl"].startswith("private")


def test_media_storage_url_of_a_folder_is_the_media_root(load_settings, tmp_path):
    settings = load_settings(DEBUG="true", MEDIA_STORAGE_URL=f"file://{tmp_path}")
    assert settings["MEDIA_ROOT"] == tmp_path
    assert settings["STORAGES"]["default"]["OPTIONS"] == {}


def test_a_wrong_media_storage_url_stops_the_server_saying_why(load_settings):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="MEDIA_STORAGE_URL: .*s3://"):
        load_settings(DEBUG="true", MEDIA_STORAGE_URL="minio:9000/news")


def test_signed_urls_shorter_than_the_page_caches_are_refused(load_settings):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="MEDIA_SIGNED_URL_SECONDS"):
        load_settings(
            DEBUG="true",
            MEDIA_STORAGE_URL="s3://news",
            MEDIA_SIGNED_URLS="true",
            MEDIA_SIGNED_URL_SECONDS="3600",
        )
