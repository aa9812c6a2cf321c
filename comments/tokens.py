"""The signed form timestamp: a post made too soon after the form was served is a
bot's, one made too long after is from a stale page.

The token is handed out by an uncached request (the form page, or the token endpoint
the article page's script calls), so cached article pages can carry the form.
"""

import time

from django.conf import settings
from django.core import signing

SALT = "comments.form-token"


class FormTokenError(Exception):
    """``code`` is "invalid", "too_fast" or "stale"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def issue_form_token(article_id: int, *, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    return signing.dumps({"a": article_id, "t": issued}, salt=SALT)


def check_form_token(token: str, *, article_id: int, now: float | None = None) -> None:
    """Raise FormTokenError unless ``token`` was issued for this article, at least
    COMMENTS_MIN_SECONDS and at most COMMENTS_FORM_MAX_AGE seconds ago."""
    try:
        data = signing.loads(token, salt=SALT)
        issued, token_article = int(data["t"]), data["a"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise FormTokenError("invalid") from None
    if token_article != article_id:
        raise FormTokenError("invalid")
    age = (now if now is not None else time.time()) - issued
    if age < settings.COMMENTS_MIN_SECONDS:
        raise FormTokenError("too_fast")
    if age > settings.COMMENTS_FORM_MAX_AGE:
        raise FormTokenError("stale")
