"""Each chat's choices (a release other than the default, a language), shared by every replica.

A choice made through one replica holds on all of them: it is read from the shared database
once per update, and written when it is made. It expires `CHOICE_DAYS` after it was made, like
the one-process store (`bot.telegram_edge.chat_state.ChatChoices`). When the database cannot be
asked, the chat gets the default release and its Telegram language, and that is logged; a choice
that cannot be written is logged and the user's current update still uses it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Protocol

from bot.replicas.database import CHATS, SharedDatabase, SharedStateError

log = logging.getLogger(__name__)

CHOICE_DAYS = 30
_RELEASE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,127}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class ChatChoice:
    """What a chat chose: a release other than the default, a language; None for no choice."""

    release: str | None = None
    language: str | None = None


class ChatChoiceStore(Protocol):
    """Where chats' choices are kept: a file for one process, or the replicas' shared database."""

    async def chosen(self, chat_id: int) -> ChatChoice: ...
    async def choose_release(self, chat_id: int, release_id: str, default_release: str) -> None: ...
    async def choose_language(self, chat_id: int, language: str | None) -> None: ...
    async def close(self) -> None: ...


def valid_release_id(release_id: str) -> bool:
    return bool(_RELEASE_ID.match(release_id))


def valid_language(language: str) -> bool:
    return bool(_LANGUAGE.match(language))


_MAX_AGE = "make_interval(days => %(days)s)"
_CHOSEN = f"""
SELECT release_id, language FROM {CHATS}
WHERE chat_id = %(chat)s AND chosen_at > now() - {_MAX_AGE}
"""
# One statement for either choice; the other column is kept, unless it expired with the row.
# A row left with no choice at all is deleted by the next statement of the same call.
_SET_RELEASE = f"""
INSERT INTO {CHATS} AS c (chat_id, release_id, language, chosen_at)
VALUES (%(chat)s, %(value)s, NULL, now())
ON CONFLICT (chat_id) DO UPDATE SET
    release_id = EXCLUDED.release_id,
    language = CASE WHEN c.chosen_at > now() - {_MAX_AGE} THEN c.language END,
    chosen_at = now()
"""
_SET_LANGUAGE = f"""
INSERT INTO {CHATS} AS c (chat_id, release_id, language, chosen_at)
VALUES (%(chat)s, NULL, %(value)s, now())
ON CONFLICT (chat_id) DO UPDATE SET
    language = EXCLUDED.language,
    release_id = CASE WHEN c.chosen_at > now() - {_MAX_AGE} THEN c.release_id END,
    chosen_at = now()
"""
_FORGET_EMPTY = f"""
DELETE FROM {CHATS} WHERE chat_id = %(chat)s AND release_id IS NULL AND language IS NULL
"""
_PURGE = f"DELETE FROM {CHATS} WHERE chosen_at < now() - {_MAX_AGE}"


class PostgresChatChoices:
    """Chats' choices in the shared database; see the module docstring."""

    def __init__(self, database: SharedDatabase, *, days: int = CHOICE_DAYS) -> None:
        self._database = database
        self._days = days

    async def chosen(self, chat_id: int) -> ChatChoice:
        params = {"chat": chat_id, "days": self._days}
        try:
            rows = await self._database.rows("read a chat's choices", _CHOSEN, params)
        except SharedStateError as error:
            log.warning("%s: answering with the defaults", error)
            return ChatChoice()
        if not rows:
            return ChatChoice()
        release, language = rows[0]
        return ChatChoice(release=release, language=language)

    async def choose_release(self, chat_id: int, release_id: str, default_release: str) -> None:
        keep = release_id != default_release and valid_release_id(release_id)
        await self._write(chat_id, _SET_RELEASE, release_id if keep else None)

    async def choose_language(self, chat_id: int, language: str | None) -> None:
        keep = language is not None and valid_language(language)
        await self._write(chat_id, _SET_LANGUAGE, language if keep else None)

    async def close(self) -> None:
        """Nothing is held back: every choice is written when it is made."""

    async def purge(self) -> None:
        await self._database.rows("forget expired choices", _PURGE, {"days": self._days})

    async def _write(self, chat_id: int, statement: str, value: str | None) -> None:
        params = {"chat": chat_id, "value": value, "days": self._days}
        try:
            await self._database.rows("keep a chat's choice", statement, params)
            if value is None:
                await self._database.rows("keep a chat's choice", _FORGET_EMPTY, params)
        except SharedStateError as error:
            log.warning("%s: the choice holds for this message only", error)
