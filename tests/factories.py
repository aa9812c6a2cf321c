"""factory-boy factories for every model. One section per app, in dependency order."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

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


class PreviewLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.PreviewLink"

    article = factory.SubFactory(ArticleFactory, state="draft", published_at=None)
    note = "Press office"


# --- comments ----------------------------------------------------------------------
