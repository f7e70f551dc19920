"""Webhook mode, /healthz and /metrics, live reload, and replicas, end to end on 127.0.0.1."""

from __future__ import annotations

import asyncio
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram.ext import Application

from bot.core.service import KnowledgeService
from bot.telegram_edge.application import bot_data, build_application
from bot.telegram_edge.runner import run
from tests.conftest import bot_settings
from tests.fake_bot_api import FakeBotApi
from tests.telegram_edge.test_telegram_faults import cli_env

SECRET = "webhook-secret-0123456789abcdef"
PUBLIC_URL = "https://bot.example.test/telegram/webhook"
ADMIN = 4242
USER = 5151


@dataclass
class WebhookBot:
    api: FakeBotApi
    app: Application
    stop: asyncio.Event
    task: asyncio.Task[int]
    url: str
    next_update: int = 1

    async def post(
        self,
        body: Any = None,
        *,
        secret: str | None = SECRET,
        content: bytes | None = None,
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


async def start_webhook_bot(api: FakeBotApi, knowledge: Path) -> WebhookBot:
    settings = bot_settings(
        api,
        knowledge,
        {
            "RELEASE_BOT_MODE": "webhook",
            "RELEASE_BOT_WEBHOOK_URL": PUBLIC_URL,
            "RELEASE_BOT_WEBHOOK_SECRET": SECRET,
            "RELEASE_BOT_LISTEN": "127.0.0.1",
            "RELEASE_BOT_PORT": "0",
            "RELEASE_BOT_ADMIN_IDS": str(ADMIN),
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
    return WebhookBot(api, app, stop, task, f"http://127.0.0.1:{bot_data(app).http_port}")


@pytest.fixture
async def webhook_bot(
    fake_bot_api: FakeBotApi, tmp_path: Path, knowledge_root: Path
) -> AsyncIterator[WebhookBot]:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(knowledge_root, knowledge)
    bot = await start_webhook_bot(fake_bot_api, knowledge)
    yield bot
    bot.stop.set()
    assert await asyncio.wait_for(bot.task, 15) == 0


def texts_to(api: FakeBotApi, chat_id: int) -> list[str]:
    return [
        c.params["text"]
        for c in api.calls("sendMessage")
        if c.status == 200 and c.params["chat_id"] == chat_id
    ]


async def test_webhook_is_registered_with_its_secret(webhook_bot: WebhookBot) -> None:
    (call,) = webhook_bot.api.calls("setWebhook")
    assert call.params["url"] == PUBLIC_URL and call.params["secret_token"] == SECRET
    assert not webhook_bot.api.calls("getUpdates")


async def test_update_with_the_right_secret_is_answered(webhook_bot: WebhookBot) -> None:
    response = await webhook_bot.ask("Who met whom?")
    assert response.status_code == 200
    (text,) = texts_to(webhook_bot.api, USER)  # answered before the 200
    assert "Konovalov" in text


@pytest.mark.parametrize("secret", [None, "", "wrong-secret-0123456789abcdef", SECRET + "x"])
async def test_wrong_or_missing_secret_is_refused(
    webhook_bot: WebhookBot, secret: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    update = webhook_bot.api.private_message(USER, "Who met whom?")
    update["update_id"] = 99
    response = await webhook_bot.post(update, secret=secret)
    assert response.status_code == 403
    await asyncio.sleep(0.2)
    assert texts_to(webhook_bot.api, USER) == []
    if secret:
        assert all(secret not in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"[1, 2]",
        b'{"no_update_id": 1}',
        b'{"update_id": "x"}',
        b"\xff\xfe",
        b'{"update_id": 5, "message": {"chat": 1}}',
    ],
)
async def test_malformed_body_gets_400(webhook_bot: WebhookBot, content: bytes) -> None:
    response = await webhook_bot.post(content=content, headers={"Content-Type": "application/json"})
    assert response.status_code == 400


async def test_oversized_body_gets_413(webhook_bot: WebhookBot) -> None:
    response = await webhook_bot.post(content=b"{" + b" " * (2 * 1024 * 1024) + b"}")
    assert response.status_code == 413
    assert (await webhook_bot.ask("Who met whom?")).status_code == 200  # still serving


async def test_redelivered_update_is_answered_once(webhook_bot: WebhookBot) -> None:
    update = webhook_bot.api.private_message(USER, "Who met whom?")
    update["update_id"] = 777
    assert (await webhook_bot.post(update)).status_code == 200
    assert (await webhook_bot.post(update)).status_code == 200
    assert len(texts_to(webhook_bot.api, USER)) == 1


async def test_healthz_and_metrics_change_after_a_question(webhook_bot: WebhookBot) -> None:
    health = await webhook_bot.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"

    def answered(metrics: str) -> float:
        for line in metrics.splitlines():
            if line.startswith('release_bot_questions_total{outcome="answered"}'):
                return float(line.split()[-1])
        return 0.0

    before = (await webhook_bot.get("/metrics")).text
    assert 'release_bot_knowledge_release{release="moj-fi-hakkanen-konovalov-moscow"} 1.0' in before
    await webhook_bot.ask("Who met whom?")
    after = await webhook_bot.get("/metrics")
    assert after.headers["content-type"].startswith("text/plain")
    assert answered(after.text) == answered(before) + 1
    assert "release_bot_answer_seconds_count" in after.text


async def test_shutdown_leaves_the_webhook_registered(
    fake_bot_api: FakeBotApi, knowledge_root: Path
) -> None:
    bot = await start_webhook_bot(fake_bot_api, knowledge_root)
    bot.stop.set()
    assert await asyncio.wait_for(bot.task, 15) == 0
    assert not fake_bot_api.calls("deleteWebhook")


# -- live reload -------------------------------------------------------------------------------


def edit_answer(knowledge: Path, old: str, new: str) -> None:
    (path,) = knowledge.glob("*/knowledge.yaml")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


MEETING_ANSWER = "Finland's Minister of Justice Antti Häkkänen met the Minister of Justice"


async def test_admin_reload_serves_the_new_knowledge_base(
    webhook_bot: WebhookBot, tmp_path: Path
) -> None:
    edit_answer(tmp_path / "knowledge", MEETING_ANSWER, "RELOADED: " + MEETING_ANSWER)
    await webhook_bot.ask("/reload", user=ADMIN)
    assert texts_to(webhook_bot.api, ADMIN)[-1].startswith("Reloaded")
    await webhook_bot.ask("Who met whom?")
    assert texts_to(webhook_bot.api, USER)[-1].startswith("RELOADED: ")


async def test_broken_reload_keeps_the_old_base_and_tells_the_admin(
    webhook_bot: WebhookBot, tmp_path: Path
) -> None:
    knowledge = tmp_path / "knowledge"
    edit_answer(
        knowledge,
        "    related: [location, topics, other_meetings]",
        "    related: [location, no_such_fact]",
    )
    await webhook_bot.ask("/reload", user=ADMIN)
    message = texts_to(webhook_bot.api, ADMIN)[-1]
    assert "Reload refused" in message
    assert "knowledge.yaml:" in message and ".related[1]: 'no_such_fact'" in message
    await webhook_bot.ask("Who met whom?")
    assert texts_to(webhook_bot.api, USER)[-1].startswith(MEETING_ANSWER)
    metrics = (await webhook_bot.get("/metrics")).text
    assert 'release_bot_knowledge_reloads_total{result="refused"} 1.0' in metrics


async def test_non_admin_reload_changes_nothing(webhook_bot: WebhookBot, tmp_path: Path) -> None:
    edit_answer(tmp_path / "knowledge", MEETING_ANSWER, "RELOADED: " + MEETING_ANSWER)
    await webhook_bot.ask("/reload")
    assert "don't know that command" in texts_to(webhook_bot.api, USER)[-1]
    await webhook_bot.ask("/stats")
    assert "don't know that command" in texts_to(webhook_bot.api, USER)[-1]
    await webhook_bot.ask("Who met whom?")
    assert texts_to(webhook_bot.api, USER)[-1].startswith(MEETING_ANSWER)


async def test_admin_stats_show_the_counts(webhook_bot: WebhookBot) -> None:
    await webhook_bot.ask("Who met whom?")
    await webhook_bot.ask("/stats", user=ADMIN)
    stats = texts_to(webhook_bot.api, ADMIN)[-1]
    assert "moj-fi-hakkanen-konovalov-moscow" in stats and "answered: 1" in stats


# -- processes: SIGHUP, healthcheck, replicas ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_process(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def stop_process(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGTERM)
    try:
        _, stderr = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    return stderr


def wait_healthy(port: int, process: subprocess.Popen[str], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if (
                httpx.get(
                    f"http://127.0.0.1:{port}/healthz", timeout=1, trust_env=False
                ).status_code
                == 200
            ):
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise AssertionError(process.communicate()[1])
        if time.monotonic() > deadline:
            raise AssertionError("bot did not become healthy")
        time.sleep(0.1)


def test_sighup_reloads_and_healthcheck_command(
    fake_bot_api: FakeBotApi, tmp_path: Path, knowledge_root: Path
) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(knowledge_root, knowledge)
    port = free_port()
    env = cli_env(
        fake_bot_api, RELEASE_BOT_KNOWLEDGE=str(knowledge), RELEASE_BOT_HEALTH_PORT=str(port)
    )
    assert (
        subprocess.run(
            [sys.executable, "-m", "bot", "healthcheck"], env=env, capture_output=True
        ).returncode
        == 1
    )  # nothing listening yet
    process = start_process(env, "run")
    try:
        wait_healthy(port, process)
        health = subprocess.run(
            [sys.executable, "-m", "bot", "healthcheck"], env=env, capture_output=True, text=True
        )
        assert health.returncode == 0 and "healthy" in health.stdout
        edit_answer(knowledge, MEETING_ANSWER, "AFTER SIGHUP: " + MEETING_ANSWER)
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


def test_two_webhook_replicas_answer_identically(fake_bot_api: FakeBotApi) -> None:
    ports = [free_port(), free_port()]
    processes = [
        start_process(
            cli_env(
                fake_bot_api,
                RELEASE_BOT_WEBHOOK_URL=PUBLIC_URL,
                RELEASE_BOT_WEBHOOK_SECRET=SECRET,
                RELEASE_BOT_LISTEN="127.0.0.1",
                RELEASE_BOT_PORT=str(port),
            ),
            "run",
            "--webhook",
        )
        for port in ports
    ]
    questions = ["Who met whom?", "konovalof?", "what's the weather", "minister", "thanks"]
    try:
        for port, process in zip(ports, processes, strict=True):
            wait_healthy(port, process)
        update_id = 1000
        for index, port in enumerate(ports):
            for question in questions:
                update = fake_bot_api.private_message(6000 + index, question)
                update["update_id"] = update_id = update_id + 1
                response = httpx.post(
                    f"http://127.0.0.1:{port}/telegram/webhook",
                    json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                    trust_env=False,
                    timeout=10,
                )
                assert response.status_code == 200
    finally:
        for process in processes:
            stop_process(process)
    first, second = (texts_to(fake_bot_api, 6000 + i) for i in range(2))
    assert len(first) == len(questions) and first == second
    assert len(fake_bot_api.calls("setWebhook")) == 2
