"""The question log as the running bot uses it: what gets recorded, and a database that fails."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

import pytest

from bot.questionlog.storage import SQLITE_FILE
from tests.conftest import start_bot
from tests.fake_bot_api import FakeBotApi
from tests.telegram_edge.test_telegram_e2e import ask

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
