"""Renditions are made once, stored, reused, and never wider than the original."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.template import Context, Template, TemplateSyntaxError
from PIL import Image as PILImage

from core.backup import storage_files
from images import processing
from images.models import Image, Rendition
from images.querysets import renditions_prefetch
from images.services import image_renditions, rendition_get_or_create, rendition_widths
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


def media_files() -> set[str]:
    return set(storage_files(default_storage))


def test_widths_never_upscale(settings):
    settings.IMAGE_RENDITION_WIDTHS = [320, 640, 960, 1280, 1920]
    assert rendition_widths(width=3000) == [320, 640, 960, 1280, 1920]
    assert rendition_widths(width=1000) == [320, 640, 960, 1000]
    assert rendition_widths(width=1920) == [320, 640, 960, 1280, 1920]
    assert rendition_widths(width=200) == [200]


def test_renditions_are_webp_files_of_the_right_size(media_storage):
    image = ImageFactory(pixels=(1000, 500), image_format="JPEG")
    renditions = image_renditions(image=image)
    assert [(r.width, r.height) for r in renditions] == [
        (320, 160),
        (640, 320),
        (960, 480),
        (1000, 500),
    ]
    for rendition in renditions:
        with rendition.file.open("rb") as f, PILImage.open(f) as stored:
            assert stored.format == "WEBP"
            assert stored.size == (rendition.width, rendition.height)


def test_renditions_are_made_once_and_reused(django_assert_num_queries):
    image = ImageFactory(pixels=(700, 300))
    first = image_renditions(image=image)
    files = media_files()
    assert len(files) == 4  # the original, 320w, 640w and 700w
    image = Image.objects.with_renditions().get(pk=image.pk)
    with django_assert_num_queries(0):
        again = image_renditions(image=image)
    assert [r.pk for r in again] == [r.pk for r in first]
    assert media_files() == files
    assert Rendition.objects.count() == 3
    plain = Image.objects.get(pk=image.pk)
    with django_assert_num_queries(1):  # not prefetched: one query, nothing made
        image_renditions(image=plain)


def test_transparent_png_keeps_its_alpha_in_webp():
    picture = PILImage.new("RGBA", (400, 200), (255, 0, 0, 0))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    from django.core.files.base import ContentFile

    from images.services import image_save

    image = image_save(
        image=Image(file=ContentFile(out.getvalue(), "t.png"), alt_text="A")
    )
    rendition = image_renditions(image=image)[0]
    with rendition.file.open("rb") as f, PILImage.open(f) as stored:
        assert stored.mode == "RGBA"
        assert stored.getpixel((5, 5))[3] == 0


def test_concurrent_request_making_the_same_rendition_leaves_one_row_and_one_file(
    monkeypatch,
):
    """The other request wins the race between our lookup and our insert."""
    image = ImageFactory(pixels=(400, 200))
    real_render = processing.render_webp
    winner = {}

    def render_while_another_request_finishes_first(file, width):
        if not winner:
            monkeypatch.setattr(processing, "render_webp", real_render)
            other = Image.objects.get(pk=image.pk)  # another request's own objects
            winner["row"] = rendition_get_or_create(image=other, width=width)
        return real_render(file, width)

    monkeypatch.setattr(
        processing, "render_webp", render_while_another_request_finishes_first
    )
    rendition = rendition_get_or_create(image=image, width=320)

    assert rendition.pk == winner["row"].pk
    assert Rendition.objects.filter(image=image, width=320).count() == 1
    assert media_files() == {image.file.name, rendition.file.name}


def render(source: str, **context) -> str:
    return Template("{% load images %}" + source).render(Context(context))


def test_image_tag_renders_srcset_sizes_dimensions_alt_and_lazy_loading():
    image = ImageFactory(pixels=(1000, 500), alt_text='Nick & Charlie "on set"')
    html = render('{% image img sizes="(min-width: 40rem) 50vw, 100vw" %}', img=image)
    srcset = re.search(r'srcset="([^"]+)"', html).group(1)
    assert [entry.rsplit(" ", 1)[1] for entry in srcset.split(", ")] == [
        "320w",
        "640w",
        "960w",
        "1000w",
    ]
    assert all(".webp " in entry for entry in srcset.split(", "))
    assert 'sizes="(min-width: 40rem) 50vw, 100vw"' in html
    assert 'width="1000" height="500"' in html
    assert 'alt="Nick &amp; Charlie &quot;on set&quot;"' in html
    assert 'loading="lazy" decoding="async"' in html
    assert re.search(r'src="/media/images/renditions/\d+/picture-960w\.webp"', html)
    assert "fetchpriority" not in html


def test_image_tag_for_the_picture_above_the_fold():
    image = ImageFactory()
    html = render(
        '{% image img loading="eager" fetchpriority="high" class="hero" %}', img=image
    )
    assert 'loading="eager"' in html
    assert 'fetchpriority="high"' in html
    assert 'class="hero"' in html
    assert 'sizes="100vw"' in html


def test_image_tag_refuses_unknown_loading_values_and_arguments():
    image = ImageFactory()
    assert 'loading="lazy"' in render('{% image img loading="x" %}', img=image)
    with pytest.raises(TemplateSyntaxError):
        render('{% image img onload="alert(1)" %}', img=image)


def test_image_tag_renders_nothing_for_a_missing_image():
    assert render("{% image img %}", img=None) == ""


def test_figure_include_shows_caption_and_credit_escaped():
    image = ImageFactory(caption="<b>Filming</b> in Kent", credit="© Netflix")
    html = render(
        '{% include "images/figure.html" with image=img sizes="50vw" %}', img=image
    )
    assert '<figure class="figure">' in html
    assert "&lt;b&gt;Filming&lt;/b&gt; in Kent" in html
    assert '<small class="figure__credit">© Netflix</small>' in html
    assert 'sizes="50vw"' in html
    assert "<figcaption" not in render(
        '{% include "images/figure.html" with image=img %}',
        img=ImageFactory(caption="", credit=""),
    )


def test_image_url_picks_the_widest_rendition_that_fits():
    image = ImageFactory(pixels=(2000, 1000))
    assert render("{% image_url img 1280 %}", img=image).endswith("-1280w.webp")
    assert render("{% image_url img 100 %}", img=image).endswith("-320w.webp")


def _list_template() -> Template:
    return Template("{% load images %}{% for i in images %}{% image i %}{% endfor %}")


@pytest.mark.parametrize("count", [3, 8])
def test_a_list_of_images_costs_the_same_queries_whatever_its_length(
    count, django_assert_num_queries
):
    images = ImageFactory.create_batch(count, pixels=(400, 200))
    for image in images:
        image_renditions(image=image)
    with django_assert_num_queries(2):  # images, then all their renditions
        html = _list_template().render(
            Context({"images": Image.objects.with_renditions()})
        )
    assert html.count("<img ") == count


@pytest.mark.parametrize("count", [3, 8])
def test_renditions_prefetch_through_a_foreign_key(count, django_assert_num_queries):
    for image in ImageFactory.create_batch(count, pixels=(400, 200)):
        image_renditions(image=image)
    template = Template(
        "{% load images %}{% for r in rows %}{% image r.image %}{% endfor %}"
    )
    rows = Rendition.objects.filter(width=320).select_related("image")
    with django_assert_num_queries(2):
        html = template.render(
            Context({"rows": rows.prefetch_related(renditions_prefetch("image"))})
        )
    assert html.count("<img ") == count


def test_image_whose_file_was_lost_renders_nothing_instead_of_failing_the_page(
    caplog, media_storage
):
    image = ImageFactory()
    image.file.storage.delete(image.file.name)
    assert render("{% image img %}|{% image_url img %}", img=image) == "|"
    assert "has no readable file" in caplog.text
