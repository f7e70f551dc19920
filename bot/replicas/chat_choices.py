"""Each chat's choices (a release other than the default, a language) and its last answer (for
a follow-up question such as "what did he say?"), shared by every replica.

A choice made through one replica holds on all of them: choices and the last answer are read
from the shared database in one statement per update, and written when they are made. A choice
expires `CHOICE_DAYS` after it was made, like the one-process store
(`bot.telegram_edge.chat_state.ChatChoices`); the last answer after `FOLLOW_UP_S`.

When the database cannot be asked, the chat gets the default release and its Telegram language,
and that is logged; a choice that cannot be written is logged and the user's current update
still uses it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Protocol

from bot.replicas.database import ANSWERS, CHATS, SharedDatabase, SharedStateError

log = logging.getLogger(__name__)

CHOICE_DAYS = 30
FOLLOW_UP_S = 3600  # a chat's last answer is kept this long, for a follow-up question
_RELEASE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,127}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class ChatChoice:
    """What a chat chose: a release other than the default, a language; None for no choice.
    And the entry it was last answered from, (release id, entry id), for follow-ups."""

    release: str | None = None
    language: str | None = None
    last_answer: tuple[str, str] | None = None


class ChatChoiceStore(Protocol):
    """Where chats' choices are kept: a file for one process, or the replicas' shared database."""

    async def chosen(self, chat_id: int) -> ChatChoice: ...
    async def choose_release(self, chat_id: int, release_id: str, default_release: str) -> None: ...
    async def choose_language(self, chat_id: int, language: str | None) -> None: ...
    async def remember_answer(self, chat_id: int, release_id: str, entry_id: str) -> None: ...
    async def close(self) -> None: ...


def valid_release_id(release_id: str) -> bool:
    return bool(_RELEASE_ID.match(release_id))


def valid_language(language: str) -> bool:
    return bool(_LANGUAGE.match(language))


_MAX_AGE = "make_interval(days => %(days)s)"
_CHOSEN = f"""
SELECT c.release_id, c.language, a.release_id, a.entry_id
FROM (SELECT %(chat)s::bigint AS chat_id) AS k
LEFT JOIN {CHATS} AS c ON c.chat_id = k.chat_id AND c.chosen_at > now() - {_MAX_AGE}
LEFT JOIN {ANSWERS} AS a
    ON a.chat_id = k.chat_id AND a.answered_at > now() - make_interval(secs => %(follow_up)s)
"""
_REMEMBER = f"""
INSERT INTO {ANSWERS} (chat_id, release_id, entry_id, answered_at)
VALUES (%(chat)s, %(release)s, %(entry)s, now())
ON CONFLICT (chat_id) DO UPDATE SET
    release_id = EXCLUDED.release_id, entry_id = EXCLUDED.entry_id, answered_at = now()
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
_PURGE_ANSWERS = (
    f"DELETE FROM {ANSWERS} WHERE answered_at < now() - make_interval(secs => %(follow_up)s)"
)


class PostgresChatChoices:
    """Chats' choices in the shared database; see the module docstring."""

    def __init__(self, database: SharedDatabase, *, days: int = CHOICE_DAYS) -> None:
        self._database = database
        self._days = days

    async def chosen(self, chat_id: int) -> ChatChoice:
        params = {"chat": chat_id, "days": self._days, "follow_up": FOLLOW_UP_S}
        try:
            rows = await self._database.rows("read a chat's choices", _CHOSEN, params)
        except SharedStateError as error:
            log.warning("%s: answering with the defaults", error)
            return ChatChoice()
        release, language, last_release, last_entry = rows[0]
        last = (last_release, last_entry) if last_release and last_entry else None
        return ChatChoice(release=release, language=language, last_answer=last)

    async def choose_release(self, chat_id: int, release_id: str, default_release: str) -> None:
        keep = release_id != default_release and valid_release_id(release_id)
        await self._write(chat_id, _SET_RELEASE, release_id if keep else None)

    async def choose_language(self, chat_id: int, language: str | None) -> None:
        keep = language is not None and valid_language(language)
        await self._write(chat_id, _SET_LANGUAGE, language if keep else None)

    async def remember_answer(self, chat_id: int, release_id: str, entry_id: str) -> None:
        params = {"chat": chat_id, "release": release_id, "entry": entry_id}
        try:
            await self._database.rows("keep a chat's last answer", _REMEMBER, params)
        except SharedStateError as error:
            log.warning("%s: a follow-up question may not be understood", error)

    async def close(self) -> None:
        """Nothing is held back: every choice is written when it is made."""

    async def purge(self) -> None:
        await self._database.rows("forget expired choices", _PURGE, {"days": self._days})
        params = {"follow_up": FOLLOW_UP_S}
        await self._database.rows("forget old last answers", _PURGE_ANSWERS, params)

    async def _write(self, chat_id: int, statement: str, value: str | None) -> None:
        params = {"chat": chat_id, "value": value, "days": self._days}
        try:
            await self._database.rows("keep a chat's choice", statement, params)
            if value is None:
                await self._database.rows("keep a chat's choice", _FORGET_EMPTY, params)
        except SharedStateError as error:
            log.warning("%s: the choice holds for this message only", error)
