"""Demo newsroom talk: a note thread on the piece in review, and the notices it made."""

from articles.models import Article

from .models import Kind, Note, Notification
from .services import article_admin_url

IN_REVIEW_SLUG = "heartstopper-season-2-review"


def load(*, users, stdout):
    """Once: a thread (with a mention and a reply) on the piece in review, the
    editor's "submitted" notice and the author's "mentioned" one."""
    article = Article.objects.filter(slug=IN_REVIEW_SLUG).first()
    if article is None or Note.objects.filter(article=article).exists():
        return
    editor, author = users["editor"], users["author"]
    thread = Note.objects.create(
        article=article,
        author=editor,
        text="@author The Paris episodes are the heart of this: could the second "
        "paragraph name them? And embed the season's premiere as a live fact.",
    )
    thread.mentions.add(author)
    Note.objects.create(
        article=article,
        parent=thread,
        author=author,
        text="Will do: adding episodes 4 and 5 now.",
    )
    url = article_admin_url(article)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=editor,
                kind=Kind.SUBMITTED,
                article=article,
                actor=author,
                text=f"Ada Author submitted “{article.title}” for review",
                url=url,
            ),
            Notification(
                recipient=author,
                kind=Kind.MENTIONED,
                article=article,
                actor=editor,
                text=f"Eddie Editor mentioned you in a note on “{article.title}”",
                url=f"{url}#note-{thread.pk}",
            ),
        ]
    )
    stdout.write("Newsroom: a note thread and two notifications.")
