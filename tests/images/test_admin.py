"""The image library in the admin: uploads, errors as messages, who may do what."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.backup import storage_files
from images.models import Image
from tests.factories import (
    SVG,
    TEXT,
    ImageFactory,
    bomb_png,
    image_bytes,
    noise_png,
    truncated_jpeg,
)

ADD_URL = reverse("admin:images_image_add")
LIST_URL = reverse("admin:images_image_changelist")


def media_files() -> list[str]:
    return sorted(storage_files(default_storage))


def post_upload(client, content: bytes, name: str, **fields):
    data = {
        "file": SimpleUploadedFile(name, content),
        "alt_text": "Two boys on a school bench",
        "caption": "",
        "credit": "© Netflix",
        "focal_point_x": "",
        "focal_point_y": "",
        **fields,
    }
    return client.post(ADD_URL, data)


@pytest.mark.django_db
def test_editor_uploads_a_picture(
    client, editor, django_capture_on_commit_callbacks, media_storage
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(client, image_bytes(size=(800, 400)), "bench.png")
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height, image.uploaded_by) == (800, 400, editor)
    # Renditions were made once the upload committed, not on the first page view.
    assert sorted(image.renditions.values_list("width", flat=True)) == [320, 640, 800]
    assert media_files() == sorted(
        [image.file.name, *(r.file.name for r in image.renditions.all())]
    )


@pytest.mark.django_db
def test_upload_larger_than_the_memory_threshold_streams_to_disk_and_works(
    client, editor, settings
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    client.force_login(editor)
    response = post_upload(client, noise_png(60), "noise.png")
    assert response.status_code == 302
    assert Image.objects.get().width == 60


BAD_UPLOADS = [
    ("bomb", lambda: bomb_png(14_000, 14_000), "bomb.png", "too large in pixels"),
    ("warning-bomb", lambda: bomb_png(10_000, 10_000), "b.png", "too large in pixels"),
    ("text", lambda: TEXT, "poster.jpg", "is not a JPEG, PNG, WebP or GIF"),
    ("svg", lambda: SVG, "logo.svg", "is not a JPEG, PNG, WebP or GIF"),
    ("truncated", truncated_jpeg, "half.jpg", "damaged or incomplete"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name", "message"),
    [case[1:] for case in BAD_UPLOADS],
    ids=[case[0] for case in BAD_UPLOADS],
)
def test_bad_upload_is_a_form_error_and_stores_nothing(
    client, editor, settings, content, name, message
):
    client.force_login(editor)
    response = post_upload(client, content(), name, caption="Kept on the form")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["file"]
    assert any(message in error for error in errors), errors
    assert message in response.content.decode().replace("&#x27;", "'")
    assert b"Kept on the form" in response.content  # nothing typed is lost
    assert not Image.objects.exists()
    assert media_files() == []


@pytest.mark.django_db
def test_oversized_upload_is_a_form_error(client, editor, settings):
    content = noise_png(100)
    settings.IMAGE_MAX_UPLOAD_BYTES = len(content) // 2
    client.force_login(editor)
    response = post_upload(client, content, "huge.png")
    assert response.status_code == 200
    assert (
        "the largest upload is" in response.context["adminform"].form.errors["file"][0]
    )
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_alt_text_is_required(client, editor):
    client.force_login(editor)
    response = post_upload(client, image_bytes(), "a.png", alt_text="")
    assert response.status_code == 200
    assert "alt_text" in response.context["adminform"].form.errors
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_half_a_focal_point_is_a_form_error_not_a_database_error(client, editor):
    client.force_login(editor)
    response = post_upload(client, image_bytes(), "a.png", focal_point_x="40")
    assert response.status_code == 200
    assert "both focal point values" in response.content.decode()
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_changelist_shows_thumbnails_and_searches_alt_caption_and_credit(
    client, editor
):
    ImageFactory(alt_text="Nick at the rugby match", caption="", credit="© Netflix")
    ImageFactory(alt_text="A lighthouse", caption="Filming in Kent", credit="© BBC")
    client.force_login(editor)
    page = client.get(LIST_URL).content.decode()
    assert page.count('class="image-admin-thumb"') == 2
    assert 'srcset="/media/images/renditions/' in page
    for query, expected in [
        ("rugby", "Nick"),
        ("kent", "lighthouse"),
        ("bbc", "lighthouse"),
    ]:
        results = client.get(LIST_URL, {"q": query}).context["cl"].result_list
        assert [expected in image.alt_text for image in results] == [True]
    missing = client.get(LIST_URL, {"described": "no_caption"}).context["cl"]
    assert [image.alt_text for image in missing.result_list] == [
        "Nick at the rugby match"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 8])
def test_changelist_query_count_does_not_grow(
    client, editor, count, django_assert_num_queries
):
    from images.services import image_renditions

    for image in ImageFactory.create_batch(count, pixels=(400, 200)):
        image_renditions(image=image)
    client.force_login(editor)
    client.get(LIST_URL)  # warm the session and content types
    with django_assert_num_queries(12):
        response = client.get(LIST_URL)
    assert response.content.decode().count('class="image-admin-thumb"') == count


MATRIX = [
    # role, url name, expected status
    ("editor", "add", 200),
    ("editor", "changelist", 200),
    ("editor", "change", 200),
    ("editor", "delete", 200),
    ("author", "add", 200),
    ("author", "changelist", 200),
    ("author", "change", 200),
    ("author", "delete", 403),
    ("moderator", "add", 403),
    ("moderator", "changelist", 403),
    ("moderator", "change", 403),
    ("moderator", "delete", 403),
    (None, "add", 302),
    (None, "changelist", 302),
    (None, "change", 302),
    (None, "delete", 302),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "action", "status"), MATRIX)
def test_role_permission_matrix(client, request, role, action, status):
    image = ImageFactory()
    if role:
        client.force_login(request.getfixturevalue(role))
    else:
        request.getfixturevalue("roles")
    args = [] if action in ("add", "changelist") else [image.pk]
    response = client.get(reverse(f"admin:images_image_{action}", args=args))
    assert response.status_code == status
    if status == 302:
        assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_author_cannot_delete_by_post_either(client, author):
    image = ImageFactory()
    client.force_login(author)
    url = reverse("admin:images_image_delete", args=[image.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Image.objects.filter(pk=image.pk).exists()


@pytest.mark.django_db
def test_oversized_upload_stops_being_stored_once_past_the_limit(
    client, editor, settings, monkeypatch
):
    """The bytes past the limit never reach memory or a temporary file."""
    from django.core.files import uploadhandler

    settings.IMAGE_MAX_UPLOAD_BYTES = 200_000
    stored = []
    for handler in (
        uploadhandler.MemoryFileUploadHandler,
        uploadhandler.TemporaryFileUploadHandler,
    ):
        original = handler.receive_data_chunk

        def counting(self, raw_data, start, original=original):
            stored.append(len(raw_data))
            return original(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", counting)
    client.force_login(editor)
    response = post_upload(client, noise_png(700), "poster.png")  # about 1.5 MB
    assert response.status_code == 200
    error = response.context["adminform"].form.errors["file"][0].replace("\xa0", " ")
    assert "“poster.png” is 1.4 MB; the largest upload is 195.3 KB" in error
    assert 0 < sum(stored) <= 200_000
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_add_form_asks_only_for_what_an_editor_types(client, editor):
    client.force_login(editor)
    fields = client.get(ADD_URL).context["adminform"].form.fields
    assert list(fields) == [
        "file",
        "alt_text",
        "caption",
        "credit",
        "focal_point_x",
        "focal_point_y",
    ]
    assert fields["alt_text"].required and fields["file"].required


@pytest.mark.django_db
def test_a_file_name_is_not_accepted_as_alt_text(client, editor):
    client.force_login(editor)
    response = post_upload(client, image_bytes(), "a.png", alt_text="IMG_2041.JPG")
    assert response.status_code == 200
    assert "This is a file name, not a description" in str(
        response.context["adminform"].form.errors["alt_text"]
    )
    assert not Image.objects.exists()


def test_code_that_reads_an_oversized_upload_anyway_gets_a_400_not_an_empty_file():
    from django.core.exceptions import RequestDataTooBig

    from images.uploadhandlers import OversizedUpload

    upload = OversizedUpload(name="big.csv", size=10**9, content_type="text/csv")
    assert upload.size == 10**9
    with pytest.raises(RequestDataTooBig):
        upload.read()
    with pytest.raises(RequestDataTooBig):
        list(upload.chunks())
