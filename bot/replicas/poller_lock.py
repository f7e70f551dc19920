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
    @property
    def standing_by(self) -> bool:
        """True while another poller holds the lock and this one waits."""
        ...

    async def acquire(self) -> None:
        """Return once this process holds the lock; stand by until then."""
        ...

    async def wait_lost(self) -> None:
        """Return if the lock is lost while held (never, for a file lock)."""
        ...

    async def release(self) -> None: ...


class _StandingBy:
    """Logs once per wait that another poller holds the lock, and says so on the lock."""

    def __init__(self, lock: FileLock | AdvisoryLock, where: str) -> None:
        self.lock, self.where = lock, where
        self.logged = False

    def note(self) -> None:
        self.lock.waiting = True
        if not self.logged:
            self.logged = True
            log.info("another poller holds the lock (%s): standing by", self.where)

    def took_over(self) -> None:
        self.lock.waiting = False
        if self.logged:
            log.info("took over polling: the other poller stopped")
        self.logged = False


class FileLock:
    """An exclusive `flock` on `data_dir/poller.lock`."""

    def __init__(self, data_dir: Path, *, retry_s: float = RETRY_S) -> None:
        self.path = Path(data_dir) / LOCK_FILE
        self.retry_s = retry_s
        self.waiting = False
        self._fd: int | None = None

    @property
    def standing_by(self) -> bool:
        return self.waiting

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
            self.waiting = False
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
    """A PostgreSQL session advisory lock, one per bot (keyed by the bot's id), held together
    with the data folder's file lock (`file_lock`)."""

    def __init__(
        self,
        url: str,
        bot_id: int,
        file_lock: FileLock,
        *,
        retry_s: float | None = None,
        check_s: float | None = None,
    ) -> None:
        self._url = url
        self._bot_id = bot_id
        self._file = file_lock
        self.retry_s = RETRY_S if retry_s is None else retry_s
        self.check_s = CHECK_S if check_s is None else check_s
        self._connection: psycopg.AsyncConnection[Any] | None = None
        self.waiting = False
        self.on_file_lock_only = False  # polling while the database cannot be reached

    def __repr__(self) -> str:  # never the URL: it may hold a password
        return f"<AdvisoryLock bot {self._bot_id}>"

    @property
    def standing_by(self) -> bool:
        return self.waiting or self._file.standing_by

    async def acquire(self) -> None:
        await self._file.acquire()  # first this machine's pollers, then everyone's
        standing_by = _StandingBy(self, "PostgreSQL advisory lock")
        try:
            while True:
                held = await self._try()
                if held is None:
                    log.warning(
                        "cannot reach the database for the poller lock: polling on the data "
                        "folder's lock until it answers"
                    )
                    self.waiting, self.on_file_lock_only = False, True
                    return
                if held:
                    standing_by.took_over()
                    return
                standing_by.note()
                await asyncio.sleep(self.retry_s)
        except BaseException:
            self.waiting = False
            await self.release()
            raise

    async def wait_lost(self) -> None:
        while True:
            await asyncio.sleep(self.check_s)
            if self.on_file_lock_only:
                held = await self._try()
                if held is None:
                    continue
                if held:
                    self.on_file_lock_only = False
                    log.info("the database answers again: holding its poller lock")
                    continue
                log.warning("another poller took the lock while the database was away")
                await self._drop_connection()
                self.on_file_lock_only = False
                return
            if not await self._alive():
                log.warning("lost the connection that holds the poller lock; polling on")
                await self._drop_connection()
                self.on_file_lock_only = True

    async def release(self) -> None:
        await self._drop_connection()
        self.on_file_lock_only = False
        await self._file.release()

    async def _alive(self) -> bool:
        connection = self._connection
        if connection is None:
            return False
        try:
            await connection.execute("SELECT 1")
        except psycopg.Error:
            return False
        return True

    async def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(psycopg.Error):
                await connection.close()  # the session ends: the lock is let go

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
            await self._drop_connection()
            return None
        if not (row and row[0]):
            await self._drop_connection()  # standing by: hold no session meanwhile
            return False
        return True
