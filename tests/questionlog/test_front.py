"""The bot's write path: never raises, never waits longer than its cap."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.questionlog.front import purge_quietly, record_quietly
from bot.questionlog.storage import (
    QuestionLog,
    QuestionLogClosed,
    open_question_log,
    sqlite_path,
)
from tests.conftest import wait_until
from tests.questionlog.conftest import _question


async def test_purge_quietly_purges_and_never_raises(data_dir: Path) -> None:
    now = datetime.now(UTC)
    log = open_question_log(None, data_dir)
    log.record(_question("old", asked_at=now - timedelta(days=91)))
    log.record(_question("new", asked_at=now - timedelta(days=89)))
    assert await purge_quietly(log, 90) == 1
    assert [r.question for r in log.fetch()] == ["new"]
    log.close()
    assert await purge_quietly(log, 90) is None  # closed: a warning, no exception
    assert await purge_quietly(None) is None


async def test_record_quietly_records_concurrent_questions(question_log: QuestionLog) -> None:
    results = await asyncio.gather(
        *(record_quietly(question_log, _question(f"q{n}"), timeout=5) for n in range(30))
    )
    assert all(results)
    assert sorted(r.question for r in question_log.fetch()) == sorted(f"q{n}" for n in range(30))


WRITER = """
import sys
from pathlib import Path
from bot.core.matching import Outcome
from bot.questionlog.storage import LoggedQuestion, open_question_log

log = open_question_log(sys.argv[1] or None, Path(sys.argv[2]))
for n in range(1_000_000):
    new_id = log.record(LoggedQuestion.build(f"burst {n}", Outcome.FALLBACK, "release-1"))
    print(new_id, n, flush=True)  # "the reply is sent": only after record returned
"""


async def test_record_quietly_on_a_closed_log_returns_false(data_dir: Path) -> None:
    log = open_question_log(None, data_dir)
    log.close()
    log.close()  # idempotent
    started = time.monotonic()
    assert await record_quietly(log, _question()) is False
    assert time.monotonic() - started < 0.2
    assert await record_quietly(None, _question()) is False
    with pytest.raises(QuestionLogClosed):
        log.record(_question())


async def test_record_quietly_gives_up_on_a_locked_database_but_the_write_lands_later(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "confidential question about the weather in Moscow"
    with open_question_log(None, data_dir) as log:
        log.ensure_schema()
        blocker = sqlite3.connect(sqlite_path(data_dir), isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")  # another writer holds the database
        try:
            started = time.monotonic()
            assert await record_quietly(log, _question(secret), timeout=0.3) is False
            assert time.monotonic() - started < 0.8
        finally:
            blocker.execute("COMMIT")
            blocker.close()
        await wait_until(lambda: len(log.fetch()) == 1, timeout=6)  # it was only slow
    assert "longer than 0.3s" in caplog.text
    assert "confidential" not in caplog.text


async def test_record_quietly_survives_an_unopenable_database(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sqlite_path(data_dir).mkdir(parents=True)  # a folder where the database file should be
    with open_question_log(None, data_dir) as log:
        started = time.monotonic()
        assert await record_quietly(log, _question("secret weather question")) is False
        assert time.monotonic() - started < 0.5
    assert "not recorded (QuestionLogError: could not create the table" in caplog.text
    assert "secret" not in caplog.text


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_record_quietly_survives_an_unreachable_postgres(
    data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"postgresql://bot:hunter2@127.0.0.1:{_free_port()}/questions"
    with open_question_log(url, data_dir) as log:
        started = time.monotonic()
        assert await record_quietly(log, _question("secret weather question")) is False
        assert time.monotonic() - started < 0.5
    assert "OperationalError" in caplog.text
    assert "secret" not in caplog.text and "hunter2" not in caplog.text


async def test_a_hung_database_costs_each_reply_at_most_the_timeout(data_dir: Path) -> None:
    """A server that accepts connections and never answers: the first writes time out, and once
    `max_pending` writes wait, further questions are dropped at once instead of queueing."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    log = open_question_log(f"postgresql://bot@127.0.0.1:{port}/q", data_dir, max_pending=2)
    try:
        timings = []
        for n in range(4):
            started = time.monotonic()
            assert await record_quietly(log, _question(f"q{n}"), timeout=0.2) is False
            timings.append(time.monotonic() - started)
        assert all(0.15 < t < 0.5 for t in timings[:2]), timings
        assert all(t < 0.1 for t in timings[2:]), timings  # the queue is full: no waiting
    finally:
        listener.close()  # resets the waiting connections, so the workers finish
        log.close()
