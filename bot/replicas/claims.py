"""Update ids claimed before an update is handled, so that each update is answered once.

Telegram delivers an update again when it gets no 200 in time, and a load balancer may retry
it on another replica, so the same update can arrive twice, at once or later. Before handling,
a replica claims the update's id: an insert that only one replica can win. Then:

- `NEW`: this replica handles it; `finish` marks it done when the user got the reply, `release`
  gives it up when handling failed, so that Telegram's next delivery is answered.
- `DONE`: answered already; the webhook says 200 and sends nothing.
- `BUSY`: another replica is handling it; the webhook says 503 and Telegram delivers again.

A claim whose owner is gone (its presence connection closed: the replica died) or older than
`LEASE_S` is taken over by the next delivery. An answer sent by a replica killed before it could
mark the update done is sent again: at-least-once is the most a crash allows.

Each delivery's claim carries a token of its own (`new_token`): `finish` and `release` touch only
the claim of that delivery, so a release retried late cannot undo a later delivery's claim, and
a claim statement sent again (its connection dropped after the server committed it) finds its
own claim and wins.

Without PostgreSQL, `MemoryClaims` does the same within one process.
"""

from __future__ import annotations

import enum
import secrets
from collections import OrderedDict
from typing import Protocol

from bot.replicas.database import CLAIMS, SharedDatabase

LEASE_S = 600  # a claim this old is taken over even if its owner looks alive
KEEP_DONE_S = 26 * 3600  # Telegram keeps an unconfirmed update for 24 hours
REMEMBERED_UPDATES = 10_000  # in memory: update ids kept to drop redeliveries


class Claim(enum.Enum):
    NEW = "new"
    DONE = "done"
    BUSY = "busy"


def new_token() -> int:
    """A delivery's own claim token (a positive 62-bit number, for a bigint column)."""
    return secrets.randbits(62)


class UpdateClaims(Protocol):
    async def claim(self, update_id: int, token: int) -> Claim: ...
    async def finish(self, update_id: int, token: int) -> None: ...
    async def release(self, update_id: int, token: int) -> None: ...


class MemoryClaims:
    """Claims within one process: the ids in hand, and the most recent ids answered."""

    def __init__(self, size: int = REMEMBERED_UPDATES) -> None:
        self._done: OrderedDict[int, None] = OrderedDict()
        self._in_hand: set[int] = set()
        self._size = size

    async def claim(self, update_id: int, token: int = 0) -> Claim:
        if update_id in self._done:
            return Claim.DONE
        if update_id in self._in_hand:
            return Claim.BUSY
        self._in_hand.add(update_id)
        return Claim.NEW

    async def finish(self, update_id: int, token: int = 0) -> None:
        self._in_hand.discard(update_id)
        self._done[update_id] = None
        if len(self._done) > self._size:
            self._done.popitem(last=False)

    async def release(self, update_id: int, token: int = 0) -> None:
        self._in_hand.discard(update_id)


# One round trip: insert the claim, or take over one whose owner is gone or whose lease ran out;
# the outer select reads the row as it was before (a data-modifying CTE's snapshot), so a lost
# race says whether the update is done, still in someone's hands, or already this delivery's.
_CLAIM = f"""
WITH won AS (
    INSERT INTO {CLAIMS} AS c (update_id, state, owner_pid, claimed_at, token)
    VALUES (%(id)s, 'claimed', %(pid)s, now(), %(token)s)
    ON CONFLICT (update_id) DO UPDATE
        SET owner_pid = EXCLUDED.owner_pid, claimed_at = EXCLUDED.claimed_at,
            token = EXCLUDED.token
        WHERE c.state = 'claimed' AND (
            c.claimed_at < now() - make_interval(secs => %(lease)s)
            OR NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = c.owner_pid))
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM won), state, token
FROM (SELECT 1) AS one LEFT JOIN {CLAIMS} ON update_id = %(id)s
"""
_FINISH = f"UPDATE {CLAIMS} SET state = 'done' WHERE update_id = %(id)s AND token = %(token)s"
_RELEASE = f"""
DELETE FROM {CLAIMS} WHERE update_id = %(id)s AND state = 'claimed' AND token = %(token)s
"""
_PURGE = f"DELETE FROM {CLAIMS} WHERE claimed_at < now() - make_interval(secs => %(keep)s)"


class PostgresClaims:
    """Claims shared by every replica through the shared database."""

    def __init__(self, database: SharedDatabase, *, lease_s: float = LEASE_S) -> None:
        self._database = database
        self._lease = float(lease_s)

    async def claim(self, update_id: int, token: int) -> Claim:
        """Raises SharedStateError when the database cannot be asked (then the update is not
        handled: Telegram delivers it again)."""
        pid = await self._database.presence_pid()
        params = {"id": update_id, "pid": pid, "lease": self._lease, "token": token}
        rows = await self._database.rows("claim an update", _CLAIM, params)
        won, state, held_by = rows[0]
        if won or (state == "claimed" and held_by == token):
            return Claim.NEW
        return Claim.DONE if state == "done" else Claim.BUSY

    async def finish(self, update_id: int, token: int) -> None:
        params = {"id": update_id, "token": token}
        await self._database.rows("mark an update answered", _FINISH, params)

    async def release(self, update_id: int, token: int) -> None:
        params = {"id": update_id, "token": token}
        await self._database.rows("release an update", _RELEASE, params)

    async def purge(self) -> None:
        """Forget claims older than Telegram would deliver again."""
        await self._database.rows("forget old claims", _PURGE, {"keep": KEEP_DONE_S})
