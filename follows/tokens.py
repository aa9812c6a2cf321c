"""The confirm link: signed, so a follow's choices cannot be changed by editing it,
and dated, so an unconfirmed request stops working after FOLLOWS_CONFIRM_MAX_AGE."""

from django.conf import settings
from django.core import signing

from .models import CHOICE_FIELDS, Follow

SALT = "follows.confirm"


class ConfirmLinkError(Exception):
    """``code`` is "invalid" (tampered, or not ours) or "expired"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def confirm_code(follow: Follow) -> str:
    """The follow's token and the choices asked for, signed with the time."""
    choices = "".join("1" if getattr(follow, name) else "0" for name in CHOICE_FIELDS)
    return signing.dumps({"t": follow.token, "c": choices}, salt=SALT)


def read_confirm_code(code: str) -> tuple[str, dict[str, bool]]:
    """The token and choices in ``code``; ConfirmLinkError if it is not valid."""
    try:
        data = signing.loads(code, salt=SALT, max_age=settings.FOLLOWS_CONFIRM_MAX_AGE)
        token, bits = str(data["t"]), str(data["c"])
    except signing.SignatureExpired:
        raise ConfirmLinkError("expired") from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ConfirmLinkError("invalid") from None
    if len(bits) != len(CHOICE_FIELDS) or set(bits) - {"0", "1"}:
        raise ConfirmLinkError("invalid")
    choices = dict(zip(CHOICE_FIELDS, (bit == "1" for bit in bits), strict=True))
    return token, choices
