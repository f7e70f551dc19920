"""The question log as the running bot uses it: what gets recorded, and a database that fails."""

from __future__ import annotations

import contextlib
import logging
import socket
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.matching import Outcome
from bot.questionlog.records import LoggedQuestion
from bot.questionlog.storage import SQLITE_FILE, open_question_log
from bot.telegram_edge import runner
from tests.conftest import start_bot, wait_until
from tests.fake_bot_api import FakeBotApi
from tests.telegram_edge.helpers import ask

USER = 8001


def rows(data_dir: Path) -> list[sqlite3.Row]:
    with sqlite3.connect(data_dir / SQLITE_FILE) as db:
        db.row_factory = sqlite3.Row
        return db.execute("SELECT * FROM question_log ORDER BY id").fetchall()


async def test_bot_records_only_what_it_could_not_answer_well(
    fake_bot_api: FakeBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    bot = await start_bot(fake_bot_api, knowledge_root, env={"RELEASE_BOT_DATA_DIR": str(tmp_path)})
    try:
        await ask(bot, "Who met whom?", USER)  # answered well: not recorded
        await ask(bot, "thanks", USER)  # small talk: not recorded
        await ask(bot, "can you call me back on +358 40 123 4567 about the weather?", USER)
        await ask(bot, "minister", USER)  # did you mean: recorded
        await ask(bot, "who met whom", USER)
    finally:
        assert await bot.finish() == 0
    recorded = rows(tmp_path)
    assert [r["outcome"] for r in recorded] == ["fallback", "clarify"]
    assert "[phone]" in recorded[0]["question"] and "123 4567" not in recorded[0]["question"]
    columns = set(recorded[0].keys())
    assert not columns & {"user_id", "chat_id", "username", "name", "first_name"}
    assert str(USER) not in " ".join(str(v) for r in recorded for v in tuple(r))


async def test_privacy_names_the_configured_controller(
    fake_bot_api: FakeBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    bot = await start_bot(
        fake_bot_api,
        knowledge_root,
        env={
            "RELEASE_BOT_DATA_DIR": str(tmp_path),
            "RELEASE_BOT_RETENTION_DAYS": "30",
            "RELEASE_BOT_PRIVACY_CONTROLLER": "Example Ministry",
            "RELEASE_BOT_PRIVACY_CONTACT": "dpo@example.org",
        },
    )
    try:
        text = (await ask(bot, "/privacy", USER))["text"]
    finally:
        assert await bot.finish() == 0
    assert "Example Ministry" in text and "dpo@example.org" in text and "30 days" in text


async def test_unreachable_database_does_not_hold_up_replies(
    fake_bot_api: FakeBotApi,
    knowledge_root: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = "postgresql://bot:hunter2-password@127.0.0.1:1/questions"
    bot = await start_bot(
        fake_bot_api,
        knowledge_root,
        env={"RELEASE_BOT_DATA_DIR": str(tmp_path), "RELEASE_BOT_DATABASE_URL": url},
    )
    try:
        started = time.monotonic()
        params = await ask(bot, "what's the weather in Helsinki?", USER)
        elapsed = time.monotonic() - started
        assert "release does not say" in params["text"]
        assert elapsed < 3.0
        assert "Konovalov" in (await ask(bot, "who met whom", USER))["text"]
    finally:
        assert await bot.finish() == 0
    logged = " ".join(r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)
    assert "hunter2" not in logged and "weather" not in logged


async def test_the_question_is_committed_before_the_reply_is_sent(
    fake_bot_api: FakeBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    """While the reply is still on its way to Telegram, the question is already in the log."""
    api = fake_bot_api
    bot = await start_bot(api, knowledge_root, env={"RELEASE_BOT_DATA_DIR": str(tmp_path)})
    try:
        api.delay_next("sendMessage", 2.0)
        api.push_update(api.private_message(USER, "what's the weather in Helsinki?"))
        await wait_until(lambda: bool(api.calls("sendMessage")), timeout=10)
        assert not any(call.status == 200 for call in api.calls("sendMessage"))  # in flight
        assert [r["outcome"] for r in rows(tmp_path)] == ["fallback"]
        await wait_until(lambda: any(c.status == 200 for c in api.calls("sendMessage")), 10)
    finally:
        assert await bot.finish() == 0


class SilentDatabase:
    """A TCP server that accepts connections and never answers: a hung PostgreSQL."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(50)
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"postgresql://bot:pw@127.0.0.1:{self.listener.getsockname()[1]}/questions"

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                connection, _ = self.listener.accept()
                self.accepted.append(connection)

    def close(self) -> None:
        self.listener.close()
        for connection in self.accepted:
            connection.close()


async def test_a_hung_database_holds_each_reply_for_half_a_second_at_most(
    fake_bot_api: FakeBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    """The database takes the connection and says nothing (its own timeout is 3 s); the reply
    must not wait for it longer than the log's cap."""
    database = SilentDatabase()
    bot = await start_bot(
        fake_bot_api,
        knowledge_root,
        env={"RELEASE_BOT_DATA_DIR": str(tmp_path), "RELEASE_BOT_DATABASE_URL": database.url},
    )
    try:
        for question in ("what's the weather in Helsinki?", "minister"):
            started = time.monotonic()
            params = await ask(bot, question, USER)
            assert time.monotonic() - started < 1.5, question
            assert "Lauri Koskentausta" in params["text"]
        assert database.accepted  # the log really tried the hung database
    finally:
        assert await bot.finish() == 0
        database.close()


async def test_old_questions_are_purged_at_start_up_and_then_daily(
    fake_bot_api: FakeBotApi,
    knowledge_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(runner, "PURGE_INTERVAL", 0.3)  # "daily", compressed for the test
    old = datetime.now(UTC) - timedelta(days=31)
    with open_question_log(None, tmp_path) as log:
        log.record(LoggedQuestion.build("an old question", Outcome.FALLBACK, "r", asked_at=old))
    bot = await start_bot(
        fake_bot_api,
        knowledge_root,
        env={"RELEASE_BOT_DATA_DIR": str(tmp_path), "RELEASE_BOT_RETENTION_DAYS": "30"},
    )
    try:
        await wait_until(lambda: rows(tmp_path) == [], timeout=5)  # at start-up
        with open_question_log(None, tmp_path) as log:
            log.record(LoggedQuestion.build("old again", Outcome.FALLBACK, "r", asked_at=old))
            log.record(LoggedQuestion.build("recent", Outcome.FALLBACK, "r"))
        await wait_until(lambda: [r["question"] for r in rows(tmp_path)] == ["recent"], 5)
    finally:
        assert await bot.finish() == 0
