"""The bot's data folder and what it keeps about chats: the release and the language a chat chose,
and, in memory only, the entry it was last answered from (for a follow-up question).

Only a choice of a release other than the default, or of a language, is kept, with when it was
made, and it expires after `CHOICE_DAYS`. This is the one-process store; replicas sharing a
PostgreSQL database keep the same in `bot.replicas.chat_choices`.

The file is JSON (nothing in it can run code), written to a temporary file, synced and renamed
over the old one, so a crash or a full disk mid-write leaves the previous version whole. A file
that cannot be read as this format (truncated, corrupted, empty, planted) is moved aside with a
warning and the bot starts with no choices.

The data folder is created 0700 and every file in it 0600; a folder that other users can write
to is refused, since they could plant or swap the bot's files.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import os
import re
import stat
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.replicas.chat_choices import (
    FOLLOW_UP_S,
    ChatChoice,
    valid_language,
    valid_release_id,
)

log = logging.getLogger(__name__)

CHAT_STATE_FILE = "chat-releases.json"
LEGACY_PICKLE = "chat-state.pickle"  # what versions before this one kept; never read
FORMAT = "release-bot chat releases"
VERSION = 1
CHOICE_DAYS = 30  # a chat's choice of release is forgotten this long after it was made
MAX_CHATS = 100_000  # beyond this, the oldest choices are forgotten first
MAX_FILE_BYTES = 32 * 1024 * 1024
SAVE_DELAY = 1.0  # seconds: choices made close together are written once


class DataDirError(Exception):
    """The data folder cannot be used; the message is one line and says what to do."""


def prepare_data_dir(path: Path) -> Path:
    """Create the data folder (0700), or check the one that is there: a folder the bot's user
    can write to and no other user can."""
    try:
        if not path.exists():
            path.mkdir(mode=0o700, parents=True)
            os.chmod(path, 0o700)  # whatever the umask
    except FileExistsError:
        pass  # created meanwhile, or a file: checked below
    except OSError as error:
        raise DataDirError(
            f"cannot create the data folder {path} (RELEASE_BOT_DATA_DIR): {_reason(error)}"
        ) from None
    try:
        status = path.stat()
    except OSError as error:
        raise DataDirError(f"cannot use the data folder {path}: {_reason(error)}") from None
    if not stat.S_ISDIR(status.st_mode):
        raise DataDirError(f"the data folder {path} (RELEASE_BOT_DATA_DIR) is not a folder")
    if status.st_mode & stat.S_IWOTH:
        mode = stat.S_IMODE(status.st_mode)
        raise DataDirError(
            f"the data folder {path} is writable by other users (mode {mode:04o}): "
            f"make it the bot's own, e.g. chmod 0700 {path}"
        )
    if not os.access(path, os.W_OK | os.X_OK):
        raise DataDirError(f"the data folder {path} is not writable by the bot's user")
    return path


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


class RecentAnswers:
    """Each chat's last answered entry (release id, entry id), in memory and bounded: enough
    to resolve "he" in the next question, and nothing kept beyond that (never written, and
    forgotten after `FOLLOW_UP_S`, as replicas forget it)."""

    def __init__(self, limit: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._limit = limit
        self._clock = clock
        self._answers: OrderedDict[int, tuple[str, str, float]] = OrderedDict()

    def remember(self, chat_id: int, release_id: str, entry_id: str) -> None:
        self._answers[chat_id] = (release_id, entry_id, self._clock())
        self._answers.move_to_end(chat_id)
        while len(self._answers) > self._limit:
            self._answers.popitem(last=False)

    def last(self, chat_id: int) -> tuple[str, str] | None:
        kept = self._answers.get(chat_id)
        if kept is None:
            return None
        if self._clock() - kept[2] > FOLLOW_UP_S:
            del self._answers[chat_id]
            return None
        return kept[0], kept[1]


class ChatChoices:
    """Each chat's chosen release (when it is not the default) and language; bounded and
    expiring, kept in a JSON file in the data folder."""

    def __init__(
        self,
        path: Path,
        *,
        max_age_days: float = CHOICE_DAYS,
        max_chats: int = MAX_CHATS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        self.max_age = max_age_days * 86_400
        self.max_chats = max_chats
        self.clock = clock
        self._choices: OrderedDict[int, tuple[ChatChoice, float]] = OrderedDict()  # oldest first
        self._recent = RecentAnswers()
        self._dirty = False
        self._lock = asyncio.Lock()
        self._pending: asyncio.Task[None] | None = None
        self._waiting = False  # the pending save is still waiting (not writing yet)

    @classmethod
    def load(cls, data_dir: Path, **kwargs: Any) -> ChatChoices:
        """The choices kept in `data_dir`; a damaged file is moved aside and none are kept."""
        store = cls(data_dir / CHAT_STATE_FILE, **kwargs)
        if (data_dir / LEGACY_PICKLE).exists():
            log.warning(
                "ignoring %s from an older version (it is never read); delete it", LEGACY_PICKLE
            )
        for leftover in data_dir.glob(f".{CHAT_STATE_FILE}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()  # a write interrupted by a crash
        try:
            raw = _read_private(store.path)
        except FileNotFoundError:
            return store
        except (OSError, ValueError) as error:
            store._move_aside(str(error) if isinstance(error, ValueError) else _reason(error))
            return store
        try:
            store._choices = store._parse(raw)
        except (ValueError, TypeError, KeyError, RecursionError) as error:
            store._move_aside(str(error) or type(error).__name__)
            return store
        if store._forget_expired():
            store._dirty = True  # written at the next change, or when the bot stops
        return store

    def __len__(self) -> int:
        return len(self._choices)

    def get(self, chat_id: int) -> str | None:
        """The release `chat_id` chose, unless the choice has expired."""
        return self.choice(chat_id).release

    def choice(self, chat_id: int) -> ChatChoice:
        """What `chat_id` chose, unless the choice has expired."""
        kept = self._choices.get(chat_id)
        if kept is None:
            return ChatChoice()
        if self.clock() - kept[1] > self.max_age:
            del self._choices[chat_id]
            self._changed()
            return ChatChoice()
        return kept[0]

    def choose(self, chat_id: int, release_id: str, default_release: str) -> None:
        """Remember that `chat_id` chose `release_id`; choosing the default forgets the choice."""
        keep = release_id != default_release and valid_release_id(release_id)
        self._set(chat_id, release=release_id if keep else None)

    def set_language(self, chat_id: int, language: str | None) -> None:
        """Remember the language `chat_id` chose; None (or a malformed code) forgets it."""
        self._set(chat_id, language=language if language and valid_language(language) else None)

    async def chosen(self, chat_id: int) -> ChatChoice:
        last = self._recent.last(chat_id)
        choice = self.choice(chat_id)
        return replace(choice, last_answer=last) if last is not None else choice

    async def remember_answer(self, chat_id: int, release_id: str, entry_id: str) -> None:
        self._recent.remember(chat_id, release_id, entry_id)

    async def choose_release(self, chat_id: int, release_id: str, default_release: str) -> None:
        self.choose(chat_id, release_id, default_release)

    async def choose_language(self, chat_id: int, language: str | None) -> None:
        self.set_language(chat_id, language)

    def _set(self, chat_id: int, **change: str | None) -> None:
        kept = self._choices.get(chat_id)
        before = kept[0] if kept is not None else ChatChoice()
        after = ChatChoice(
            release=change.get("release", before.release),
            language=change.get("language", before.language),
        )
        if after == before and kept is not None:
            return
        self._choices.pop(chat_id, None)
        if after == ChatChoice():
            if kept is not None:
                self._changed()
            return
        self._choices[chat_id] = (after, self.clock())
        while len(self._choices) > self.max_chats:
            self._choices.popitem(last=False)
        self._changed()

    async def save(self) -> None:
        """Write the choices if they changed (off the event loop); a failure is logged and the
        write is tried again at the next change or at shutdown."""
        async with self._lock:
            if not self._dirty:
                return
            self._forget_expired()
            data = self._serialise()
            self._dirty = False
            try:
                await asyncio.to_thread(_write_atomically, self.path, data)
            except OSError as error:
                self._dirty = True
                log.warning("could not save the chats' releases: %s", _reason(error))

    async def close(self) -> None:
        """Write what is not written yet; called when the bot stops."""
        pending = self._pending
        if pending is not None and not pending.done() and self._waiting:
            pending.cancel()
        await self.save()
        if pending is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await pending

    def _changed(self) -> None:
        self._dirty = True
        if self._pending is not None and not self._pending.done():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no event loop: written by save() or close()
        self._pending = loop.create_task(self._save_soon())

    async def _save_soon(self) -> None:
        self._waiting = True
        try:
            await asyncio.sleep(SAVE_DELAY)
        finally:
            self._waiting = False
        await self.save()

    def _forget_expired(self) -> int:
        oldest = self.clock() - self.max_age
        expired = [chat for chat, (_, chosen_at) in self._choices.items() if chosen_at < oldest]
        for chat in expired:
            del self._choices[chat]
        return len(expired)

    def _serialise(self) -> bytes:
        chats: dict[str, dict[str, Any]] = {}
        for chat, (choice, chosen_at) in self._choices.items():
            kept: dict[str, Any] = {"chosen_at": round(chosen_at, 3)}
            if choice.release is not None:
                kept["release"] = choice.release
            if choice.language is not None:
                kept["language"] = choice.language
            chats[str(chat)] = kept
        document = {"format": FORMAT, "version": VERSION, "chats": chats}
        return json.dumps(document, ensure_ascii=True, separators=(",", ":")).encode("ascii")

    def _parse(self, raw: bytes) -> OrderedDict[int, tuple[ChatChoice, float]]:
        """The choices in `raw`; ValueError for anything that is not exactly this format."""
        document = json.loads(raw.decode("utf-8"))
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError("not a chat releases file")
        if document.get("version") != VERSION or not isinstance(document.get("chats"), dict):
            raise ValueError("unknown version or no chats")
        entries: list[tuple[float, int, ChatChoice]] = []
        for key, value in document["chats"].items():
            if not re.fullmatch(r"-?[0-9]{1,20}", key):
                raise ValueError("a chat id is not a number")
            if not isinstance(value, dict):
                raise ValueError("a chat's entry is not an object")
            release, language = value.get("release"), value.get("language")
            chosen_at = value.get("chosen_at")
            if release is not None and not (isinstance(release, str) and valid_release_id(release)):
                raise ValueError("a release id is malformed")
            if language is not None and not (
                isinstance(language, str) and valid_language(language)
            ):
                raise ValueError("a language is malformed")
            if release is None and language is None:
                raise ValueError("a chat's entry has no choice")
            if not isinstance(chosen_at, int | float) or isinstance(chosen_at, bool):
                raise ValueError("a time is not a number")
            if not math.isfinite(chosen_at):
                raise ValueError("a time is not finite")
            entries.append((float(chosen_at), int(key), ChatChoice(release, language)))
        entries.sort(key=lambda entry: (entry[0], entry[1]))
        return OrderedDict(
            (chat, (choice, when)) for when, chat, choice in entries[-self.max_chats :]
        )

    def _move_aside(self, reason: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        try:
            os.replace(self.path, aside)
        except OSError as error:
            log.error(
                "%s is damaged (%s) and cannot be moved aside (%s); starting with no chosen "
                "releases",
                self.path,
                reason,
                _reason(error),
            )
            return
        log.warning(
            "%s is damaged (%s): moved aside to %s; starting with no chosen releases",
            self.path,
            reason,
            aside.name,
        )


def _read_private(path: Path) -> bytes:
    """The file's bytes: a regular file (a symbolic link is not followed), that no other user
    can write to, and not too large; ValueError otherwise."""
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError as error:
        if isinstance(error, FileNotFoundError):
            raise
        if path.is_symlink():
            raise ValueError("a symbolic link") from None
        raise
    with os.fdopen(fd, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise ValueError("not a regular file")
        if status.st_mode & (stat.S_IWOTH | stat.S_IWGRP):
            raise ValueError("writable by other users")
        if status.st_size > MAX_FILE_BYTES:
            raise ValueError("too large")
        return file.read(MAX_FILE_BYTES + 1)


def _write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` by `data` all at once: a temporary file (0600), synced, then renamed."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # the rename itself survives a power cut
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
