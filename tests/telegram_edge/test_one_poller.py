"""Polling runs as one instance: `release-bot run` started twice over the same data folder, or
over the same PostgreSQL from two machines, polls once; the second stands by and takes over."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import time
from pathlib import Path

import psycopg
import pytest

from bot.replicas import poller_lock
from bot.replicas.poller_lock import AdvisoryLock, FileLock
from tests.conftest import start_bot
from tests.fake_bot_api import FakeBotApi
from tests.postgres import PostgresServer, postgres_server  # noqa: F401 - the fixture
from tests.telegram_edge.helpers import USER, cli_env, start_process, stop_process, texts_to


def a_question_is_answered_once(api: FakeBotApi, user: int) -> None:
    api.push_update(api.private_message(user, "Where was the meeting?"))
    api.wait_for_sync("sendMessage", lambda p: p["chat_id"] == user, timeout=20)
    time.sleep(0.5)  # a second poller, if there were one, would have answered by now
    assert len(texts_to(api, user)) == 1


def stands_by_then_takes_over(
    api: FakeBotApi, first_env: dict[str, str], second_env: dict[str, str]
) -> str:
    """Start two pollers; the first answers, and once it stops the second does. Returns what
    the second wrote to stderr."""
    first = start_process(first_env, "run")
    second: subprocess.Popen[str] | None = None
    try:
        api.wait_for_sync("deleteWebhook", timeout=20)  # polling starts right after it
        time.sleep(0.5)
        second = start_process(second_env, "run")
        api.wait_for_sync("deleteWebhook", count=2, timeout=20)  # the second is up too
        time.sleep(1.0)
        a_question_is_answered_once(api, USER)
        stop_process(first, signal.SIGTERM)
        a_question_is_answered_once(api, USER + 1)  # the second took over
    finally:
        if first.poll() is None:
            first.kill()
    return stop_process(second)


def test_a_second_poller_on_the_same_data_folder_stands_by(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    env = cli_env(fake_bot_api, RELEASE_BOT_DATA_DIR=str(tmp_path))
    stderr = stands_by_then_takes_over(fake_bot_api, env, env)
    assert "standing by" in stderr and "took over polling" in stderr


def test_pollers_sharing_postgresql_poll_one_at_a_time(
    fake_bot_api: FakeBotApi,
    tmp_path: Path,
    postgres_server: PostgresServer,  # noqa: F811 - the fixture
) -> None:
    with psycopg.connect(postgres_server.url, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS one_poller")
        connection.execute("CREATE DATABASE one_poller")
    url = postgres_server.url.rsplit("/", 1)[0] + "/one_poller"
    envs = [
        cli_env(
            fake_bot_api, RELEASE_BOT_DATA_DIR=str(tmp_path / name), RELEASE_BOT_DATABASE_URL=url
        )
        for name in ("machine-a", "machine-b")  # no shared folder: only the database
    ]
    stderr = stands_by_then_takes_over(fake_bot_api, *envs)
    assert "standing by" in stderr and "PostgreSQL advisory lock" in stderr
    assert "took over polling" in stderr


async def test_a_poller_that_loses_its_lock_to_another_stands_by_and_still_stops(
    fake_bot_api: FakeBotApi,
    knowledge_root: Path,
    tmp_path: Path,
    postgres_server: PostgresServer,  # noqa: F811 - the fixture
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its lock's session is ended and another poller takes the lock: the bot stops polling
    and stands by, and a stop that arrives then ends it at once."""
    monkeypatch.setattr(poller_lock, "CHECK_S", 0.1)
    with psycopg.connect(postgres_server.url, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS lost_lock")
        connection.execute("CREATE DATABASE lost_lock")
    url = postgres_server.url.rsplit("/", 1)[0] + "/lost_lock"
    bot = await start_bot(fake_bot_api, knowledge_root, env={"RELEASE_BOT_DATABASE_URL": url})
    other = AdvisoryLock(url, bot.app.bot.id, FileLock(tmp_path), retry_s=0.05)
    try:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_locks "
                "WHERE locktype = 'advisory' AND granted"
            )
        await asyncio.wait_for(other.acquire(), 5)  # the other poller takes it
        await asyncio.sleep(1.0)  # the bot notices, stops polling, stands by
        fake_bot_api.push_update(fake_bot_api.private_message(USER, "Who met whom?"))
        await asyncio.sleep(1.0)
        assert texts_to(fake_bot_api, USER) == []  # polling is the other one's now
    finally:
        assert await asyncio.wait_for(bot.finish(), 10) == 0  # not held by the lock it waits for
        await other.release()
