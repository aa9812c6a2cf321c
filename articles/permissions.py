"""Who may do what to an article. The admin asks these; they never ask the groups."""

from .models import Article

PUBLISH_PERMISSION = "articles.publish_article"


def can_publish(user) -> bool:
    """Editors: publish, schedule, unpublish and edit any piece."""
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def is_owner(user, article: Article) -> bool:
    if not article.pk:
        return True
    if article.created_by_id == user.pk:
        return True
    return article.authors.filter(user=user).exists()


def can_view(user, article: Article) -> bool:
    if not user.has_perm("articles.view_article") and not user.has_perm(
        "articles.change_article"
    ):
        return False
    return can_publish(user) or is_owner(user, article)


def can_edit(user, article: Article) -> bool:
    """Editors edit anything; authors only their own drafts."""
    if not user.has_perm("articles.change_article"):
        return False
    if can_publish(user):
        return True
    return article.state == Article.State.DRAFT and is_owner(user, article)


def allowed_states(user, article: Article) -> list[str]:
    """The states this user may move this piece to (its current one included)."""
    if can_publish(user):
        return list(Article.State.values)
    if article.state == Article.State.DRAFT:
        return [Article.State.DRAFT, Article.State.IN_REVIEW]
    return [article.state]
