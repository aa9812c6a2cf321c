"""factory-boy factories for every model. One section per app, in dependency order."""

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
