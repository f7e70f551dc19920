"""The replicas' shared PostgreSQL: a pool of connections, the tables, their expiry, and this
replica's presence.

psycopg's own asyncio pool (psycopg_pool, by psycopg's maintainers) serves the statements, so a
round trip never waits for a thread; each statement is one round trip in autocommit mode, and
psycopg prepares the ones used often. The tables are created on first use, one replica at a time
(an advisory lock), so a database that is down at start-up does not stop the bot.

A statement waits at most `WAIT_S` (for a connection and for its answer), so a database that
hangs holds no reply for long. A database that cannot be reached (a connection fails; or
statements time out before one ever succeeded, or `TIMEOUTS_DOWN` times in a row) is not asked
again for `DOWN_S` seconds: meanwhile every
statement fails at once (the callers fall back or refuse) instead of each message waiting, and
/healthz says 503 in webhook mode so that the load balancer sends updates elsewhere. One slow
statement is only that statement's failure. The tables are created when the database is opened,
not inside an update's wait. TCP keepalives let the server notice a replica's host that vanished
within about half a minute (its claims are then taken over).

Presence: every replica keeps one connection of its own open and stamps its claims with that
connection's server process id. When a replica dies its connection closes, the id leaves
`pg_stat_activity`, and another replica may take its claims over at once (see `claims`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Coroutine, Mapping, Sequence
from typing import Any, TypeVar

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from bot.libpq import APPLICATION_NAME, KEEPALIVES

log = logging.getLogger(__name__)
T = TypeVar("T")

CONNECT_TIMEOUT_S = 3
STATEMENT_TIMEOUT_MS = 5000
POOL_MIN = 4
POOL_MAX = 8
PRESENCE_CHECK_S = 10.0
DOWN_S = 5.0
TIMEOUTS_DOWN = 3
WAIT_S = 0.5  # as the question log's cap on a reply's wait
_SCHEMA_LOCK_KEY = 7_146_201_306  # pg_advisory_xact_lock: replicas create the tables in turn

CLAIMS = "release_bot_update_claims"
CHATS = "release_bot_chat_choices"
ANSWERS = "release_bot_chat_answers"
FLOOD = "release_bot_flood_buckets"

Params = Mapping[str, Any] | Sequence[Any]

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {CLAIMS} (
    update_id bigint PRIMARY KEY,
    state text NOT NULL CHECK (state IN ('claimed', 'done')),
    owner_pid integer NOT NULL,
    claimed_at timestamptz NOT NULL,
    token bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS {CLAIMS}_claimed_at ON {CLAIMS} (claimed_at);
CREATE TABLE IF NOT EXISTS {CHATS} (
    chat_id bigint PRIMARY KEY,
    release_id text,
    language text,
    chosen_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS {CHATS}_chosen_at ON {CHATS} (chosen_at);
CREATE TABLE IF NOT EXISTS {ANSWERS} (
    chat_id bigint PRIMARY KEY,
    release_id text NOT NULL,
    entry_id text NOT NULL,
    answered_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS {ANSWERS}_answered_at ON {ANSWERS} (answered_at);
CREATE TABLE IF NOT EXISTS {FLOOD} (
    user_id bigint PRIMARY KEY,
    tokens double precision NOT NULL,
    updated_at timestamptz NOT NULL,
    warned boolean NOT NULL DEFAULT false,
    allowed boolean NOT NULL DEFAULT true,
    warn_now boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS {FLOOD}_updated_at ON {FLOOD} (updated_at);
"""


# libpq settings for every connection to the shared database (the poller lock's too)
CONNECTION_SETTINGS: dict[str, Any] = {
    "autocommit": True,
    "connect_timeout": CONNECT_TIMEOUT_S,
    "application_name": APPLICATION_NAME,
    **KEEPALIVES,
}


class SharedStateError(RuntimeError):
    """A statement failed; the message names what was being done and the error's kind, never
    the statement or its parameters."""


class _DroppedConnection(Exception):
    """A pooled connection the server had closed; the statement is tried on another."""


class SharedDatabase:
    """Statements on the shared PostgreSQL, counted; see the module docstring."""

    def __init__(self, url: str, *, pool_max: int = POOL_MAX, wait_s: float = WAIT_S) -> None:
        self._url = url
        self.wait_s = wait_s
        self._kwargs: dict[str, Any] = {
            **CONNECTION_SETTINGS,
            "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
            f" -c lock_timeout={STATEMENT_TIMEOUT_MS}",
        }
        self._pool = AsyncConnectionPool(
            url,
            min_size=POOL_MIN,
            max_size=pool_max,
            kwargs=self._kwargs,
            open=False,
            timeout=CONNECT_TIMEOUT_S,
            name="release-bot-shared",
        )
        self._opened = False
        self._schema_ready = False
        self._schema_lock = asyncio.Lock()
        self._presence: psycopg.AsyncConnection[Any] | None = None
        self._presence_lock = asyncio.Lock()
        self._watch: asyncio.Task[None] | None = None
        self._schema_task: asyncio.Task[None] | None = None
        self._late: set[asyncio.Future[Any]] = set()  # statements that outlived their wait
        self._closed = False
        self.round_trips = 0  # statements sent, for the metrics and the benchmark
        self._down_until = 0.0  # monotonic time before which the database is not asked
        self._answered_once = False  # some statement has succeeded
        self._timeouts_in_row = 0

    def __repr__(self) -> str:  # never the URL: it may hold a password
        return "<SharedDatabase postgresql>"

    async def open(self) -> None:
        """Start the pool and the presence watch (done by the first statement otherwise);
        connects in the background, never fails."""
        if self._opened or self._closed:
            return
        self._opened = True
        await self._pool.open(wait=False)
        loop = asyncio.get_running_loop()
        self._watch = loop.create_task(self._watch_presence())
        self._schema_task = loop.create_task(self._schema_soon())

    @property
    def available(self) -> bool:
        """False while the database is not asked because it could not be reached."""
        return time.monotonic() >= self._down_until

    async def _schema_soon(self) -> None:
        """Create the tables at start-up, with no update waiting for it (retried by the first
        statement if the database is not there yet)."""
        with contextlib.suppress(SharedStateError):
            await self._ensure_schema()

    async def close(self) -> None:
        self._closed = True
        for task in (self._watch, self._schema_task, *self._late):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        async with self._presence_lock:
            presence, self._presence = self._presence, None
            if presence is not None:
                await presence.close()
        if self._opened:
            await self._pool.close()

    async def rows(self, doing: str, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        """One statement, one round trip; its rows (none for a statement without RETURNING)."""
        await self.open()
        return await self._bounded(doing, self._statement(doing, sql, params))

    async def _statement(self, doing: str, sql: str, params: Params) -> list[tuple[Any, ...]]:
        await self._ensure_schema()
        return await self._run(doing, sql, params)

    async def _bounded(self, doing: str, work: Coroutine[Any, Any, T]) -> T:
        """`work`, waited for at most `wait_s`. Work that takes longer is left to finish (or
        fail) in the background rather than cancelled: cancelling a query makes psycopg send
        the server a cancel request and wait for it, seconds on a database that hangs."""
        try:
            self._check_up(doing)
        except SharedStateError:
            work.close()
            raise
        task = asyncio.ensure_future(work)
        done, _ = await asyncio.wait({task}, timeout=self.wait_s)
        if not done:
            self._late.add(task)
            task.add_done_callback(self._forget_late)
            raise self._failed(doing, TimeoutError())
        return task.result()

    def _forget_late(self, task: asyncio.Future[Any]) -> None:
        self._late.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved: it was reported as a timeout already

    async def presence_pid(self) -> int:
        """This replica's presence: the server process id of its own open connection."""
        presence = self._presence
        if presence is not None and not presence.closed and not presence.broken:
            return presence.info.backend_pid
        return await self._bounded("connect", self._connect_presence())

    async def _connect_presence(self) -> int:
        async with self._presence_lock:
            if self._closed:
                raise SharedStateError("could not connect (the shared database is closed)")
            presence = self._presence
            if presence is None or presence.closed or presence.broken:
                try:
                    presence = await psycopg.AsyncConnection.connect(self._url, **self._kwargs)
                except psycopg.Error as error:
                    raise self._failed("connect", error) from None
                self._answered_once = True
                self._presence = presence
            return presence.info.backend_pid

    async def _watch_presence(self) -> None:
        """Notice a broken presence connection soon (a server restart), and reconnect."""
        while True:
            await asyncio.sleep(PRESENCE_CHECK_S)
            presence = self._presence
            if presence is None:
                continue
            try:
                await presence.execute("SELECT 1")
            except psycopg.Error:
                log.warning("the shared database connection was lost; reconnecting")
                with contextlib.suppress(SharedStateError):
                    await self.presence_pid()

    async def _ensure_schema(self) -> None:
        if self._schema_ready:
            return
        async with self._schema_lock:
            if self._schema_ready:
                return
            self._check_up("create the shared tables")
            try:
                async with self._pool.connection() as connection, connection.transaction():
                    await connection.execute(
                        "SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK_KEY,)
                    )
                    await connection.execute(SCHEMA)
            except (psycopg.Error, PoolTimeout) as error:
                raise self._failed("create the shared tables", error) from None
            self._schema_ready = True

    async def _run(self, doing: str, sql: str, params: Params) -> list[tuple[Any, ...]]:
        for _ in range(POOL_MAX):  # pooled connections the server dropped are replaced
            try:
                return await self._once(sql, params)
            except _DroppedConnection:
                continue
            except (psycopg.Error, PoolTimeout) as error:
                raise self._failed(doing, error) from None
        raise self._failed(doing, psycopg.OperationalError("every connection was dropped"))

    async def _once(self, sql: str, params: Params) -> list[tuple[Any, ...]]:
        """The statement on one pooled connection; `_DroppedConnection` if that connection
        turned out to be closed by the server (a restart, a failover) before it could answer."""
        self.round_trips += 1
        async with self._pool.connection() as connection:
            try:
                cursor = await connection.execute(sql, params)
            except psycopg.OperationalError as error:
                if connection.broken and not isinstance(error, psycopg.errors.QueryCanceled):
                    raise _DroppedConnection from error
                raise
            rows = await cursor.fetchall() if cursor.description else []
        self._answered_once, self._timeouts_in_row = True, 0
        return rows

    def _check_up(self, doing: str) -> None:
        if self._closed:
            raise SharedStateError(f"could not {doing} (the shared database is closed)")
        if time.monotonic() < self._down_until:
            raise SharedStateError(f"could not {doing} (the shared database is unavailable)")

    def _failed(self, doing: str, error: BaseException) -> SharedStateError:
        """The error to raise; a database that cannot be reached is not asked for `DOWN_S`."""
        if self._unreachable(error):
            self._down_until = time.monotonic() + DOWN_S
        return SharedStateError(f"could not {doing} ({type(error).__name__})")

    def _unreachable(self, error: BaseException) -> bool:
        if isinstance(error, psycopg.errors.QueryCanceled):
            return False  # a slow statement, on a database that answers
        if isinstance(error, psycopg.OperationalError):
            return True  # connecting failed, or the connection broke
        if isinstance(error, TimeoutError | PoolTimeout):
            self._timeouts_in_row += 1
            return not self._answered_once or self._timeouts_in_row >= TIMEOUTS_DOWN
        return False
