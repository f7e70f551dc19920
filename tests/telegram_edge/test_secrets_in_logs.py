"""The token and the webhook secret never show: python-telegram-bot logs request parameters and
whole updates at DEBUG, so both reach log calls, in the bot's process and in `release-bot run`."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import httpx
import pytest

from bot.exit_codes import ExitCode
from bot.logs import register_secrets
from tests.conftest import start_bot, wait_until
from tests.fake_bot_api import FakeBotApi
from tests.telegram_edge.helpers import (
    ask,
    cli_env,
    free_port,
    start_process,
    stop_process,
    wait_healthy,
)

SECRET = "s3cret-webhook-token-0123456789"
USER = 4242


async def test_token_is_absent_from_debug_logs_and_repr(
    fake_bot_api: FakeBotApi, knowledge_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    api = fake_bot_api
    token = api.token
    register_secrets([token])
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "telegram", "bot"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    bot = await start_bot(api, knowledge_root)
    try:
        api.fail_next("sendMessage", status=500)  # an error that goes through the error handler
        api.push_update(api.private_message(USER, "Who met whom?"))
        await wait_until(lambda: any(c.status == 500 for c in api.calls("sendMessage")))
        await ask(bot, "Who met whom?", USER)
        assert token not in repr(bot.app) and token not in repr(bot.app.bot)
    finally:
        assert await bot.finish() == 0

    wrong = FakeBotApi(token="123456789:AAWrongTokenWrongTokenWrongToken12").start()
    try:
        register_secrets([wrong.token])
        refused = await start_bot(api, knowledge_root, env={"TELEGRAM_BOT_TOKEN": wrong.token})
        assert await asyncio.wait_for(refused.task, 10) == ExitCode.USAGE
    finally:
        wrong.stop()

    records = caplog.records
    assert any("getUpdates" in r.getMessage() for r in records)  # DEBUG really was on
    for record in records:
        text = record.getMessage() + (record.exc_text or "")
        assert token not in text and wrong.token not in text, record.name


def test_run_at_debug_redacts_the_token_and_the_webhook_secret(fake_bot_api: FakeBotApi) -> None:
    api = fake_bot_api
    port = free_port()
    env = cli_env(
        api,
        RELEASE_BOT_MODE="webhook",
        RELEASE_BOT_WEBHOOK_URL="https://bot.example.org/hook",
        RELEASE_BOT_WEBHOOK_SECRET=SECRET,
        RELEASE_BOT_LISTEN="127.0.0.1",
        RELEASE_BOT_PORT=str(port),
        RELEASE_BOT_LOG_LEVEL="DEBUG",
    )
    process = start_process(env, "run")
    try:
        wait_healthy(port, process)
        (registered,) = api.wait_for_sync("setWebhook", timeout=20)
        assert registered.params["secret_token"] == SECRET  # the secret went where it belongs
        # someone pastes both into a question; DEBUG logging of the update would show them
        update = api.private_message(USER, f"is {api.token} or {SECRET} a password?")
        update["update_id"] = 700
        response = httpx.post(
            f"http://127.0.0.1:{port}/hook",
            content=json.dumps(update),
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            trust_env=False,
            timeout=10,
        )
        assert response.status_code == 200
        api.wait_for_sync("sendMessage", timeout=15)
    finally:
        stderr = stop_process(process)
    assert "DEBUG" in stderr and "setWebhook" in stderr  # the debug log really ran
    assert "[REDACTED]" in stderr  # ... and met both secrets
    assert api.token not in stderr
    assert SECRET not in stderr
