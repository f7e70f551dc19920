"""Where logged questions are kept: a SQLite file for one bot, PostgreSQL for several replicas.

Every question is masked again here (`bot.questionlog.masking`), whoever built the record.

Storage: SQLAlchemy Core 2 over the standard library's sqlite3 and psycopg 3. One table
definition and one set of statements serve both back ends (a SQLite file for one bot, PostgreSQL
when several replicas share the log); SQLAlchemy's connection pool is thread-safe and it owns the
dialect differences (returned ids, time zones, DDL). psycopg 3 is PostgreSQL's maintained Python
driver, and its binary wheel carries libpq, so no system library is needed.

Writing from the bot (`submit`): one writer thread per log takes the records handed to it from a
queue and commits all that are waiting in one transaction, then resolves each record's future
with its id. A record's future is resolved only after its transaction committed, so "recorded"
still means "durable"; under load several records share one commit (one fsync), which is what
keeps the write cheap. The writer keeps one connection of its own between transactions (a
checkout from the pool, its pre-ping and its reset on return cost as much as the insert); a
connection found dropped is replaced and the transaction tried once more on the new one.
`close` commits every record already accepted before it returns.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import SQLAlchemyError

from bot.core.matching import Outcome
from bot.core.normalize import fold
from bot.libpq import APPLICATION_NAME, KEEPALIVES
from bot.questionlog.masking import mask_personal_data
from bot.questionlog.records import LoggedQuestion

SQLITE_FILE = "questions.sqlite3"
SQLITE_BUSY_TIMEOUT_MS = 5000
POSTGRES_CONNECT_TIMEOUT_S = 3
POSTGRES_STATEMENT_TIMEOUT_MS = 5000
MAX_PENDING = 64  # writes queued or running; beyond this a question is dropped at once
MAX_BATCH = 64  # records committed in one transaction at most
CLOSE_WAIT_S = 15.0  # at close, how long the writer may take; a hung database is left behind
_POOL_SIZE = 2  # PostgreSQL connections kept: the writer's, and one for reads and purges
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
_INSERT = TABLE.insert()  # built once: a statement built for every record costs more than the row
_INSERT_MANY = TABLE.insert().returning(TABLE.c.id, sort_by_parameter_order=True)


class QuestionLog:
    """The store: `record`, `fetch`, `purge`, `close`. Safe to use from several threads.

    The table is created on first use, so a database that is down at start-up does not stop the
    bot; every method raises `QuestionLogError` (or `ValueError` for bad arguments)."""

    def __init__(self, engine: sa.Engine, *, max_pending: int = MAX_PENDING) -> None:
        self._engine = engine
        self._max_pending = max_pending
        self._pending = 0  # accepted by `submit` and not yet resolved
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)  # the writer waits on it for records
        self._queue: deque[tuple[LoggedQuestion, Future[int]]] = deque()
        self._writer: threading.Thread | None = None  # started by the first `submit`
        self._writer_connection: sa.Connection | None = None  # used by the writer thread only
        self._schema_lock = threading.Lock()
        self._schema_ready = False
        self._closed = False

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
        (key,) = self._insert([_row(question)], "record a question")
        return key

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
        """Hand `question` to the log's writer thread (never the event loop's default executor,
        which a hung database could otherwise fill). The future's result is the record's id,
        set once the transaction holding it has committed; its exception is the
        `QuestionLogError` (or `ValueError`) that kept it out. Raises `QuestionLogBusy` at once
        when too many writes are waiting, `QuestionLogClosed` after `close`."""
        future: Future[int] = Future()
        with self._lock:
            if self._closed:
                raise QuestionLogClosed("the question log is closed")
            if self._pending >= self._max_pending:
                raise QuestionLogBusy(f"{self._pending} writes already waiting")
            self._pending += 1
            self._queue.append((question, future))
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._write_queued, name="question-log", daemon=True
                )
                self._writer.start()
            self._wake.notify()
        return future

    def close(self, wait_s: float = CLOSE_WAIT_S) -> None:
        """Commit every record already accepted by `submit` (none is lost while the database
        answers), then release the connections. A database that hangs is waited for `wait_s`:
        the records still queued then fail with `QuestionLogClosed`, the one being written is
        left to its connection's timeouts. Further writes raise `QuestionLogClosed`.
        Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            writer = self._writer
            self._wake.notify_all()
        if writer is not None:
            writer.join(wait_s)
            if writer.is_alive():
                self._give_up_queued()
                return  # the writer still uses the engine; it ends with the process
        self._engine.dispose()

    def _give_up_queued(self) -> None:
        with self._lock:
            queued = list(self._queue)
            self._queue.clear()
            self._pending -= len(queued)
        for _question, future in queued:
            if future.set_running_or_notify_cancel():
                future.set_exception(QuestionLogClosed("closed while the database did not answer"))

    def _write_queued(self) -> None:
        """The writer thread: commit what is queued, up to MAX_BATCH records a transaction,
        until the log is closed and nothing is left."""
        try:
            self._write_until_closed()
        finally:
            if self._writer_connection is not None:
                self._writer_connection.close()

    def _write_until_closed(self) -> None:
        while True:
            with self._lock:
                while not self._queue and not self._closed:
                    self._wake.wait()
                if not self._queue:
                    return  # closed, and everything accepted is written
                batch = [self._queue.popleft() for _ in range(min(MAX_BATCH, len(self._queue)))]
            outcomes = self._write_batch(batch)
            with self._lock:  # counted out before the futures say so, as their callbacks may
                self._pending -= len(batch)  # submit again at once
            for (_question, future), (key, error) in zip(batch, outcomes, strict=True):
                if error is not None:
                    future.set_exception(error)
                elif key is not None:
                    future.set_result(key)

    def _write_batch(
        self, batch: Sequence[tuple[LoggedQuestion, Future[int]]]
    ) -> list[tuple[int | None, BaseException | None]]:
        """(id, None) for each record committed, (None, error) for each one that was not, and
        (None, None) for a future cancelled before it was written."""
        outcomes: list[tuple[int | None, BaseException | None]] = []
        rows, written = [], []
        for question, future in batch:
            if not future.set_running_or_notify_cancel():
                outcomes.append((None, None))
                continue
            try:
                rows.append(_row(question))
            except Exception as error:  # a bad record fails alone
                outcomes.append((None, error))
                continue
            written.append(len(outcomes))
            outcomes.append((None, None))
        if not rows:
            return outcomes
        try:
            keys = self._write_rows(rows)
        except Exception as error:
            if len(rows) == 1 or not _row_level(error):
                for at in written:
                    outcomes[at] = (None, error)
                return outcomes
            # one record the database refuses (a value too long, say) must not take the
            # others with it: each is tried alone
            for at, row in zip(written, rows, strict=True):
                try:
                    outcomes[at] = (self._write_rows([row])[0], None)
                except QuestionLogError as alone:
                    outcomes[at] = (None, alone)
        else:
            for at, key in zip(written, keys, strict=True):
                outcomes[at] = (key, None)
        return outcomes

    def _insert(self, rows: list[dict[str, Any]], doing: str) -> list[int]:
        """Insert `rows` in one transaction; their ids, in order, once it has committed."""
        with self._transaction(doing) as connection:
            return _insert_rows(connection, rows)

    def _write_rows(self, rows: list[dict[str, Any]]) -> list[int]:
        """The writer thread's `_insert`, on its own connection (even after `close`: what was
        accepted is committed). A connection the database dropped since the last transaction
        (a restart) is replaced and the rows tried once more."""
        self.ensure_schema()
        try:
            try:
                return self._insert_on_writer_connection(rows)
            except SQLAlchemyError as error:
                if not getattr(error, "connection_invalidated", False):
                    raise
                return self._insert_on_writer_connection(rows)
        except SQLAlchemyError as error:
            raise _error("record a question", error) from error

    def _insert_on_writer_connection(self, rows: list[dict[str, Any]]) -> list[int]:
        """One transaction on the writer's connection, opened if needed; on any error the
        connection is given back (an invalidated one is discarded by the pool)."""
        if self._writer_connection is None:
            self._writer_connection = self._engine.connect()
        connection = self._writer_connection
        try:
            with connection.begin():
                return _insert_rows(connection, rows)
        except SQLAlchemyError:
            self._writer_connection = None
            connection.close()
            raise

    @contextmanager
    def _transaction(self, doing: str) -> Iterator[sa.Connection]:
        """`engine.begin()` whose database errors become `QuestionLogError` without their
        text (an SQL error can quote the statement's parameters, that is, the question).
        Refused once the log is closed."""
        if self._closed:
            raise QuestionLogClosed("the question log is closed")
        self.ensure_schema()
        try:
            with self._engine.begin() as connection:
                yield connection
        except SQLAlchemyError as error:
            raise _error(doing, error) from error


def _insert_rows(connection: sa.Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert `rows` on `connection` (in its transaction); their ids, in order."""
    dialect = connection.dialect
    if len(rows) == 1 or not dialect.insert_executemany_returning_sort_by_parameter_order:
        keys = []
        for row in rows:
            key = connection.execute(_INSERT, row).inserted_primary_key
            assert key is not None
            keys.append(int(key[0]))
        return keys
    return [int(key) for key in connection.execute(_INSERT_MANY, rows).scalars()]


def _row(question: LoggedQuestion) -> dict[str, Any]:
    """The row for `question`, masked again here whoever built the record."""
    masked = mask_personal_data(question.question)
    return {
        "asked_at": question.asked_at,
        "release_id": question.release_id,
        "question": masked,
        "normalized": fold(masked),
        "outcome": Outcome(question.outcome).value,
        "fact_id": question.fact_id,
        "score": float(question.score),
    }


def _row_level(error: BaseException) -> bool:
    """The database refused what was written (a value, a constraint), not the connection."""
    return isinstance(error, QuestionLogError) and isinstance(
        error.__cause__, sa.exc.DataError | sa.exc.IntegrityError
    )


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
        pool_size=_POOL_SIZE,
        max_overflow=2,
        pool_timeout=POSTGRES_CONNECT_TIMEOUT_S,
        pool_recycle=1800,
        connect_args={
            "connect_timeout": POSTGRES_CONNECT_TIMEOUT_S,
            "application_name": APPLICATION_NAME,
            **KEEPALIVES,
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
