"""factory-boy factories for every model. One section per app, in dependency order."""

import datetime
import io
import os
import struct
import zlib
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from PIL import Image as PILImage

# --- accounts ----------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("password")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*extracted)


# --- images ------------------------------------------------------------------------


def image_bytes(
    *, size=(64, 48), image_format="PNG", colour=(200, 40, 60), **save_options
) -> bytes:
    """A real picture, made in memory: left half ``colour``, right half blue."""
    picture = PILImage.new("RGB", size, colour)
    picture.paste((20, 40, 220), (size[0] // 2, 0, size[0], size[1]))
    out = io.BytesIO()
    picture.save(out, format=image_format, **save_options)
    return out.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    """An ``images.Image`` with a real file, saved by ``image_save`` like an upload."""

    class Meta:
        model = "images.Image"

    class Params:
        pixels = (64, 48)
        image_format = "PNG"

    file = factory.LazyAttribute(
        lambda o: ContentFile(
            image_bytes(size=o.pixels, image_format=o.image_format),
            name=f"picture.{o.image_format.lower()}",
        )
    )
    alt_text = factory.Faker("sentence", nb_words=6)
    caption = factory.Faker("sentence", nb_words=10)
    credit = "© Showsite"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from images.services import image_save

        return image_save(image=model_class(*args, **kwargs))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def bomb_png(width: int, height: int) -> bytes:
    """A valid 1-bit greyscale PNG of ``width`` × ``height`` zeros.

    Every row is compressed as it is made, so building a 200-megapixel picture takes a
    few kilobytes of file and no large allocation; decoding it would take hundreds of
    megabytes.
    """
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then packed bits
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height))
    idat += compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def noise_png(size: int) -> bytes:
    """A PNG that does not compress: about 3 × size² bytes."""
    picture = PILImage.frombytes("RGB", (size, size), os.urandom(size * size * 3))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
    b'height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>'
)
TEXT = b"Season 2 is out on 3 October.\nThis is a text file, not a poster.\n"


def truncated_jpeg() -> bytes:
    whole = image_bytes(size=(400, 300), image_format="JPEG")
    return whole[: len(whole) // 2]


# --- catalog -----------------------------------------------------------------------


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.Source"

    title = factory.Sequence(lambda n: f"Press release {n}")
    publisher = "Netflix"
    url = factory.Sequence(lambda n: f"https://press.example.com/{n}")


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.Platform"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Platform {n}")
    slug = factory.Sequence(lambda n: f"platform-{n}")
    kind = "streaming"


class GenreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.Genre"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Genre {n}")
    slug = factory.Sequence(lambda n: f"genre-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.Person"

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"person-{n}")


class SourceWorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.SourceWork"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Novel series {n}")
    slug = factory.Sequence(lambda n: f"novel-series-{n}")
    kind = "graphic_novel_series"
    publisher = "Hodder Children's Books"

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            self.authors.add(*extracted)


class SourceVolumeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.SourceVolume"

    work = factory.SubFactory(SourceWorkFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda v: f"Volume {v.number}")
    status = "published"
    publication_date = datetime.date(2020, 1, 1)
    publication_precision = 1  # year


class ShowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.Show"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Show {n}")
    slug = factory.Sequence(lambda n: f"show-{n}")
    status = "returning"

    @factory.post_generation
    def platforms(self, create, extracted, **kwargs):
        if create and extracted:
            self.platforms.add(*extracted)


class SeasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.Season"

    show = factory.SubFactory(ShowFactory)
    number = factory.Sequence(lambda n: n + 1)
    release_status = "renewed"


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.Episode"

    season = factory.SubFactory(SeasonFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Episode {n}")


class ReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.Release"

    season = factory.SubFactory(SeasonFactory)
    country = "GB"
    platform = factory.SubFactory(PlatformFactory)


class WatchOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.WatchOption"

    show = factory.SubFactory(ShowFactory)
    country = "GB"
    platform = factory.SubFactory(PlatformFactory)
    offer = "subscription"


class CharacterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.Character"

    show = factory.SubFactory(ShowFactory)
    name = factory.Sequence(lambda n: f"Character {n}")
    slug = factory.Sequence(lambda n: f"character-{n}")


class CreditFactory(factory.django.DjangoModelFactory):
    """A main-cast role; for crew pass kind="crew", job="director", character=None."""

    class Meta:
        model = "catalog.Credit"

    person = factory.SubFactory(PersonFactory)
    show = factory.SubFactory(ShowFactory)
    character = factory.SubFactory(
        CharacterFactory, show=factory.SelfAttribute("..show")
    )
    kind = "main"
    billing_order = factory.Sequence(lambda n: n)


class SeasonAdaptationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.SeasonAdaptation"

    season = factory.SubFactory(SeasonFactory)
    volume = factory.SubFactory(SourceVolumeFactory)
    certainty = "speculated"


class VideoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.Video"

    show = factory.SubFactory(ShowFactory)
    title = factory.Sequence(lambda n: f"Official trailer {n}")
    youtube_id = factory.Sequence(lambda n: f"vid{n:08d}")


class ExternalRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.ExternalRating"

    show = factory.SubFactory(ShowFactory)
    provider = "imdb"
    value = Decimal("8.8")
    as_of = datetime.date(2022, 6, 1)


# --- articles ----------------------------------------------------------------------


def _hours_ago(hours):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(hours=hours)


class AuthorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.AuthorProfile"
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    name = factory.LazyAttribute(lambda p: p.user.get_full_name() or p.user.username)
    slug = factory.Sequence(lambda n: f"author-{n}")
    bio = "Writes about television."


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.Tag"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A public news piece unless told otherwise."""

    class Meta:
        model = "articles.Article"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Story number {n}")
    standfirst = "What happened, in one sentence."
    body = "Some **Markdown** text."
    kind = "news"
    state = "published"
    published_at = factory.LazyFunction(lambda: _hours_ago(1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            self.authors.add(*extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


READY_BODY = " ".join(
    ["The second season lands on Netflix with eight episodes and the same cast."] * 6
)


class ReadyArticleFactory(ArticleFactory):
    """A draft that passes the pre-publish checklist: hero with alt text, a subject,
    a written body."""

    state = "draft"
    published_at = None
    body = READY_BODY
    hero_image = factory.SubFactory(ImageFactory, alt_text="Two actors on a set")

    @factory.post_generation
    def subjects(self, create, extracted, **kwargs):
        if create:
            self.subject_shows.add(extracted or ShowFactory())


class PreviewLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.PreviewLink"

    article = factory.SubFactory(ArticleFactory, state="draft", published_at=None)
    note = "Press office"


class UpdateNoteFactory(factory.django.DjangoModelFactory):
    """A correction readers see on a public piece."""

    class Meta:
        model = "articles.UpdateNote"

    article = factory.SubFactory(ArticleFactory)
    kind = "correction"
    text = "An earlier version gave the wrong date."


class MinorChangeMarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "livefacts.MinorChangeMark"

    article = factory.SubFactory(ArticleFactory)
    through = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


# --- comments ----------------------------------------------------------------------


def comment_form_data(article, *, seconds_ago=60, **fields) -> dict:
    """What a reader's browser posts: the fields, a form token issued ``seconds_ago``
    and an empty honeypot."""
    import time

    from comments.tokens import issue_form_token

    data = {
        "name": "Robin Reader",
        "email": "robin@example.com",
        "body": "I hope the second season keeps the Paris trip.",
        "parent": "",
        "homepage": "",
        "form_token": issue_form_token(article.pk, now=time.time() - seconds_ago),
    }
    data.update(fields)
    return data


class CommentFactory(factory.django.DjangoModelFactory):
    """An approved top-level comment unless told otherwise."""

    class Meta:
        model = "comments.Comment"

    article = factory.SubFactory(ArticleFactory)
    name = factory.Sequence(lambda n: f"Reader {n}")
    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    body = factory.Sequence(lambda n: f"Comment number {n}: looking forward to it.")
    state = "approved"
    ip_address = "192.0.2.1"
    dedupe_key = factory.Sequence(lambda n: f"factory-{n}")


class CommentReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "comments.CommentReport"

    comment = factory.SubFactory(CommentFactory)
    reason = "spam"
    ip_address = factory.Sequence(lambda n: f"198.51.100.{n % 250 + 1}")
