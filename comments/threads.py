"""Comments as readers see them: threads on the article page (capped) and on the
paginated comments page, each in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Window
from django.urls import reverse

from articles.models import Article

from .forms import CommentForm
from .models import Comment
from .rules import comments_are_open, comments_close_at


@dataclass
class Thread:
    """A top-level comment and its replies on one page. ``root`` is None when the
    page starts inside a thread begun on the page before."""

    root: Comment | None
    replies: list[Comment] = field(default_factory=list)

    @property
    def continued_from(self) -> Comment | None:
        return None if self.root or not self.replies else self.replies[0].parent


def group_threads(comments) -> list[Thread]:
    """Cut a flat, thread-ordered list (``CommentQuerySet.on_article_page``) into
    threads."""
    threads: list[Thread] = []
    for comment in comments:
        if comment.parent_id is None:
            threads.append(Thread(root=comment))
        elif threads and threads[-1].root and threads[-1].root.pk == comment.parent_id:
            threads[-1].replies.append(comment)
        elif (
            threads
            and threads[-1].root is None
            and (threads[-1].replies[-1].parent_id == comment.parent_id)
        ):
            threads[-1].replies.append(comment)
        else:
            threads.append(Thread(root=None, replies=[comment]))
    return threads


@dataclass
class ArticleComments:
    """What the comments area under an article shows."""

    article: Article
    threads: list[Thread]
    total: int
    shown: int
    is_open: bool
    closes_at: datetime | None
    form: CommentForm

    @property
    def has_more(self) -> bool:
        return self.total > self.shown

    @property
    def more_url(self) -> str:
        url = reverse("comments:list", kwargs={"slug": self.article.slug})
        return f"{url}?page=2"


def article_comments(article: Article) -> ArticleComments:
    """The first COMMENTS_PER_PAGE comments and the total, in one query however many
    there are: the total is a window count over the same rows, taken before the
    slice."""
    comments = Comment.objects.on_article_page(article).annotate(
        total_count=Window(Count("pk"))
    )
    first_page = list(comments[: settings.COMMENTS_PER_PAGE])
    return ArticleComments(
        article=article,
        threads=group_threads(first_page),
        total=first_page[0].total_count if first_page else 0,
        shown=len(first_page),
        is_open=comments_are_open(article),
        closes_at=comments_close_at(article),
        form=CommentForm(article=article),
    )
