"""Polling runs as one instance: `release-bot run` started twice over the same data folder, or
over the same PostgreSQL from two machines, polls once; the second stands by and takes over."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import psycopg

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
