"""The bot's HTTP server: Telegram's webhook, /healthz and /metrics (tornado, which
python-telegram-bot's webhook extra already brings).

The webhook checks Telegram's secret token in constant time before reading a byte of the body,
refuses oversized bodies from their Content-Length (and while streaming, for chunked ones), and
answers an update before acknowledging it, so Telegram redelivers what was not handled.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application as TornadoApp
from tornado.web import RequestHandler, stream_request_body

from bot.settings import Secret
from bot.telegram_edge.metrics import CONTENT_TYPE, Metrics

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1024 * 1024  # Telegram's updates are a few KiB; 1 MiB is generous
REMEMBERED_UPDATES = 10_000  # update ids kept to drop Telegram's redeliveries


class _SeenUpdates:
    """The most recent update ids, to answer a redelivered update only once."""

    def __init__(self, size: int = REMEMBERED_UPDATES) -> None:
        self._ids: OrderedDict[int, None] = OrderedDict()
        self._size = size

    def add(self, update_id: int) -> bool:
        """Remember `update_id`; False if it was already seen."""
        if update_id in self._ids:
            return False
        self._ids[update_id] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True


@stream_request_body
class WebhookHandler(RequestHandler):
    """POST <webhook path>: one update from Telegram."""

    def initialize(self, app: Application, secret: Secret, seen: _SeenUpdates) -> None:
        self.app, self.secret, self.seen = app, secret, seen
        self.body = bytearray()
        self.too_large = False

    def prepare(self) -> None:
        received = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(received.encode(), self.secret.reveal().encode()):
            self._refuse(403, "wrong or missing secret token")
            return
        length = self.request.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > MAX_BODY_BYTES:
            self._refuse(413, "body too large")

    def data_received(self, chunk: bytes) -> None:
        if len(self.body) + len(chunk) > MAX_BODY_BYTES:
            self.too_large = True
            return
        self.body.extend(chunk)

    async def post(self) -> None:
        if self.too_large:
            self._refuse(413, "body too large")
            return
        update = self._parse()
        if update is None:
            self._refuse(400, "not a Telegram update")
            return
        if self.seen.add(update.update_id):
            await self.app.process_update(update)
        self.set_status(200)
        self.finish()

    def _parse(self) -> Update | None:
        try:
            data = json.loads(bytes(self.body))
        except (UnicodeDecodeError, ValueError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return None
        try:
            return Update.de_json(data, self.app.bot)
        except (KeyError, TypeError, ValueError):
            return None

    def _refuse(self, status: int, reason: str) -> None:
        log.warning("webhook request refused: %d %s", status, reason)
        self.set_status(status)
        self.finish()


class HealthHandler(RequestHandler):
    """GET /healthz: 200 when the knowledge base is loaded and the bot initialised, else 503."""

    def initialize(self, ready: Callable[[], bool]) -> None:
        self.ready = ready

    def get(self) -> None:
        ok = self.ready()
        self.set_status(200 if ok else 503)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"status": "ok" if ok else "starting"}))


class MetricsHandler(RequestHandler):
    """GET /metrics: Prometheus text format."""

    def initialize(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def get(self) -> None:
        self.set_header("Content-Type", CONTENT_TYPE)
        self.finish(self.metrics.render())


class WebServer:
    """Serves /healthz and /metrics, and the webhook when given a path and a secret."""

    def __init__(
        self,
        app: Application,
        metrics: Metrics,
        ready: Callable[[], bool],
        webhook_path: str | None = None,
        secret: Secret | None = None,
    ) -> None:
        routes: list[Any] = [
            (r"/healthz", HealthHandler, {"ready": ready}),
            (r"/metrics", MetricsHandler, {"metrics": metrics}),
        ]
        if webhook_path is not None and secret is not None:
            routes.append(
                (
                    webhook_path,
                    WebhookHandler,
                    {"app": app, "secret": secret, "seen": _SeenUpdates()},
                )
            )
        self._tornado = TornadoApp(routes, log_function=_log_request)
        self._server: HTTPServer | None = None
        self.port = 0

    async def start(self, host: str, port: int) -> int:
        """Listen on host:port (0 for any free port); returns the port."""
        sockets = bind_sockets(port, address=host)
        self.port = sockets[0].getsockname()[1]
        # the server's own limit catches chunked bodies that never say their length
        self._server = HTTPServer(self._tornado, max_body_size=MAX_BODY_BYTES + 1)
        self._server.add_sockets(sockets)
        log.info("HTTP server listening on %s:%d", host, self.port)
        return self.port

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None


def _log_request(handler: RequestHandler) -> None:
    """Access log at DEBUG, without query strings or headers."""
    request = handler.request
    log.debug(
        "%d %s %s %.1fms",
        handler.get_status(),
        request.method,
        request.path,
        1000 * request.request_time(),
    )
