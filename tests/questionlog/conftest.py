"""Fixtures of the question-log tests: SQLite, and a real PostgreSQL server (tests/postgres.py)
whose tests skip with the reason when no server can be started here."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.core.matching import Outcome
from bot.questionlog.records import LoggedQuestion
from bot.questionlog.storage import (
    TABLE,
    QuestionLog,
    open_question_log,
    sqlite_path,
)
from tests.postgres import PostgresServer, postgres_server  # noqa: F401 - the fixture

COLUMNS = {"id", "asked_at", "release_id", "question", "normalized", "outcome", "fact_id", "score"}
IDENTIFYING = ("user", "chat", "name", "sender", "from_id", "phone", "handle")
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def _sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str | None:
    """None (the SQLite file) or the URL of an empty database on the test server."""
    if request.param == "sqlite":
        return None
    server: PostgresServer = request.getfixturevalue("postgres_server")
    engine = sa.create_engine(_sqlalchemy_url(server.url))
    with engine.begin() as connection:
        TABLE.drop(connection, checkfirst=True)
    engine.dispose()
    return server.url


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def question_log(database_url: str | None, data_dir: Path) -> Iterator[QuestionLog]:
    log = open_question_log(database_url, data_dir)
    yield log
    log.close()


def _question(text: str = "What is the weather in Moscow?", **fields: object) -> LoggedQuestion:
    values: dict[str, object] = {"outcome": Outcome.FALLBACK, "release_id": "release-1"}
    values.update(fields)
    return LoggedQuestion.build(text, **values)  # type: ignore[arg-type]


def _columns(database_url: str | None, data_dir: Path) -> set[str]:
    """The log table's columns, read from the database itself."""
    if database_url is None:
        with sqlite3.connect(sqlite_path(data_dir)) as connection:
            return {row[1] for row in connection.execute("PRAGMA table_info(question_log)")}
    engine = sa.create_engine(_sqlalchemy_url(database_url))
    try:
        return {column["name"] for column in sa.inspect(engine).get_columns("question_log")}
    finally:
        engine.dispose()
