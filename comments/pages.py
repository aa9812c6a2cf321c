"""A comment shows on its article's page and comments page, both owned by the
article's row; comments closing by themselves is that row's horizon."""

from articles.models import Article
from core import pageversions

from .models import Comment
from .rules import next_comments_closing


def _article_of(comments):
    return [Article.objects.filter(pk__in=comments.values("article_id"))]


def register() -> None:
    pageversions.register_pages(Comment, _article_of)
    pageversions.register_horizon(Article, next_comments_closing_of)


def next_comments_closing_of(articles, now):
    return next_comments_closing(now, articles)
