"""Per-IP and per-e-mail posting limits, counted in the shared cache.

A fixed window per key: ``cache.add`` creates the counter once (atomic on Redis and
local memory) and ``cache.incr`` counts (atomic too), so concurrent posts on several
app servers are all counted.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    retry_after: int  # seconds until the window resets


def hit(scope: str, identity: str, *, limit: int, window: int) -> Allowance:
    """Count one attempt by ``identity`` (an IP or e-mail) in ``scope``; a limit of 0
    or less means no limit."""
    now = time.time()
    bucket = int(now // window)
    retry_after = max(1, math.ceil((bucket + 1) * window - now))
    if limit <= 0:
        return Allowance(True, 0)
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    key = f"comments:rate:{scope}:{digest}:{bucket}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr: this is the first hit again
        cache.add(key, 1, timeout=window + 1)
        count = 1
    return Allowance(count <= limit, retry_after)
