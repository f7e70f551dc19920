"""The HTTP server: Telegram's webhook (secret, body checks, redeliveries), /healthz, /metrics."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram.ext import Application

from bot.core.service import KnowledgeService
from bot.telegram_edge.metrics import Metrics
from bot.telegram_edge.webserver import MAX_BODY_BYTES, SECRET_HEADER, WebServer
from tests.fake_bot_api import DEFAULT_TOKEN, FakeBotApi
from tests.telegram_edge.helpers import (
    PUBLIC_URL,
    SECRET,
    USER,
    WebhookBot,
    cli_env,
    free_port,
    health,
    post_update,
    quiet_for,
    start_process,
    stop_process,
    texts_to,
    wait_exit,
    wait_healthy,
    webhook_env,
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


async def test_healthz_and_metrics_change_after_a_question(webhook_bot: WebhookBot) -> None:
    health = await webhook_bot.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "ok"

    def answered(metrics: str) -> float:
        for line in metrics.splitlines():
            if line.startswith('release_bot_questions_total{outcome="answered"}'):
                return float(line.split()[-1])
        return 0.0

    before = await webhook_bot.metrics()
    assert 'release_bot_knowledge_release{release="moj-fi-hakkanen-konovalov-moscow"} 1.0' in before
    await webhook_bot.ask("Who met whom?")
    after = await webhook_bot.metrics()
    assert answered(after) == answered(before) + 1
    assert "release_bot_answer_seconds_count" in after
    assert (await webhook_bot.get("/metrics")).status_code == 404  # not on the webhook's port


async def test_without_a_webhook_only_health_is_served_and_metrics_on_its_own_port(
    knowledge_root: Path,
) -> None:
    """Polling mode's health port: 503 until ready, and no webhook anyone could post to."""
    state = {"ready": False}
    app = Application.builder().token(DEFAULT_TOKEN).build()
    server = WebServer(app, lambda: state["ready"])
    metrics_server = WebServer(app, metrics=Metrics(KnowledgeService(knowledge_root)))
    port = await server.start("127.0.0.1", 0)
    metrics_port = await metrics_server.start("127.0.0.1", 0)
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=url, trust_env=False, timeout=5) as client:
            starting = await client.get("/healthz")
            assert starting.status_code == 503 and starting.json()["status"] == "unavailable"
            state["ready"] = True
            assert (await client.get("/healthz")).status_code == 200
            assert (await client.get("/metrics")).status_code == 404
            metrics = await client.get(f"http://127.0.0.1:{metrics_port}/metrics")
            assert metrics.status_code == 200
            assert metrics.headers["content-type"].startswith("text/plain")
            assert (await client.get(f"http://127.0.0.1:{metrics_port}/healthz")).status_code == 404
            webhook = await client.post(
                "/telegram/webhook", json={"update_id": 1}, headers={SECRET_HEADER: ""}
            )
            assert webhook.status_code == 404
    finally:
        await server.stop()
        await metrics_server.stop()
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


# -- attacks on `release-bot run --webhook` (issue 11) ------------------------------------------


def webhook_process(
    api: FakeBotApi, data: Path, *, max_open_files: int | None = None, **extra: str
) -> tuple[subprocess.Popen[str], int]:
    port = free_port()
    env = webhook_env(api, port, RELEASE_BOT_DATA_DIR=str(data), **extra)
    process = start_process(env, "run", "--webhook", max_open_files=max_open_files)
    wait_healthy(port, process)
    return process, port


def an_update(api: FakeBotApi, update_id: int, text: str = "Who met whom?") -> dict[str, Any]:
    update = api.private_message(USER, text)
    update["update_id"] = update_id
    return update


def wait_for_call(api: FakeBotApi, method: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not api.calls(method):
        assert time.monotonic() < deadline, f"no {method} call"
        time.sleep(0.02)


def test_idle_and_slow_clients_do_not_starve_the_webhook(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    """300 connections that never finish their headers, against a process that may open 256
    files: /healthz and the webhook still answer, and idle connections are closed in time."""
    api = fake_bot_api
    process, port = webhook_process(api, tmp_path / "data", max_open_files=256)
    attackers: list[socket.socket] = []
    try:
        for n in range(300):
            attacker = socket.create_connection(("127.0.0.1", port), timeout=5)
            if n % 2:  # half start a request and never finish its headers
                attacker.sendall(b"POST /telegram/webhook HTTP/1.1\r\nHost: bot\r\nX-Slow: ")
            attackers.append(attacker)
        assert health(port) == 200
        assert post_update(port, an_update(api, 10)).status_code == 200
        assert "Konovalov" in texts_to(api, USER)[0]
        assert len(os.listdir(f"/proc/{process.pid}/fd")) < 200  # the connection cap holds

        idle = socket.create_connection(("127.0.0.1", port), timeout=15)
        started = time.monotonic()
        assert idle.recv(1) == b""  # closed by the server ...
        assert time.monotonic() - started < 8  # ... after the header timeout
        idle.close()
        assert post_update(port, an_update(api, 11, "Where?")).status_code == 200
    finally:
        for attacker in attackers:
            attacker.close()
        stderr = stop_process(process)
    assert len(texts_to(api, USER)) == 2
    refusals = [line for line in stderr.splitlines() if "HTTP requests refused" in line]
    assert 1 <= len(refusals) <= 3  # at most one line every 10 seconds, with counts


def test_an_update_left_unanswered_gets_an_error_so_telegram_delivers_it_again(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    """The answer and the apology both fail: not a 200, not marked seen; the redelivery is
    answered, once."""
    api = fake_bot_api
    process, port = webhook_process(api, tmp_path / "data")
    try:
        api.fail_next("sendMessage", status=500, times=2)
        update = an_update(api, 41)
        assert post_update(port, update).status_code == 503
        assert [call.status for call in api.calls("sendMessage")] == [500, 500]
        assert post_update(port, update).status_code == 200  # Telegram's redelivery
        assert post_update(port, update).status_code == 200  # and one more: already answered
    finally:
        stop_process(process)
    (answer,) = texts_to(api, USER)
    assert "Konovalov" in answer


def test_a_redelivery_while_the_update_is_in_hand_is_not_answered_twice(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    api = fake_bot_api
    process, port = webhook_process(api, tmp_path / "data")
    try:
        api.delay_next("sendMessage", 1.5)
        update = an_update(api, 42)
        with ThreadPoolExecutor(1) as pool:
            first = pool.submit(post_update, port, update)
            wait_for_call(api, "sendMessage")
            assert post_update(port, update).status_code == 503  # in hand: try again later
            assert first.result(timeout=20).status_code == 200
        assert post_update(port, update).status_code == 200
    finally:
        stop_process(process)
    assert len(texts_to(api, USER)) == 1


def test_sigterm_stops_accepting_lets_the_update_in_hand_finish_then_exits_0(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    api = fake_bot_api
    process, port = webhook_process(api, tmp_path / "data")
    api.delay_next("sendMessage", 2.0)
    with ThreadPoolExecutor(1) as pool:
        in_hand = pool.submit(post_update, port, an_update(api, 43))
        wait_for_call(api, "sendMessage")
        process.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        assert health(port) is None  # no new connections
        assert process.poll() is None  # still finishing the update in hand
        response = in_hand.result(timeout=20)
    code, stderr = wait_exit(process, timeout=30)
    assert code == 0 and "Traceback" not in stderr, stderr
    assert response.status_code == 200  # acknowledged only once answered
    (answer,) = [call for call in api.calls("sendMessage")]
    assert answer.status == 200 and "Konovalov" in answer.params["text"]


def nested_replies(update_id: int, depth: int) -> bytes:
    """An update whose message replies to a message that replies to ... `depth` deep."""
    chat = '"date": 0, "chat": {"id": 1, "type": "private"}'
    message = f'{{"message_id": 1, {chat}}}'
    for n in range(depth):
        message = f'{{"message_id": {n + 2}, {chat}, "reply_to_message": {message}}}'
    return f'{{"update_id": {update_id}, "message": {message}}}'.encode()


def test_authenticated_but_malformed_bodies_get_400_and_the_bot_carries_on(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    api = fake_bot_api
    bodies: list[Any] = [
        {"update_id": 1, "message": "a string where a message belongs"},
        {"update_id": 2, "message": {"message_id": "x", "date": "y", "chat": []}},
        {"update_id": 3, "callback_query": 5},
        {"update_id": 4, "inline_query": {"id": 1, "from": "me", "query": ["x"]}},
        {"update_id": True, "message": {}},
        b"[" * 100_000 + b"]" * 100_000,
        b'{"update_id": 5, "message": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_001,
        nested_replies(6, 600),  # deep enough for the parser of updates to recurse too far
        nested_replies(7, 5_000),  # too deep for the JSON decoder
    ]
    process, port = webhook_process(api, tmp_path / "data")
    try:
        statuses = [post_update(port, body).status_code for body in bodies]
        assert post_update(port, an_update(api, 8)).status_code == 200
    finally:
        stderr = stop_process(process)
    assert statuses == [400] * len(bodies)
    (answer,) = texts_to(api, USER)
    assert "Konovalov" in answer
    assert "Uncaught exception" not in stderr
    assert not re.search(r"\b500 (?:POST|GET)\b", stderr)  # no request ended in a 500


def test_the_webhook_path_is_matched_as_written_and_metrics_are_off_by_default(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    api = fake_bot_api
    process, port = webhook_process(
        api, tmp_path / "data", RELEASE_BOT_WEBHOOK_URL="https://bot.example.test/hook.v1"
    )
    try:
        assert post_update(port, an_update(api, 8), path="/hookXv1").status_code == 404
        assert post_update(port, an_update(api, 9), path="/hook.v1").status_code == 200
        metrics = httpx.get(f"http://127.0.0.1:{port}/metrics", trust_env=False, timeout=5)
        assert metrics.status_code == 404
    finally:
        stop_process(process)
    assert len(texts_to(api, USER)) == 1
