"""A per-user flood guard: a token bucket per user, so one user cannot flood the bot while
everyone else is still answered. In memory: it protects one process; replicas sharing a
PostgreSQL database use `bot.replicas.flood`, which falls back on this one.

The users are kept in least-recently-seen order; at `max_users` the one seen longest ago is
forgotten (O(1), no scan). A user who keeps flooding is seen all the time, so stays remembered.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class FloodGuard:
    """Allows `per_minute` messages a minute per user, with bursts of up to `burst`."""

    def __init__(
        self,
        per_minute: int,
        burst: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_users: int = 100_000,
    ) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst if burst is not None else max(1, per_minute // 2))
        self.clock = clock
        self.max_users = max_users
        self._buckets: OrderedDict[int, _Bucket] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def check(self, user_id: int, cost: float = 1.0, warn: bool = True) -> tuple[bool, bool]:
        """(allowed, warn): one update from `user_id` costing `cost` messages. warn is True
        once per flood, for the first refusal that asked for it (`warn=True`)."""
        now = self.clock()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            bucket = self._buckets[user_id] = _Bucket(self.burst, now)
            while len(self._buckets) > self.max_users:
                self._buckets.popitem(last=False)  # the user seen longest ago
        else:
            self._buckets.move_to_end(user_id)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= cost:
            bucket.tokens -= cost
            bucket.warned = False
            return True, False
        if not warn:
            return False, False
        first = not bucket.warned
        bucket.warned = True
        return False, first

    async def allow(self, user_id: int, cost: float = 1.0, warn: bool = True) -> tuple[bool, bool]:
        """`check`, as the shared flood guard's interface (`bot.replicas.flood.FloodLimiter`)."""
        return self.check(user_id, cost, warn)
