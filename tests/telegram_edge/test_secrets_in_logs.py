"""`release-bot run` at DEBUG, in a real process: python-telegram-bot logs request parameters and
whole updates at that level, so the token and the webhook secret reach log calls. The command's
redaction must keep both out of everything it prints."""

from __future__ import annotations

import json

import httpx

from tests.fake_bot_api import FakeBotApi
from tests.telegram_edge.test_telegram_faults import cli_env
from tests.telegram_edge.test_webhook import free_port, start_process, stop_process, wait_healthy

SECRET = "s3cret-webhook-token-0123456789"
USER = 4242


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
