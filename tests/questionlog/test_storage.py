"""Storage on SQLite and a real PostgreSQL server: no identifiers, durability, retention."""

from __future__ import annotations

import dataclasses
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.core.engine import Engine
from bot.core.matching import Outcome
from bot.libpq import APPLICATION_NAME
from bot.questionlog.policy import (
    logged_question,
)
from bot.questionlog.records import LoggedQuestion, retention_cutoff
from bot.questionlog.storage import (
    QuestionLog,
    QuestionLogClosed,
    QuestionLogError,
    open_question_log,
    sqlite_path,
)
from tests.conftest import ROOT
from tests.postgres import PostgresServer, postgres_server  # noqa: F401 - the fixture
from tests.questionlog.conftest import (
    COLUMNS,
    IDENTIFYING,
    NOW,
    _columns,
    _question,
    _sqlalchemy_url,
)


def test_no_user_identifiers_in_the_schema_or_the_rows(
    engine: Engine, question_log: QuestionLog, database_url: str | None, data_dir: Path
) -> None:
    text = "ask @matti_v or matti@example.fi, 040-123 4567, about the weather in Moscow"
    reply = engine.ask(text)
    question_log.record(logged_question(reply.question, reply.match, reply.base.id))

    columns = _columns(database_url, data_dir)
    assert columns == COLUMNS
    fields = {field.name for field in dataclasses.fields(LoggedQuestion)}
    for name in columns | fields:
        assert not any(word in name for word in IDENTIFYING), name
    (row,) = question_log.fetch()
    stored = f"{row.question} {row.normalized}"
    for secret in ("matti", "example.fi", "4567", "040"):
        assert secret not in stored


def test_sqlite_file_is_wal_private_and_has_exactly_the_logged_columns(data_dir: Path) -> None:
    with open_question_log(None, data_dir) as log:
        log.record(_question("call +358 40 123 4567 about Moscow"))
    path = sqlite_path(data_dir)
    assert path.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        names = [row[1] for row in connection.execute("PRAGMA table_info(question_log)")]
        rows = connection.execute("SELECT * FROM question_log").fetchall()
    assert set(names) == COLUMNS
    assert len(rows) == 1 and "[phone]" in rows[0][names.index("question")]
    assert "4567" not in repr(rows)


def test_record_masks_even_a_record_built_by_hand(question_log: QuestionLog) -> None:
    raw = LoggedQuestion(
        question="write to anna@example.org",
        normalized="write to anna example org",
        outcome=Outcome.FALLBACK,
        fact_id=None,
        score=12.5,
        release_id="release-1",
        asked_at=NOW,
    )
    question_log.record(raw)
    (row,) = question_log.fetch()
    assert (row.question, row.normalized) == ("write to [email]", "write to email")


def test_record_returns_ids_and_fetch_filters_by_time(question_log: QuestionLog) -> None:
    ids = [
        question_log.record(_question(f"question {day}", asked_at=NOW - timedelta(days=day)))
        for day in (3, 2, 1)
    ]
    assert len(set(ids)) == 3
    rows = question_log.fetch()
    assert [r.question for r in rows] == ["question 3", "question 2", "question 1"]
    assert [r.id for r in rows] == ids
    recent = question_log.fetch(since=NOW - timedelta(days=2))
    assert [r.question for r in recent] == ["question 2", "question 1"]
    with pytest.raises(ValueError):
        question_log.fetch(since=datetime(2024, 1, 1))  # naive: ambiguous


def test_retention_deletes_only_what_is_old(question_log: QuestionLog) -> None:
    cutoff = retention_cutoff(90, NOW)
    ages = {"100 days": 100, "91 days": 91, "just kept": 90, "89 days": 89, "yesterday": 1}
    for label, days in ages.items():
        question_log.record(_question(label, asked_at=NOW - timedelta(days=days)))
    question_log.record(_question("one second too old", asked_at=cutoff - timedelta(seconds=1)))

    assert question_log.purge(cutoff) == 3
    kept = [r.question for r in question_log.fetch()]
    assert kept == ["just kept", "89 days", "yesterday"]
    assert question_log.purge(cutoff) == 0


def test_records_from_many_threads_all_arrive(question_log: QuestionLog) -> None:
    ids: list[int] = []
    lock = threading.Lock()

    def write(worker: int) -> None:
        for n in range(20):
            new_id = question_log.record(_question(f"worker {worker} question {n}"))
            with lock:
                ids.append(new_id)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(ids)) == 100
    assert {r.id for r in question_log.fetch()} == set(ids)


WRITER = """
import sys
from pathlib import Path
from bot.core.matching import Outcome
from bot.questionlog.records import LoggedQuestion
from bot.questionlog.storage import open_question_log

log = open_question_log(sys.argv[1] or None, Path(sys.argv[2]))
for n in range(1_000_000):
    new_id = log.record(LoggedQuestion.build(f"burst {n}", Outcome.FALLBACK, "release-1"))
    print(new_id, n, flush=True)  # "the reply is sent": only after record returned
"""


SUBMITTER = WRITER.replace(
    'new_id = log.record(LoggedQuestion.build(f"burst {n}", Outcome.FALLBACK, "release-1"))',
    'new_id = log.submit(LoggedQuestion.build(f"burst {n}", Outcome.FALLBACK, "release-1"))'
    ".result()",
)


@pytest.mark.parametrize("script", [WRITER, SUBMITTER], ids=["record", "submit"])
def test_every_acknowledged_record_survives_sigkill(
    database_url: str | None, data_dir: Path, script: str
) -> None:
    """Acknowledged: `record` returned, or the future `submit` gave has its id."""
    assert script is WRITER or ".result()" in script
    writer = subprocess.Popen(
        [sys.executable, "-c", script, database_url or "", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    watchdog = threading.Timer(30, writer.kill)  # never hang the suite on a stuck writer
    watchdog.start()
    try:
        acknowledged = [writer.stdout.readline() for _ in range(150)]  # type: ignore[union-attr]
        assert all(acknowledged), writer.stderr.read()  # type: ignore[union-attr]
        os.kill(writer.pid, signal.SIGKILL)  # mid-burst
        rest, _ = writer.communicate(timeout=10)
    finally:
        watchdog.cancel()
    assert writer.returncode == -signal.SIGKILL
    printed = [line.split() for line in acknowledged + rest.splitlines() if line.strip()]

    if database_url is None:
        with sqlite3.connect(sqlite_path(data_dir)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with open_question_log(database_url, data_dir) as log:
        stored = {row.id: row.question for row in log.fetch()}
    for new_id, n in printed:
        assert stored.get(int(new_id)) == f"burst {n}"
    assert len(printed) <= len(stored) <= len(printed) + 1  # at most one unacknowledged write


def test_open_question_log_accepts_only_postgresql_urls(data_dir: Path) -> None:
    for url in ("mysql://bot@db/q", "sqlite:///questions.db", "postgres://bot@db/q"):
        with pytest.raises(ValueError, match="postgresql://"):
            open_question_log(url, data_dir)
    log = open_question_log("postgresql://bot:hunter2@127.0.0.1:1/q", data_dir)  # no connection
    assert "hunter2" not in repr(log) and "postgresql" in repr(log)
    log.close()
    assert not data_dir.exists()  # PostgreSQL needs no data folder


# -- the writer thread: records handed over by `submit`, committed together ---------------------


def test_submitted_records_are_all_stored_with_their_own_ids(question_log: QuestionLog) -> None:
    futures = [question_log.submit(_question(f"submitted {n}")) for n in range(40)]
    ids = [future.result(timeout=10) for future in futures]
    stored = {r.id: r.question for r in question_log.fetch()}
    assert len(set(ids)) == 40
    assert [stored[i] for i in ids] == [f"submitted {n}" for n in range(40)]


def test_records_waiting_together_share_one_transaction(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the database is held by another writer, the records queue up; once it is free they
    are committed in one transaction, each future with its own record's id."""
    with open_question_log(None, data_dir) as log:
        log.ensure_schema()
        transactions = []
        insert = QuestionLog._write_rows

        def counting(self: QuestionLog, rows: list[dict[str, Any]]) -> Any:
            transactions.append(len(rows))
            return insert(self, rows)

        monkeypatch.setattr(QuestionLog, "_write_rows", counting)
        blocker = sqlite3.connect(sqlite_path(data_dir), isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            first = log.submit(_question("first"))
            time.sleep(0.2)  # the writer has taken "first" and waits for the lock
            rest = [log.submit(_question(f"then {n}")) for n in range(10)]
        finally:
            blocker.execute("COMMIT")
            blocker.close()
        ids = [f.result(timeout=10) for f in [first, *rest]]
        stored = {r.id: r.question for r in log.fetch()}
    assert [stored[i] for i in ids] == ["first"] + [f"then {n}" for n in range(10)]
    assert transactions == [1, 10]


def test_close_commits_every_accepted_record(data_dir: Path) -> None:
    """Records still queued when the log is closed are written, not dropped."""
    log = open_question_log(None, data_dir)
    log.ensure_schema()
    blocker = sqlite3.connect(sqlite_path(data_dir), isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    futures = [log.submit(_question(f"queued {n}")) for n in range(20)]
    closing = threading.Thread(target=log.close)
    closing.start()
    closing.join(0.3)
    assert closing.is_alive()  # waits for the queued records
    blocker.execute("COMMIT")
    blocker.close()
    closing.join(10)
    assert not closing.is_alive()
    assert all(f.done() and f.exception() is None for f in futures)
    with open_question_log(None, data_dir) as reopened:
        stored = sorted(r.question for r in reopened.fetch())
    assert stored == sorted(f"queued {n}" for n in range(20))


def test_a_batch_is_masked_and_a_bad_record_fails_alone(question_log: QuestionLog) -> None:
    bad = _question("bad")
    object.__setattr__(bad, "outcome", "no such outcome")  # what no constructor lets through
    futures = [
        question_log.submit(_question("call me on +358 40 123 4567")),
        question_log.submit(bad),
        question_log.submit(_question("mail matti@example.fi")),
    ]
    assert futures[0].result(timeout=10) and futures[2].result(timeout=10)
    with pytest.raises(ValueError):
        futures[1].result(timeout=10)
    stored = sorted(r.question for r in question_log.fetch())
    assert stored == ["call me on [phone]", "mail [email]"]


def test_a_record_the_database_refuses_does_not_take_its_batch_with_it(
    postgres_server: PostgresServer,  # noqa: F811 - the fixture
    data_dir: Path,
) -> None:
    """PostgreSQL refuses a release id longer than its column; the records committed in the
    same transaction are tried alone and stored."""
    url = postgres_server.url
    with open_question_log(url, data_dir) as log:
        log.ensure_schema()
        engine = sa.create_engine(_sqlalchemy_url(url))
        with engine.connect() as blocker:
            blocker.execute(sa.text("DELETE FROM question_log"))
            blocker.execute(sa.text("LOCK TABLE question_log IN ACCESS EXCLUSIVE MODE"))
            first = log.submit(_question("first"))
            time.sleep(0.2)  # the writer has taken "first" and waits for the lock
            rest = [
                log.submit(_question("kept 1")),
                log.submit(_question("refused", release_id="r" * 300)),
                log.submit(_question("kept 2")),
            ]
            blocker.commit()
        engine.dispose()
        assert first.result(timeout=10)
        assert rest[0].result(timeout=10) and rest[2].result(timeout=10)
        with pytest.raises(QuestionLogError):
            rest[1].result(timeout=10)
        assert sorted(r.question for r in log.fetch()) == ["first", "kept 1", "kept 2"]


def test_the_writer_keeps_one_connection_between_records(data_dir: Path) -> None:
    """A pool checkout (with its pre-ping and reset) costs as much as the insert, so the
    writer takes one connection and keeps it."""
    with open_question_log(None, data_dir) as log:
        checkouts = []
        sa.event.listen(log.engine, "checkout", lambda *_args: checkouts.append(1))
        for n in range(5):
            assert log.submit(_question(f"question {n}")).result(timeout=10)
        assert len(log.fetch()) == 5
    assert len(checkouts) <= 3  # the schema check, the writer's one, and the read


def test_the_writer_replaces_a_connection_the_database_dropped(
    postgres_server: PostgresServer,  # noqa: F811 - the fixture
    data_dir: Path,
) -> None:
    """The writer keeps its connection between records; when the server ends it (a restart, an
    administrator), the next record is written on a new connection, not lost."""
    url = postgres_server.url
    engine = sa.create_engine(_sqlalchemy_url(url))
    with open_question_log(url, data_dir) as log:
        log.ensure_schema()
        with engine.begin() as admin:
            admin.execute(sa.text("DELETE FROM question_log"))
        assert log.submit(_question("before")).result(timeout=10)
        with engine.begin() as admin:
            ended = admin.execute(
                sa.text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE application_name = :name AND pid <> pg_backend_pid()"
                ),
                {"name": APPLICATION_NAME},
            ).scalar_one()
        engine.dispose()
        assert ended >= 1  # the writer's connection was among them
        assert log.submit(_question("after")).result(timeout=10)
        assert sorted(r.question for r in log.fetch()) == ["after", "before"]


def test_close_does_not_wait_without_end_for_a_database_that_does_not_answer(
    data_dir: Path,
) -> None:
    log = open_question_log(None, data_dir)
    log.ensure_schema()
    blocker = sqlite3.connect(sqlite_path(data_dir), isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # held for longer than the close may wait
    try:
        first = log.submit(_question("being written"))
        time.sleep(0.2)  # the writer has taken it and waits for the database
        queued = [log.submit(_question(f"queued {n}")) for n in range(5)]
        started = time.monotonic()
        log.close(wait_s=0.3)
        assert time.monotonic() - started < 1.5
        for future in queued:
            assert isinstance(future.exception(timeout=1), QuestionLogClosed)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert first.result(timeout=10)  # the record being written commits once the database answers
