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


# --- comments ----------------------------------------------------------------------
