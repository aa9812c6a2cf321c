"""Per-IP and per-e-mail limits on what readers send (comments, reports, follow
requests), counted in the shared cache.

A fixed window per key: ``cache.add`` creates the counter once (atomic on Redis and
local memory) and ``cache.incr`` counts (atomic too), so concurrent posts on several
app servers are all counted.

When the cache is down or hung the limit still holds: the caller's ``stored`` rows
(this reader's comments, reports or follow requests) are counted in the database
over the last window instead, so the reader's post goes through rather than failing.
"""

import hashlib
import math
import time
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from core import cacheguard


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    retry_after: int  # seconds until the window resets


def hit(
    scope: str,
    identity: str,
    *,
    limit: int,
    window: int,
    stored: QuerySet | None = None,
) -> Allowance:
    """Count one attempt by ``identity`` (an IP or e-mail) in ``scope`` (named by
    its app: ``"comments:ip"``, ``"follows:email"``); a limit of 0
    or less means no limit. ``stored``: this identity's rows with a ``created_at``,
    counted when the cache is unavailable (without it, the attempt is allowed)."""
    now = time.time()
    bucket = int(now // window)
    retry_after = max(1, math.ceil((bucket + 1) * window - now))
    if limit <= 0:
        return Allowance(True, 0)
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    key = f"rate:{scope}:{digest}:{bucket}"
    try:
        with cacheguard.guard():
            count = _count(key, window)
    except cacheguard.CacheUnavailable:
        if stored is None:
            return Allowance(True, 0)
        since = timezone.now() - timedelta(seconds=window)
        count = stored.filter(created_at__gte=since).count() + 1
        retry_after = window
    return Allowance(count <= limit, retry_after)


def _count(key: str, window: int) -> int:
    cache.add(key, 0, timeout=window + 1)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr: this is the first hit again
        cache.add(key, 1, timeout=window + 1)
        return 1
