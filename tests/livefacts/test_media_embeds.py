"""Library images, pull quotes and catalog videos inside the body: their syntax, their
errors at their line, escaped output, and queries that do not grow with their number."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from catalog.deletion import without_usage_check
from livefacts.body import compile_body
from livefacts.facts import shown_facts
from livefacts.models import ArticleReference, FactSnapshot
from livefacts.parser import parse
from tests.factories import ArticleFactory, ImageFactory, VideoFactory

HOSTILE = [
    "<script>alert(1)</script>",
    "“quoted” & 'single' <b>bold</b>",
    "{{season:heartstopper/2.premiere}}",
    "]] [[factbox show=heartstopper]]",
    "<!--lf:factbox:season:1:-->",
]


def messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def page(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


# --- syntax ---------------------------------------------------------------------------


def test_image_and_video_take_an_id_or_their_target_name():
    parsed = parse(
        "[[image id=42]]\n[[image image=7]]\n[[video id=3]]\n[[video video=4]]"
    )
    assert [(e.kind, str(e.reference)) for e in parsed.embeds] == [
        ("image", "image=42"),
        ("image", "image=7"),
        ("video", "video=3"),
        ("video", "video=4"),
    ]


def test_a_pull_quote_takes_its_text_and_attribution_from_quoted_attributes():
    parsed = parse('[[quote text="I was never  a fan." by="Alice Oseman, author"]]')
    (embed,) = parsed.embeds
    assert embed.kind == "quote" and embed.reference is None
    assert dict(embed.attributes) == {
        "text": "I was never  a fan.",
        "by": "Alice Oseman, author",
    }
    assert dict(parse('[[quote text="Just words."]]').embeds[0].attributes) == {
        "text": "Just words."
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("\n[[image id=abc]]", "Line 2: “abc” is not a valid image reference"),
        ("[[image show=heartstopper]]", "Line 1: image shows a image, not a show."),
        ("[[video id=1 all]]", "Line 1: “all” is not understood by video"),
        ("[[quote]]", "Line 1: quote needs its text"),
        ('[[quote by="Nobody"]]', "Line 1: quote needs its text"),
        ('[[quote text=""]]', "Line 1: quote needs its text"),
        ("[[quote text=unquoted]]", "Line 1: “text=unquoted” is not understood by"),
        ('[[quote text="a" text="b"]]', 'Line 1: “text="b"” is not understood by'),
        ('[[quote text="a" who="b"]]', 'Line 1: “who="b"” is not understood by'),
        ('[[quote text="no end]]', 'Line 1: “text="no” is not understood by'),
    ],
)
def test_media_syntax_errors_name_their_line(body, expected):
    with pytest.raises(ValidationError) as error:
        parse(body)
    assert any(m.startswith(expected) for m in messages(error.value)), messages(
        error.value
    )


@given(
    text=st.text(alphabet=st.characters(exclude_characters='"\n\r'), min_size=1),
    by=st.text(alphabet=st.characters(exclude_characters='"\n\r'), max_size=40),
)
def test_any_quote_text_without_straight_quotes_round_trips(text, by):
    body = f'[[quote text="{text}" by="{by}"]]'
    try:
        parsed = parse(body)
    except ValidationError as error:
        # Only an all-blank text is refused.
        assert not text.strip(), messages(error)
        return
    attributes = dict(parsed.embeds[0].attributes)
    assert attributes["text"] == text.strip()


# --- rendering ------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_image_embed_is_a_figure_with_renditions_alt_caption_and_credit(client):
    image = ImageFactory(
        pixels=(1600, 900),
        alt_text="Two boys on a bench",
        caption="Filming in Kent",
        credit="© Netflix",
    )
    article = ArticleFactory(body=f"Before.\n\n[[image id={image.pk}]]\n\nAfter.")
    html = page(client, article)
    figure = html[html.index('<figure class="figure figure--body">') :]
    figure = figure[: figure.index("</figure>")]
    assert 'alt="Two boys on a bench"' in figure
    assert "srcset=" in figure and " 1600w" in figure and "sizes=" in figure
    assert "Filming in Kent" in figure and "© Netflix" in figure


@pytest.mark.django_db
def test_an_unknown_image_or_video_is_an_error_at_its_line():
    with pytest.raises(ValidationError) as error:
        compile_body("Intro.\n\n[[image id=999999]]\n\n[[video id=999998]]")
    assert messages(error.value) == [
        "Line 3: there is no image “999999” in the catalog (in [[image id=999999]]).",
        "Line 5: there is no video “999998” in the catalog (in [[video id=999998]]).",
    ]


@pytest.mark.django_db
def test_a_video_is_a_link_card_not_an_iframe(client):
    video = VideoFactory(title="Season 2 teaser", youtube_id="abcdefghijk")
    article = ArticleFactory(body=f"[[video id={video.pk}]]")
    html = page(client, article)
    assert '<aside class="livefact livefact--video"' in html
    assert 'href="https://www.youtube.com/watch?v=abcdefghijk"' in html
    assert '<span class="trailer__title">Season 2 teaser</span>' in html
    assert f'href="{video.show.get_absolute_url()}"' in html
    assert "<iframe" not in html and "youtube-nocookie" not in html


@pytest.mark.django_db
def test_a_pull_quote_is_a_figure_with_its_attribution(client):
    article = ArticleFactory(
        body='Text.\n\n[[quote text="It was never about the kiss." by="Kit Connor"]]'
    )
    html = page(client, article)
    assert (
        '<figure class="pullquote">\n  <blockquote class="pullquote__text">'
        "<p>It was never about the kiss.</p></blockquote>\n"
        '  <figcaption class="pullquote__by">Kit Connor</figcaption>\n</figure>'
    ) in html


@pytest.mark.django_db
@pytest.mark.parametrize("payload", HOSTILE)
def test_quote_and_library_strings_are_escaped(client, payload):
    text = payload.replace('"', "“")
    image = ImageFactory(alt_text=payload, caption=payload, credit=payload)
    video = VideoFactory(title=payload)
    article = ArticleFactory(
        body=f'[[quote text="{text}" by="{text}"]]\n\n[[image id={image.pk}]]\n\n'
        f"[[video id={video.pk}]]"
    )
    html = page(client, article)
    assert "<script>alert" not in html and "<b>bold" not in html
    body = html[html.index('class="prose') :]
    assert "livefact--factbox" not in body and 'class="fact ' not in body
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= (
        5 if "script" in payload else 0
    )


@pytest.mark.django_db
@pytest.mark.parametrize("embeds", [1, 10])
def test_one_or_ten_images_cost_the_same(client, django_assert_num_queries, embeds):
    images = [ImageFactory(pixels=(800, 600)) for _ in range(embeds)]
    videos = [VideoFactory() for _ in range(embeds)]
    body = "\n\n".join(
        f"[[image id={image.pk}]]\n\n[[video id={video.pk}]]\n\n"
        f'[[quote text="Quote {n}"]]'
        for n, (image, video) in enumerate(zip(images, videos, strict=True))
    )
    article = ArticleFactory(body=body)
    html = page(client, article)  # the first view makes the renditions
    assert html.count('class="figure figure--body"') == embeds
    assert html.count("livefact--video") == embeds
    assert html.count('class="pullquote"') == embeds
    # The article (with its subjects), every image (with renditions) and video in
    # one query, the comments.
    with django_assert_num_queries(3):
        page(client, article)


# --- index and staleness --------------------------------------------------------------


@pytest.mark.django_db
def test_images_and_videos_are_indexed_but_track_no_facts():
    image = ImageFactory()
    video = VideoFactory()
    article = ArticleFactory(
        body=f"[[image id={image.pk}]]\n\n[[video id={video.pk}]]\n\n"
        '[[quote text="Q"]]',
        state="published",
    )
    assert {
        (r.content_type.model, r.object_id)
        for r in ArticleReference.objects.filter(article=article)
    } == {("image", image.pk), ("video", video.pk)}
    assert shown_facts(article) == []
    assert not FactSnapshot.objects.filter(article=article).exists()
    assert ArticleReference.objects.to_object(image).count() == 1
    image.delete()
    assert not ArticleReference.objects.to_object(image).exists()


@pytest.mark.django_db
def test_a_deleted_image_or_video_leaves_nothing_in_the_page(client):
    image = ImageFactory(alt_text="Gone soon")
    video = VideoFactory(title="Gone too")
    article = ArticleFactory(body=f"[[image id={image.pk}]]\n\n[[video id={video.pk}]]")
    image.delete()
    with without_usage_check():  # refused by the catalog: what if it goes anyway?
        video.delete()
    html = page(client, article)
    assert "Gone soon" not in html and "Gone too" not in html


@pytest.mark.django_db
def test_the_library_and_video_admins_show_the_pieces_that_use_them(client, editor):
    image = ImageFactory()
    video = VideoFactory()
    article = ArticleFactory(
        title="Shows both", body=f"[[image id={image.pk}]]\n\n[[video id={video.pk}]]"
    )
    ArticleFactory(title="Unrelated", body="")
    client.force_login(editor)
    for url in [
        f"/admin/images/image/{image.pk}/change/",
        f"/admin/catalog/video/{video.pk}/change/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "Used in 1 article" in html, url
        assert f"/admin/articles/article/{article.pk}/change/" in html
        assert "Unrelated" not in html
