"""A durable log of the questions the bot could not answer well, for the press office's report.

What is kept, and what is not:
- only fallback and clarify replies, and answers below a confidence floor (`should_record`);
- the question with e-mail addresses, phone numbers, personal identity codes, @usernames and
  URLs carrying user names or passwords masked (`mask_personal_data`), its folded form, the
  outcome, the best candidate fact, the score, the release and the time (UTC);
- no user id, username, name or chat id: the log cannot tell who asked, or whether two questions
  came from the same person. Records older than the retention period are purged (`purge`).

Storage: SQLAlchemy Core 2 over the standard library's sqlite3 and psycopg 3. One table
definition and one set of statements serve both back ends (a SQLite file for one bot, PostgreSQL
when several replicas share the log); SQLAlchemy's connection pool is thread-safe and it owns the
dialect differences (returned ids, time zones, DDL). psycopg 3 is PostgreSQL's maintained Python
driver, and its binary wheel carries libpq, so no system library is needed.

The bot writes through `record_quietly`, which waits a moment at most and never raises: the reply
goes out whether or not the log could take the question.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import SQLAlchemyError

from bot.answers import Reply
from bot.matching import Outcome
from bot.normalize import fold

logger = logging.getLogger(__name__)

DEFAULT_LOW_CONFIDENCE = 60.0  # about the lowest tenth of answers on the bundled question sets
DEFAULT_RETENTION_DAYS = 90
DEFAULT_RECORD_TIMEOUT = 0.5  # seconds a reply may wait for the log
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
# Personal data

_URL_WITH_USERINFO = re.compile(r"\b[a-z][a-z0-9+.\-]*://[^\s/?#@]+@\S*", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[^\W_](?:[\w-]*\w)?(?:\.[^\W_](?:[\w-]*\w)?)*")
_PERSONAL_ID = re.compile(r"\b\d{6}[-+ABCDEFUVWXY]\d{3}[0-9A-Y]\b")  # Finnish henkilötunnus
_USERNAME = re.compile(r"(?<![\w@])@[A-Za-z]\w{1,31}\b")
# A run of digits and the separators people put in phone numbers; `_is_phone` decides.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|\(\s?)?\d[\d \t().\-–/]*\d(?![\w@])")
_NANP = re.compile(r"(?:\+?1[ .\-]?)?\(?\d{3}\)?[ .\-]?\d{3}[ .\-]\d{4}")
_DATE = re.compile(
    r"\d{1,2}[./\-]\d{1,2}[./\-](?:\d{2}|\d{4})|\d{4}[./\-]\d{1,2}[./\-]\d{1,2}"
    r"|\d{1,2}[.:]\d{2}(?:\s?[\-–]\s?\d{1,2}[.:]\d{2})?"  # times and time ranges: 9.00-10.30
)
_NOT_DIGIT = re.compile(r"\D")


def mask_personal_data(text: str) -> str:
    """`text` with e-mail addresses, phone numbers, Finnish personal identity codes, @usernames
    and URLs with user information replaced by `[email]`, `[phone]`, `[id]`, `[username]` and
    `[url]`. Short numbers (years, counts, dates, times) are kept. Applying it twice changes
    nothing more."""
    text = _URL_WITH_USERINFO.sub("[url]", text)
    text = _EMAIL.sub("[email]", text)
    text = _PERSONAL_ID.sub("[id]", text)
    text = _PHONE_CANDIDATE.sub(_mask_phone, text)
    return _USERNAME.sub("[username]", text)


def _mask_phone(match: re.Match[str]) -> str:
    candidate = match.group(0)
    if not _is_phone(candidate):
        return candidate
    if candidate.startswith("(") and ")" not in candidate:
        return "([phone]"  # the parenthesis belongs to the sentence: "(call 040 123 4567)"
    return "[phone]"


def _is_phone(candidate: str) -> bool:
    """International (+ or 00), local (trunk prefix 0, or an area code in parentheses) and North
    American forms; not dates, times, years, amounts or counts."""
    core = candidate.strip("( \t")
    digits = _NOT_DIGIT.sub("", candidate)
    if _DATE.fullmatch(core):
        return False
    if candidate.startswith("+"):
        return 7 <= len(digits) <= 16  # 15 for E.164, plus a "(0)" trunk prefix
    if digits.startswith("00"):
        return 9 <= len(digits) <= 17
    if digits.startswith("0"):
        return 7 <= len(digits) <= 12
    return _NANP.fullmatch(candidate) is not None


# ---------------------------------------------------------------------------------------------
# What is recorded


def should_record(reply: Reply, low_confidence: float = DEFAULT_LOW_CONFIDENCE) -> bool:
    """True for a question the bot could not answer well: fallback, clarify, or an answer scored
    below `low_confidence`. Never for small talk or a message without words."""
    if not fold(reply.question):
        return False
    if reply.outcome in (Outcome.FALLBACK, Outcome.CLARIFY):
        return True
    return reply.outcome is Outcome.ANSWERED and reply.score < low_confidence


def best_candidate(reply: Reply) -> str | None:
    """The fact the reply came closest to: the answered entry, else the first "did you mean"
    choice. A fallback's choices are only example questions, so a fallback has none."""
    if reply.outcome is Outcome.ANSWERED and reply.entry is not None:
        return reply.entry.id
    if reply.outcome is Outcome.CLARIFY and reply.choices:
        return reply.choices[0].id
    return None


@dataclass(frozen=True)
class LoggedQuestion:
    """One logged question. Deliberately nothing that identifies who asked it."""

    question: str  # personal data masked
    normalized: str  # bot.normalize.fold of the masked question
    outcome: Outcome
    fact_id: str | None  # best candidate fact, if any
    score: float  # the best candidate's score, 0-100
    release_id: str
    asked_at: datetime  # UTC, timezone-aware
    id: int | None = field(default=None, compare=False)  # set by the store

    def __post_init__(self) -> None:
        if self.asked_at.tzinfo is None:
            raise ValueError("asked_at must be timezone-aware")
        object.__setattr__(self, "asked_at", self.asked_at.astimezone(UTC))
        object.__setattr__(self, "outcome", Outcome(self.outcome))

    @classmethod
    def build(
        cls,
        question: str,
        outcome: Outcome,
        release_id: str,
        fact_id: str | None = None,
        score: float = 0.0,
        asked_at: datetime | None = None,
    ) -> LoggedQuestion:
        """A record with the question masked and folded, asked now unless `asked_at` is given."""
        masked = mask_personal_data(question)
        return cls(
            question=masked,
            normalized=fold(masked),
            outcome=outcome,
            fact_id=fact_id,
            score=float(score),
            release_id=release_id,
            asked_at=asked_at or datetime.now(UTC),
        )

    @classmethod
    def from_reply(cls, reply: Reply, asked_at: datetime | None = None) -> LoggedQuestion:
        """The record for a reply of the engine."""
        return cls.build(
            reply.question,
            reply.outcome,
            reply.base.id,
            fact_id=best_candidate(reply),
            score=reply.score,
            asked_at=asked_at,
        )


def retention_cutoff(days: int = DEFAULT_RETENTION_DAYS, now: datetime | None = None) -> datetime:
    """The time before which records are purged, for a retention of `days` days."""
    if days < 1:
        raise ValueError("retention must be at least one day")
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC) - timedelta(days=days)


# ---------------------------------------------------------------------------------------------
# Storage


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
            return int(result.inserted_primary_key[0])

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


# ---------------------------------------------------------------------------------------------
# For the bot's event loop


async def record_quietly(
    log: QuestionLog | None, question: LoggedQuestion, timeout: float = DEFAULT_RECORD_TIMEOUT
) -> bool:
    """Record `question`, waiting at most `timeout` seconds. Never raises (except cancellation):
    on a database error, a full queue or a timeout it logs a warning without the question and
    returns False. A write that is merely slow still completes in the background."""
    if log is None:
        return False
    try:
        future = asyncio.wrap_future(log.submit(question))
    except Exception as error:
        _warn_not_recorded(error)
        return False
    try:
        await asyncio.wait_for(asyncio.shield(future), timeout)
    except TimeoutError:
        logger.warning(
            "question log: a write took longer than %.1fs; answering without waiting", timeout
        )
        future.add_done_callback(_late_result)
        return False
    except Exception as error:
        _warn_not_recorded(error)
        return False
    return True


async def purge_quietly(
    log: QuestionLog | None,
    days: int = DEFAULT_RETENTION_DAYS,
    now: datetime | None = None,
) -> int | None:
    """Purge records older than `days` days in a thread; the count, or None (warning logged)
    if the database could not do it. For start-up and a daily job."""
    if log is None:
        return None
    try:
        deleted = await asyncio.to_thread(log.purge, retention_cutoff(days, now))
    except Exception as error:
        logger.warning("question log: purge failed (%s)", _describe(error))
        return None
    logger.info("question log: purged %d records older than %d days", deleted, days)
    return deleted


def _late_result(future: asyncio.Future[int]) -> None:
    if not future.cancelled() and future.exception() is not None:
        _warn_not_recorded(future.exception())


def _warn_not_recorded(error: BaseException | None) -> None:
    logger.warning("question log: a question was not recorded (%s)", _describe(error))


def _describe(error: BaseException | None) -> str:
    """An error's kind, and the message only for our own errors, which never quote questions."""
    if isinstance(error, QuestionLogError):
        return f"{type(error).__name__}: {error}"
    return type(error).__name__
