"""A fake Telegram Bot API HTTP server for tests.

The real python-telegram-bot ``Bot``/``Application`` talks to it over real HTTP on
127.0.0.1 (ephemeral port). It runs in a background thread, so it works with any asyncio
event loop, and it never contacts any other host.

Typical use::

    with FakeBotApi() as api:
        app = api.application_builder().build()   # or:
        app = (
            Application.builder()
            .token(api.token)
            .base_url(api.base_url)            # f"{api.url}/bot"
            .base_file_url(api.base_file_url)  # f"{api.url}/file/bot"
            .build()
        )
        api.push_update(api.private_message(42, "/start"))
        await api.wait_for("sendMessage", lambda p: p["chat_id"] == 42)

Wire format (as PTB 22 sends it): every call is a POST to ``{base_url}{token}/{method}``.
Without files the body is ``application/x-www-form-urlencoded`` where string values are sent
raw and every other value is JSON-encoded (``disable_notification=true``,
``reply_markup={"inline_keyboard": ...}``); with files it is ``multipart/form-data``; getMe
has an empty body. JSON bodies and GET query strings are accepted as well. Because a string
``"42"`` and an integer ``42`` look identical on the wire, parameters that the Bot API
defines as strings (``text``, ``caption``, ...) are never JSON-decoded.

Behaviour that mirrors the real Bot API (and catches real bugs):

* ``getUpdates`` long-polls, confirms updates below ``offset``, honours ``limit`` and
  ``allowed_updates`` (which, like Telegram, persists between calls and filters updates when
  they are *created*, i.e. pushed; by default ``chat_member``, ``message_reaction`` and
  ``message_reaction_count`` are not delivered). A newer ``getUpdates`` terminates a waiting
  one with 409 Conflict, and ``getUpdates`` while a webhook is set is a 409 as well.
* ``sendMessage``/``editMessageText`` reject empty text, text over 4096 characters, callback
  data over 64 bytes, and (when ``validate_markup``) HTML/MarkdownV2 that Telegram cannot
  parse, with Telegram's own error descriptions. The checks are conservative: anything they
  reject Telegram rejects too, but not the other way round.
* With ``strict=True`` (the default) editing/deleting/replying to an unknown message,
  editing a message without changes ("message is not modified") and answering an unknown
  callback/inline query are 400 errors, as in production.
* Messages are echoed back with ``text``/``entities``/inline ``reply_markup`` as given; the
  fake does not apply ``parse_mode`` to the returned text.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import email.parser
import email.policy
import html
import itertools
import json
import logging
import re
import socket
import socketserver
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

if TYPE_CHECKING:
    from telegram import Bot
    from telegram.ext import ApplicationBuilder

__all__ = [
    "BOT_FIRST_NAME",
    "BOT_USERNAME",
    "DEFAULT_TOKEN",
    "ApiError",
    "Call",
    "FakeBotApi",
    "UploadedFile",
    "fake_bot_api",
]

_LOGGER = logging.getLogger(__name__)

DEFAULT_TOKEN = "123456789:AAFakeTokenForReleaseBotTests_abcdefghi"
BOT_USERNAME = "release_test_bot"
BOT_FIRST_NAME = "Release Test Bot"
MAX_MESSAGE_LENGTH = 4096
MAX_CALLBACK_DATA_BYTES = 64

#: Update types Telegram does not deliver unless they are requested explicitly.
_NOT_DELIVERED_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

#: Parameters the Bot API types as String: never JSON-decode these ("42" must stay "42").
_STRING_PARAMS = frozenset(
    {
        "action",
        "address",
        "business_connection_id",
        "callback_query_id",
        "caption",
        "currency",
        "custom_title",
        "description",
        "emoji",
        "explanation",
        "first_name",
        "foursquare_id",
        "foursquare_type",
        "game_short_name",
        "google_place_id",
        "google_place_type",
        "inline_message_id",
        "inline_query_id",
        "invite_link",
        "ip_address",
        "language_code",
        "last_name",
        "message_effect_id",
        "name",
        "next_offset",
        "parse_mode",
        "payload",
        "phone_number",
        "provider_token",
        "question",
        "secret_token",
        "short_description",
        "start_parameter",
        "switch_pm_parameter",
        "switch_pm_text",
        "text",
        "title",
        "url",
        "vcard",
    }
)

_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

_DEFAULT_DESCRIPTIONS: dict[int, str] = {
    400: "Bad Request: can't parse entities: Can't find end of the entity starting at "
    "byte offset 0",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot "
    "instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}

_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


class ApiError(Exception):
    """A Bot API error answer: HTTP status, Telegram description and optional parameters."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram would send for this error."""
        out: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            out["parameters"] = self.parameters
        return out


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Call:
    """One recorded request.

    ``status`` is None while the request is still being answered (e.g. a waiting long poll)
    and for dropped connections. ``fault`` is "fail", "drop", "delay" or None; a delayed
    call is answered normally afterwards, so it counts as ``ok`` (even if the client had
    already given up).
    """

    method: str
    params: dict[str, Any]
    time: float
    token_ok: bool = True
    fault: str | None = None
    status: int | None = None
    response: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        """True if the request was answered with HTTP 200 and ``"ok": true``."""
        return self.status == 200

    @property
    def result(self) -> Any:
        """The ``result`` field of a successful answer (None otherwise)."""
        return self.response.get("result") if self.response else None

    def describe(self, t0: float = 0.0) -> str:
        """One human readable line."""
        params = json.dumps(self.params, default=repr, ensure_ascii=False)
        if len(params) > 240:
            params = params[:237] + "..."
        fault = f" fault={self.fault}" if self.fault else ""
        return f"{self.time - t0:+8.3f}s {self.method} status={self.status}{fault} {params}"


@dataclass
class _Fault:
    kind: str  # "fail" | "drop" | "delay"
    remaining: int
    status: int = 500
    description: str = ""
    parameters: dict[str, Any] | None = None
    body: bytes | None = None
    seconds: float = 0.0


@dataclass
class _Pending:
    update: dict[str, Any]
    update_id: int = field(init=False)

    def __post_init__(self) -> None:
        self.update_id = int(self.update["update_id"])


# --------------------------------------------------------------------------- helpers


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


_COMMAND_RE = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")
_MENTION_RE = re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{4,32}(?!\w)")
_URL_RE = re.compile(r"(?<!\S)https?://[^\s<>\"]+")


def detect_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram would attach to an incoming text: bot_command, mention, url.

    Offsets and lengths are in UTF-16 code units, as in the Bot API.
    """
    spans: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for regex, kind in ((_COMMAND_RE, "bot_command"), (_URL_RE, "url"), (_MENTION_RE, "mention")):
        for m in regex.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            spans.append((start, end, kind))
    spans.sort()
    return [
        {
            "type": kind,
            "offset": _utf16_len(text[:start]),
            "length": _utf16_len(text[start:end]),
        }
        for start, end, kind in spans
    ]


def _find_unescaped(text: str, token: str, start: int) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(token, i):
            return i
        i += 1
    return -1


#: MarkdownV2 characters that are never valid unescaped outside code/links (conservative).
_MDV2_RESERVED = frozenset("#+-={}.!()")


def check_markdown_v2(text: str) -> str | None:
    """Return Telegram's parse error for clearly invalid MarkdownV2, else None."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if text.startswith("```", i):
            end = _find_unescaped(text, "```", i + 3)
            if end < 0:
                return None
            i = end + 3
            continue
        if c == "`":
            end = _find_unescaped(text, "`", i + 1)
            if end < 0:
                return None
            i = end + 1
            continue
        if c == "]" and text.startswith("(", i + 1):
            end = _find_unescaped(text, ")", i + 2)
            if end < 0:
                return None
            i = end + 1
            continue
        if c == "!" and text.startswith("[", i + 1):
            i += 1
            continue
        if c in _MDV2_RESERVED:
            return f"Character '{c}' is reserved and must be escaped with the preceding '\\'"
        i += 1
    return None


_HTML_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)


def check_html(text: str) -> str | None:
    """Return Telegram's parse error for invalid HTML-mode text, else None."""
    stack: list[str] = []
    n = len(text)
    i = 0
    while True:
        i = text.find("<", i)
        if i < 0:
            break
        offset = len(text[:i].encode("utf-8"))
        if text.startswith("</", i):
            if not stack:
                return f"Unexpected end tag at byte offset {offset}"
            j = text.find(">", i)
            if j < 0:
                return f"Unclosed end tag at byte offset {offset}"
            name = text[i + 2 : j].strip().lower()
            if name != stack[-1]:
                return (
                    f'Unmatched end tag at byte offset {offset}, expected "</{stack[-1]}>", '
                    f'found "</{name}>"'
                )
            stack.pop()
            i = j + 1
            continue
        j = i + 1
        while j < n and not text[j].isspace() and text[j] != ">":
            j += 1
        if j >= n:
            return f"Unclosed start tag at byte offset {offset}"
        name = text[i + 1 : j].lower()
        if name not in _HTML_TAGS:
            return f'Unsupported start tag "{name}" at byte offset {offset}'
        quote = ""
        while j < n and (quote or text[j] != ">"):
            if quote and text[j] == quote:
                quote = ""
            elif not quote and text[j] in "\"'":
                quote = text[j]
            j += 1
        if j >= n:
            return f"Unclosed start tag at byte offset {offset}"
        stack.append(name)
        i = j + 1
    if stack:
        return f'Can\'t find end tag corresponding to start tag "{stack[-1]}"'
    return None


def _visible_text(text: str, parse_mode: str | None) -> str:
    """Approximate (never over-estimated) text after entity parsing."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return html.unescape(re.sub(r"<[^>]*>", "", text))
    if mode in ("markdownv2", "markdown"):
        text = re.sub(r"\]\((?:\\.|[^)\\])*\)", "]", text)
        text = re.sub(r"(?<!\\)[*_~|\[\]`]", "", text)
        return re.sub(r"\\(.)", r"\1", text)
    return text


def _decode_value(key: str, raw: str) -> Any:
    if key in _STRING_PARAMS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def decode_params(content_type: str, body: bytes, query: str = "") -> dict[str, Any]:
    """Decode request parameters the way the Bot API does (form, multipart, JSON, query)."""
    params: dict[str, Any] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        params[key] = _decode_value(key, value)
    ctype = content_type.split(";", 1)[0].strip().lower()
    if ctype == "application/json":
        data = json.loads(body.decode("utf-8") or "{}")
        if not isinstance(data, dict):
            raise ValueError("JSON body must be an object")
        params.update(data)
    elif ctype == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
        for part in msg.iter_parts():  # type: ignore[attr-defined]
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            filename = part.get_filename()
            if filename is not None:
                params[name] = UploadedFile(filename, part.get_content_type(), payload)
            else:
                params[name] = _decode_value(name, payload.decode("utf-8"))
    elif body:
        for key, value in parse_qsl(body.decode("utf-8"), keep_blank_values=True):
            params[key] = _decode_value(key, value)
    return params


def _update_type(update: dict[str, Any]) -> str:
    return next((k for k in update if k != "update_id"), "")


def _inline_markup(markup: Any) -> dict[str, Any] | None:
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        return markup
    return None


def _chat_key(chat_id: Any) -> Any:
    if isinstance(chat_id, str):
        with contextlib.suppress(ValueError):
            return int(chat_id)
    return chat_id


# --------------------------------------------------------------------------- HTTP layer


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, api: FakeBotApi, port: int) -> None:
        self.api = api
        super().__init__(("127.0.0.1", port), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind() calls socket.getfqdn(), which may hit DNS: skip it.
        socketserver.TCPServer.server_bind(self)
        self.server_name = "127.0.0.1"
        self.server_port = self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        _LOGGER.debug("fake bot api: connection error from %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Headers and body are separate writes: without NODELAY, Nagle + delayed ACK add
        # ~40 ms to every request.
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.api._register_connection(self.connection, threading.current_thread())

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.api._unregister_connection(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        _LOGGER.debug("fake bot api: " + format, *args)

    def do_POST(self) -> None:
        self.server.api._handle(self)

    do_GET = do_POST

    def read_body(self) -> bytes:
        """Read the request body (Content-Length or chunked)."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send_raw(self, status: int, body: bytes, content_type: str, close: bool = False) -> None:
        """Write a complete response; a vanished client is ignored."""
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def drop(self) -> None:
        """Close the connection without sending anything."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)


# --------------------------------------------------------------------------- the fake


class FakeBotApi:
    """Fake Telegram Bot API server; see the module docstring."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        username: str = BOT_USERNAME,
        first_name: str = BOT_FIRST_NAME,
        port: int = 0,
        strict: bool = True,
        validate_markup: bool = True,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.username = username
        self.first_name = first_name
        self.strict = strict
        self.validate_markup = validate_markup
        self._port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._stop_event = threading.Event()
        self._connections: dict[socket.socket, threading.Thread] = {}
        self._t0 = time.monotonic()
        self._calls: list[Call] = []
        self._faults: dict[str, list[_Fault]] = {}
        self._updates: list[_Pending] = []
        self._discarded_updates: list[dict[str, Any]] = []
        self._next_update_id = 1000
        self._poll_generation = 0
        self._allowed_updates: list[str] | None = None
        self._webhook: dict[str, Any] = {}
        self._last_message_id = 0
        self._query_ids = itertools.count(1)
        self._messages: dict[tuple[Any, int], dict[str, Any]] = {}
        self._chats: dict[Any, dict[str, Any]] = {}
        self._known_callback_ids: set[str] = set()
        self._known_inline_ids: set[str] = set()
        self._blocked_chats: set[Any] = set()
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._descriptions: dict[tuple[str, str], str] = {}
        self._methods: dict[str, Callable[[dict[str, Any]], Any]] = {
            name: getattr(self, f"_m_{name}")
            for name in (
                "getMe",
                "getUpdates",
                "sendMessage",
                "editMessageText",
                "editMessageReplyMarkup",
                "sendContact",
                "answerCallbackQuery",
                "answerInlineQuery",
                "setMyCommands",
                "getMyCommands",
                "deleteMyCommands",
                "setMyDescription",
                "getMyDescription",
                "setMyShortDescription",
                "getMyShortDescription",
                "deleteWebhook",
                "setWebhook",
                "getWebhookInfo",
                "sendChatAction",
                "deleteMessage",
                "close",
                "logOut",
            )
        }
        self._canonical = {name.lower(): name for name in self._methods}

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> FakeBotApi:
        """Start serving on 127.0.0.1 in a daemon thread (idempotent)."""
        if self._server is not None:
            return self
        self._stop_event.clear()
        self._server = _Server(self, self._port)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fake-bot-api:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        """Stop serving: wake long polls and delays, close connections, join threads."""
        server, thread = self._server, self._thread
        if server is None:
            return
        with self._cond:
            self._stop_event.set()
            self._cond.notify_all()
        server.shutdown()
        server.server_close()
        with self._lock:
            connections = dict(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + timeout
        for worker in connections.values():
            worker.join(max(0.0, deadline - time.monotonic()))
        if thread is not None:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound TCP port (after start())."""
        if self._server is None:
            raise RuntimeError("FakeBotApi is not running; call start() first")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """Value for ``Bot(base_url=...)`` / ``ApplicationBuilder.base_url()``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``Bot(base_file_url=...)`` / ``ApplicationBuilder.base_file_url()``."""
        return f"{self.url}/file/bot"

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot's User object as returned by getMe."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def make_bot(self, **kwargs: Any) -> Bot:
        """A real ``telegram.Bot`` pointed at this server."""
        from telegram import Bot

        return Bot(self.token, base_url=self.base_url, base_file_url=self.base_file_url, **kwargs)

    def application_builder(self) -> ApplicationBuilder:
        """A real ``ApplicationBuilder`` with token and URLs pointed at this server."""
        from telegram.ext import Application

        return (
            Application.builder()
            .token(self.token)
            .base_url(self.base_url)
            .base_file_url(self.base_file_url)
        )

    def _register_connection(self, conn: socket.socket, thread: threading.Thread) -> None:
        with self._lock:
            self._connections[conn] = thread

    def _unregister_connection(self, conn: socket.socket) -> None:
        with self._lock:
            self._connections.pop(conn, None)

    # ----------------------------------------------------------------- recording

    def calls(self, method: str | None = None) -> list[Call]:
        """All recorded calls (optionally only one method), oldest first."""
        with self._lock:
            if method is None:
                return list(self._calls)
            method = self._canonical.get(method.lower(), method)
            return [c for c in self._calls if c.method == method]

    def clear_calls(self) -> None:
        """Forget the recorded calls."""
        with self._lock:
            self._calls.clear()

    def sent_messages(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Params of successful sendMessage/sendContact/editMessageText calls, oldest first."""
        with self._lock:
            out = []
            for c in self._calls:
                if not c.ok or c.method not in ("sendMessage", "sendContact", "editMessageText"):
                    continue
                if chat_id is not None and str(c.params.get("chat_id")) != str(chat_id):
                    continue
                out.append(c.params)
            return out

    def sent_texts(self, chat_id: int | str | None = None) -> list[str]:
        """The ``text`` of successful sendMessage/editMessageText calls."""
        return [p["text"] for p in self.sent_messages(chat_id) if "text" in p]

    def _matching(
        self,
        method: str,
        predicate: Callable[[dict[str, Any]], bool] | None,
        since: float | None,
    ) -> list[Call]:
        return [
            c
            for c in self.calls(method)
            if c.ok
            and (since is None or c.time >= since)
            and (predicate is None or predicate(c.params))
        ]

    def _wait_failed(
        self, method: str, count: int, found: list[Call], timeout: float
    ) -> AssertionError:
        received = self.calls()
        lines = [c.describe(self._t0) for c in received[-60:]]
        more = f" (last 60 of {len(received)})" if len(received) > 60 else ""
        return AssertionError(
            f"timed out after {timeout}s waiting for {count} successful matching "
            f"{method!r} call(s); {len(found)} matched. Received{more}:\n"
            + ("\n".join(lines) if lines else "  (no calls at all)")
        )

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        count: int = 1,
        timeout: float = 5.0,
        *,
        since: float | None = None,
    ) -> list[Call]:
        """Wait until ``count`` successful ``method`` calls whose params satisfy
        ``predicate`` exist (received at/after monotonic ``since``); return all of them.

        Raises AssertionError listing every received call on timeout.
        """
        deadline = time.monotonic() + timeout
        while True:
            found = self._matching(method, predicate, since)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                raise self._wait_failed(method, count, found, timeout)
            await asyncio.sleep(0.01)

    def wait_for_sync(
        self,
        method: str,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        count: int = 1,
        timeout: float = 5.0,
        *,
        since: float | None = None,
    ) -> list[Call]:
        """Blocking variant of :meth:`wait_for` for synchronous tests."""
        deadline = time.monotonic() + timeout
        while True:
            found = self._matching(method, predicate, since)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                raise self._wait_failed(method, count, found, timeout)
            time.sleep(0.01)

    # ----------------------------------------------------------------- faults

    def _add_fault(self, method: str, fault: _Fault) -> None:
        key = method.lower()
        with self._lock:
            self._faults.setdefault(key, []).append(fault)

    def fail_next(
        self,
        method: str,
        status: int = 500,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
        *,
        parameters: dict[str, Any] | None = None,
        body: bytes | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with a Telegram-shaped error.

        429 gets ``parameters.retry_after`` (default 1) and "Too Many Requests: retry after
        N". ``body`` replaces the JSON body with raw bytes (e.g. nginx's HTML 502 page).
        """
        params = dict(parameters or {})
        if status == 429 and retry_after is None:
            retry_after = 1
        if retry_after is not None:
            params["retry_after"] = retry_after
        if description is None:
            if status == 429:
                description = f"Too Many Requests: retry after {retry_after}"
            else:
                try:
                    phrase = HTTPStatus(status).phrase
                except ValueError:
                    phrase = "Error"
                description = _DEFAULT_DESCRIPTIONS.get(status, phrase)
        self._add_fault(
            method,
            _Fault("fail", times, status, description, params or None, body),
        )

    def drop_next(self, method: str, times: int = 1) -> None:
        """Close the connection of the next ``times`` calls without answering."""
        self._add_fault(method, _Fault("drop", times))

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Sleep ``seconds`` before handling the next ``times`` calls (client timeouts)."""
        self._add_fault(method, _Fault("delay", times, seconds=seconds))

    def clear_faults(self) -> None:
        """Forget all queued faults."""
        with self._lock:
            self._faults.clear()

    def _take_fault(self, method: str) -> _Fault | None:
        with self._lock:
            queue = self._faults.get(method.lower())
            if not queue:
                return None
            fault = queue[0]
            fault.remaining -= 1
            if fault.remaining <= 0:
                queue.pop(0)
            return fault

    # ----------------------------------------------------------------- request handling

    def _handle(self, req: _Handler) -> None:
        received = time.monotonic()
        split = urlsplit(req.path)
        path = unquote(split.path)
        try:
            body = req.read_body()
        except (OSError, ValueError):
            req.drop()
            return
        match = re.fullmatch(r"/bot([^/]*)/([^/]+)", path)
        if match is None:
            self._reply(req, None, ApiError(404, "Not Found"))
            return
        token, raw_method = match.groups()
        method = self._canonical.get(raw_method.lower(), raw_method)
        try:
            params = decode_params(req.headers.get("Content-Type", ""), body, split.query)
        except (ValueError, UnicodeDecodeError) as exc:
            call = self._record(method, {}, received, token == self.token)
            self._reply(req, call, ApiError(400, f"Bad Request: can't parse request: {exc}"))
            return
        call = self._record(method, params, received, token == self.token)
        if token != self.token:
            self._reply(req, call, ApiError(401, "Unauthorized"))
            return
        handler = self._methods.get(method)
        if handler is None:
            self._reply(req, call, ApiError(404, "Not Found"))
            return

        fault = self._take_fault(method)
        if fault is not None:
            with self._lock:
                call.fault = fault.kind
            if fault.kind == "drop":
                req.drop()
                return
            if fault.kind == "delay" and self._stop_event.wait(fault.seconds):
                req.drop()
                return
            if fault.kind == "fail":
                error = ApiError(fault.status, fault.description, fault.parameters)
                if fault.body is not None:
                    with self._lock:
                        call.status = fault.status
                    req.send_raw(fault.status, fault.body, "text/html")
                else:
                    self._reply(req, call, error)
                return

        try:
            result = handler(params)
        except ApiError as error:
            self._reply(req, call, error)
            return
        except Exception as exc:  # a bug in the fake or a malformed request
            _LOGGER.exception("fake bot api: %s failed", method)
            self._reply(req, call, ApiError(400, f"Bad Request: {exc!r}"))
            return
        self._reply(req, call, {"ok": True, "result": result})

    def _record(self, method: str, params: dict[str, Any], when: float, token_ok: bool) -> Call:
        call = Call(method=method, params=params, time=when, token_ok=token_ok)
        with self._lock:
            self._calls.append(call)
        return call

    def _reply(self, req: _Handler, call: Call | None, answer: dict[str, Any] | ApiError) -> None:
        if isinstance(answer, ApiError):
            status, body = answer.status, answer.body()
        else:
            status, body = 200, answer
        if call is not None:
            with self._lock:
                call.status = status
                call.response = body
        req.send_raw(
            status,
            json.dumps(body, ensure_ascii=False).encode("utf-8"),
            "application/json",
            close=self._stop_event.is_set(),
        )

    # ----------------------------------------------------------------- updates

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; assigns ``update_id`` if absent and returns it.

        Like Telegram, an update whose type is not currently allowed (see allowed_updates)
        is never created: it is discarded (see :attr:`discarded_updates`).
        """
        update = copy.deepcopy(update)
        with self._cond:
            if "update_id" not in update:
                update["update_id"] = self._next_update_id
            update_id = int(update["update_id"])
            self._next_update_id = max(self._next_update_id, update_id + 1)
            self._remember(update)
            if not self._allowed(_update_type(update)):
                self._discarded_updates.append(update)
                return update_id
            self._updates.append(_Pending(update))
            self._cond.notify_all()
        return update_id

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by an offset."""
        with self._lock:
            return [copy.deepcopy(p.update) for p in self._updates]

    @property
    def discarded_updates(self) -> list[dict[str, Any]]:
        """Pushed updates dropped because their type was not allowed."""
        with self._lock:
            return list(self._discarded_updates)

    def _allowed(self, kind: str) -> bool:
        if self._allowed_updates is None:
            return kind not in _NOT_DELIVERED_BY_DEFAULT
        return kind in self._allowed_updates

    def _remember(self, update: dict[str, Any]) -> None:
        for key in ("message", "edited_message", "channel_post", "edited_channel_post"):
            if isinstance(update.get(key), dict):
                self._store_message(update[key])
        query = update.get("callback_query")
        if isinstance(query, dict):
            self._known_callback_ids.add(str(query.get("id")))
            if isinstance(query.get("message"), dict):
                self._store_message(query["message"])
        inline = update.get("inline_query")
        if isinstance(inline, dict):
            self._known_inline_ids.add(str(inline.get("id")))

    def _store_message(self, message: dict[str, Any]) -> None:
        chat = message.get("chat") or {}
        if "id" in chat:
            self._chats.setdefault(chat["id"], copy.deepcopy(chat))
            if "message_id" in message:
                message_id = int(message["message_id"])
                self._last_message_id = max(self._last_message_id, message_id)
                self._messages[(chat["id"], message_id)] = copy.deepcopy(message)

    # ----------------------------------------------------------------- update builders

    def _now(self) -> int:
        return int(time.time())

    def _new_message_id(self) -> int:
        with self._lock:
            self._last_message_id += 1
            return self._last_message_id

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> dict[str, Any]:
        """A (non-bot) User object."""
        out: dict[str, Any] = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name or f"User{user_id}",
        }
        if username:
            out["username"] = username
        if language_code:
            out["language_code"] = language_code
        return out

    def bot_sender(self) -> dict[str, Any]:
        """The bot as it appears in ``message.from``."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    def chat(self, chat_id: int | str, chat_type: str | None = None) -> dict[str, Any]:
        """A Chat object: known chats as seen before, else inferred from the id."""
        key = _chat_key(chat_id)
        with self._lock:
            known = self._chats.get(key)
        if known is not None and (chat_type is None or known.get("type") == chat_type):
            return copy.deepcopy(known)
        if isinstance(key, str):
            username = key.lstrip("@")
            cid = -1000000000000 - zlib.crc32(username.encode()) % 10**9
            return {
                "id": cid,
                "type": chat_type or "channel",
                "title": username,
                "username": username,
            }
        if chat_type is None:
            chat_type = (
                "private" if key > 0 else "supergroup" if str(key).startswith("-100") else "group"
            )
        if chat_type == "private":
            return {"id": key, "type": "private", "first_name": f"User{key}"}
        return {"id": key, "type": chat_type, "title": f"Test {chat_type} {key}"}

    def _base_message(
        self, sender: dict[str, Any], chat: dict[str, Any], message_id: int | None = None
    ) -> dict[str, Any]:
        return {
            "message_id": message_id if message_id is not None else self._new_message_id(),
            "from": sender,
            "chat": chat,
            "date": self._now(),
        }

    @staticmethod
    def _add_text(message: dict[str, Any], text: str, entities: list[dict] | None) -> None:
        message["text"] = text
        ents = detect_entities(text) if entities is None else entities
        if ents:
            message["entities"] = ents

    def message(
        self,
        user_id: int,
        chat: dict[str, Any] | int | str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """A ``message`` update with arbitrary fields (sticker, photo, location, caption...).

        ``chat`` defaults to the user's private chat; ``text``/``caption`` get detected
        entities unless ``entities``/``caption_entities`` are given. ``from`` may be
        overridden via ``**{"from": {...}}``.
        """
        chat_obj = self._resolve_chat(user_id, chat)
        msg = self._base_message(self.user(user_id), chat_obj)
        if "text" in fields and "entities" not in fields:
            ents = detect_entities(fields["text"])
            if ents:
                msg["entities"] = ents
        if "caption" in fields and "caption_entities" not in fields:
            ents = detect_entities(fields["caption"])
            if ents:
                msg["caption_entities"] = ents
        msg.update(fields)
        return {"message": msg}

    def _resolve_chat(
        self, user_id: int, chat: dict[str, Any] | int | str | None
    ) -> dict[str, Any]:
        if chat is None:
            with self._lock:
                known = self._chats.get(user_id)
            if known is not None and known.get("type") == "private":
                return copy.deepcopy(known)
            return {"id": user_id, "type": "private", "first_name": f"User{user_id}"}
        if isinstance(chat, dict):
            return chat
        return self.chat(chat)

    def private_message(self, user_id: int, text: str, **extra: Any) -> dict[str, Any]:
        """A ``message`` update with ``text`` in the user's private chat."""
        return self.message(user_id, None, text=text, **extra)

    def group_message(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        entities: list[dict[str, Any]] | None = None,
        reply_to_bot: bool = False,
        chat_type: str = "group",
    ) -> dict[str, Any]:
        """A ``message`` update in a group; ``reply_to_bot`` makes it a reply to the bot's
        latest message in that chat (or to a synthetic one)."""
        chat = self.chat(chat_id, chat_type)
        msg = self._base_message(self.user(user_id), chat)
        self._add_text(msg, text, entities)
        if reply_to_bot:
            msg["reply_to_message"] = self._latest_bot_message(chat)
        return {"message": msg}

    def _latest_bot_message(self, chat: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            candidates = [
                m
                for (cid, _), m in self._messages.items()
                if cid == chat["id"] and (m.get("from") or {}).get("id") == self.bot_id
            ]
        if candidates:
            latest = copy.deepcopy(max(candidates, key=lambda m: m["message_id"]))
            latest.pop("reply_to_message", None)
            return latest
        synthetic = self._base_message(self.bot_sender(), chat)
        synthetic["text"] = "Hello from the bot"
        with self._lock:
            self._store_message(synthetic)
        return copy.deepcopy(synthetic)

    def edited_message(
        self,
        user_id: int,
        text: str,
        message_id: int | None = None,
        chat: dict[str, Any] | int | str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """An ``edited_message`` update (of a known message if ``message_id`` is given)."""
        chat_obj = self._resolve_chat(user_id, chat)
        with self._lock:
            known = self._messages.get((chat_obj["id"], message_id or -1))
        msg = (
            copy.deepcopy(known)
            if known is not None
            else self._base_message(self.user(user_id), chat_obj, message_id)
        )
        msg.pop("entities", None)
        self._add_text(msg, text, extra.pop("entities", None))
        msg["edit_date"] = self._now()
        msg.update(extra)
        return {"edited_message": msg}

    def callback_query(
        self,
        user_id: int,
        data: str,
        message_chat_id: int | None = None,
        message_id: int | None = None,
    ) -> dict[str, Any]:
        """A ``callback_query`` update from a button on the bot's message.

        Uses the stored bot message (chat ``message_chat_id`` or the user's private chat,
        ``message_id`` or the bot's latest message there) or synthesises one.
        """
        chat = self._resolve_chat(user_id, message_chat_id)
        with self._lock:
            known = self._messages.get((chat["id"], message_id)) if message_id is not None else None
        if known is not None:
            message = copy.deepcopy(known)
        elif message_id is None:
            message = self._latest_bot_message(chat)
        else:
            message = self._base_message(self.bot_sender(), chat, message_id)
            message["text"] = "Choose an option"
            with self._lock:
                self._store_message(message)
        return {
            "callback_query": {
                "id": str(next(self._query_ids) + 4_000_000_000),
                "from": self.user(user_id),
                "message": message,
                "chat_instance": str(zlib.crc32(str(chat["id"]).encode())),
                "data": data,
            }
        }

    def inline_query(self, user_id: int, query: str, offset: str = "") -> dict[str, Any]:
        """An ``inline_query`` update."""
        return {
            "inline_query": {
                "id": str(next(self._query_ids) + 7_000_000_000),
                "from": self.user(user_id),
                "query": query,
                "offset": offset,
                "chat_type": "sender",
            }
        }

    # Field factories for message(): valid Bot API objects for common media.

    @staticmethod
    def sticker(emoji: str = "👍") -> dict[str, Any]:
        """A Sticker object."""
        return {
            "file_id": "CAACAgIAAxkBAAFakeSticker",
            "file_unique_id": "AgADFakeSticker",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }

    @staticmethod
    def photo() -> list[dict[str, Any]]:
        """A photo (list of PhotoSize)."""
        return [
            {
                "file_id": f"AgACAgIAAxkBAAFakePhoto{w}",
                "file_unique_id": f"AQADFake{w}",
                "width": w,
                "height": w * 3 // 4,
                "file_size": w * 40,
            }
            for w in (90, 320, 800)
        ]

    @staticmethod
    def location(latitude: float = 52.52, longitude: float = 13.405) -> dict[str, Any]:
        """A Location object."""
        return {"latitude": latitude, "longitude": longitude}

    @staticmethod
    def document(file_name: str = "release.pdf", mime_type: str = "application/pdf") -> dict:
        """A Document object."""
        return {
            "file_id": "BQACAgIAAxkBAAFakeDocument",
            "file_unique_id": "AgADFakeDocument",
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": 12345,
        }

    @staticmethod
    def voice(duration: int = 3) -> dict[str, Any]:
        """A Voice object."""
        return {
            "file_id": "AwACAgIAAxkBAAFakeVoice",
            "file_unique_id": "AgADFakeVoice",
            "duration": duration,
            "mime_type": "audio/ogg",
        }

    def block_chat(self, chat_id: int | str) -> None:
        """Make sends to ``chat_id`` fail with 403 "bot was blocked by the user"."""
        with self._lock:
            self._blocked_chats.add(_chat_key(chat_id))

    # ----------------------------------------------------------------- method helpers

    @staticmethod
    def _require(params: dict[str, Any], name: str) -> Any:
        value = params.get(name)
        if value is None or value == "":
            raise ApiError(400, f"Bad Request: {name} is empty")
        return value

    def _check_chat(self, chat_id: Any) -> dict[str, Any]:
        key = _chat_key(chat_id)
        if key in self._blocked_chats:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return self.chat(key)

    def _check_text(self, text: Any, parse_mode: Any) -> None:
        if not isinstance(text, str):
            text = str(text)
        mode = parse_mode.lower() if isinstance(parse_mode, str) else ""
        if self.validate_markup:
            error = (
                check_html(text)
                if mode == "html"
                else check_markdown_v2(text)
                if mode == "markdownv2"
                else None
            )
            if error:
                raise ApiError(400, f"Bad Request: can't parse entities: {error}")
        visible = _visible_text(text, parse_mode)
        if not visible.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(visible) > MAX_MESSAGE_LENGTH:
            raise ApiError(400, "Bad Request: message is too long")

    @staticmethod
    def _check_markup(markup: Any) -> None:
        if not isinstance(markup, dict):
            return
        for row in markup.get("inline_keyboard") or []:
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= (
                    MAX_CALLBACK_DATA_BYTES
                ):
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    def _reply_to(self, chat: dict[str, Any], params: dict[str, Any]) -> dict[str, Any] | None:
        reply = params.get("reply_parameters")
        if not isinstance(reply, dict):
            return None
        key = (_chat_key(reply.get("chat_id", chat["id"])), int(reply.get("message_id", 0)))
        with self._lock:
            target = self._messages.get(key)
        if target is None:
            if self.strict and not reply.get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
            return None
        target = copy.deepcopy(target)
        target.pop("reply_to_message", None)
        return target

    def _new_bot_message(self, params: dict[str, Any], **fields: Any) -> dict[str, Any]:
        chat = self._check_chat(self._require(params, "chat_id"))
        msg = self._base_message(self.bot_sender(), chat)
        if params.get("message_thread_id") is not None:
            msg["message_thread_id"] = params["message_thread_id"]
        reply_to = self._reply_to(chat, params)
        if reply_to is not None:
            msg["reply_to_message"] = reply_to
        msg.update(fields)
        markup = _inline_markup(params.get("reply_markup"))
        if markup is not None:
            msg["reply_markup"] = markup
        with self._lock:
            self._store_message(msg)
        return msg

    def _editable(self, params: dict[str, Any]) -> tuple[tuple[Any, int], dict[str, Any]]:
        chat_id = _chat_key(self._require(params, "chat_id"))
        message_id = int(self._require(params, "message_id"))
        with self._lock:
            msg = self._messages.get((chat_id, message_id))
        if msg is None:
            if self.strict:
                raise ApiError(400, "Bad Request: message to edit not found")
            msg = self._base_message(self.bot_sender(), self.chat(chat_id), message_id)
        elif self.strict and (msg.get("from") or {}).get("id") != self.bot_id:
            raise ApiError(400, "Bad Request: message can't be edited")
        return (chat_id, message_id), copy.deepcopy(msg)

    def _scope_key(self, params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    # ----------------------------------------------------------------- Bot API methods

    def _m_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot_user

    def _m_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = max(0.0, float(params.get("timeout") or 0))
        allowed = params.get("allowed_updates")
        deadline = time.monotonic() + timeout
        with self._cond:
            if self._webhook.get("url"):
                raise ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; use "
                    "deleteWebhook to delete the webhook first",
                )
            if isinstance(allowed, list):
                self._allowed_updates = list(allowed) or None
            if offset > 0:
                self._updates = [p for p in self._updates if p.update_id >= offset]
            elif offset < 0:
                self._updates = self._updates[offset:]
            self._poll_generation += 1
            generation = self._poll_generation
            self._cond.notify_all()  # terminate an older waiting getUpdates (409)
            while True:
                if generation != self._poll_generation:
                    raise ApiError(409, _DEFAULT_DESCRIPTIONS[409])
                if self._updates:
                    return [copy.deepcopy(p.update) for p in self._updates[:limit]]
                if self._stop_event.is_set():
                    return []
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                self._cond.wait(remaining)

    def _m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        text = self._require(params, "text")
        if not isinstance(text, str):
            text = str(text)
        self._check_chat(self._require(params, "chat_id"))
        self._check_text(text, params.get("parse_mode"))
        self._check_markup(params.get("reply_markup"))
        fields: dict[str, Any] = {"text": text}
        if params.get("entities"):
            fields["entities"] = params["entities"]
        return self._new_bot_message(params, **fields)

    def _m_sendContact(self, params: dict[str, Any]) -> dict[str, Any]:
        contact = {
            "phone_number": str(self._require(params, "phone_number")),
            "first_name": str(self._require(params, "first_name")),
        }
        for key in ("last_name", "vcard"):
            if params.get(key):
                contact[key] = params[key]
        self._check_markup(params.get("reply_markup"))
        return self._new_bot_message(params, contact=contact)

    def _m_editMessageText(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        text = self._require(params, "text")
        if not isinstance(text, str):
            text = str(text)
        self._check_text(text, params.get("parse_mode"))
        self._check_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        key, msg = self._editable(params)
        if self.strict and "text" not in msg:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        markup = _inline_markup(params.get("reply_markup"))
        entities = params.get("entities") or None
        if (
            self.strict
            and msg.get("text") == text
            and msg.get("entities") == entities
            and msg.get("reply_markup") == markup
        ):
            raise ApiError(400, _NOT_MODIFIED)
        msg["text"] = text
        msg.pop("entities", None)
        msg.pop("reply_markup", None)
        if entities:
            msg["entities"] = entities
        if markup is not None:
            msg["reply_markup"] = markup
        msg["edit_date"] = self._now()
        with self._lock:
            self._messages[key] = copy.deepcopy(msg)
        return msg

    def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        self._check_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        key, msg = self._editable(params)
        markup = _inline_markup(params.get("reply_markup"))
        if self.strict and msg.get("reply_markup") == markup:
            raise ApiError(400, _NOT_MODIFIED)
        msg.pop("reply_markup", None)
        if markup is not None:
            msg["reply_markup"] = markup
        msg["edit_date"] = self._now()
        with self._lock:
            self._messages[key] = copy.deepcopy(msg)
        return msg

    def _require_known_query(self, params: dict[str, Any], field: str, known: set[str]) -> None:
        """In strict mode, refuse an answer to a query id this server never issued."""
        query_id = str(self._require(params, field))
        with self._lock:
            issued = query_id in known
        if self.strict and not issued:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )

    def _m_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        self._require_known_query(params, "callback_query_id", self._known_callback_ids)
        return True

    def _m_answerInlineQuery(self, params: dict[str, Any]) -> bool:
        self._require_known_query(params, "inline_query_id", self._known_inline_ids)
        results = params.get("results")
        if not isinstance(results, list):
            raise ApiError(400, "Bad Request: results must be an array")
        if len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        return True

    def _m_setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: commands must be an array")
        for cmd in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(cmd.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(cmd.get("description", ""))) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        with self._lock:
            self._commands[self._scope_key(params)] = copy.deepcopy(commands)
        return True

    def _m_getMyCommands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(self._commands.get(self._scope_key(params), []))

    def _m_deleteMyCommands(self, params: dict[str, Any]) -> bool:
        with self._lock:
            self._commands.pop(self._scope_key(params), None)
        return True

    def _set_description(self, params: dict[str, Any], kind: str, limit: int) -> bool:
        text = str(params.get(kind) or "")
        if len(text) > limit:
            raise ApiError(400, f"Bad Request: {kind} is too long")
        with self._lock:
            self._descriptions[(kind, str(params.get("language_code") or ""))] = text
        return True

    def _m_setMyDescription(self, params: dict[str, Any]) -> bool:
        return self._set_description(params, "description", 512)

    def _m_setMyShortDescription(self, params: dict[str, Any]) -> bool:
        return self._set_description(params, "short_description", 120)

    def _m_getMyDescription(self, params: dict[str, Any]) -> dict[str, str]:
        lang = str(params.get("language_code") or "")
        with self._lock:
            return {"description": self._descriptions.get(("description", lang), "")}

    def _m_getMyShortDescription(self, params: dict[str, Any]) -> dict[str, str]:
        lang = str(params.get("language_code") or "")
        with self._lock:
            text = self._descriptions.get(("short_description", lang), "")
        return {"short_description": text}

    def _m_deleteWebhook(self, params: dict[str, Any]) -> bool:
        with self._cond:
            self._webhook = {}
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return True

    def _m_setWebhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        if url and not url.lower().startswith("https://"):
            raise ApiError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        with self._cond:
            self._webhook = {"url": url, "secret_token": params.get("secret_token")}
            if isinstance(params.get("allowed_updates"), list):
                self._allowed_updates = list(params["allowed_updates"]) or None
            if params.get("drop_pending_updates"):
                self._updates.clear()
            self._cond.notify_all()
        return True

    def _m_getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            info: dict[str, Any] = {
                "url": self._webhook.get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }
            if self._allowed_updates is not None:
                info["allowed_updates"] = list(self._allowed_updates)
        return info

    def _m_sendChatAction(self, params: dict[str, Any]) -> bool:
        self._check_chat(self._require(params, "chat_id"))
        if params.get("action") not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _m_deleteMessage(self, params: dict[str, Any]) -> bool:
        chat_id = _chat_key(self._require(params, "chat_id"))
        key = (chat_id, int(self._require(params, "message_id")))
        with self._lock:
            found = self._messages.pop(key, None)
        if found is None and self.strict:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    def _m_close(self, params: dict[str, Any]) -> bool:
        return True

    def _m_logOut(self, params: dict[str, Any]) -> bool:
        return True


@pytest.fixture
def fake_bot_api() -> Iterator[FakeBotApi]:
    """A running FakeBotApi, stopped after the test."""
    with FakeBotApi() as api:
        yield api
