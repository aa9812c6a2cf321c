"""What the article form's Notes panel shows: built once for the template tag and
for the JSON answer that refreshes the panel in place."""

from articles.permissions import can_view

from .models import NOTE_MAX_LENGTH, NOTE_THREADS_SHOWN, Note


def notes_panel_context(user, article, csrf_token) -> dict:
    """The piece's threads (capped, open ones first) and its forms' token; nothing
    for those who may not view the piece."""
    if article is None or article.pk is None or not can_view(user, article):
        return {"show": False}
    threads = list(Note.objects.threads(article)[:NOTE_THREADS_SHOWN])
    return {
        "show": True,
        "article": article,
        "open_threads": [t for t in threads if not t.is_resolved],
        "resolved_threads": [t for t in threads if t.is_resolved],
        "csrf_token": csrf_token,
        "max_length": NOTE_MAX_LENGTH,
    }
