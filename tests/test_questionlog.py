"""The question log: what is recorded, how it is masked, kept and purged, and that the bot's write
path never fails or waits long. Storage tests run on SQLite and on a real PostgreSQL server
(tests/postgres.py), which are skipped with the reason when no server can be started here."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from bot.engine import Engine
from bot.matching import Outcome
from bot.normalize import fold
from bot.questionlog import (
    DEFAULT_LOW_CONFIDENCE,
    TABLE,
    LoggedQuestion,
    QuestionLog,
    QuestionLogClosed,
    best_candidate,
    mask_personal_data,
    open_question_log,
    purge_quietly,
    record_quietly,
    retention_cutoff,
    should_record,
    sqlite_path,
)
from tests.conftest import ROOT, wait_until
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


# ---------------------------------------------------------------------------------------------
# What is recorded


@pytest.mark.parametrize(
    ("question", "outcome", "recorded"),
    [
        ("What is the weather in Moscow?", Outcome.FALLBACK, True),
        ("minister", Outcome.CLARIFY, True),
        ("Who met whom?", Outcome.ANSWERED, False),
        ("domestic abuse", Outcome.ANSWERED, True),  # answered, but with a score of about 53
        ("Thanks!", Outcome.SMALLTALK, False),
        ("hi", Outcome.SMALLTALK, False),
        ("", Outcome.FALLBACK, False),
        ("?!  …", Outcome.FALLBACK, False),
    ],
)
def test_should_record_only_what_the_bot_could_not_answer_well(
    engine: Engine, question: str, outcome: Outcome, recorded: bool
) -> None:
    reply = engine.ask(question)
    assert reply.outcome is outcome
    assert should_record(reply, DEFAULT_LOW_CONFIDENCE) is recorded


def test_low_confidence_is_a_floor_on_the_answer_score(engine: Engine) -> None:
    reply = engine.ask("domestic abuse")
    assert reply.outcome is Outcome.ANSWERED
    assert should_record(reply, reply.score + 0.1)
    assert not should_record(reply, reply.score)  # not below the floor
    assert not should_record(engine.ask("Who met whom?"), 100.0)  # scores 100: never below


def test_best_candidate_is_the_answer_or_first_choice_never_a_fallback_example(
    engine: Engine,
) -> None:
    answered, clarify, fallback = (
        engine.ask(q) for q in ("domestic abuse", "minister", "What is the weather in Moscow?")
    )
    assert best_candidate(answered) == "domestic_violence"
    assert best_candidate(clarify) == clarify.choices[0].id
    assert fallback.choices  # example questions, not candidates ...
    assert best_candidate(fallback) is None  # ... so no closest fact is claimed


async def test_engine_replies_are_logged_masked_and_only_when_unanswered(
    engine: Engine, question_log: QuestionLog, database_url: str | None, data_dir: Path
) -> None:
    asked = [
        "I'm matti.virtanen@example.fi, call me on +358 40 123 4567: weather in Moscow?",
        "minister",
        "Who met whom?",
        "Thanks!",
        "domestic abuse",
    ]
    before = datetime.now(UTC)
    for text in asked:
        reply = engine.ask(text)
        if should_record(reply, DEFAULT_LOW_CONFIDENCE):
            assert await record_quietly(question_log, LoggedQuestion.from_reply(reply))

    rows = question_log.fetch()
    assert [(r.outcome, r.fact_id) for r in rows] == [
        (Outcome.FALLBACK, None),
        (Outcome.CLARIFY, engine.ask("minister").choices[0].id),
        (Outcome.ANSWERED, "domestic_violence"),
    ]
    first = rows[0]
    assert first.question == "I'm [email], call me on [phone]: weather in Moscow?"
    assert first.normalized == fold(first.question) == "im email call me on phone weather in moscow"
    assert {r.release_id for r in rows} == {engine.default_release}
    assert all(r.asked_at.tzinfo is UTC and before <= r.asked_at <= datetime.now(UTC) for r in rows)
    assert rows[2].score == pytest.approx(engine.ask("domestic abuse").score)
    assert all(isinstance(r.id, int) for r in rows)


def test_no_user_identifiers_in_the_schema_or_the_rows(
    engine: Engine, question_log: QuestionLog, database_url: str | None, data_dir: Path
) -> None:
    text = "ask @matti_v or matti@example.fi, 040-123 4567, about the weather in Moscow"
    question_log.record(LoggedQuestion.from_reply(engine.ask(text)))

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


def test_logged_question_times_are_aware_utc() -> None:
    helsinki = datetime(2024, 6, 1, 15, 0, tzinfo=UTC).astimezone(ZoneInfo("Europe/Helsinki"))
    assert _question(asked_at=helsinki).asked_at == datetime(2024, 6, 1, 15, 0, tzinfo=UTC)
    assert _question(asked_at=helsinki).asked_at.tzinfo is UTC
    with pytest.raises(ValueError, match="timezone-aware"):
        _question(asked_at=datetime(2024, 6, 1, 15, 0))


# ---------------------------------------------------------------------------------------------
# Masking


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("call +358 40 123 4567 today", "call [phone] today"),
        ("+358401234567", "[phone]"),
        ("+358-40-123-4567", "[phone]"),
        ("+358 (0)40 123 4567", "[phone]"),
        ("00358 40 123 4567", "[phone]"),
        ("my number is 040-123 4567.", "my number is [phone]."),
        ("040 1234567", "[phone]"),
        ("0401234567", "[phone]"),
        ("040.123.4567", "[phone]"),
        ("office (09) 1234 5678", "office [phone]"),
        ("09 1234 5678", "[phone]"),
        ("09-123 4567", "[phone]"),
        ("(call 040 123 4567)", "(call [phone])"),
        ("reach me (040 123 4567)", "reach me ([phone])"),
        ("+44 20 7946 0958", "[phone]"),
        ("+7 495 123-45-67", "[phone]"),
        ("+1 (555) 123-4567", "[phone]"),
        ("(555) 123-4567", "[phone]"),
        ("555-123-4567", "[phone]"),
        ("555.123.4567", "[phone]"),
        ("the contact +358 2951 50131?", "the contact [phone]?"),
        ("matti.virtanen@example.fi", "[email]"),
        ("Write to MATTI@EXAMPLE.COM.", "Write to [email]."),
        ("first+tag@example.co.uk, please", "[email], please"),
        ("jyrki.häkkinen@esimerkki.fi", "[email]"),
        ("mailto:john@example.com", "mailto:[email]"),
        ("see https://anna:hunter2@intra.example.fi/x?y=1 now", "see [url] now"),
        ("ftp://anna@files.example.org", "[url]"),
        ("my id is 131052-308T", "my id is [id]"),
        ("ask @matti_virtanen about it", "ask [username] about it"),
        (
            "mail matti@example.fi or ring 040-123 4567 / +358 9 1234 5678",
            "mail [email] or ring [phone] / [phone]",
        ),
    ],
)
def test_mask_personal_data(text: str, masked: str) -> None:
    assert mask_personal_data(text) == masked
    assert mask_personal_data(masked) == masked  # idempotent


@pytest.mark.parametrize(
    "text",
    [
        "What happened in 2019?",
        "3 prisoners were transferred",
        "In 2019, 3 prisoners",
        "between 2019 and 2020",
        "2019-2020",
        "(2019)",
        "1 000 000 euros",
        "on 12.03.2024",
        "on 01.03.2024",
        "2024-03-01",
        "01/03/2024",
        "klo 09.00-10.30",
        "at 9:30",
        "is +358 the country code?",
        "Article 3(2)",
        "0.5 %",
        "COVID-19",
        "the 1990s",
        "Section 12 (1)",
        "https://valtioneuvosto.fi/en/-/1410853/minister-hakkanen",
        "Who met whom?",
    ],
)
def test_mask_keeps_numbers_that_are_not_personal(text: str) -> None:
    assert mask_personal_data(text) == text


# ---------------------------------------------------------------------------------------------
# Storage


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


def test_retention_cutoff() -> None:
    assert retention_cutoff(90, NOW) == NOW - timedelta(days=90)
    assert retention_cutoff(now=NOW) == NOW - timedelta(days=90)  # the default
    assert retention_cutoff(1).tzinfo is not None
    with pytest.raises(ValueError):
        retention_cutoff(0, NOW)
    with pytest.raises(ValueError):
        retention_cutoff(90, datetime(2024, 6, 1))


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


async def test_record_quietly_records_concurrent_questions(question_log: QuestionLog) -> None:
    results = await asyncio.gather(
        *(record_quietly(question_log, _question(f"q{n}"), timeout=5) for n in range(30))
    )
    assert all(results)
    assert sorted(r.question for r in question_log.fetch()) == sorted(f"q{n}" for n in range(30))


WRITER = """
import sys
from pathlib import Path
from bot.matching import Outcome
from bot.questionlog import LoggedQuestion, open_question_log

log = open_question_log(sys.argv[1] or None, Path(sys.argv[2]))
for n in range(1_000_000):
    new_id = log.record(LoggedQuestion.build(f"burst {n}", Outcome.FALLBACK, "release-1"))
    print(new_id, n, flush=True)  # "the reply is sent": only after record returned
"""


def test_every_acknowledged_record_survives_sigkill(
    database_url: str | None, data_dir: Path
) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, database_url or "", str(data_dir)],
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


# ---------------------------------------------------------------------------------------------
# The bot's write path never fails and never waits long


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


def test_open_question_log_accepts_only_postgresql_urls(data_dir: Path) -> None:
    for url in ("mysql://bot@db/q", "sqlite:///questions.db", "postgres://bot@db/q"):
        with pytest.raises(ValueError, match="postgresql://"):
            open_question_log(url, data_dir)
    log = open_question_log("postgresql://bot:hunter2@127.0.0.1:1/q", data_dir)  # no connection
    assert "hunter2" not in repr(log) and "postgresql" in repr(log)
    log.close()
    assert not data_dir.exists()  # PostgreSQL needs no data folder
