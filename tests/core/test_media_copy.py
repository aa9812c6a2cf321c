"""media_copy moves a site's media between a folder and a bucket, and may run again."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command

from core.backup import storage_files
from core.mediacopy import storage_for
from images.services import image_renditions
from tests.factories import ImageFactory
from tests.s3_helpers import KEYS

pytestmark = pytest.mark.django_db


def copy(*args) -> str:
    out = io.StringIO()
    call_command("media_copy", *args, stdout=out)
    return out.getvalue()


def contents(storage) -> dict[str, bytes]:
    files = {}
    for name in storage_files(storage):
        with storage.open(name, "rb") as f:
            files[name] = f.read()
    return files


def a_picture_with_renditions() -> None:
    image_renditions(image=ImageFactory(pixels=(700, 350)))


def test_disk_to_bucket_copies_every_file_once(s3_server, monkeypatch):
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    a_picture_with_renditions()
    on_disk = contents(default_storage)
    assert len(on_disk) == 4  # the original, 320w, 640w, 700w
    bucket_url = s3_server.url()

    assert "4 file(s) copied, 0 already there" in copy("--to", bucket_url)

    bucket = storage_for(bucket_url)
    assert contents(bucket) == on_disk
    assert "0 file(s) copied, 4 already there" in copy("--to", bucket_url)
    head = s3_server.client().head_object(
        Bucket=bucket.bucket_name, Key=f"{bucket.location}/{next(iter(on_disk))}"
    )
    assert head["ContentType"] == "image/png"
    assert head["CacheControl"] == "public, max-age=86400"


def test_bucket_to_disk_copies_back_and_replaces_a_changed_file(s3_media, tmp_path):
    a_picture_with_renditions()
    in_bucket = contents(default_storage)
    folder = f"file://{tmp_path / 'copy'}"

    assert "4 file(s) copied" in copy("--to", folder)
    disk = FileSystemStorage(location=tmp_path / "copy")
    assert contents(disk) == in_bucket

    changed = next(iter(in_bucket))
    disk.delete(changed)
    disk.save(changed, ContentFile(b"truncated"))
    assert "1 file(s) copied, 3 already there" in copy("--to", folder)
    assert contents(disk) == in_bucket


def test_dry_run_lists_what_would_be_copied_and_copies_nothing(tmp_path):
    default_storage.save("images/originals/a.png", ContentFile(b"a"))
    out = copy("--to", f"file://{tmp_path / 'copy'}", "--dry-run")
    assert "Would copy images/originals/a.png" in out
    assert "1 file(s) to copy" in out
    assert not (tmp_path / "copy").exists()


def test_copying_into_the_default_from_a_folder(tmp_path):
    source = FileSystemStorage(location=tmp_path / "old")
    source.save("images/originals/old.png", ContentFile(b"old"))
    copy("--from", f"file://{tmp_path / 'old'}")
    assert contents(default_storage) == {"images/originals/old.png": b"old"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "default"], "same storage"),
        (["--to", "ftp://example.com"], "starts with s3://"),
    ],
)
def test_wrong_arguments_say_why(args, message):
    with pytest.raises(CommandError, match=message):
        copy(*args)
