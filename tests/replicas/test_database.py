"""The shared database: tables made on first use by any replica, one round trip a statement,
and a database that is down is not waited for on every message."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable

import pytest

from bot.replicas.database import CLAIMS, SharedDatabase, SharedStateError
from tests.replicas.conftest import FreezingProxy, sql


async def test_replicas_starting_together_create_the_tables_once(
    replica: Callable[[], SharedDatabase], database_url: str
) -> None:
    replicas = [replica() for _ in range(4)]
    await asyncio.gather(*(r.rows("count", f"SELECT count(*) FROM {CLAIMS}") for r in replicas))
    tables = sql(
        database_url, "SELECT tablename FROM pg_tables WHERE tablename LIKE 'release_bot_%'"
    )
    assert sorted(name for (name,) in tables) == [
        "release_bot_chat_answers",
        "release_bot_chat_choices",
        "release_bot_flood_buckets",
        "release_bot_update_claims",
    ]


async def test_each_statement_is_counted_as_one_round_trip(
    replica: Callable[[], SharedDatabase],
) -> None:
    database = replica()
    for _ in range(3):
        await database.rows("ask", "SELECT 1")
    assert database.round_trips == 3


async def test_a_database_that_is_down_is_not_waited_for_again_at_once() -> None:
    database = SharedDatabase("postgresql://bot:hunter2@127.0.0.1:1/nothing")
    try:
        with pytest.raises(SharedStateError):
            await database.rows("ask", "SELECT 1")
        started = time.monotonic()
        for _ in range(20):
            with pytest.raises(SharedStateError, match="unavailable"):
                await database.rows("ask", "SELECT 1")
        assert time.monotonic() - started < 0.5
    finally:
        await database.close()


async def test_statement_errors_do_not_quote_the_statement(
    replica: Callable[[], SharedDatabase],
) -> None:
    database = replica()
    with pytest.raises(SharedStateError) as raised:
        await database.rows("ask", "SELECT * FROM no_such_table WHERE secret = %s", ("hunter2",))
    assert str(raised.value) == "could not ask (UndefinedTable)"


async def test_one_slow_statement_does_not_take_the_database_offline(database_url: str) -> None:
    database = SharedDatabase(database_url, wait_s=0.3)
    try:
        await database.rows("ask", "SELECT 1")
        for _ in range(3):  # slow, but answering (late): never "unavailable"
            with pytest.raises(SharedStateError, match="TimeoutError"):
                await database.rows("wait", "SELECT pg_sleep(0.6)")
            await asyncio.sleep(0.4)
        assert database.available
        assert await database.rows("ask", "SELECT 2") == [(2,)]
    finally:
        await database.close()


async def test_a_database_that_never_answers_is_left_alone_at_the_first_timeout() -> None:
    with socket.socket() as listener:  # accepts connections, never says a word
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port = listener.getsockname()[1]
        database = SharedDatabase(f"postgresql://bot:hunter2@127.0.0.1:{port}/x", wait_s=0.3)
        try:
            with pytest.raises(SharedStateError):
                await database.rows("ask", "SELECT 1")
            assert not database.available
        finally:
            await database.close()


async def test_connections_the_server_dropped_are_replaced_not_a_failure(
    replica: Callable[[], SharedDatabase], database_url: str
) -> None:
    """A restart or failover drops every pooled connection: the next statement is answered on
    a new one, and the database stays available."""
    database = replica()
    for _ in range(4):
        await database.rows("ask", "SELECT 1")
    sql(
        database_url,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE application_name = 'release-bot' AND pid <> pg_backend_pid()",
    )
    assert await database.rows("ask", "SELECT 2") == [(2,)]
    assert database.available


async def test_a_database_that_hangs_holds_a_statement_for_the_wait_only(
    replica: Callable[[], SharedDatabase], postgres_url_parts: tuple[str, int, str]
) -> None:
    host, port, name = postgres_url_parts
    proxy = FreezingProxy(host, port)
    await proxy.start()
    database = SharedDatabase(f"postgresql://postgres@127.0.0.1:{proxy.port}/{name}", wait_s=0.3)
    try:
        await database.rows("ask", "SELECT 1")
        proxy.frozen = True
        for _ in range(3):
            started = time.monotonic()
            with pytest.raises(SharedStateError, match="TimeoutError"):
                await database.rows("ask", "SELECT 1")
            assert time.monotonic() - started < 1.0  # not psycopg's cancel and its wait
        assert not database.available  # three in a row: left alone a while
    finally:
        proxy.frozen = False
        await database.close()
        proxy.close()
