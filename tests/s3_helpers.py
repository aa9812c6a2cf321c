"""A real S3 API over HTTP for the tests: moto's server, one per test process.

Tests that store media in "S3" talk to it through django-storages and boto3 exactly as
production talks to a bucket (requests, signatures, headers), so what passes here
passes against AWS, MinIO or R2 for what these tests prove. Each test gets a prefix
of its own in one bucket, which is cheaper than a bucket each and as isolated.
"""

import json
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from urllib.parse import urlencode

from storages.backends.s3 import S3Storage

from core.storageurl import parse_storage_url
from tests.faults_helpers import free_port, wait_until

BUCKET = "showsite-test"
# Readable with a signed URL only, as with MEDIA_SIGNED_URLS.
PRIVATE_BUCKET = "showsite-test-private"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}
REGION = "eu-west-2"
KEYS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


class ServerExited(AssertionError):
    pass


class SharedConnectionS3Storage(S3Storage):
    """Production's backend, but its boto3 connection outlives the instance.

    Each test builds a new storage (its settings change), and a new boto3 session costs
    ~0.2 s; the connection holds no state of the storage (bucket and prefix are the
    storage's), so one per thread serves every test.
    """

    _shared = threading.local()

    @property
    def connection(self):
        key = (self.endpoint_url, self.region_name, self.access_key)
        cached = getattr(self._shared, "connections", {})
        if key not in cached:
            cached[key] = super().connection
            self._shared.connections = cached
        return cached[key]


class MotoServer:
    """``moto_server`` in its own process on a free port, with the test bucket made."""

    @classmethod
    def start(cls) -> "MotoServer":
        """A running server; a port taken between choosing and binding it is retried."""
        for attempt in range(3):
            try:
                return cls()
            except ServerExited:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def __init__(self):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        moto_server = Path(sys.executable).parent / "moto_server"
        self.process = subprocess.Popen(
            [str(moto_server), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until(self._bucket_made, seconds=30, what="moto_server starting")
        except BaseException:
            self.stop()
            raise

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
        )

    def _bucket_made(self) -> bool:
        from botocore.exceptions import EndpointConnectionError

        if self.process.poll() is not None:
            raise ServerExited(f"moto_server exited with {self.process.returncode}")
        client = self.client()
        try:
            for bucket in (BUCKET, PRIVATE_BUCKET):
                client.create_bucket(
                    Bucket=bucket,
                    CreateBucketConfiguration={"LocationConstraint": REGION},
                )
        except EndpointConnectionError:
            return False
        # What README tells production to do for public URLs: anyone may read.
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
        return True

    def url(self, *, bucket: str = BUCKET, prefix: str = "", **params: str) -> str:
        """A ``MEDIA_STORAGE_URL`` for a fresh prefix (or ``prefix``) of ``bucket``."""
        query = urlencode({"endpoint": self.endpoint, "region": REGION, **params})
        return f"s3://{bucket}/{prefix or uuid.uuid4().hex}?{query}"

    def storage_config(self, url: str, **options) -> dict:
        """The ``STORAGES`` entry settings would build for ``url``."""
        config = parse_storage_url(
            url, cache_control="public, max-age=86400", **options
        )
        return {**config, "BACKEND": f"{__name__}.SharedConnectionS3Storage"}

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def fetch_media(url: str) -> tuple[bytes, str]:
    """The bytes and content type a reader's browser gets for a media ``url``.

    A bucket's URL is fetched over HTTP; ``/media/…`` is answered by the view that
    serves MEDIA_ROOT when ``SERVE_MEDIA`` is on (a front server does the same).
    """
    from urllib.request import urlopen

    from django.conf import settings
    from django.test import RequestFactory
    from django.views.static import serve

    if url.startswith(settings.MEDIA_URL):
        path = url.removeprefix(settings.MEDIA_URL)
        response = serve(RequestFactory().get(url), path, settings.MEDIA_ROOT)
        return b"".join(response.streaming_content), response["Content-Type"]
    with urlopen(url, timeout=10) as response:
        return response.read(), response.headers["Content-Type"]
