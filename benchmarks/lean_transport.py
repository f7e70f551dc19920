"""An experiment, for benchmarks/bot_throughput.py only: a lean transport for python-telegram-bot,
HTTP/1.1 with keep-alive over asyncio's own streams.

It is not the bot's transport: a hand-written HTTP client has not met the real Bot API, its
proxies and its TLS, and httpx is a well-kept library that has. It is kept here to measure how
much of a bot's CPU is the transport (`--transport lean` runs both bots over it).

python-telegram-bot's default transport (`HTTPXRequest`) goes through httpx, httpcore and anyio;
on loopback that stack costs more CPU per sendMessage than everything else a bare bot does
(`benchmarks/bot_throughput.py`). The Bot API needs little of it: one POST of a form, answered
with JSON. `StreamRequest` writes that request itself and reads the answer (Content-Length,
chunked, or up to the end of the connection), keeps idle connections for the next request, and
checks certificates with the same CA bundle as httpx (certifi). Anything else, an upload of a
file (multipart), goes through an `HTTPXRequest` made with the same limits.

Errors are python-telegram-bot's own: `TimedOut` for the connect, write, read and pool timeouts,
`NetworkError` for everything that breaks a connection; their text names the kind of failure,
never the URL (it holds the token). A connection that was kept and turns out to have been closed
by the server before any byte of the answer arrived is replaced once by a new one, as browsers
do; a request is never sent twice otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from functools import lru_cache
from typing import NamedTuple

from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

_HEAD_END = b"\r\n\r\n"
_READ_LIMIT = 1 << 16  # the longest answer head accepted


class _Target(NamedTuple):
    origin: tuple[str, str, int]  # scheme, host, port
    path: bytes  # the request line's target
    host: bytes  # the Host header


@lru_cache(maxsize=256)
def _target(url: str) -> _Target:
    from urllib.parse import urlsplit

    split = urlsplit(url)
    scheme = split.scheme.lower()
    if scheme not in ("http", "https") or not split.hostname:
        raise NetworkError("StreamRequest speaks http:// and https:// only")
    default = 443 if scheme == "https" else 80
    port = split.port or default
    path = (split.path or "/") + (f"?{split.query}" if split.query else "")
    hostname = split.hostname
    shown = f"[{hostname}]" if ":" in hostname else hostname
    host = shown if port == default else f"{shown}:{port}"
    return _Target((scheme, hostname, port), path.encode("ascii"), host.encode("idna"))


class _Connection:
    __slots__ = ("reader", "writer")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    def usable(self) -> bool:
        """Still open: the event loop has seen no end and no error on it while it was idle."""
        return not self.reader.at_eof() and not self.writer.is_closing()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.writer.close()


class _ClosedBeforeAnswer(Exception):
    """A kept connection was closed by the server before any byte of the answer arrived."""


class StreamRequest(BaseRequest):
    """`BaseRequest` over asyncio streams; see the module docstring. The arguments mean what
    they mean for `HTTPXRequest` (seconds; None: no limit)."""

    __slots__ = (
        "_closed",
        "_connect_timeout",
        "_fallback",
        "_idle",
        "_pool_size",
        "_pool_timeout",
        "_read_timeout",
        "_slots",
        "_ssl",
        "_write_timeout",
    )

    def __init__(
        self,
        connection_pool_size: int = 1,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        if connection_pool_size < 1:
            raise ValueError("connection_pool_size must be at least 1")
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._idle: dict[tuple[str, str, int], list[_Connection]] = {}
        self._slots: asyncio.Semaphore | None = None  # made in the running loop
        self._ssl: ssl.SSLContext | None = None
        self._fallback: HTTPXRequest | None = None
        self._closed = False

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        """Ready for requests in the running event loop (connections and the pool's semaphore
        belong to the loop that made them, so none is carried over)."""
        self._drop_idle()
        self._slots = None
        self._closed = False

    async def shutdown(self) -> None:
        self._closed = True
        self._drop_idle()
        if self._fallback is not None:
            await self._fallback.shutdown()

    def _drop_idle(self) -> None:
        for connections in self._idle.values():
            for connection in connections:
                connection.close()
        self._idle.clear()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._closed:
            raise RuntimeError("This StreamRequest is not initialized!")
        if request_data is not None and request_data.contains_files:
            return await self._uploads().do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )
        target = _target(url)
        body = request_data.url_encoded_parameters().encode("ascii") if request_data else b""
        request = b"".join(
            (
                method.upper().encode("ascii"),
                b" ",
                target.path,
                b" HTTP/1.1\r\nHost: ",
                target.host,
                b"\r\nUser-Agent: ",
                self.USER_AGENT.encode("ascii"),
                b"\r\nAccept: application/json\r\n",
                b"Content-Type: application/x-www-form-urlencoded\r\n" if body else b"",
                b"Content-Length: %d\r\n\r\n" % len(body),
                body,
            )
        )
        slots = self._slots
        if slots is None:
            slots = self._slots = asyncio.Semaphore(self._pool_size)
        if slots.locked():
            try:
                async with asyncio.timeout(_seconds(pool_timeout, self._pool_timeout)):
                    await slots.acquire()
            except TimeoutError:
                raise TimedOut(
                    "Pool timeout: all connections are in use; the request was not sent"
                ) from None
        else:
            await slots.acquire()
        try:
            connection = self._kept(target.origin)
            if connection is not None:
                try:
                    return await self._exchange(
                        connection, target, request, read_timeout, write_timeout
                    )
                except _ClosedBeforeAnswer:
                    pass  # closed by the server while it was idle: once more, on a new one
            connection = await self._connect(target, connect_timeout)
            try:
                return await self._exchange(
                    connection, target, request, read_timeout, write_timeout
                )
            except _ClosedBeforeAnswer:
                raise NetworkError("the server closed the connection without answering") from None
        finally:
            slots.release()

    def _kept(self, origin: tuple[str, str, int]) -> _Connection | None:
        connections = self._idle.get(origin)
        while connections:
            connection = connections.pop()
            if connection.usable():
                return connection
            connection.close()
        return None

    async def _connect(self, target: _Target, timeout: ODVInput[float]) -> _Connection:
        scheme, host, port = target.origin
        context = self._tls() if scheme == "https" else None
        try:
            async with asyncio.timeout(_seconds(timeout, self._connect_timeout)):
                reader, writer = await asyncio.open_connection(
                    host,
                    port,
                    ssl=context,
                    server_hostname=host if context is not None else None,
                    limit=_READ_LIMIT,
                )
        except TimeoutError:
            raise TimedOut("Timed out while connecting") from None
        except OSError as error:
            raise NetworkError(f"could not connect ({type(error).__name__})") from None
        return _Connection(reader, writer)

    async def _exchange(
        self,
        connection: _Connection,
        target: _Target,
        request: bytes,
        read_timeout: ODVInput[float],
        write_timeout: ODVInput[float],
    ) -> tuple[int, bytes]:
        """Send `request` and read the answer; the connection is kept only after a complete
        answer that lets it be kept, and closed on anything else (a cancellation included)."""
        kept = False
        answered = False
        try:
            writer = connection.writer
            writer.write(request)
            if writer.transport.get_write_buffer_size():
                try:
                    async with asyncio.timeout(_seconds(write_timeout, self._write_timeout)):
                        await writer.drain()
                except TimeoutError:
                    raise TimedOut("Timed out while sending") from None
            try:
                async with asyncio.timeout(_seconds(read_timeout, self._read_timeout)):
                    try:
                        head = await connection.reader.readuntil(_HEAD_END)
                    except asyncio.IncompleteReadError as error:
                        if not error.partial:
                            raise _ClosedBeforeAnswer from None
                        raise
                    answered = True
                    status, reusable, length, chunked = _parse_head(head)
                    body = await _read_body(connection.reader, length, chunked)
            except TimeoutError:
                raise TimedOut("Timed out while waiting for the answer") from None
            complete = length is not None or chunked  # else it was read to its end
            kept = reusable and complete and connection.usable() and not self._closed
            return status, body
        except (ConnectionResetError, BrokenPipeError) as error:
            if not answered:
                raise _ClosedBeforeAnswer from None
            raise NetworkError(f"connection broken ({type(error).__name__})") from None
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as e:
            raise NetworkError(f"connection broken ({type(e).__name__})") from None
        finally:
            if kept:
                self._idle.setdefault(target.origin, []).append(connection)
            else:
                connection.close()

    def _tls(self) -> ssl.SSLContext:
        if self._ssl is None:
            try:
                import certifi

                self._ssl = ssl.create_default_context(cafile=certifi.where())
            except ImportError:  # pragma: no cover - httpx brings certifi
                self._ssl = ssl.create_default_context()
        return self._ssl

    def _uploads(self) -> HTTPXRequest:
        """The HTTPXRequest for uploads, made on first use."""
        if self._fallback is None:
            self._fallback = HTTPXRequest(
                connection_pool_size=self._pool_size,
                read_timeout=self._read_timeout,
                write_timeout=self._write_timeout,
                connect_timeout=self._connect_timeout,
                pool_timeout=self._pool_timeout,
            )
        return self._fallback


def _seconds(given: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(given, DefaultValue) else given


def _parse_head(head: bytes) -> tuple[int, bool, int | None, bool]:
    """(status, whether the connection may be kept, Content-Length, chunked) of an answer's
    head; ValueError if it is not HTTP/1.x."""
    lines = head.split(b"\r\n")
    version, _, rest = lines[0].partition(b" ")
    if not version.startswith(b"HTTP/1.") or len(rest) < 3:
        raise ValueError("not an HTTP/1 answer")
    status = int(rest[:3])
    reusable = version == b"HTTP/1.1"
    length: int | None = None
    chunked = False
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon:
            continue
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
            if length < 0:
                raise ValueError("negative Content-Length")
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
        elif name == b"connection":
            token = value.strip().lower()
            if token == b"close":
                reusable = False
            elif token == b"keep-alive":
                reusable = True
    if chunked:
        length = None
    return status, reusable, length, chunked


async def _read_body(reader: asyncio.StreamReader, length: int | None, chunked: bool) -> bytes:
    if chunked:
        parts: list[bytes] = []
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";", 1)[0].strip(), 16)
            if size == 0:
                while await reader.readuntil(b"\r\n") != b"\r\n":  # trailers
                    pass
                return b"".join(parts)
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
    if length is not None:
        return await reader.readexactly(length)
    return await reader.read()  # up to the end of the connection
