"""/privacy says the logs never hold what people wrote: `release-bot run` at DEBUG, in its own
process against the fake Bot API, in polling and in webhook mode, answers a question and an
inline query that carry a name, a username and a phone number, and none of it reaches stderr,
although python-telegram-bot logs every update and every Bot API call at that level."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.telegram_edge import texts
from tests.fake_bot_api import FakeBotApi
from tests.telegram_edge.helpers import (
    cli_env,
    free_port,
    start_process,
    stop_process,
    wait_healthy,
)

USER = 918273645
PERSON = {
    "id": USER,
    "is_bot": False,
    "first_name": "Aino",
    "last_name": "Virtanen-Testila",
    "username": "aino_testila",
    "language_code": "fi",
}
QUESTION = "Hello, this is Aino Virtanen-Testila: call me on 040 765 4321 about the weather in Oulu"
INLINE_QUERY = "Aino Virtanen-Testila +358 40 765 4321 who met whom"
# what must not reach the log: the profile, the ids, the question's words and its phone number
TRACES = (
    "Aino",
    "Virtanen",
    "Testila",
    "765 4321",
    "7654321",
    "Oulu",
    "weather",
    "who met whom",
    str(USER),
)
WEBHOOK_SECRET = "privacy-test-secret-0123456789"


def _message(api: FakeBotApi) -> dict[str, Any]:
    message = api.message(USER, chat={**PERSON, "type": "private"}, text=QUESTION)
    message["message"]["from"] = dict(PERSON)
    return message


def _inline_query(api: FakeBotApi) -> dict[str, Any]:
    """Polling only: the fake Bot API accepts answers to the inline queries it delivered."""
    inline = api.inline_query(USER, INLINE_QUERY)
    inline["inline_query"]["from"] = dict(PERSON)
    return inline


def _answered(api: FakeBotApi) -> None:
    api.wait_for_sync("sendMessage", lambda params: params.get("chat_id") == USER, timeout=15)


def _wait_polling(api: FakeBotApi, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 20
    while not api.calls("getUpdates"):
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "the bot never polled"
        time.sleep(0.05)


def _run_polling(api: FakeBotApi, data_dir: Path) -> str:
    env = cli_env(api, RELEASE_BOT_LOG_LEVEL="DEBUG", RELEASE_BOT_DATA_DIR=str(data_dir))
    process = start_process(env, "run")
    try:
        _wait_polling(api, process)
        api.push_update(_message(api))
        api.push_update(_inline_query(api))
        _answered(api)
        api.wait_for_sync("answerInlineQuery", timeout=15)
    finally:
        stderr = stop_process(process)
    assert "Processing update <Update " in stderr  # the line that used to print the update
    assert "Calling Bot API endpoint `answerInlineQuery`" in stderr
    return stderr


def _run_webhook(api: FakeBotApi, data_dir: Path) -> str:
    port = free_port()
    env = cli_env(
        api,
        RELEASE_BOT_LOG_LEVEL="DEBUG",
        RELEASE_BOT_DATA_DIR=str(data_dir),
        RELEASE_BOT_MODE="webhook",
        RELEASE_BOT_WEBHOOK_URL="https://bot.example.org/hook",
        RELEASE_BOT_WEBHOOK_SECRET=WEBHOOK_SECRET,
        RELEASE_BOT_LISTEN="127.0.0.1",
        RELEASE_BOT_PORT=str(port),
    )
    process = start_process(env, "run")
    try:
        wait_healthy(port, process)
        response = httpx.post(
            f"http://127.0.0.1:{port}/hook",
            content=json.dumps({**_message(api), "update_id": 900}),
            headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET},
            trust_env=False,
            timeout=10,
        )
        assert response.status_code == 200
        _answered(api)
    finally:
        stderr = stop_process(process)
    return stderr


@pytest.mark.parametrize("mode", ["polling", "webhook"])
def test_debug_log_holds_no_message_content(
    mode: str, fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    run = _run_polling if mode == "polling" else _run_webhook
    stderr = run(fake_bot_api, tmp_path / "data")

    # DEBUG really ran, over the lines that carry content: the calls and what they returned
    assert "DEBUG telegram.ext.ExtBot: Calling Bot API endpoint `sendMessage`" in stderr
    assert "Call to Bot API endpoint `sendMessage` finished with return value `{" in stderr
    leaked = [trace for trace in TRACES if trace.lower() in stderr.lower()]
    assert leaked == [], "\n".join(
        line for line in stderr.splitlines() if any(t.lower() in line.lower() for t in leaked)
    )


def test_privacy_text_says_what_the_logs_hold() -> None:
    assert "never what you wrote, your name or your ids, at any log level" in texts.PRIVACY_NEVER
