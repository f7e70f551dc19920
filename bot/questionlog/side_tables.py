"""Tables kept beside the question log, in the same database and through the same SQLAlchemy
engine (`QuestionLog.engine`): the hand-overs to the press office and the feedback on answers.

Like the log's own table, each store's tables are created on first use (on PostgreSQL one replica
at a time, under an advisory lock), and database errors become `QuestionLogError` without their
text, which could quote a question.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from bot.questionlog.storage import QuestionLogError


class SideTables:
    """The tables of `metadata` over `engine`; `transaction()` for everything else."""

    def __init__(self, engine: sa.Engine, metadata: sa.MetaData, lock_key: int) -> None:
        self._engine = engine
        self._metadata = metadata
        self._lock_key = lock_key
        self._schema_lock = threading.Lock()
        self._schema_ready = False

    @property
    def backend(self) -> str:
        """`sqlite` or `postgresql`."""
        return self._engine.dialect.name

    def __repr__(self) -> str:  # never the URL: it may hold a password
        return f"<{type(self).__name__} {self.backend}>"

    def ensure_schema(self) -> None:
        """Create the tables if missing (done by every transaction on first use)."""
        if self._schema_ready:
            return
        with self._schema_lock:
            if self._schema_ready:
                return
            try:
                with self._engine.begin() as connection:
                    if self.backend == "postgresql":
                        lock = sa.func.pg_advisory_xact_lock(self._lock_key)
                        connection.execute(sa.select(lock))
                    self._metadata.create_all(connection, checkfirst=True)
            except SQLAlchemyError as error:
                raise database_error("create the tables", error) from error
            self._schema_ready = True

    @contextmanager
    def transaction(self, doing: str) -> Iterator[sa.Connection]:
        """One transaction, committed when the block ends; errors without their text."""
        self.ensure_schema()
        try:
            with self._engine.begin() as connection:
                yield connection
        except SQLAlchemyError as error:
            raise database_error(doing, error) from error


def database_error(doing: str, error: BaseException) -> QuestionLogError:
    cause = getattr(error, "orig", None)
    detail = type(error).__name__ + (f"/{type(cause).__name__}" if cause is not None else "")
    return QuestionLogError(f"could not {doing} ({detail})")
