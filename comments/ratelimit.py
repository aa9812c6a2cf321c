"""Comment and report limits: ``core.ratelimit`` in the comments' own scopes."""

from core import ratelimit
from core.ratelimit import Allowance


def hit(scope: str, identity: str, **limits) -> Allowance:
    """Count one post or report: scope ``"ip"`` is ``"comments:ip"`` in the cache."""
    return ratelimit.hit(f"comments:{scope}", identity, **limits)
