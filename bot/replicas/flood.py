"""The per-user flood guard shared by every replica: one token bucket per user in PostgreSQL,
refilled and drawn on in one statement, so a user is limited the same through any number of
replicas as through one.

The bucket is the same as the in-memory one (`bot.telegram_edge.flood_guard.FloodGuard`):
`per_minute` tokens a minute, up to `burst`; a message costs one token; `warn` is True once per
flood, for the first refusal that asked for it. The database's clock is the only clock, so
replicas whose clocks differ still agree. When the database cannot be asked, this replica's own
in-memory bucket decides, and that is logged (at most once a minute).
"""

from __future__ import annotations

import logging
import time
from typing import Protocol

from bot.replicas.database import FLOOD, SharedDatabase, SharedStateError

log = logging.getLogger(__name__)

FALLBACK_LOG_INTERVAL_S = 60.0


class FloodLimiter(Protocol):
    async def allow(self, user_id: int, cost: float = 1.0, warn: bool = True) -> tuple[bool, bool]:
        """(allowed, warn) for one update from `user_id` costing `cost` messages."""
        ...


# the bucket's level now: what was left, refilled for the time since, capped at the burst
_LEVEL = (
    "LEAST(%(burst)s, b.tokens"
    " + GREATEST(0, EXTRACT(EPOCH FROM now() - b.updated_at)::float8) * %(rate)s)"
)
_ALLOW = f"""
INSERT INTO {FLOOD} AS b (user_id, tokens, updated_at, warned, allowed, warn_now)
VALUES (%(user)s, %(burst)s - %(cost)s, now(), false, true, false)
ON CONFLICT (user_id) DO UPDATE SET
    tokens = CASE WHEN {_LEVEL} >= %(cost)s THEN {_LEVEL} - %(cost)s ELSE {_LEVEL} END,
    updated_at = now(),
    allowed = {_LEVEL} >= %(cost)s,
    warn_now = {_LEVEL} < %(cost)s AND %(warn)s AND NOT b.warned,
    warned = CASE WHEN {_LEVEL} >= %(cost)s THEN false WHEN %(warn)s THEN true ELSE b.warned END
RETURNING allowed, warn_now
"""
_PURGE = f"DELETE FROM {FLOOD} WHERE updated_at < now() - make_interval(secs => %(idle)s)"


class PostgresFloodGuard:
    """`allow` through the shared database, `fallback` when it cannot be asked."""

    def __init__(
        self, database: SharedDatabase, per_minute: int, burst: float, fallback: FloodLimiter
    ) -> None:
        self._database = database
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._fallback = fallback
        self._last_fallback_log = -FALLBACK_LOG_INTERVAL_S

    async def allow(self, user_id: int, cost: float = 1.0, warn: bool = True) -> tuple[bool, bool]:
        params = {
            "user": user_id,
            "burst": self._burst,
            "rate": self._rate,
            "cost": float(cost),
            "warn": warn,
        }
        try:
            rows = await self._database.rows("check the flood guard", _ALLOW, params)
        except SharedStateError as error:
            self._log_fallback(error)
            return await self._fallback.allow(user_id, cost, warn)
        allowed, warn_now = rows[0]
        return bool(allowed), bool(warn_now)

    async def purge(self) -> None:
        """Forget buckets that have been full again for a long while (users who went quiet)."""
        idle = max(3600.0, 2 * self._burst / self._rate) if self._rate else 3600.0
        await self._database.rows("forget idle flood buckets", _PURGE, {"idle": idle})

    def _log_fallback(self, error: SharedStateError) -> None:
        now = time.monotonic()
        if now - self._last_fallback_log >= FALLBACK_LOG_INTERVAL_S:
            self._last_fallback_log = now
            log.warning("%s: this replica's own flood guard decides meanwhile", error)
