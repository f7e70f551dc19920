"""Running the bot: start-up retries and failures, the profile, polling through faults, webhook
registration, signals and a clean stop."""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram.error import InvalidToken, NetworkError, TimedOut

from bot.exit_codes import ExitCode
from bot.questionlog.storage import SQLITE_FILE
from bot.telegram_edge import runner
from bot.telegram_edge.application import bot_data
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
    texts_to,
    wait_exit,
    wait_for_health,
    wait_healthy,
    webhook_env,
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
    """Once for everyone (English, no language_code), and once for each other language."""
    calls = running_bot.api.calls("setMyCommands")
    menus = {c.params.get("language_code"): c.params["commands"] for c in calls}
    assert set(menus) == {None, "fi", "sv"} and len(calls) == 3
    names = [c["command"] for c in menus[None]]
    assert {"start", "help", "contact", "about", "privacy", "language"} <= set(names)
    for method in ("setMyDescription", "setMyShortDescription"):
        languages = {c.params.get("language_code") for c in running_bot.api.calls(method)}
        assert languages == {None, "fi", "sv"}


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
    port, metrics_port = free_port(), free_port()
    env = cli_env(
        fake_bot_api,
        RELEASE_BOT_KNOWLEDGE=str(knowledge_copy),
        RELEASE_BOT_HEALTH_PORT=str(port),
        RELEASE_BOT_METRICS_PORT=str(metrics_port),
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
            url = f"http://127.0.0.1:{metrics_port}/metrics"
            metrics = httpx.get(url, trust_env=False).text
            if 'release_bot_knowledge_reloads_total{result="ok"} 1.0' in metrics:
                break
            time.sleep(0.1)
        assert 'reloads_total{result="ok"} 1.0' in metrics
        fake_bot_api.push_update(fake_bot_api.private_message(USER, "Who met whom?"))
        (call,) = fake_bot_api.wait_for_sync("sendMessage", timeout=15)
        assert call.params["text"].startswith("AFTER SIGHUP: ")
    finally:
        stop_process(process)


# -- attacks on polling: a 401 or 404 from getUpdates (issue 11, item 1) ------------------------


def polling_bot(api: FakeBotApi, data_dir: Path) -> tuple[subprocess.Popen[str], int]:
    """`release-bot run` (polling) with a health port and its own data folder, once healthy and
    its first long poll is waiting (a fault set next meets the poll after the one in progress)."""
    port = free_port()
    env = cli_env(api, RELEASE_BOT_HEALTH_PORT=str(port), RELEASE_BOT_DATA_DIR=str(data_dir))
    process = start_process(env, "run")
    wait_healthy(port, process)
    deadline = time.monotonic() + 10
    while not any(call.status is None for call in api.calls("getUpdates")):
        assert time.monotonic() < deadline, "no getUpdates long poll within 10 s"
        time.sleep(0.01)
    return process, port


def answers_to(api: FakeBotApi, chat_id: int) -> list[str]:
    return [t for t in texts_to(api, chat_id) if not t.startswith("Sorry")]


def question_log_closed(data_dir: Path) -> bool:
    """SQLite removes the write-ahead log when the last connection closes cleanly."""
    return (data_dir / SQLITE_FILE).exists() and not (data_dir / f"{SQLITE_FILE}-wal").exists()


@pytest.mark.parametrize(
    "fault",
    [
        {"status": 401, "description": "Unauthorized"},
        {"status": 404, "body": b"<html><body>nginx: 404 Not Found</body></html>"},
    ],
    ids=["401", "proxy-404"],
)
def test_polling_survives_a_refused_get_updates_that_get_me_does_not_confirm(
    fake_bot_api: FakeBotApi, tmp_path: Path, fault: dict[str, Any]
) -> None:
    api, data = fake_bot_api, tmp_path / "data"
    process, port = polling_bot(api, data)
    try:
        api.fail_next("getUpdates", times=2, **fault)
        api.push_update(api.private_message(USER, "what's the weather in Oulu?"))  # logged
        api.wait_for_sync("sendMessage", timeout=15)  # the poll in progress ends with it
        wait_for_health(port, 503, timeout=10)  # updates are not coming in: not healthy
        wait_for_health(port, 200, timeout=20)  # back-off 1 s, 2 s, then polling again
        assert len(api.calls("getMe")) == 3  # each refusal checked with getMe
        api.push_update(api.private_message(USER + 1, "Who met whom?"))
        api.wait_for_sync("sendMessage", lambda p: p["chat_id"] == USER + 1, timeout=15)
    finally:
        stderr = stop_process(process)  # exit 0, no traceback
    assert len(answers_to(api, USER)) == 1 and len(answers_to(api, USER + 1)) == 1
    assert "getMe accepts the token" in stderr and api.token not in stderr
    assert question_log_closed(data)


def test_polling_stops_with_exit_2_when_get_me_confirms_the_token_is_refused(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    api, data = fake_bot_api, tmp_path / "data"
    process, _ = polling_bot(api, data)
    api.fail_next("getUpdates", status=401, description="Unauthorized")
    api.fail_next("getMe", status=401, description="Unauthorized")
    api.push_update(api.private_message(USER, "what's the weather in Oulu?"))
    code, stderr = wait_exit(process, timeout=30)
    assert code == ExitCode.USAGE, stderr
    assert "Traceback" not in stderr and api.token not in stderr
    assert "refused the token (getMe confirmed it)" in stderr
    assert stderr.splitlines()[-1] == "release-bot: stopped with exit code 2 (see the log above)"
    assert len(answers_to(api, USER)) == 1  # the update in hand was answered first
    assert question_log_closed(data)  # every shutdown step ran


async def test_health_is_503_while_get_updates_fails(
    fake_bot_api: FakeBotApi, knowledge_root: Path
) -> None:
    """In process, for the exact sequence: healthy, failing (503), healthy again."""
    bot = await start_bot(fake_bot_api, knowledge_root, env={"RELEASE_BOT_HEALTH_PORT": "0"})
    url = f"http://127.0.0.1:{bot_data(bot.app).http_port}/healthz"
    try:
        async with httpx.AsyncClient(trust_env=False, timeout=5) as client:
            await wait_until(lambda: len(fake_bot_api.calls("getUpdates")) >= 1)
            assert (await client.get(url)).status_code == 200
            fake_bot_api.fail_next("getUpdates", status=502, times=3)
            await ask(bot, "Who met whom?")
            statuses = []
            for _ in range(60):
                statuses.append((await client.get(url)).status_code)
                if statuses[-1] == 503:
                    break
                await asyncio.sleep(0.05)
            assert statuses[-1] == 503
            await wait_until(lambda: len(fake_bot_api.calls("getUpdates")) >= 5, timeout=15)
            await asyncio.sleep(0.2)
            assert (await client.get(url)).status_code == 200
    finally:
        assert await bot.finish() == 0


def test_sigterm_while_start_up_retries_stops_cleanly(fake_bot_api: FakeBotApi) -> None:
    fake_bot_api.fail_next("getMe", status=502, times=100)
    process = start_process(cli_env(fake_bot_api), "run")
    deadline = time.monotonic() + 20
    while not fake_bot_api.calls("getMe") and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # between two attempts
    stderr = stop_process(process)
    assert "stopped while starting" in stderr


# -- start-up failures: one line and the documented exit code (issue 11, item 12) --------------


def one_reason(stderr: str) -> str:
    """The one line saying why the bot could not start (then the line with the exit code)."""
    assert "Traceback" not in stderr, stderr
    (reason,) = [line for line in stderr.splitlines() if "cannot start:" in line]
    return reason


def test_a_malformed_get_me_answer_is_retried_then_the_bot_answers(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    api = fake_bot_api
    api.fail_next("getMe", status=200, body=b"<html>" + b"proxy page " * 500 + b"</html>")
    api.fail_next("getMe", status=200, body=b'{"ok": true, "result": {"id": "x"}}')
    process, _ = polling_bot(api, tmp_path / "data")
    try:
        api.push_update(api.private_message(USER, "Who met whom?"))
        api.wait_for_sync("sendMessage", timeout=15)
    finally:
        stderr = stop_process(process)
    assert len(api.calls("getMe")) == 3
    assert "getMe failed (attempt 1 of 5): TelegramError" in stderr
    assert "getMe failed (attempt 2 of 5): TypeError" in stderr
    assert max(len(line) for line in stderr.splitlines()) < 400  # not the whole page


@pytest.mark.parametrize(
    "body", [b"<html>proxy</html>", b'{"ok": true, "result": "me"}'], ids=["html", "json"]
)
async def test_get_me_never_understood_exits_3_in_one_line(
    fake_bot_api: FakeBotApi, knowledge_root: Path, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    fake_bot_api.fail_next("getMe", status=200, body=body, times=10)
    bot = await start_bot(fake_bot_api, knowledge_root)
    assert await asyncio.wait_for(bot.task, 10) == ExitCode.UNREACHABLE
    (reason,) = [r.getMessage() for r in caplog.records if "cannot start" in r.getMessage()]
    assert "the Bot API's answer to getMe was not understood" in reason
    assert not any(r.exc_info for r in caplog.records)


def test_a_port_in_use_exits_2_in_one_line_before_calling_telegram(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = webhook_env(fake_bot_api, port, RELEASE_BOT_DATA_DIR=str(tmp_path / "data"))
        result = run_cli(env, "run", "--webhook")
    assert result.returncode == ExitCode.USAGE
    assert f"cannot listen on 127.0.0.1:{port} (RELEASE_BOT_PORT)" in one_reason(result.stderr)
    assert not fake_bot_api.calls()


def test_a_data_folder_that_is_a_file_exits_2_in_one_line(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    (tmp_path / "data").write_text("not a folder")
    result = run_cli(cli_env(fake_bot_api, RELEASE_BOT_DATA_DIR=str(tmp_path / "data")), "run")
    assert result.returncode == ExitCode.USAGE
    assert "is not a folder" in one_reason(result.stderr)
    assert not fake_bot_api.calls()


def test_an_http_webhook_url_is_refused_by_the_settings_check(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    env = webhook_env(fake_bot_api, free_port(), RELEASE_BOT_DATA_DIR=str(tmp_path / "data"))
    env["RELEASE_BOT_WEBHOOK_URL"] = "http://bot.example.test/telegram/webhook"
    result = run_cli(env, "run", "--webhook")
    assert result.returncode == ExitCode.USAGE
    assert result.stderr.splitlines() == [
        "release-bot: RELEASE_BOT_WEBHOOK_URL must be an https:// URL: Telegram posts only to HTTPS"
    ]
    assert not fake_bot_api.calls()


async def test_a_failing_step_of_stopping_does_not_skip_the_others(
    fake_bot_api: FakeBotApi,
    knowledge_root: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(self: object) -> None:
        raise RuntimeError("the HTTP server would not stop")

    monkeypatch.setattr(runner._Session, "_stop_servers", broken)
    bot = await start_bot(fake_bot_api, knowledge_root, env={"RELEASE_BOT_HEALTH_PORT": "0"})
    await ask(bot, "Who met whom?")
    assert await bot.finish() == 0
    assert "stopping the HTTP servers failed: RuntimeError; going on" in caplog.text
    assert bot_data(bot.app).take() is None  # post_shutdown ran: the services were closed
    assert not bot.app.running


async def test_a_step_of_stopping_that_hangs_is_abandoned(
    fake_bot_api: FakeBotApi,
    knowledge_root: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def hangs(self: object) -> None:
        await asyncio.Event().wait()

    monkeypatch.setattr(runner._Session, "_close_application", hangs)
    monkeypatch.setattr(runner, "STEP_SECONDS", 0.2)
    bot = await start_bot(fake_bot_api, knowledge_root)
    await ask(bot, "Who met whom?")
    assert await bot.finish() == 0
    assert "closing the Bot API connection did not finish within 0.2 seconds" in caplog.text
    assert bot_data(bot.app).take() is None  # the services were closed all the same


async def test_ports_bound_before_a_failed_start_up_are_released(
    fake_bot_api: FakeBotApi, knowledge_root: Path
) -> None:
    port = free_port()
    fake_bot_api.fail_next("getMe", status=500, times=10)
    bot = await start_bot(fake_bot_api, knowledge_root, env={"RELEASE_BOT_HEALTH_PORT": str(port)})
    assert await asyncio.wait_for(bot.task, 10) == ExitCode.UNREACHABLE
    with socket.socket() as again:
        again.bind(("0.0.0.0", port))  # free again
