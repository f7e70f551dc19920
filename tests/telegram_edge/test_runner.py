"""Running the bot: start-up retries and failures, the profile, polling through faults, webhook
registration, signals and a clean stop."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from pathlib import Path

import httpx
import pytest
from telegram.error import InvalidToken, NetworkError, TimedOut

from bot.exit_codes import ExitCode
from bot.telegram_edge import runner
from bot.telegram_edge.runner import StartupError, with_retries
from tests.conftest import RunningBot, start_bot, wait_until
from tests.fake_bot_api import FakeBotApi
from tests.telegram_edge.helpers import (
    MEETING_ANSWER,
    PUBLIC_URL,
    SECRET,
    USER,
    WebhookBot,
    ask,
    cli_env,
    edit_answer,
    free_port,
    run_cli,
    start_process,
    start_webhook_bot,
    stop_process,
    wait_healthy,
)


class FailingStep:
    """A start-up step that raises `errors` one after the other, then succeeds."""

    def __init__(self, *errors: Exception) -> None:
        self.errors, self.calls = list(errors), 0

    async def __call__(self) -> None:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The back-off delays `with_retries` asks for, without waiting for them."""
    asked: list[float] = []

    async def sleep(seconds: float) -> None:
        asked.append(seconds)

    monkeypatch.setattr(runner.asyncio, "sleep", sleep)
    return asked


async def test_retries_back_off_doubling_then_give_up(sleeps: list[float]) -> None:
    step = FailingStep(*[TimedOut()] * 10)
    with pytest.raises(StartupError) as raised:
        await with_retries("getMe", step, attempts=4, delay=0.5)
    assert raised.value.exit_code == ExitCode.UNREACHABLE and "4 attempts" in str(raised.value)
    assert step.calls == 4
    assert sleeps == [0.5, 1.0, 2.0]  # doubling, and no wait after the last attempt


async def test_retries_stop_at_the_first_success(sleeps: list[float]) -> None:
    step = FailingStep(NetworkError("down"), TimedOut())
    await with_retries("getMe", step, attempts=5, delay=1.0)
    assert step.calls == 3 and len(sleeps) == 2


async def test_a_refused_token_is_not_retried(sleeps: list[float]) -> None:
    step = FailingStep(InvalidToken())
    with pytest.raises(StartupError) as raised:
        await with_retries("getMe", step, attempts=5, delay=1.0)
    assert raised.value.exit_code == ExitCode.USAGE and step.calls == 1 and sleeps == []


# -- start-up against the fake Bot API ----------------------------------------------------------


async def test_start_up_sets_commands_and_descriptions(running_bot: RunningBot) -> None:
    (commands,) = running_bot.api.calls("setMyCommands")
    names = [c["command"] for c in commands.params["commands"]]
    assert {"start", "help", "contact", "about", "privacy"} <= set(names)
    assert running_bot.api.calls("setMyDescription")
    assert running_bot.api.calls("setMyShortDescription")


async def test_refused_profile_settings_are_warnings_not_fatal(
    fake_bot_api: FakeBotApi, knowledge_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for method in ("setMyCommands", "setMyDescription", "setMyShortDescription"):
        fake_bot_api.fail_next(method, status=400, description="Bad Request: not allowed")
    bot = await start_bot(fake_bot_api, knowledge_root)
    try:
        assert "Konovalov" in (await ask(bot, "Who met whom?"))["text"]
        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert sum("could not set the bot's" in w for w in warnings) == 3
    finally:
        assert await bot.finish() == 0


async def test_get_me_failing_at_start_up_gives_up_after_bounded_retries(
    fake_bot_api: FakeBotApi, knowledge_root: Path
) -> None:
    fake_bot_api.fail_next("getMe", status=500, times=10)
    bot = await start_bot(fake_bot_api, knowledge_root)
    assert await asyncio.wait_for(bot.task, 10) == ExitCode.UNREACHABLE
    assert len(fake_bot_api.calls("getMe")) == 2  # start_bot allows two attempts
    assert not fake_bot_api.calls("getUpdates")


async def test_get_me_timeouts_at_start_up_are_retried(
    fake_bot_api: FakeBotApi, knowledge_root: Path
) -> None:
    fake_bot_api.delay_next("getMe", 2.5)
    bot = await start_bot(fake_bot_api, knowledge_root, env={"RELEASE_BOT_REQUEST_TIMEOUT": "1"})
    try:
        assert len(fake_bot_api.calls("getMe")) == 2
        assert "Konovalov" in (await ask(bot, "Who met whom?"))["text"]
    finally:
        assert await bot.finish() == 0


async def test_refused_token_stops_at_once(fake_bot_api: FakeBotApi, knowledge_root: Path) -> None:
    fake_bot_api.fail_next("getMe", status=401, description="Unauthorized")
    bot = await start_bot(fake_bot_api, knowledge_root)
    assert await asyncio.wait_for(bot.task, 10) == ExitCode.USAGE
    assert len(fake_bot_api.calls("getMe")) == 1


# -- polling through faults ---------------------------------------------------------------------


async def test_polling_survives_server_errors_and_dropped_connections(
    running_bot: RunningBot,
) -> None:
    api = running_bot.api
    api.fail_next("getUpdates", status=500, times=2)
    api.drop_next("getUpdates")
    api.fail_next("getUpdates", status=502)
    # the long poll in progress ends when an update arrives; the faults hit the polls after it
    assert "Konovalov" in (await ask(running_bot, "Who met whom?"))["text"]
    await wait_until(lambda: sum(c.fault is not None for c in api.calls("getUpdates")) >= 4, 20)
    assert "Moscow" in (await ask(running_bot, "Where was the meeting?"))["text"]


async def test_no_update_is_answered_twice_across_faults(running_bot: RunningBot) -> None:
    api = running_bot.api
    for n in range(5):
        api.fail_next("getUpdates", status=500)
        await ask(running_bot, f"who met whom {n}")
    assert len([c for c in api.calls("sendMessage") if c.status == 200]) == 5


# -- webhook registration and shutdown ----------------------------------------------------------


async def test_webhook_is_registered_with_its_secret(webhook_bot: WebhookBot) -> None:
    (call,) = webhook_bot.api.calls("setWebhook")
    assert call.params["url"] == PUBLIC_URL and call.params["secret_token"] == SECRET
    assert not webhook_bot.api.calls("getUpdates")


async def test_shutdown_leaves_the_webhook_registered(
    fake_bot_api: FakeBotApi, knowledge_root: Path
) -> None:
    bot = await start_webhook_bot(fake_bot_api, knowledge_root)
    assert await bot.finish() == 0
    assert not fake_bot_api.calls("deleteWebhook")


# -- `release-bot run` in its own process: exit codes, settings files, signals ------------------


def test_cli_run_with_unreachable_api_exits_with_one_line_reason(fake_bot_api: FakeBotApi) -> None:
    fake_bot_api.fail_next("getMe", status=502, times=100)
    result = run_cli(cli_env(fake_bot_api), "run", timeout=90)
    assert result.returncode == ExitCode.UNREACHABLE
    assert "Traceback" not in result.stderr
    assert "cannot reach the Bot API after 5 attempts" in result.stderr
    assert fake_bot_api.token not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("token", "message"),
    [("", "TELEGRAM_BOT_TOKEN is not set"), ("not-a-token", "TELEGRAM_BOT_TOKEN is malformed")],
)
def test_cli_run_with_missing_or_malformed_token(
    fake_bot_api: FakeBotApi, token: str, message: str
) -> None:
    result = run_cli(cli_env(fake_bot_api, TELEGRAM_BOT_TOKEN=token), "run")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and message in result.stderr
    assert not fake_bot_api.calls()


def test_run_ignores_a_dot_env_file_it_was_not_told_to_read(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    env = cli_env(fake_bot_api)
    del env["TELEGRAM_BOT_TOKEN"]
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={fake_bot_api.token}\n")
    result = run_cli(env, "run", timeout=60, cwd=tmp_path)
    assert result.returncode == ExitCode.USAGE
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr
    assert not fake_bot_api.calls("getMe")


def test_run_reads_the_named_env_file_but_the_environment_wins(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    """A planted TELEGRAM_API_BASE_URL in the file cannot send the token elsewhere."""
    fake_bot_api.fail_next("getMe", status=401, description="Unauthorized")
    env = cli_env(fake_bot_api)
    del env["TELEGRAM_BOT_TOKEN"]
    settings_file = tmp_path / "bot.env"
    settings_file.write_text(
        f"TELEGRAM_BOT_TOKEN={fake_bot_api.token}\n"
        "TELEGRAM_API_BASE_URL=http://127.0.0.1:9/elsewhere/bot\n"
    )
    result = run_cli(env, "run", "--env-file", str(settings_file), timeout=60, cwd=tmp_path)
    assert result.returncode == ExitCode.USAGE  # the token from the file reached our Bot API
    assert "refused the token" in result.stderr and fake_bot_api.token not in result.stderr
    assert fake_bot_api.calls("getMe")


def test_sigterm_answers_the_update_in_hand_then_exits_0(fake_bot_api: FakeBotApi) -> None:
    api = fake_bot_api
    process = start_process(cli_env(api), "run")
    try:
        api.wait_for_sync("setMyCommands", timeout=20)
        api.delay_next("sendMessage", 1.0)  # the reply is still in flight when SIGTERM lands
        api.push_update(api.private_message(USER, "Who met whom?"))
        deadline = time.monotonic() + 20
        while not api.calls("sendMessage") and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        stderr = stop_process(process, signal.SIGTERM)
    (reply,) = api.calls("sendMessage")
    assert reply.status == 200 and "Konovalov" in reply.params["text"]
    assert api.token not in stderr


def test_sigint_stops_cleanly(fake_bot_api: FakeBotApi) -> None:
    process = start_process(cli_env(fake_bot_api), "run")
    try:
        fake_bot_api.wait_for_sync("setMyCommands", timeout=20)
    finally:
        stderr = stop_process(process, signal.SIGINT)
    assert "Traceback" not in stderr


def test_sighup_reloads_and_healthcheck_command(
    fake_bot_api: FakeBotApi, knowledge_copy: Path
) -> None:
    port = free_port()
    env = cli_env(
        fake_bot_api, RELEASE_BOT_KNOWLEDGE=str(knowledge_copy), RELEASE_BOT_HEALTH_PORT=str(port)
    )
    assert run_cli(env, "healthcheck").returncode == 1  # nothing listening yet
    process = start_process(env, "run")
    try:
        wait_healthy(port, process)
        health = run_cli(env, "healthcheck")
        assert health.returncode == 0 and "healthy" in health.stdout
        edit_answer(knowledge_copy, MEETING_ANSWER, "AFTER SIGHUP: " + MEETING_ANSWER)
        process.send_signal(signal.SIGHUP)
        metrics = ""
        for _ in range(100):
            metrics = httpx.get(f"http://127.0.0.1:{port}/metrics", trust_env=False).text
            if 'release_bot_knowledge_reloads_total{result="ok"} 1.0' in metrics:
                break
            time.sleep(0.1)
        assert 'reloads_total{result="ok"} 1.0' in metrics
        fake_bot_api.push_update(fake_bot_api.private_message(USER, "Who met whom?"))
        (call,) = fake_bot_api.wait_for_sync("sendMessage", timeout=15)
        assert call.params["text"].startswith("AFTER SIGHUP: ")
    finally:
        stop_process(process)
