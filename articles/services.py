"""Writes with side effects on articles: state changes and author profiles."""

from django.db import transaction
from django.utils.text import slugify

from .models import Article, AuthorProfile
from .permissions import allowed_states
from .revisions import record_revision


@transaction.atomic
def article_set_state(*, article: Article, state: str, by) -> Article:
    """Move a piece to ``state`` if ``by`` may, and record it as a revision."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if state not in allowed_states(by, article):
        raise PermissionError(f"{by} may not move {article} to {state}.")
    article.state = state
    article.modified_by = by
    article.save()
    record_revision(article, user=by, comment=f"{article.get_state_display()}")
    return article


def author_profile_for(user) -> AuthorProfile:
    """The user's author profile, created from their name the first time they write."""
    name = user.get_full_name() or user.get_username()
    profile, _ = AuthorProfile.objects.get_or_create(
        user=user, defaults={"name": name, "slug": _free_profile_slug(name)}
    )
    return profile


def _free_profile_slug(name: str) -> str:
    base = slugify(name) or "author"
    slug, n = base, 2
    while AuthorProfile.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
