"""Bot API faults, start-up failures, load from several users, and secrets in logs."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.exit_codes import ExitCode
from bot.logs import register_secrets
from tests.conftest import RunningBot, start_bot, wait_until
from tests.fake_bot_api import FakeBotApi
from tests.telegram_edge.test_telegram_e2e import USER, ask, quiet_for

PARSE_ERROR = "Bad Request: can't parse entities: unsupported start tag at byte offset 3"


# 8. Bot API errors -------------------------------------------------------------------------


async def test_429_waits_retry_after_before_sending_again(running_bot: RunningBot) -> None:
    api = running_bot.api
    api.fail_next("sendMessage", status=429, retry_after=2)
    await ask(running_bot, "Who met whom?")
    first, second = api.calls("sendMessage")[-2:]
    assert first.status == 429 and second.status == 200
    assert second.time - first.time >= 2.0
    assert await quiet_for(running_bot, 0.3) == 0  # sent once, not twice


async def test_parse_error_falls_back_once_to_plain_text(running_bot: RunningBot) -> None:
    api = running_bot.api
    api.fail_next("sendMessage", status=400, description=PARSE_ERROR)
    params = await ask(running_bot, "Who met whom?")
    attempts = api.calls("sendMessage")
    assert [c.status for c in attempts[-2:]] == [400, 200]
    assert "parse_mode" not in params and "<b>" not in params["text"]
    assert "Lauri Koskentausta" in params["text"]
    assert await quiet_for(running_bot, 0.3) == 0


async def test_forbidden_is_not_retried_and_the_bot_carries_on(running_bot: RunningBot) -> None:
    api = running_bot.api
    api.fail_next("sendMessage", status=403)
    api.push_update(api.private_message(USER, "Who met whom?"))
    await wait_until(lambda: any(c.status == 403 for c in api.calls("sendMessage")))
    assert await quiet_for(running_bot, 0.5) == 0  # no retry, no apology to a blocked user
    assert "Konovalov" in (await ask(running_bot, "Who met whom?", user=USER + 1))["text"]


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
    texts = [c for c in api.calls("sendMessage") if c.status == 200]
    assert len(texts) == 5


# 9. start-up failures ----------------------------------------------------------------------


async def test_get_me_failing_at_start_up_gives_up_after_bounded_retries(
    fake_bot_api: FakeBotApi, knowledge_root: Path
) -> None:
    fake_bot_api.fail_next("getMe", status=500, times=10)
    bot = await start_bot(fake_bot_api, knowledge_root)
    assert await asyncio.wait_for(bot.task, 10) == ExitCode.UNREACHABLE
    assert len(fake_bot_api.calls("getMe")) == 2  # start_bot allows two attempts
    assert not fake_bot_api.calls("getUpdates")


async def test_refused_token_stops_at_once(fake_bot_api: FakeBotApi, knowledge_root: Path) -> None:
    fake_bot_api.fail_next("getMe", status=401, description="Unauthorized")
    bot = await start_bot(fake_bot_api, knowledge_root)
    assert await asyncio.wait_for(bot.task, 10) == ExitCode.USAGE
    assert len(fake_bot_api.calls("getMe")) == 1


def run_cli(env: dict[str, str], *args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def cli_env(api: FakeBotApi, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "RELEASE_BOT_"))}
    env.update(
        {
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "NO_PROXY": "127.0.0.1",
            "no_proxy": "127.0.0.1",
        }
    )
    env.update(extra)
    return env


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


def test_sigterm_answers_the_update_in_hand_then_exits_0(fake_bot_api: FakeBotApi) -> None:
    api = fake_bot_api
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        env=cli_env(api),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        api.wait_for_sync("setMyCommands", timeout=20)
        api.delay_next("sendMessage", 1.0)  # the reply is still in flight when SIGTERM lands
        api.push_update(api.private_message(USER, "Who met whom?"))
        deadline = 20.0
        while not api.calls("sendMessage") and deadline > 0:
            asyncio.run(asyncio.sleep(0.02))
            deadline -= 0.02
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    (reply,) = api.calls("sendMessage")
    assert reply.status == 200 and "Konovalov" in reply.params["text"]
    assert api.token not in stderr


# 10. several users ---------------------------------------------------------------------------


async def test_two_users_at_once_both_get_answers(running_bot: RunningBot) -> None:
    first, second = await asyncio.gather(
        ask(running_bot, "Who met whom?", user=2001), ask(running_bot, "Where?", user=2002)
    )
    assert "Konovalov" in first["text"] and "Moscow" in second["text"]


async def test_one_user_flooding_does_not_starve_another(
    fake_bot_api: FakeBotApi, knowledge_root: Path
) -> None:
    api = fake_bot_api
    bot = await start_bot(
        api, knowledge_root, env={"RELEASE_BOT_USER_MESSAGES_PER_MINUTE": "10"}
    )  # burst of 5
    try:
        for n in range(30):
            api.push_update(api.private_message(3001, f"who met whom {n}"))
        assert "Moscow" in (await ask(bot, "Where was the meeting?", user=3002))["text"]
        await asyncio.sleep(0.5)
        to_flooder = [
            c.params["text"] for c in api.calls("sendMessage") if c.params["chat_id"] == 3001
        ]
        notices = [t for t in to_flooder if "very fast" in t]
        assert len(notices) == 1
        assert len(to_flooder) - len(notices) == 5
    finally:
        assert await bot.finish() == 0


# 11. the token never shows -----------------------------------------------------------------


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
        await ask(bot, "Who met whom?")
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


# more failures the bot must survive --------------------------------------------------------


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


async def test_handler_error_is_logged_without_personal_data_and_apologised(
    running_bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    api = running_bot.api
    api.fail_next("sendMessage", status=500)
    update_id = api.push_update(api.private_message(USER, "my secret question about prisons"))
    await wait_until(lambda: any(c.status == 200 for c in api.calls("sendMessage")))
    (apology,) = [c.params["text"] for c in api.calls("sendMessage") if c.status == 200]
    assert apology.startswith("Sorry, something went wrong")
    (record,) = [r for r in caplog.records if "error handling update" in r.getMessage()]
    message = record.getMessage()
    assert str(update_id) in message and "(message)" in message and "NetworkError" in message
    assert "secret question" not in message and "User1001" not in message
    assert "Konovalov" in (await ask(running_bot, "Who met whom?"))["text"]


async def test_send_timeout_is_survived(fake_bot_api: FakeBotApi, knowledge_root: Path) -> None:
    bot = await start_bot(fake_bot_api, knowledge_root, env={"RELEASE_BOT_REQUEST_TIMEOUT": "1"})
    try:
        fake_bot_api.delay_next("sendMessage", 2.5)
        fake_bot_api.push_update(fake_bot_api.private_message(USER, "Who met whom?"))
        await wait_until(lambda: len(fake_bot_api.calls("sendMessage")) >= 2, timeout=10)
        assert "Moscow" in (await ask(bot, "Where was the meeting?", user=USER + 1))["text"]
    finally:
        assert await bot.finish() == 0


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


def test_sigint_stops_cleanly(fake_bot_api: FakeBotApi) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        env=cli_env(fake_bot_api),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        fake_bot_api.wait_for_sync("setMyCommands", timeout=20)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr


def test_run_ignores_a_dot_env_file_it_was_not_told_to_read(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    env = cli_env(fake_bot_api)
    del env["TELEGRAM_BOT_TOKEN"]
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={fake_bot_api.token}\n")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
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
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--env-file", str(settings_file)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == ExitCode.USAGE  # the token from the file reached our Bot API
    assert "refused the token" in result.stderr and fake_bot_api.token not in result.stderr
    assert fake_bot_api.calls("getMe")
