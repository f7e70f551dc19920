"""A fresh PostgreSQL database for each test of the replicas' shared state, on the session's
server (`tests.postgres`), and a way to open the shared database as several replicas would."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack

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
