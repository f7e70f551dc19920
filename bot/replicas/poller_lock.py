"""Polling runs as exactly one instance: a poller holds a lock while it polls, and a second one
waits, says once that it is standing by, and takes over when the first stops.

With the shared PostgreSQL the lock is a session advisory lock on a connection of its own: it is
let go when the process ends in any way (its connection closes), and a poller that loses the
connection stops polling until it holds the lock again. Without PostgreSQL it is an exclusive
lock on a file in the data folder, which the system lets go when the process ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
from pathlib import Path
from typing import Any, Protocol

import psycopg

from bot.replicas.database import CONNECTION_SETTINGS

log = logging.getLogger(__name__)

LOCK_FILE = "poller.lock"
RETRY_S = 2.0  # how often a poller standing by tries the lock again
CHECK_S = 5.0  # how often the holder checks that its lock connection is alive
_KEY = "SELECT hashtextextended('release-bot poller ' || %s, 0)"


class PollerLock(Protocol):
    standing_by: bool  # True while another poller holds the lock and this one waits

    async def acquire(self) -> None:
        """Return once this process holds the lock; stand by until then."""
        ...

    async def wait_lost(self) -> None:
        """Return if the lock is lost while held (never, for a file lock)."""
        ...

    async def release(self) -> None: ...


class _StandingBy:
    """Logs once per wait that another poller holds the lock, and says so on the lock."""

    def __init__(self, lock: PollerLock, where: str) -> None:
        self.lock, self.where = lock, where
        self.logged = False

    def note(self) -> None:
        self.lock.standing_by = True
        if not self.logged:
            self.logged = True
            log.info("another poller holds the lock (%s): standing by", self.where)

    def took_over(self) -> None:
        self.lock.standing_by = False
        if self.logged:
            log.info("took over polling: the other poller stopped")
        self.logged = False


class FileLock:
    """An exclusive `flock` on `data_dir/poller.lock`."""

    def __init__(self, data_dir: Path, *, retry_s: float = RETRY_S) -> None:
        self.path = Path(data_dir) / LOCK_FILE
        self.retry_s = retry_s
        self.standing_by = False
        self._fd: int | None = None

    async def acquire(self) -> None:
        standing_by = _StandingBy(self, str(self.path))
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    standing_by.note()
                    await asyncio.sleep(self.retry_s)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        standing_by.took_over()

    async def wait_lost(self) -> None:
        await asyncio.Event().wait()  # a held flock is only let go by this process

    async def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file lets the lock go
            self._fd = None


class AdvisoryLock:
    """A PostgreSQL session advisory lock, one per bot (keyed by the bot's id)."""

    def __init__(
        self,
        url: str,
        bot_id: int,
        fallback: PollerLock,
        *,
        retry_s: float = RETRY_S,
        check_s: float = CHECK_S,
    ) -> None:
        self._url = url
        self._bot_id = bot_id
        self._fallback = fallback
        self.retry_s, self.check_s = retry_s, check_s
        self._connection: psycopg.AsyncConnection[Any] | None = None
        self._on_fallback = False
        self.standing_by = False

    def __repr__(self) -> str:  # never the URL: it may hold a password
        return f"<AdvisoryLock bot {self._bot_id}>"

    async def acquire(self) -> None:
        standing_by = _StandingBy(self, "PostgreSQL advisory lock")
        while True:
            held = await self._try()
            if held is None:
                log.warning("cannot reach the database for the poller lock: using the file lock")
                self.standing_by = False
                await self._fallback.acquire()
                self._on_fallback = True
                return
            if held:
                standing_by.took_over()
                return
            standing_by.note()
            await asyncio.sleep(self.retry_s)

    async def wait_lost(self) -> None:
        if self._on_fallback:
            await self._fallback.wait_lost()
            return
        while True:
            await asyncio.sleep(self.check_s)
            connection = self._connection
            try:
                assert connection is not None
                await connection.execute("SELECT 1")
            except (psycopg.Error, AssertionError):
                log.warning("lost the connection that holds the poller lock")
                await self.release()
                return

    async def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(psycopg.Error):
                await connection.close()  # the session ends: the lock is let go
        if self._on_fallback:
            self._on_fallback = False
            await self._fallback.release()

    async def _try(self) -> bool | None:
        """True when the lock is now held, False when another poller holds it, None when the
        database cannot be reached."""
        try:
            if self._connection is None or self._connection.closed:
                self._connection = await psycopg.AsyncConnection.connect(
                    self._url, **CONNECTION_SETTINGS
                )
            cursor = await self._connection.execute(
                f"SELECT pg_try_advisory_lock(({_KEY}))", (str(self._bot_id),)
            )
            row = await cursor.fetchone()
        except psycopg.Error as error:
            log.debug("cannot ask for the poller lock (%s)", type(error).__name__)
            await self.release()
            return None
        return bool(row and row[0])
