"""Update ids claimed before handling, as replicas meet them: one answer per update."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from bot.replicas.claims import Claim, MemoryClaims, PostgresClaims, new_token
from bot.replicas.database import CLAIMS, SharedDatabase, SharedStateError
from tests.replicas.conftest import sql


async def test_in_one_process_an_update_in_hand_is_busy_and_an_answered_one_done() -> None:
    claims = MemoryClaims()
    assert await claims.claim(1) is Claim.NEW
    assert await claims.claim(1) is Claim.BUSY
    await claims.finish(1)
    assert await claims.claim(1) is Claim.DONE
    assert await claims.claim(2) is Claim.NEW
    await claims.release(2)  # handling failed: the next delivery is handled
    assert await claims.claim(2) is Claim.NEW


async def test_in_one_process_only_the_most_recent_answered_ids_are_remembered() -> None:
    claims = MemoryClaims(size=3)
    for update_id in (1, 2, 3, 4):
        assert await claims.claim(update_id) is Claim.NEW
        await claims.finish(update_id)
    assert await claims.claim(4) is Claim.DONE
    assert await claims.claim(1) is Claim.NEW  # the oldest was forgotten to make room


class Replica:
    """A replica's claims as its webhook uses them: each delivery with a token of its own."""

    def __init__(self, database: SharedDatabase, **options: float) -> None:
        self.claims = PostgresClaims(database, **options)
        self.tokens: dict[int, int] = {}

    async def claim(self, update_id: int) -> Claim:
        self.tokens[update_id] = new_token()
        return await self.claims.claim(update_id, self.tokens[update_id])

    async def finish(self, update_id: int) -> None:
        await self.claims.finish(update_id, self.tokens[update_id])

    async def release(self, update_id: int) -> None:
        await self.claims.release(update_id, self.tokens[update_id])

    async def purge(self) -> None:
        await self.claims.purge()


async def test_replicas_see_each_others_claims(replica: Callable[[], SharedDatabase]) -> None:
    first, second = Replica(replica()), Replica(replica())
    assert await first.claim(10) is Claim.NEW
    assert await second.claim(10) is Claim.BUSY
    await first.finish(10)
    assert await second.claim(10) is Claim.DONE
    assert await first.claim(10) is Claim.DONE


async def test_a_released_claim_is_handled_by_the_next_delivery_anywhere(
    replica: Callable[[], SharedDatabase],
) -> None:
    first, second = Replica(replica()), Replica(replica())
    assert await first.claim(11) is Claim.NEW
    await first.release(11)
    assert await second.claim(11) is Claim.NEW


async def test_one_update_delivered_to_three_replicas_at_once_is_won_by_one(
    replica: Callable[[], SharedDatabase],
) -> None:
    replicas = [PostgresClaims(replica()) for _ in range(3)]
    for update_id in range(100, 120):
        tries = [claims.claim(update_id, new_token()) for claims in replicas for _ in range(3)]
        results = await asyncio.gather(*tries)
        assert results.count(Claim.NEW) == 1, results
        assert set(results) == {Claim.NEW, Claim.BUSY}


async def test_the_claim_of_a_replica_that_died_is_taken_over_at_once(
    replica: Callable[[], SharedDatabase], database_url: str
) -> None:
    dying = replica()
    first, second = Replica(dying), Replica(replica())
    assert await first.claim(12) is Claim.NEW
    assert await second.claim(12) is Claim.BUSY
    pid = await dying.presence_pid()
    sql(database_url, "SELECT pg_terminate_backend(%s)", pid)  # its connection is gone
    for _ in range(50):
        if not sql(database_url, "SELECT 1 FROM pg_stat_activity WHERE pid = %s", pid):
            break
        await asyncio.sleep(0.05)
    assert await second.claim(12) is Claim.NEW


async def test_a_claim_older_than_the_lease_is_taken_over_even_from_a_live_owner(
    replica: Callable[[], SharedDatabase],
) -> None:
    first = Replica(replica(), lease_s=0.2)
    second = Replica(replica(), lease_s=0.2)
    assert await first.claim(13) is Claim.NEW
    assert await second.claim(13) is Claim.BUSY
    await asyncio.sleep(0.3)
    assert await second.claim(13) is Claim.NEW


async def test_old_claims_are_forgotten_and_recent_ones_kept(
    replica: Callable[[], SharedDatabase], database_url: str
) -> None:
    claims = Replica(replica())
    for update_id in (20, 21):
        assert await claims.claim(update_id) is Claim.NEW
        await claims.finish(update_id)
    sql(database_url, f"UPDATE {CLAIMS} SET claimed_at = now() - interval '2 days' "
        "WHERE update_id = 20")  # fmt: skip
    await claims.purge()
    assert sql(database_url, f"SELECT update_id FROM {CLAIMS}") == [(21,)]


async def test_an_unreachable_database_is_an_error_without_the_password() -> None:
    database = SharedDatabase("postgresql://bot:hunter2@127.0.0.1:1/nothing")
    try:
        with pytest.raises(SharedStateError) as raised:
            await PostgresClaims(database).claim(1, new_token())
        assert "hunter2" not in str(raised.value) and "claim" not in repr(database)
        assert "hunter2" not in repr(database)
    finally:
        await database.close()


async def test_a_late_release_does_not_undo_a_later_deliverys_claim(
    replica: Callable[[], SharedDatabase],
) -> None:
    """A release retried in the background after a failed claim must not delete the claim the
    next delivery of the same update made on the same replica (it would be answered twice)."""
    database = replica()
    claims, other = PostgresClaims(database), PostgresClaims(replica())
    failed_delivery, next_delivery = new_token(), new_token()
    assert await claims.claim(30, next_delivery) is Claim.NEW
    await claims.release(30, failed_delivery)  # the first delivery's retry, arriving late
    assert await other.claim(30, new_token()) is Claim.BUSY
    await claims.finish(30, next_delivery)
    assert await other.claim(30, new_token()) is Claim.DONE


async def test_a_claim_sent_again_finds_its_own_claim(
    replica: Callable[[], SharedDatabase],
) -> None:
    """The claim statement committed, its answer was lost, it is sent again: it wins."""
    claims = PostgresClaims(replica())
    token = new_token()
    assert await claims.claim(31, token) is Claim.NEW
    assert await claims.claim(31, token) is Claim.NEW
    assert await claims.claim(31, new_token()) is Claim.BUSY
