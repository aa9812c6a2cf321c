"""Who may do what to an article. The admin asks these; they never ask the groups."""

from .models import Article, ArticleChange

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
    """Editors edit anything. Authors edit their own drafts and pieces sent back to
    them, and propose changes to their own live pieces (a draft change, which
    only an editor publishes); a piece or change in review waits for the editor."""
    if not user.has_perm("articles.change_article"):
        return False
    if can_publish(user):
        return True
    if not is_owner(user, article):
        return False
    if article.state in (Article.State.DRAFT, Article.State.CHANGES_REQUESTED):
        return True
    if article.is_live:
        in_review = ArticleChange.State.IN_REVIEW
        return not ArticleChange.objects.filter(
            article=article, state=in_review
        ).exists()
    return False
