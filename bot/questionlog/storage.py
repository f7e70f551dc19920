"""Where logged questions are kept: a SQLite file for one bot, PostgreSQL for several replicas.

Every question is masked again here (`bot.questionlog.masking`), whoever built the record.

Storage: SQLAlchemy Core 2 over the standard library's sqlite3 and psycopg 3. One table
definition and one set of statements serve both back ends (a SQLite file for one bot, PostgreSQL
when several replicas share the log); SQLAlchemy's connection pool is thread-safe and it owns the
dialect differences (returned ids, time zones, DDL). psycopg 3 is PostgreSQL's maintained Python
driver, and its binary wheel carries libpq, so no system library is needed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import SQLAlchemyError

from bot.core.matching import Outcome
from bot.core.normalize import fold
from bot.questionlog.masking import mask_personal_data
from bot.questionlog.records import LoggedQuestion

SQLITE_FILE = "questions.sqlite3"
SQLITE_BUSY_TIMEOUT_MS = 5000
POSTGRES_CONNECT_TIMEOUT_S = 3
POSTGRES_STATEMENT_TIMEOUT_MS = 5000
MAX_PENDING = 64  # writes queued or running; beyond this a question is dropped at once
_WORKERS = 2
_SCHEMA_LOCK_KEY = 7_146_201_305  # pg_advisory_xact_lock key: replicas create the table in turn


class QuestionLogError(RuntimeError):
    """The log could not do what was asked. Messages never contain question text."""


class QuestionLogClosed(QuestionLogError):
    """The log was closed."""


class QuestionLogBusy(QuestionLogError):
    """Too many writes are waiting (the database is slow or unreachable)."""


# ---------------------------------------------------------------------------------------------
# What is recorded


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out: timestamptz on PostgreSQL, UTC text on
    SQLite (which has no time zones)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = sa.MetaData()
TABLE = sa.Table(
    "question_log",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column("asked_at", UTCDateTime(), nullable=False, index=True),
    sa.Column("release_id", sa.String(200), nullable=False),
    sa.Column("question", sa.Text(), nullable=False),
    sa.Column("normalized", sa.Text(), nullable=False),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("fact_id", sa.String(200), nullable=True),
    sa.Column("score", sa.Float(), nullable=False),
)


class QuestionLog:
    """The store: `record`, `fetch`, `purge`, `close`. Safe to use from several threads.

    The table is created on first use, so a database that is down at start-up does not stop the
    bot; every method raises `QuestionLogError` (or `ValueError` for bad arguments)."""

    def __init__(self, engine: sa.Engine, *, max_pending: int = MAX_PENDING) -> None:
        self._engine = engine
        self._max_pending = max_pending
        self._pending = 0
        self._lock = threading.Lock()
        self._schema_lock = threading.Lock()
        self._schema_ready = False
        self._closed = False
        self._executor = ThreadPoolExecutor(_WORKERS, thread_name_prefix="question-log")

    @property
    def backend(self) -> str:
        """`sqlite` or `postgresql`."""
        return self._engine.dialect.name

    @property
    def engine(self) -> sa.Engine:
        """The database engine, for tables kept beside the log (hand-overs, feedback)."""
        return self._engine

    def __repr__(self) -> str:  # never the URL: it may hold a password
        return f"<QuestionLog {self.backend}{' closed' if self._closed else ''}>"

    def __enter__(self) -> QuestionLog:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def record(self, question: LoggedQuestion) -> int:
        """Store `question`; committed (durable) when this returns. Returns the record's id."""
        masked = mask_personal_data(question.question)  # whoever built the record
        row = {
            "asked_at": question.asked_at,
            "release_id": question.release_id,
            "question": masked,
            "normalized": fold(masked),
            "outcome": Outcome(question.outcome).value,
            "fact_id": question.fact_id,
            "score": float(question.score),
        }
        with self._transaction("record a question") as connection:
            result = connection.execute(sa.insert(TABLE).values(**row))
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

    def fetch(self, since: datetime | None = None) -> list[LoggedQuestion]:
        """Records asked at or after `since` (all if None), oldest first."""
        query = sa.select(TABLE).order_by(TABLE.c.asked_at, TABLE.c.id)
        if since is not None:
            query = query.where(TABLE.c.asked_at >= _aware(since, "since"))
        with self._transaction("read the log") as connection:
            rows = connection.execute(query).mappings().all()
        return [_from_row(row) for row in rows]

    def purge(self, older_than: datetime) -> int:
        """Delete records asked before `older_than`; returns how many were deleted."""
        statement = sa.delete(TABLE).where(TABLE.c.asked_at < _aware(older_than, "older_than"))
        with self._transaction("purge old records") as connection:
            return connection.execute(statement).rowcount

    def ensure_schema(self) -> None:
        """Create the table and index if missing (done by every method on first use)."""
        if self._schema_ready:
            return
        with self._schema_lock:  # not self._lock: `submit` must never wait for the database
            if self._schema_ready:
                return
            try:
                with self._engine.begin() as connection:
                    if self.backend == "postgresql":
                        lock = sa.func.pg_advisory_xact_lock(_SCHEMA_LOCK_KEY)
                        connection.execute(sa.select(lock))
                    metadata.create_all(connection, checkfirst=True)
            except SQLAlchemyError as error:
                raise _error("create the table", error) from error
            self._schema_ready = True

    def submit(self, question: LoggedQuestion) -> Future[int]:
        """`record` in the log's own worker threads (never the event loop's default executor,
        which a hung database could otherwise fill). Raises `QuestionLogBusy` at once when too
        many writes are waiting, `QuestionLogClosed` after `close`."""
        with self._lock:
            if self._closed:
                raise QuestionLogClosed("the question log is closed")
            if self._pending >= self._max_pending:
                raise QuestionLogBusy(f"{self._pending} writes already waiting")
            self._pending += 1
        try:
            return self._executor.submit(self._record_counted, question)
        except RuntimeError as error:  # shut down between the check and the submit
            self._done()
            raise QuestionLogClosed("the question log is closed") from error

    def close(self) -> None:
        """Finish the write in progress, drop queued ones, release connections. Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._engine.dispose()

    def _record_counted(self, question: LoggedQuestion) -> int:
        try:
            return self.record(question)
        finally:
            self._done()

    def _done(self) -> None:
        with self._lock:
            self._pending -= 1

    @contextmanager
    def _transaction(self, doing: str) -> Iterator[sa.Connection]:
        """`engine.begin()` whose database errors become `QuestionLogError` without their
        text (an SQL error can quote the statement's parameters, that is, the question)."""
        if self._closed:
            raise QuestionLogClosed("the question log is closed")
        self.ensure_schema()
        try:
            with self._engine.begin() as connection:
                yield connection
        except SQLAlchemyError as error:
            raise _error(doing, error) from error


def _error(doing: str, error: BaseException) -> QuestionLogError:
    cause = getattr(error, "orig", None)
    detail = type(error).__name__ + (f"/{type(cause).__name__}" if cause is not None else "")
    return QuestionLogError(f"could not {doing} ({detail})")


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value


def _from_row(row: Any) -> LoggedQuestion:
    return LoggedQuestion(
        question=row["question"],
        normalized=row["normalized"],
        outcome=Outcome(row["outcome"]),
        fact_id=row["fact_id"],
        score=row["score"],
        release_id=row["release_id"],
        asked_at=row["asked_at"],
        id=row["id"],
    )


def sqlite_path(data_dir: Path) -> Path:
    """Where the default SQLite log lives."""
    return Path(data_dir) / SQLITE_FILE


def open_question_log(
    database_url: str | None, data_dir: Path, *, max_pending: int = MAX_PENDING
) -> QuestionLog:
    """The PostgreSQL log at `database_url` (postgresql://...), or else the SQLite file
    `data_dir/questions.sqlite3`. Does not connect yet. Raises ValueError for any other URL and
    QuestionLogError if the data folder cannot be created."""
    url = (database_url or "").strip()
    if url:
        return QuestionLog(_postgres_engine(url), max_pending=max_pending)
    return QuestionLog(_sqlite_engine(sqlite_path(data_dir)), max_pending=max_pending)


def _postgres_engine(url: str) -> sa.Engine:
    scheme, _, rest = url.partition("://")
    if scheme not in ("postgresql", "postgresql+psycopg") or not rest:
        raise ValueError("the database URL must start with postgresql:// (or be unset for SQLite)")
    engine = sa.create_engine(
        f"postgresql+psycopg://{rest}",
        hide_parameters=True,  # errors must not quote questions
        pool_pre_ping=True,  # a replica outlives database restarts
        pool_size=_WORKERS,
        max_overflow=2,
        pool_timeout=POSTGRES_CONNECT_TIMEOUT_S,
        pool_recycle=1800,
        connect_args={
            "connect_timeout": POSTGRES_CONNECT_TIMEOUT_S,
            "application_name": "release-bot",
        },
    )
    sa.event.listen(engine, "connect", _postgres_session_settings)
    return engine


def _postgres_session_settings(dbapi_connection: Any, _record: Any) -> None:
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    with dbapi_connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {POSTGRES_STATEMENT_TIMEOUT_MS}")
        cursor.execute(f"SET lock_timeout = {POSTGRES_STATEMENT_TIMEOUT_MS}")
    dbapi_connection.autocommit = autocommit


def _sqlite_engine(path: Path) -> sa.Engine:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():  # readable by the bot's user only: it holds what people typed
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as error:
        raise QuestionLogError(f"cannot create {path} ({type(error).__name__})") from error
    engine = sa.create_engine(
        f"sqlite:///{path}",
        hide_parameters=True,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL (readers do not block the writer), full sync at commit (a committed record survives
    a crash of the process and of the machine), and a busy timeout for concurrent writers."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()
