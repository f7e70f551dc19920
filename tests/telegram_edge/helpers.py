"""Shared helpers: talking to the running bot, a webhook-mode bot, and `release-bot` processes."""

from __future__ import annotations

import asyncio
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from telegram.ext import Application

from bot.core.service import KnowledgeService
from bot.telegram_edge.application import bot_data, build_application
from bot.telegram_edge.runner import run
from tests.conftest import RunningBot, bot_settings, wait_until
from tests.fake_bot_api import FakeBotApi

USER = 1001
OTHER_USER = 1002
ADMIN = 4242
GROUP = -100123
SECRET = "webhook-secret-0123456789abcdef"
PUBLIC_URL = "https://bot.example.test/telegram/webhook"
MEETING_ANSWER = "Finland's Minister of Justice Antti Häkkänen met the Minister of Justice"


# -- the running bot (polling) ------------------------------------------------------------------


async def ask(bot: RunningBot, text: str, user: int = USER) -> dict[str, Any]:
    """Send `text` privately and return the parameters of the bot's reply."""
    return await send(bot, bot.api.private_message(user, text), user)


async def send(
    bot: RunningBot, update: dict[str, Any], chat_id: int, method: str = "sendMessage"
) -> dict[str, Any]:
    """Push `update` and return the parameters of the next successful `method` call to `chat_id`."""
    before = len(bot.api.calls(method))

    def delivered() -> list[Any]:
        return [
            c
            for c in bot.api.calls(method)[before:]
            if c.status == 200 and c.params.get("chat_id") == chat_id
        ]

    bot.api.push_update(update)
    await wait_until(lambda: bool(delivered()), timeout=10)
    return delivered()[-1].params


def buttons(params: dict[str, Any]) -> list[dict[str, str]]:
    """The buttons of a sent message that the bot answers (links left out), row after row."""
    markup = params.get("reply_markup") or {}
    rows = markup.get("inline_keyboard", [])
    return [button for row in rows for button in row if "callback_data" in button]


async def quiet_for(bot: RunningBot | WebhookBot, seconds: float = 0.5) -> int:
    """How many messages the bot sends during `seconds` (used to prove silence)."""
    before = len(bot.api.calls("sendMessage"))
    await asyncio.sleep(seconds)
    return len(bot.api.calls("sendMessage")) - before


def texts_to(api: FakeBotApi, chat_id: int) -> list[str]:
    """The texts the Bot API accepted for `chat_id`, in order."""
    return [
        c.params["text"]
        for c in api.calls("sendMessage")
        if c.status == 200 and c.params["chat_id"] == chat_id
    ]


def edit_answer(knowledge: Path, old: str, new: str) -> None:
    """Replace `old` by `new` once in the knowledge.yaml under `knowledge`."""
    (path,) = knowledge.glob("*/knowledge.yaml")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- a bot in webhook mode ----------------------------------------------------------------------


@dataclass
class WebhookBot:
    api: FakeBotApi
    app: Application
    stop: asyncio.Event
    task: asyncio.Task[Any]
    url: str
    knowledge: Path
    next_update: int = 1

    async def post(
        self,
        body: Any = None,
        *,
        secret: str | None = SECRET,
        content: Any = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        sent = dict(headers or {})
        if secret is not None:
            sent["X-Telegram-Bot-Api-Secret-Token"] = secret
        async with httpx.AsyncClient(trust_env=False) as client:
            return await client.post(
                f"{self.url}/telegram/webhook", json=body, content=content, headers=sent, timeout=10
            )

    async def ask(self, text: str, user: int = USER) -> httpx.Response:
        update = self.api.private_message(user, text)
        update["update_id"] = self.next_update
        self.next_update += 1
        return await self.post(update)

    async def get(self, path: str) -> httpx.Response:
        async with httpx.AsyncClient(trust_env=False) as client:
            return await client.get(f"{self.url}{path}", timeout=10)

    async def metrics(self) -> str:
        """/metrics, from its own port."""
        port = bot_data(self.app).metrics_port
        async with httpx.AsyncClient(trust_env=False) as client:
            response = await client.get(f"http://127.0.0.1:{port}/metrics", timeout=10)
        assert response.status_code == 200
        return response.text

    async def finish(self) -> int:
        self.stop.set()
        return int(await asyncio.wait_for(self.task, 15))


async def start_webhook_bot(
    api: FakeBotApi, knowledge: Path, env: dict[str, str] | None = None
) -> WebhookBot:
    """The real Application in webhook mode on a free port of 127.0.0.1, ADMIN an admin;
    `env` adds or overrides settings."""
    settings = bot_settings(
        api,
        knowledge,
        {
            "RELEASE_BOT_MODE": "webhook",
            "RELEASE_BOT_WEBHOOK_URL": PUBLIC_URL,
            "RELEASE_BOT_WEBHOOK_SECRET": SECRET,
            "RELEASE_BOT_LISTEN": "127.0.0.1",
            "RELEASE_BOT_PORT": "0",
            "RELEASE_BOT_METRICS_PORT": "0",
            "RELEASE_BOT_ADMIN_IDS": str(ADMIN),
            **(env or {}),
        },
    )
    app = build_application(settings, KnowledgeService(knowledge))
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(
        run(
            app,
            settings,
            stop=stop,
            startup_attempts=2,
            retry_delay=0.05,
            handle_signals=False,
            ready=ready,
        )
    )
    await asyncio.wait_for(ready.wait(), 15)
    url = f"http://127.0.0.1:{bot_data(app).http_port}"
    return WebhookBot(api, app, stop, task, url, knowledge)


# -- `release-bot` in its own process -----------------------------------------------------------


def cli_env(api: FakeBotApi, **extra: str) -> dict[str, str]:
    """The environment for `release-bot run` against `api`, without the caller's bot settings."""
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


def run_cli(
    env: dict[str, str], *args: str, timeout: float = 30, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_process(
    env: dict[str, str], *args: str, max_open_files: int | None = None
) -> subprocess.Popen[str]:
    """`release-bot ARGS` in its own process; `max_open_files` lowers its file descriptor limit."""

    def limit_files() -> None:
        if max_open_files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (max_open_files, max_open_files))

    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=limit_files if max_open_files is not None else None,
    )


def stop_process(process: subprocess.Popen[str], signum: int = signal.SIGTERM) -> str:
    """Send `signum`, wait for a clean exit (0) and return what the process wrote to stderr."""
    process.send_signal(signum)
    try:
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr, stderr
    return stderr


def wait_exit(process: subprocess.Popen[str], timeout: float = 60) -> tuple[int, str]:
    """Wait for the process to exit by itself: its exit code and what it wrote to stderr."""
    try:
        _, stderr = process.communicate(timeout=timeout)
    finally:
        process.kill()
    return process.returncode, stderr


def webhook_env(api: FakeBotApi, port: int, **extra: str) -> dict[str, str]:
    """The environment for `release-bot run --webhook` on 127.0.0.1:`port`."""
    settings = {
        "RELEASE_BOT_WEBHOOK_URL": PUBLIC_URL,
        "RELEASE_BOT_WEBHOOK_SECRET": SECRET,
        "RELEASE_BOT_LISTEN": "127.0.0.1",
        "RELEASE_BOT_PORT": str(port),
    }
    return cli_env(api, **{**settings, **extra})


def post_update(
    port: int, update: Any, path: str = "/telegram/webhook", timeout: float = 15
) -> httpx.Response:
    """POST an update (or any JSON, or bytes) to a webhook process, with the right secret."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    url = f"http://127.0.0.1:{port}{path}"
    if isinstance(update, bytes):
        headers["Content-Type"] = "application/json"
        return httpx.post(url, content=update, headers=headers, trust_env=False, timeout=timeout)
    return httpx.post(url, json=update, headers=headers, trust_env=False, timeout=timeout)


def health(port: int) -> int | None:
    """The status of GET /healthz on `port`, or None if nothing answers."""
    try:
        url = f"http://127.0.0.1:{port}/healthz"
        return httpx.get(url, timeout=2, trust_env=False).status_code
    except httpx.HTTPError:
        return None


def wait_for_health(port: int, status: int, timeout: float = 20) -> None:
    """Wait until GET /healthz on `port` answers `status`."""
    deadline = time.monotonic() + timeout
    while health(port) != status:
        if time.monotonic() > deadline:
            raise AssertionError(f"/healthz did not answer {status} within {timeout}s")
        time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(port: int, process: subprocess.Popen[str], timeout: float = 20) -> None:
    """Wait until the process answers /healthz with 200; fail if it exits first."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            url = f"http://127.0.0.1:{port}/healthz"
            if httpx.get(url, timeout=1, trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise AssertionError(process.communicate()[1])
        if time.monotonic() > deadline:
            raise AssertionError("bot did not become healthy")
        time.sleep(0.1)
