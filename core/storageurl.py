"""Where uploads live, said by one URL: ``MEDIA_STORAGE_URL`` and ``media_copy``.

``s3://bucket[/prefix]?endpoint=…&region=…`` is an S3-compatible bucket (AWS S3, MinIO,
Cloudflare R2, moto…) through django-storages; ``file:///absolute/path`` is a folder
on this machine. The answer is a ``STORAGES`` entry, so settings and the copy command
build their storages the same way. Keys are not part of the URL: django-storages and
boto3 read ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` (or an instance role) from
the environment, so they never end up in a log line that prints the URL.
"""

from urllib.parse import parse_qsl, urlsplit

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"
S3_PARAMETERS = ("endpoint", "region", "public_url", "addressing", "acl")
# The longest a SigV4 signature may last.
MAX_SIGNED_SECONDS = 7 * 24 * 3600


class StorageURLError(ValueError):
    """The URL cannot name a storage; the message says what to write instead."""


def parse_storage_url(
    url: str,
    *,
    signed_urls: bool = False,
    signed_url_seconds: int = MAX_SIGNED_SECONDS,
    cache_control: str = "",
) -> dict:
    """The ``STORAGES`` entry (``BACKEND`` and ``OPTIONS``) that ``url`` names.

    Public URLs (the default) are built as plain strings from ``public_url``, or the
    endpoint and bucket, so a page of pictures costs no signing; ``signed_urls`` asks
    the bucket to sign each one instead, for buckets readers cannot list or read.
    """
    parts = urlsplit(url)
    if parts.scheme == "file":
        if parts.netloc or not parts.path.startswith("/") or parts.query:
            raise StorageURLError(
                f"{url!r}: write a folder as file:///absolute/path, without a host "
                "or parameters."
            )
        return {"BACKEND": FILESYSTEM, "OPTIONS": {"location": parts.path}}
    if parts.scheme != "s3":
        raise StorageURLError(
            f"{url!r}: a media storage URL starts with s3:// (a bucket) or "
            "file:/// (a folder)."
        )
    return _s3(
        parts,
        signed_urls=signed_urls,
        signed_url_seconds=signed_url_seconds,
        cache_control=cache_control,
    )


def _s3(parts, *, signed_urls, signed_url_seconds, cache_control) -> dict:
    bucket = parts.hostname or ""
    if not bucket or parts.username or parts.password or parts.port:
        raise StorageURLError(
            "Write the bucket as s3://bucket-name; keys come from AWS_ACCESS_KEY_ID "
            "and AWS_SECRET_ACCESS_KEY, never from the URL."
        )
    params = dict(parse_qsl(parts.query, keep_blank_values=True, strict_parsing=False))
    unknown = sorted(set(params) - set(S3_PARAMETERS))
    if unknown:
        raise StorageURLError(
            f"Unknown parameter(s) {', '.join(unknown)} in the media storage URL; "
            f"known: {', '.join(S3_PARAMETERS)}."
        )
    endpoint = params.get("endpoint", "").rstrip("/")
    public_url = params.get("public_url", "").rstrip("/")
    for name, value in (("endpoint", endpoint), ("public_url", public_url)):
        if value and urlsplit(value).scheme not in ("http", "https"):
            raise StorageURLError(
                f"{name}={value!r} must start with https:// or http://"
            )
    addressing = params.get("addressing") or ("path" if endpoint else "virtual")
    if addressing not in ("path", "virtual"):
        raise StorageURLError("addressing= is path or virtual.")
    if signed_urls and not 1 <= signed_url_seconds <= MAX_SIGNED_SECONDS:
        raise StorageURLError(
            f"Signed URLs last between 1 and {MAX_SIGNED_SECONDS} seconds (7 days)."
        )
    region = params.get("region", "")
    options = {
        "bucket_name": bucket,
        "location": parts.path.strip("/"),
        "region_name": region or None,
        "endpoint_url": endpoint or None,
        "addressing_style": addressing,
        "default_acl": params.get("acl") or None,
        # Two uploads of "poster.jpg" must not overwrite each other, as on disk.
        "file_overwrite": False,
        "querystring_auth": signed_urls,
        "querystring_expire": signed_url_seconds,
        "object_parameters": {"CacheControl": cache_control} if cache_control else {},
    }
    if not signed_urls:
        base = public_url or _bucket_url(bucket, endpoint, region, addressing)
        scheme, _, domain = base.partition("://")
        options.update(custom_domain=domain, url_protocol=f"{scheme}:")
    return {"BACKEND": S3, "OPTIONS": options}


def _bucket_url(bucket: str, endpoint: str, region: str, addressing: str) -> str:
    """Where a public object of ``bucket`` is read, as the S3 API serves it."""
    if endpoint:
        if addressing == "virtual":
            scheme, _, host = endpoint.partition("://")
            return f"{scheme}://{bucket}.{host}"
        return f"{endpoint}/{bucket}"
    host = f"s3.{region}.amazonaws.com" if region else "s3.amazonaws.com"
    return f"https://{bucket}.{host}"


def media_origins(config: dict) -> list[str]:
    """The origins readers' browsers fetch media from, for the CSP's ``img-src``:
    none for a folder (the site's own origin serves it)."""
    if config["BACKEND"] != S3:
        return []
    options = config["OPTIONS"]
    if options.get("custom_domain"):  # public URLs: built from this domain
        host = options["custom_domain"].split("/", 1)[0]
        return [f"{options['url_protocol']}//{host}"]
    bucket, region = options["bucket_name"], options["region_name"] or ""
    endpoint = options["endpoint_url"] or ""
    base = _bucket_url(bucket, endpoint, region, options["addressing_style"])
    origins = ["{0.scheme}://{0.netloc}".format(urlsplit(base))]
    if not endpoint and region:  # AWS signs some regions' URLs at the global host
        origins.append(f"https://{bucket}.s3.amazonaws.com")
    return origins


def signed_urls_outlive_caches(
    *, signed_url_seconds: int, cached_seconds: list[int]
) -> bool:
    """Whether a signed URL lasts longer than the caches that may keep a page with it.

    A page may be kept whole (page cache), built from kept parts (fragments) and then
    kept by a browser or CDN, so the lifetimes add up.
    """
    return signed_url_seconds > sum(cached_seconds)
