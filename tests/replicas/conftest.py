"""A fresh PostgreSQL database for each test of the replicas' shared state, on the session's
server (`tests.postgres`), and a way to open the shared database as several replicas would."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from urllib.parse import urlsplit

import psycopg
import pytest

from bot.replicas.database import SharedDatabase
from tests.postgres import PostgresServer, postgres_server  # noqa: F401 - the fixture

_numbers = itertools.count(1)


@pytest.fixture
def database_url(postgres_server: PostgresServer) -> str:  # noqa: F811 - the fixture
    """The URL of a new, empty database."""
    name = f"replicas_{next(_numbers)}"
    with psycopg.connect(postgres_server.url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    return postgres_server.url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def postgres_url_parts(database_url: str) -> tuple[str, int, str]:
    """(host, port, database name) of `database_url`, to put a proxy in front of it."""
    parts = urlsplit(database_url)
    assert parts.hostname is not None and parts.port is not None
    return parts.hostname, parts.port, parts.path.lstrip("/")


@pytest.fixture
async def replica(database_url: str) -> AsyncIterator[Callable[[], SharedDatabase]]:
    """Opens the shared database as one more replica would; all are closed at the end."""
    async with AsyncExitStack() as stack:
        opened: list[SharedDatabase] = []

        def open_one() -> SharedDatabase:
            database = SharedDatabase(database_url)
            opened.append(database)
            return database

        stack.push_async_callback(_close_all, opened)
        yield open_one


async def _close_all(opened: list[SharedDatabase]) -> None:
    for database in opened:
        await database.close()


def sql(url: str, statement: str, *params: object) -> list[tuple[object, ...]]:
    """Run one statement on `url` from outside the bot (as an operator, or as time passing)."""
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(statement, params or None)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


class FreezingProxy:
    """A TCP proxy to PostgreSQL that can freeze: connections stay open, nothing is passed on."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.frozen = False
        self.port = 0
        self._server: asyncio.Server | None = None

    async def start(self, port: int = 0) -> None:
        self._server = await asyncio.start_server(self._connection, "127.0.0.1", port)
        self.port = self._server.sockets[0].getsockname()[1]

    def close(self) -> None:
        if self._server is not None:
            self._server.close()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        await asyncio.gather(
            self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer)
        )

    async def _pipe(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.CancelledError):
            while data := await source.read(65536):
                while self.frozen:
                    await asyncio.sleep(0.05)
                sink.write(data)
                await sink.drain()
        sink.close()
