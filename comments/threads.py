"""Comments as readers see them under an article: capped, in a fixed number of
queries however many there are."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Window
from django.urls import reverse

from articles.models import Article
from core.queryshapes import QueryShape

from .forms import CommentForm
from .models import Comment
from .rules import comments_are_open, comments_close_at


@dataclass
class ArticleComments:
    """What the comments area under an article shows."""

    article: Article
    comments: list[Comment]
    total: int
    is_open: bool
    closes_at: datetime | None
    form: CommentForm

    @property
    def shown(self) -> int:
        return len(self.comments)

    @property
    def has_more(self) -> bool:
        return self.total > self.shown

    @property
    def more_url(self) -> str:
        url = reverse("comments:list", kwargs={"slug": self.article.slug})
        return f"{url}?page=2"


# The first COMMENTS_PER_PAGE comments and the total in one query, compiled once per
# process: the total is a window count over the same rows, taken before the slice.
FIRST_PAGE = QueryShape(
    lambda article: Comment.objects.on_article_page(article).annotate(
        total_count=Window(Count("pk"))
    )[: settings.COMMENTS_PER_PAGE],
    article=Comment._meta.get_field("article"),
)


def article_comments(article: Article) -> ArticleComments:
    """The first page of the article's public comments, their total, the form."""
    first_page = FIRST_PAGE.all(article=article.pk)
    return ArticleComments(
        article=article,
        comments=first_page,
        total=first_page[0].total_count if first_page else 0,
        is_open=comments_are_open(article),
        closes_at=comments_close_at(article),
        form=CommentForm(article=article),
    )
