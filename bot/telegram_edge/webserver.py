"""The bot's HTTP servers: Telegram's webhook and /healthz on one port, /metrics on its own
(tornado, which python-telegram-bot's webhook extra already brings).

The webhook checks Telegram's secret token in constant time before reading a byte of the body,
refuses oversized bodies from their Content-Length (and while streaming, for chunked ones), and
answers an update before acknowledging it: its id is claimed first (`bot.replicas.claims`: in
this process, or shared by every replica through PostgreSQL), so a redelivery of an answered
update gets 200 and no second answer, and one being handled gets 503; an update counts as
handled only once the user got a reply (or there was no one to reply to); otherwise the answer
is 503 and Telegram delivers it again. A body that is not an update, however malformed, is a 400.

Slow or idle clients cannot hold the server: headers must arrive within `header_timeout` (which
is also how long a kept-alive connection may idle), a body within `body_timeout`; at most
`max_connections` are open, and when a new one arrives at the cap the connection idle longest
is closed to make room (a connection whose request is being handled is never closed). Refusals
are logged at most once every `REFUSAL_LOG_INTERVAL` seconds, with counts.

Stopping stops accepting connections, answers new requests on open ones with 503, lets the
updates being handled finish (up to `drain_seconds`), then closes the connections.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import socket
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application
from tornado import httputil
from tornado.http1connection import HTTP1ServerConnection
from tornado.httpserver import HTTPServer
from tornado.iostream import IOStream
from tornado.netutil import bind_sockets
from tornado.web import Application as TornadoApp
from tornado.web import RequestHandler, stream_request_body

from bot.replicas.claims import Claim, MemoryClaims, UpdateClaims, new_token
from bot.replicas.database import SharedStateError
from bot.settings import Secret
from bot.telegram_edge.delivery import handled
from bot.telegram_edge.metrics import CONTENT_TYPE, Metrics

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1024 * 1024  # Telegram's updates are a few KiB; 1 MiB is generous
MAX_HEADER_BYTES = 16 * 1024
REFUSAL_LOG_INTERVAL = 10.0
SETTLE_RETRY_DELAYS = (0.2, 1.0, 5.0)  # seconds before each try again of a claim's settling
SETTLE_AT_STOP_S = 2.0
Settle = Callable[[int, int], Awaitable[None]]  # finish or release (update id, claim token)


@dataclass(frozen=True)
class Limits:
    max_connections: int = 128  # Telegram opens at most 40 (setWebhook max_connections)
    header_timeout: float = 5.0  # seconds for a request's headers, and a connection's idle time
    body_timeout: float = 10.0  # seconds for a request's body
    drain_seconds: float = 20.0  # at shutdown, how long updates being handled may take


class _RefusalLog:
    """Counts refusals and logs them at most once every `interval` seconds."""

    def __init__(self, interval: float = REFUSAL_LOG_INTERVAL) -> None:
        self.interval = interval
        self._counts: Counter[str] = Counter()
        self._last = -interval

    def note(self, reason: str) -> None:
        self._counts[reason] += 1
        now = time.monotonic()
        if now - self._last < self.interval:
            return
        summary = ", ".join(f"{reason} ×{count}" for reason, count in self._counts.items())
        log.warning("HTTP requests refused: %s", summary)
        self._counts.clear()
        self._last = now


class _Webhook:
    """What the webhook's requests share: the claims, the updates in hand, shutting down."""

    def __init__(
        self, app: Application, secret: Secret, refusals: _RefusalLog, claims: UpdateClaims
    ) -> None:
        self.app, self.secret, self.refusals, self.claims = app, secret, refusals, claims
        self.in_hand: set[int] = set()  # in this process, for draining at shutdown
        self._settling: set[asyncio.Task[None]] = set()
        self.closing = False
        self._idle = asyncio.Event()
        self._idle.set()

    async def handle(self, update: Update) -> bool:
        self.in_hand.add(update.update_id)
        self._idle.clear()
        try:
            return await handled(self.app, update)
        finally:
            self.in_hand.discard(update.update_id)
            if not self.in_hand:
                self._idle.set()

    def settle_later(self, settle: Settle, update_id: int, token: int) -> None:
        """Mark an update answered (or release it) in the background, retrying: a claim left
        open would hold the update for every replica until its lease runs out."""
        task = asyncio.get_running_loop().create_task(_retry_settle(settle, update_id, token))
        self._settling.add(task)
        task.add_done_callback(self._settling.discard)

    async def stop_settling(self, timeout: float) -> None:
        """Give the claims being settled in the background `timeout` seconds, then give up on
        them (the database is closed next; a claim left open waits out its lease)."""
        pending = set(self._settling)
        if not pending:
            return
        _, late = await asyncio.wait(pending, timeout=timeout)
        for task in late:
            task.cancel()
        if late:
            log.warning("%d update claims left open at shutdown", len(late))

    async def wait_idle(self, timeout: float) -> bool:
        """Wait until no update is being handled; False if some still are after `timeout`."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True


async def _retry_settle(settle: Settle, update_id: int, token: int) -> None:
    for delay in SETTLE_RETRY_DELAYS:
        await asyncio.sleep(delay)
        try:
            await settle(update_id, token)
            return
        except SharedStateError:
            continue
    log.warning("update %s: its claim stays open until its lease runs out", update_id)


@stream_request_body
class WebhookHandler(RequestHandler):
    """POST <webhook path>: one update from Telegram."""

    def initialize(self, webhook: _Webhook) -> None:
        self.webhook = webhook
        self.body = bytearray()
        self.too_large = False

    def prepare(self) -> None:
        if self.webhook.closing:
            self._refuse(503, "shutting down")
            return
        received = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(received.encode(), self.webhook.secret.reveal().encode()):
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
        webhook = self.webhook
        if self.too_large:
            self._refuse(413, "body too large")
            return
        if webhook.closing:
            self._refuse(503, "shutting down")
            return
        update = self._parse()
        if update is None:
            self._refuse(400, "not a Telegram update")
            return
        if update.update_id in webhook.in_hand:  # known here without asking the claims
            self._refuse(503, "update already being handled")
            return
        token = new_token()  # this delivery's claim, and no other, is settled below
        try:
            claim = await webhook.claims.claim(update.update_id, token)
        except SharedStateError as error:
            log.warning("update %s not handled: %s", update.update_id, error)
            webhook.settle_later(webhook.claims.release, update.update_id, token)  # if it was made
            self._refuse(503, "update claims unavailable, for Telegram to deliver again")
            return
        if claim is Claim.DONE:
            self._answer(200)  # a redelivery of an update already answered
            return
        if claim is Claim.BUSY:
            self._refuse(503, "update being handled by another replica")
            return
        answered = await webhook.handle(update)
        settle = webhook.claims.finish if answered else webhook.claims.release
        try:
            await settle(update.update_id, token)
        except SharedStateError as error:
            log.warning("update %s: %s; trying again", update.update_id, error)
            webhook.settle_later(settle, update.update_id, token)
        if answered:
            self._answer(200)
        else:
            self._refuse(503, "update not answered, for Telegram to deliver again")

    def _parse(self) -> Update | None:
        """The update in the body, or None for anything else: not JSON, too deeply nested,
        the wrong shape anywhere."""
        try:
            data = json.loads(bytes(self.body))
            if not isinstance(data, dict) or type(data.get("update_id")) is not int:
                return None
            return Update.de_json(data, self.webhook.app.bot)
        except Exception:  # whatever a malformed body makes the parsers raise
            return None

    def _answer(self, status: int) -> None:
        self.set_status(status)
        self.finish()

    def _refuse(self, status: int, reason: str) -> None:
        self.webhook.refusals.note(f"webhook {status} {reason}")
        self._answer(status)


class HealthHandler(RequestHandler):
    """GET /healthz: 200 while the bot is receiving and answering updates, else 503."""

    def initialize(self, ready: Callable[[], bool], closing: Callable[[], bool]) -> None:
        self.ready, self.closing = ready, closing

    def get(self) -> None:
        ok = self.ready() and not self.closing()
        self.set_status(200 if ok else 503)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"status": "ok" if ok else "unavailable"}))


class MetricsHandler(RequestHandler):
    """GET /metrics: Prometheus text format."""

    def initialize(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def get(self) -> None:
        self.set_header("Content-Type", CONTENT_TYPE)
        self.finish(self.metrics.render())


class _Busy(httputil.HTTPMessageDelegate):
    """Marks a connection busy from its request's headers until the next request starts."""

    def __init__(
        self,
        inner: httputil.HTTPMessageDelegate,
        server: _GuardedServer,
        connection: HTTP1ServerConnection,
    ) -> None:
        self.inner, self.server, self.connection = inner, server, connection

    def headers_received(
        self,
        start_line: httputil.RequestStartLine | httputil.ResponseStartLine,
        headers: httputil.HTTPHeaders,
    ) -> Any:
        self.server.mark_busy(self.connection)
        return self.inner.headers_received(start_line, headers)

    def data_received(self, chunk: bytes) -> Any:
        return self.inner.data_received(chunk)

    def finish(self) -> None:
        self.inner.finish()

    def on_connection_close(self) -> None:
        self.inner.on_connection_close()


class _GuardedServer(HTTPServer):
    """tornado's HTTPServer with a connection cap: at the cap, a new connection closes the one
    idle longest, or is refused when every connection has a request being handled."""

    def initialize(  # type: ignore[override]
        self, *args: Any, max_connections: int, refusals: _RefusalLog, **kwargs: Any
    ) -> None:
        super().initialize(*args, **kwargs)
        self.max_connections = max_connections
        self.refusals = refusals
        self._idle_since: dict[HTTP1ServerConnection, float | None] = {}  # None: busy

    def handle_stream(self, stream: IOStream, address: tuple[Any, ...]) -> None:
        if len(self._idle_since) >= self.max_connections and not self._close_longest_idle():
            self.refusals.note("connection refused: every connection is busy")
            stream.close()
            return
        known = set(self._connections)
        super().handle_stream(stream, address)
        for connection in self._connections - known:
            self._idle_since[connection] = time.monotonic()

    def start_request(
        self, server_conn: object, request_conn: httputil.HTTPConnection
    ) -> httputil.HTTPMessageDelegate:
        delegate = super().start_request(server_conn, request_conn)
        if not isinstance(server_conn, HTTP1ServerConnection):
            return delegate
        if server_conn in self._idle_since:
            self._idle_since[server_conn] = time.monotonic()  # waiting for the next request
        return _Busy(delegate, self, server_conn)

    def mark_busy(self, connection: HTTP1ServerConnection) -> None:
        if connection in self._idle_since:
            self._idle_since[connection] = None

    def on_close(self, server_conn: object) -> None:
        if isinstance(server_conn, HTTP1ServerConnection):
            self._idle_since.pop(server_conn, None)
        super().on_close(server_conn)

    def _close_longest_idle(self) -> bool:
        idle = [(since, c) for c, since in self._idle_since.items() if since is not None]
        if not idle:
            return False
        _, connection = min(idle, key=lambda pair: pair[0])
        del self._idle_since[connection]
        connection.stream.close()
        self.refusals.note("idle connection closed at the connection cap")
        return True


def listen(host: str, port: int) -> list[socket.socket]:
    """Bound listening sockets for host:port (0 for any free port); OSError if it is taken."""
    return bind_sockets(port, address=host)


class WebServer:
    """Serves /healthz (given `ready`), /metrics (given `metrics`) and the webhook (given a path
    and a secret), within `limits`."""

    def __init__(
        self,
        app: Application,
        ready: Callable[[], bool] | None = None,
        *,
        metrics: Metrics | None = None,
        webhook_path: str | None = None,
        secret: Secret | None = None,
        claims: UpdateClaims | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.limits = limits or Limits()
        self.refusals = _RefusalLog()
        self.webhook: _Webhook | None = None
        self._closing = False
        routes: list[Any] = []
        if ready is not None:
            closing = self._is_closing
            routes.append((r"/healthz", HealthHandler, {"ready": ready, "closing": closing}))
        if metrics is not None:
            routes.append((r"/metrics", MetricsHandler, {"metrics": metrics}))
        if webhook_path is not None and secret is not None:
            claims = claims if claims is not None else MemoryClaims()
            self.webhook = _Webhook(app, secret, self.refusals, claims)
            # the path is matched as it is, not as a pattern: /hook.v1 is not /hookXv1
            routes.append((re.escape(webhook_path), WebhookHandler, {"webhook": self.webhook}))
        self._tornado = TornadoApp(routes, log_function=_log_request)
        self._server: _GuardedServer | None = None
        self.port = 0

    def serve(self, sockets: list[socket.socket]) -> int:
        """Serve on sockets from `listen`; returns the port."""
        self.port = int(sockets[0].getsockname()[1])
        self._server = _GuardedServer(
            self._tornado,
            # the server's own limit catches chunked bodies that never say their length
            max_body_size=MAX_BODY_BYTES + 1,
            max_header_size=MAX_HEADER_BYTES,
            idle_connection_timeout=self.limits.header_timeout,
            body_timeout=self.limits.body_timeout,
            max_connections=self.limits.max_connections,
            refusals=self.refusals,
        )
        self._server.add_sockets(sockets)
        host = sockets[0].getsockname()[0]
        log.info("HTTP server listening on %s:%d", host, self.port)
        return self.port

    async def start(self, host: str, port: int) -> int:
        """Listen on host:port (0 for any free port); returns the port."""
        return self.serve(listen(host, port))

    async def stop(self) -> None:
        """Stop accepting, let the updates in hand be answered, then close every connection."""
        server, self._server = self._server, None
        if server is None:
            return
        server.stop()
        self._closing = True
        if self.webhook is not None:
            self.webhook.closing = True
            if not await self.webhook.wait_idle(self.limits.drain_seconds):
                log.warning("stopping with updates still being handled: Telegram will resend")
            await self.webhook.stop_settling(SETTLE_AT_STOP_S)
        try:
            await asyncio.wait_for(server.close_all_connections(), 5)
        except TimeoutError:
            log.warning("some HTTP connections did not close in time")

    def _is_closing(self) -> bool:
        return self._closing


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
