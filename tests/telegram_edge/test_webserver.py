"""The HTTP server: Telegram's webhook (secret, body checks, redeliveries), /healthz, /metrics."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from telegram.ext import Application

from bot.core.service import KnowledgeService
from bot.telegram_edge.metrics import Metrics
from bot.telegram_edge.webserver import MAX_BODY_BYTES, SECRET_HEADER, WebServer, _SeenUpdates
from tests.fake_bot_api import DEFAULT_TOKEN, FakeBotApi
from tests.telegram_edge.helpers import (
    PUBLIC_URL,
    SECRET,
    USER,
    WebhookBot,
    cli_env,
    free_port,
    quiet_for,
    start_process,
    stop_process,
    texts_to,
    wait_healthy,
)


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
    assert await quiet_for(webhook_bot, 0.2) == 0
    if secret:
        assert all(secret not in r.getMessage() for r in caplog.records)


async def test_the_secret_is_checked_before_the_size(webhook_bot: WebhookBot) -> None:
    response = await webhook_bot.post(content=b" " * (2 * MAX_BODY_BYTES), secret="wrong" * 4)
    assert response.status_code == 403


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


async def test_an_oversized_chunked_update_is_not_answered(webhook_bot: WebhookBot) -> None:
    """Without a Content-Length the size is only known while streaming."""
    update = webhook_bot.api.private_message(USER, "Who met whom?")
    update["update_id"] = 42
    body = json.dumps(update).encode()

    async def chunks() -> AsyncIterator[bytes]:
        yield body[:-1]
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b" " * 65536
        yield body[-1:]

    try:
        status: int | None = (await webhook_bot.post(content=chunks())).status_code
    except httpx.TransportError:
        status = None  # tornado's own limit drops the connection instead
    assert status in (413, None)
    assert texts_to(webhook_bot.api, USER) == []
    assert (await webhook_bot.ask("Who met whom?")).status_code == 200  # still serving


async def test_redelivered_update_is_answered_once(webhook_bot: WebhookBot) -> None:
    update = webhook_bot.api.private_message(USER, "Who met whom?")
    update["update_id"] = 777
    assert (await webhook_bot.post(update)).status_code == 200
    assert (await webhook_bot.post(update)).status_code == 200
    assert len(texts_to(webhook_bot.api, USER)) == 1


def test_redeliveries_are_remembered_for_the_most_recent_ids_only() -> None:
    seen = _SeenUpdates(size=3)
    assert [seen.add(n) for n in (1, 2, 3)] == [True] * 3
    assert not seen.add(1) and not seen.add(3)
    assert seen.add(4)  # the oldest, 1, is forgotten to make room
    assert seen.add(1) and not seen.add(4)


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


async def test_without_a_webhook_only_health_and_metrics_are_served(
    knowledge_root: Path,
) -> None:
    """Polling mode's health port: 503 until ready, and no webhook anyone could post to."""
    state = {"ready": False}
    app = Application.builder().token(DEFAULT_TOKEN).build()
    server = WebServer(app, Metrics(KnowledgeService(knowledge_root)), lambda: state["ready"])
    port = await server.start("127.0.0.1", 0)
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=url, trust_env=False, timeout=5) as client:
            starting = await client.get("/healthz")
            assert starting.status_code == 503 and starting.json()["status"] == "starting"
            state["ready"] = True
            assert (await client.get("/healthz")).status_code == 200
            assert (await client.get("/metrics")).status_code == 200
            webhook = await client.post(
                "/telegram/webhook", json={"update_id": 1}, headers={SECRET_HEADER: ""}
            )
            assert webhook.status_code == 404
    finally:
        await server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/healthz", trust_env=False, timeout=2)


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
                    headers={SECRET_HEADER: SECRET},
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
