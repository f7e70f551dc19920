"""The flood guard shared by replicas: one user is limited the same through any of them."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from bot.replicas.database import FLOOD, SharedDatabase
from bot.replicas.flood import PostgresFloodGuard
from bot.telegram_edge.flood_guard import FloodGuard
from tests.replicas.conftest import sql


def guard(database: SharedDatabase, per_minute: int = 6, burst: int = 3) -> PostgresFloodGuard:
    return PostgresFloodGuard(database, per_minute, burst, fallback=FloodGuard(per_minute, burst))


async def test_a_burst_spread_over_replicas_is_limited_as_on_one(
    replica: Callable[[], SharedDatabase],
) -> None:
    replicas = [guard(replica()) for _ in range(3)]
    results = [await replicas[n % 3].allow(1) for n in range(9)]
    assert [allowed for allowed, _ in results] == [True] * 3 + [False] * 6
    assert [warn for _, warn in results] == [False] * 3 + [True] + [False] * 5  # warned once
    assert await replicas[1].allow(2) == (True, False)  # another user is not affected


async def test_the_bucket_refills_with_time(
    replica: Callable[[], SharedDatabase], database_url: str
) -> None:
    shared = guard(replica())  # six a minute: one token every ten seconds
    for _ in range(3):
        assert (await shared.allow(7))[0]
    assert not (await shared.allow(7))[0]
    sql(database_url, f"UPDATE {FLOOD} SET updated_at = updated_at - interval '20 seconds'")
    assert [(await shared.allow(7))[0] for _ in range(3)] == [True, True, False]


async def test_a_refusal_that_does_not_ask_to_warn_leaves_the_warning_for_later(
    replica: Callable[[], SharedDatabase],
) -> None:
    shared = guard(replica(), burst=1)
    assert await shared.allow(3, cost=0.25, warn=False) == (True, False)
    assert await shared.allow(3) == (False, True)  # 0.75 left: refused, and warned
    assert await shared.allow(3, warn=False) == (False, False)


async def test_quiet_users_buckets_are_forgotten(
    replica: Callable[[], SharedDatabase], database_url: str
) -> None:
    shared = guard(replica())
    await shared.allow(1)
    await shared.allow(2)
    sql(database_url, f"UPDATE {FLOOD} SET updated_at = now() - interval '2 hours' "
        "WHERE user_id = 1")  # fmt: skip
    await shared.purge()
    assert sql(database_url, f"SELECT user_id FROM {FLOOD}") == [(2,)]


async def test_without_the_database_the_replica_limits_on_its_own(
    caplog: pytest.LogCaptureFixture,
) -> None:
    database = SharedDatabase("postgresql://bot:hunter2@127.0.0.1:1/nothing")
    try:
        shared = guard(database, burst=2)
        with caplog.at_level(logging.WARNING):
            results = [(await shared.allow(1))[0] for _ in range(4)]
        assert results == [True, True, False, False]
        warnings = [r for r in caplog.records if "flood guard" in r.getMessage()]
        assert len(warnings) == 1 and "hunter2" not in caplog.text
    finally:
        await database.close()
