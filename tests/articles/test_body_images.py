"""Pictures dropped or pasted onto the body go into the image library through the
library's own validation, for those who may add pictures and edit the piece."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from images.models import Image, Rendition
from tests.articles_helpers import ADD_URL, CHANGE_URL
from tests.factories import (
    SVG,
    TEXT,
    ArticleFactory,
    bomb_png,
    image_bytes,
    noise_png,
)

pytestmark = pytest.mark.django_db

URL = reverse("admin:articles_article_upload_image")


def media_files(settings) -> list[str]:
    return [str(p) for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def upload(client, *, content=None, name="dropped.png", **fields):
    data = {
        "file": SimpleUploadedFile(name, image_bytes() if content is None else content),
        "alt_text": "Two boys on a school bench",
        "caption": "",
        "credit": "",
        **fields,
    }
    return client.post(URL, data)


def test_editor_uploads_a_picture_and_gets_its_embed(client, editor, settings):
    client.force_login(editor)
    response = upload(
        client,
        content=image_bytes(size=(640, 480)),
        caption="On set",
        credit="© Netflix",
    )
    assert response.status_code == 201
    image = Image.objects.get()
    assert response.json() == {"id": image.pk, "embed": f"[[image id={image.pk}]]"}
    assert (image.alt_text, image.caption, image.credit) == (
        "Two boys on a school bench",
        "On set",
        "© Netflix",
    )
    assert (image.width, image.height) == (640, 480)
    assert image.uploaded_by == editor
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-cache" in response["Cache-Control"]


def test_exif_is_stripped_as_in_the_library(client, editor):
    from PIL import Image as PILImage

    exif = PILImage.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS
    content = image_bytes(image_format="JPEG", exif=exif.tobytes())
    client.force_login(editor)
    assert upload(client, content=content, name="p.jpg").status_code == 201
    with Image.objects.get().file.open("rb") as stored:
        data = stored.read()
    assert b"SecretCam" not in data
    assert not PILImage.open(Image.objects.get().file.path).getexif()


def test_author_uploads_for_their_own_draft_and_a_new_piece(client, author):
    own = ArticleFactory(created_by=author, state="draft")
    client.force_login(author)
    assert upload(client, article=str(own.pk)).status_code == 201
    assert upload(client).status_code == 201  # the add form: no piece yet
    assert Image.objects.filter(uploaded_by=author).count() == 2


def test_author_cannot_upload_for_someone_elses_piece(client, author, editor):
    theirs = ArticleFactory(created_by=editor)
    client.force_login(author)
    response = upload(client, article=str(theirs.pk))
    assert response.status_code == 403
    assert response.json()["errors"]["__all__"]
    assert upload(client, article="not-a-number").status_code == 403
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), ("moderator", 403), ("author", 201), ("editor", 201)],
)
def test_permission_matrix(client, request, roles, role, status):
    if role:
        client.force_login(request.getfixturevalue(role))
    response = upload(client)
    assert response.status_code == status
    if status == 302:
        assert "/admin/login/" in response["Location"]
    assert Image.objects.exists() == (status == 201)


def test_a_get_is_refused(client, editor):
    client.force_login(editor)
    assert client.get(URL).status_code == 405


def test_writes_need_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert upload(client).status_code == 403
    assert not Image.objects.exists()
    page = client.get(ADD_URL)
    token = page.cookies["csrftoken"].value
    response = client.post(
        URL,
        {"file": SimpleUploadedFile("a.png", image_bytes()), "alt_text": "A bench"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201


BAD = [
    ("text", TEXT, "poster.jpg", "file", "is not a JPEG, PNG, WebP or GIF"),
    ("svg", SVG, "logo.svg", "file", "is not a JPEG, PNG, WebP or GIF"),
    ("bomb", bomb_png(14_000, 14_000), "bomb.png", "file", "too large in pixels"),
    ("alt missing", None, "a.png", "alt_text", "This field is required."),
    ("alt a file name", None, "a.png", "alt_text", "This is a file name"),
]


@pytest.mark.parametrize(
    ("content", "name", "field", "message"),
    [case[1:] for case in BAD],
    ids=[case[0] for case in BAD],
)
def test_bad_uploads_are_json_errors_and_store_nothing(
    client, editor, settings, content, name, field, message
):
    client.force_login(editor)
    fields = {}
    if field == "alt_text":
        fields["alt_text"] = "" if message.startswith("This field") else "IMG_2041.JPG"
    response = upload(client, content=content, name=name, **fields)
    assert response.status_code == 400
    errors = response.json()["errors"][field]
    assert any(message in error for error in errors), errors
    assert not Image.objects.exists()
    assert media_files(settings) == []


def test_an_oversized_upload_is_a_json_error(client, editor, settings):
    content = noise_png(100)
    settings.IMAGE_MAX_UPLOAD_BYTES = len(content) // 2
    client.force_login(editor)
    response = upload(client, content=content, name="huge.png")
    assert response.status_code == 400
    assert "the largest upload is" in response.json()["errors"]["file"][0]
    assert not Image.objects.exists()


def test_a_failed_database_write_leaves_no_row_or_file(
    client, editor, settings, monkeypatch
):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Image, "save", broken_save)
    client.force_login(editor)
    client.raise_request_exception = False
    response = upload(client)
    assert response.status_code == 500
    assert not Image.objects.exists() and not Rendition.objects.exists()
    assert media_files(settings) == []


def test_the_change_form_has_the_dialog_for_those_who_may_upload(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    html = client.get(CHANGE_URL.format(article.pk)).content.decode()
    assert 'id="body-image-dialog"' in html
    assert f'data-article="{article.pk}"' in html
    assert f'data-upload-url="{URL}"' in html
    assert "js/body-images.js" in html
    html = client.get(ADD_URL).content.decode()
    assert 'data-article=""' in html
