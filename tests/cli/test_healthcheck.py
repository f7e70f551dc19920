"""`release-bot healthcheck`: 0 when /healthz answers 200, 1 when it does not, 2 with no port."""

from __future__ import annotations

import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.cli.helpers import COMMAND, Result, clean_env, cli, free_port
from tests.fake_bot_api import FakeBotApi

WEBHOOK = {
    "RELEASE_BOT_MODE": "webhook",
    "RELEASE_BOT_WEBHOOK_URL": "https://bot.example.org/telegram/webhook",
    "RELEASE_BOT_WEBHOOK_SECRET": "s3cret-s3cret-s3cret",
}


class HealthServer(ThreadingHTTPServer):
    """Answers GET /healthz with `status` (404 for any other path) and counts the probes."""

    status = 200
    probes = 0


class _Handler(BaseHTTPRequestHandler):
    server: HealthServer

    def do_GET(self) -> None:
        self.server.probes += 1
        self.send_response(self.server.status if self.path == "/healthz" else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def health_server() -> Iterator[HealthServer]:
    server = HealthServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def port_of(server: HealthServer) -> str:
    return str(server.server_address[1])


def test_without_a_port_exits_2_and_says_what_to_set() -> None:
    result = cli("healthcheck")
    assert result.code == 2
    assert result.err == "release-bot: no health port (set RELEASE_BOT_HEALTH_PORT)\n"


def test_with_nothing_listening_exits_1() -> None:
    result = cli("healthcheck", env={"RELEASE_BOT_HEALTH_PORT": str(free_port())})
    assert result.code == 1 and result.err.startswith("release-bot: unhealthy: ")
    assert "Traceback" not in result.err


def test_200_is_healthy(health_server: HealthServer) -> None:
    result = cli("healthcheck", env={"RELEASE_BOT_HEALTH_PORT": port_of(health_server)})
    assert (result.code, result.out) == (0, "healthy\n")
    assert health_server.probes == 1


def test_503_is_unhealthy(health_server: HealthServer) -> None:
    health_server.status = 503
    result = cli("healthcheck", env={"RELEASE_BOT_HEALTH_PORT": port_of(health_server)})
    assert result.code == 1 and "unhealthy" in result.err
    assert health_server.probes == 1


def test_a_server_that_never_answers_fails_after_the_timeout() -> None:
    with socket.socket() as silent:  # accepts connections (the backlog) but never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        started = time.monotonic()
        env = {"RELEASE_BOT_HEALTH_PORT": str(silent.getsockname()[1])}
        result = cli("healthcheck", "--timeout", "0.5", env=env)
    assert result.code == 1 and "unhealthy: " in result.err
    assert time.monotonic() - started < 2.5  # not the default of 3 seconds


def test_webhook_mode_probes_the_webhook_port(health_server: HealthServer) -> None:
    env = {**WEBHOOK, "RELEASE_BOT_PORT": port_of(health_server)}
    env["RELEASE_BOT_HEALTH_PORT"] = str(free_port())  # not the port in webhook mode
    assert cli("healthcheck", env=env).code == 0
    assert health_server.probes == 1


def test_webhook_mode_with_incomplete_settings_exits_2() -> None:
    result = cli("healthcheck", env={"RELEASE_BOT_MODE": "webhook", "RELEASE_BOT_PORT": "8080"})
    assert result.code == 2 and "RELEASE_BOT_WEBHOOK_URL" in result.err


def test_reads_the_port_from_an_env_file(health_server: HealthServer, tmp_path: Path) -> None:
    settings = tmp_path / "bot.env"
    settings.write_text(f"RELEASE_BOT_HEALTH_PORT={port_of(health_server)}\n", encoding="utf-8")
    assert cli("healthcheck").code == 2
    assert cli("healthcheck", "--env-file", str(settings)).code == 0


def healthcheck_until_healthy(port: int, bot: subprocess.Popen[bytes]) -> Result:
    deadline = time.monotonic() + 30
    while True:
        result = cli("healthcheck", env={"RELEASE_BOT_HEALTH_PORT": str(port)})
        if result.code == 0 or time.monotonic() > deadline or bot.poll() is not None:
            return result
        time.sleep(0.2)


def test_a_running_bot_is_healthy(fake_bot_api: FakeBotApi, tmp_path: Path) -> None:
    port = free_port()
    env = clean_env(
        {
            "TELEGRAM_BOT_TOKEN": fake_bot_api.token,
            "TELEGRAM_API_BASE_URL": fake_bot_api.base_url,
            "RELEASE_BOT_HEALTH_PORT": str(port),
            "RELEASE_BOT_DATA_DIR": str(tmp_path / "data"),
        }
    )
    log = tmp_path / "bot.log"
    with log.open("wb") as stderr:
        bot = subprocess.Popen([*COMMAND, "run"], env=env, stdout=stderr, stderr=stderr)
        try:
            result = healthcheck_until_healthy(port, bot)
            bot.send_signal(signal.SIGTERM)
            bot.wait(timeout=30)
        finally:
            bot.kill()
    assert (result.code, result.out) == (0, "healthy\n"), log.read_text()
    assert bot.returncode == 0
