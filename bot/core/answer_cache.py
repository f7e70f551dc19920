"""The engine's memory of recent answers: the same question, asked the same way, is answered
once.

People ask a release the same few things ("who is the contact?", "who met whom?"), so most
questions a bot gets were asked a moment ago by someone else. An answer depends only on what
`AnswerKey` holds: the question's text, the chat's current release, the language the
reply is wanted in, and, for a question that reads the chat's previous answer ("what did he
say?", or one whose language is unclear), what that answer contributes: its release, its entry
and the language it was asked in. The cache lives on one `Engine`: a reloaded knowledge base gets
a new engine, and so an empty cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import NamedTuple

from bot.core.answers import Reply

# replies kept: each holds its question's text twice (in its key and in the reply; 2,000
# characters at most), and otherwise mostly what it shares with the knowledge base
DEFAULT_ANSWERS_KEPT = 4096


class AnswerKey(NamedTuple):
    text: str  # the question as it came (cut to the length the engine reads at most)
    release: str  # the chat's current release
    language: str | None  # the language the reply is wanted in (None: the question's)
    # what the previous reply contributes (release, entry, language); () for no previous
    # reply, None for a question that never reads it
    previous: tuple[str, str | None, str] | tuple[()] | None


def answer_key(
    text: str, release: str, language: str | None, previous: Reply | None, reads_previous: bool
) -> AnswerKey:
    """The key of a question; `reads_previous`: whether its answer may depend on the previous
    reply (False keys it for every previous reply at once)."""
    before: tuple[str, str | None, str] | tuple[()] | None = None
    if reads_previous:
        before = ()
        if previous is not None:
            entry = previous.entry.id if previous.entry is not None else None
            before = (previous.base.id, entry, previous.asked_language)
    return AnswerKey(text, release, language, before)


class AnswerCache:
    """The `size` replies used last, by key; `size` 0 keeps none. Safe from several threads."""

    def __init__(self, size: int = DEFAULT_ANSWERS_KEPT) -> None:
        self.size = size
        self._replies: OrderedDict[AnswerKey, Reply] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._replies)

    def get(self, key: AnswerKey) -> Reply | None:
        with self._lock:
            reply = self._replies.get(key)
            if reply is not None:
                self._replies.move_to_end(key)
            return reply

    def put(self, key: AnswerKey, reply: Reply) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._replies[key] = reply
            self._replies.move_to_end(key)
            while len(self._replies) > self.size:
                self._replies.popitem(last=False)
