"""MEDIA_STORAGE_URL: one URL names a folder or an S3-compatible bucket."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.storageurl import (
    FILESYSTEM,
    S3,
    StorageURLError,
    media_origins,
    parse_storage_url,
    signed_urls_outlive_caches,
)


def options(url: str, **kwargs) -> dict:
    config = parse_storage_url(url, **kwargs)
    assert config["BACKEND"] == S3
    return config["OPTIONS"]


def test_folder_url_is_the_filesystem_storage_at_that_path():
    assert parse_storage_url("file:///srv/showsite/media") == {
        "BACKEND": FILESYSTEM,
        "OPTIONS": {"location": "/srv/showsite/media"},
    }


def test_minio_style_endpoint_uses_path_addressing_and_public_urls_under_it():
    o = options(
        "s3://media/site-a?endpoint=https://minio.example.com:9000/&region=us-east-1",
        cache_control="public, max-age=86400",
    )
    assert o["bucket_name"] == "media"
    assert o["location"] == "site-a"
    assert o["endpoint_url"] == "https://minio.example.com:9000"
    assert o["region_name"] == "us-east-1"
    assert o["addressing_style"] == "path"
    assert o["querystring_auth"] is False
    assert (o["url_protocol"], o["custom_domain"]) == (
        "https:",
        "minio.example.com:9000/media",
    )
    assert o["object_parameters"] == {"CacheControl": "public, max-age=86400"}
    assert o["file_overwrite"] is False
    assert o["default_acl"] is None


def test_aws_bucket_without_endpoint_is_read_at_its_virtual_host():
    o = options("s3://news-media?region=eu-west-2")
    assert o["endpoint_url"] is None
    assert o["location"] == ""
    assert o["addressing_style"] == "virtual"
    assert o["custom_domain"] == "news-media.s3.eu-west-2.amazonaws.com"


def test_r2_public_url_is_where_readers_fetch_objects():
    o = options(
        "s3://media?endpoint=https://acct.r2.cloudflarestorage.com&region=auto"
        "&public_url=https://media.example.com/"
    )
    assert o["endpoint_url"] == "https://acct.r2.cloudflarestorage.com"
    assert (o["url_protocol"], o["custom_domain"]) == ("https:", "media.example.com")


def test_signed_urls_drop_the_public_domain_and_last_the_given_time():
    o = options(
        "s3://media?endpoint=http://127.0.0.1:9000&public_url=https://cdn.example",
        signed_urls=True,
        signed_url_seconds=3600,
    )
    assert o["querystring_auth"] is True
    assert o["querystring_expire"] == 3600
    assert "custom_domain" not in o


def test_acl_is_sent_only_when_asked_for():
    assert options("s3://media?acl=public-read")["default_acl"] == "public-read"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("media", "starts with s3://"),
        ("https://bucket.example.com", "starts with s3://"),
        ("file://host/path", "file:///absolute/path"),
        ("s3://", "s3://bucket-name"),
        ("s3://key:secret@media", "never from the URL"),
        ("s3://media?endpiont=http://x", "Unknown parameter(s) endpiont"),
        ("s3://media?endpoint=minio:9000", "must start with https://"),
        ("s3://media?addressing=dns", "path or virtual"),
    ],
)
def test_a_wrong_url_says_what_to_write(url, message):
    with pytest.raises(StorageURLError, match=re.escape(message)):
        parse_storage_url(url)


def test_signed_urls_cannot_outlast_what_sigv4_allows():
    with pytest.raises(StorageURLError, match="7 days"):
        parse_storage_url("s3://media", signed_urls=True, signed_url_seconds=10**6)


@given(
    bucket=st.from_regex(r"[a-z0-9][a-z0-9-]{2,20}[a-z0-9]", fullmatch=True),
    prefix=st.lists(st.from_regex(r"[a-z0-9_-]{1,8}", fullmatch=True), max_size=3),
)
def test_any_bucket_and_prefix_round_trip(bucket, prefix):
    o = options(f"s3://{bucket}/{'/'.join(prefix)}?endpoint=http://127.0.0.1:9")
    assert o["bucket_name"] == bucket
    assert o["location"] == "/".join(prefix)
    assert o["custom_domain"] == f"127.0.0.1:9/{bucket}"


def test_signed_urls_must_outlive_every_cache_that_keeps_a_page():
    caches = [86_400, 86_400, 60]
    assert signed_urls_outlive_caches(signed_url_seconds=604_800, cached_seconds=caches)
    assert not signed_urls_outlive_caches(
        signed_url_seconds=3600, cached_seconds=caches
    )


@pytest.mark.parametrize(
    ("url", "signed", "origins"),
    [
        ("file:///srv/showsite/media", False, []),
        (
            "s3://media/a?endpoint=https://minio.example.com:9000&region=x",
            False,
            ["https://minio.example.com:9000"],
        ),
        (
            "s3://media?endpoint=http://127.0.0.1:9000&region=x",
            True,
            ["http://127.0.0.1:9000"],
        ),
        (
            "s3://m?region=auto&endpoint=https://a.r2.cloudflarestorage.com"
            "&public_url=https://media.example.com/pics",
            False,
            ["https://media.example.com"],
        ),
        (
            "s3://news-media?region=eu-west-2",
            True,
            [
                "https://news-media.s3.eu-west-2.amazonaws.com",
                "https://news-media.s3.amazonaws.com",
            ],
        ),
    ],
)
def test_pages_may_load_pictures_from_where_the_storage_serves_them(
    url, signed, origins
):
    assert media_origins(parse_storage_url(url, signed_urls=signed)) == origins
