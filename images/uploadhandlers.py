"""Stop storing an upload as soon as it passes ``IMAGE_MAX_UPLOAD_BYTES``.

Django streams large uploads to a temporary file without any limit. This handler runs
first: past the limit it stops passing chunks on, so nothing more reaches memory or
disk, and hands the form an empty stand-in that knows the real size, so the editor
gets the same clear "too big" message as for any other oversized file.
"""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizedUpload(UploadedFile):
    """The part of an upload we did not keep: a name and a size, no content.

    Code that checks the size (our image field does, first) gives a form error; code
    that reads it anyway gets a 400, never a silently empty file.
    """

    def __init__(self, *, name: str, size: int, content_type: str):
        super().__init__(BytesIO(), name=name, content_type=content_type, size=size)

    def _refuse(self, *args, **kwargs):
        raise RequestDataTooBig(
            f"Upload {self.name!r} is larger than IMAGE_MAX_UPLOAD_BYTES."
        )

    read = chunks = readline = readlines = _refuse


class UploadSizeLimitHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.IMAGE_MAX_UPLOAD_BYTES:
            return None  # later handlers never see this chunk or the ones after it
        return raw_data

    def file_complete(self, file_size):
        if self.received <= settings.IMAGE_MAX_UPLOAD_BYTES:
            return None  # the next handler built the file
        return OversizedUpload(
            name=self.file_name, size=self.received, content_type=self.content_type
        )
