"""Callback data for inline buttons: what the bot issues, and strict parsing of what comes back.

Telegram allows 64 bytes. Data names the release by a short hash of its id (ids can be long) and
the entry by its id. Anything that does not parse, or names a release or entry that is not
loaded (stale after a reload, or forged), is reported as None so the bot can say so politely.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

MAX_BYTES = 64


class Action(StrEnum):
    ANSWER = "a"  # answer an entry
    CONTACT = "c"  # send the press contact card
    RELEASE = "r"  # make a release the chat's current one
    ASK_PRESS = "p"  # hand the chat's last question to the press office (shows it first)
    ASK_NEW = "q"  # ask for a question to hand to the press office
    SEND = "s"  # send the question shown to the press office
    DONT_SEND = "d"  # do not send it
    WITHDRAW = "w"  # withdraw an open question (entry: its number, or "all")
    HELPFUL = "y"  # 👍 for an answer (entry: its fact)
    UNHELPFUL = "n"  # 👎 for an answer (entry: its fact)


NAMES_ENTRY = frozenset({Action.ANSWER, Action.WITHDRAW, Action.HELPFUL, Action.UNHELPFUL})


@dataclass(frozen=True)
class Callback:
    action: Action
    release_key: str
    entry_id: str = ""


def release_key(release_id: str) -> str:
    """A short, stable stand-in for a release id."""
    return hashlib.sha256(release_id.encode()).hexdigest()[:8]


def encode(action: Action, release_id: str, entry_id: str = "") -> str | None:
    """Callback data for a button, or None if it would not fit in 64 bytes."""
    data = f"{action.value}:{release_key(release_id)}:{entry_id}"
    return data if len(data.encode()) <= MAX_BYTES else None


def decode(data: str | None) -> Callback | None:
    """Parse callback data the bot issued; None for anything else."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(":")
    if len(parts) != 3:
        return None
    action, key, entry_id = parts
    try:
        parsed = Action(action)
    except ValueError:
        return None
    if len(key) != 8 or any(c not in "0123456789abcdef" for c in key):
        return None
    if (parsed in NAMES_ENTRY) != bool(entry_id):
        return None
    return Callback(parsed, key, entry_id)
