"""Whether an update was handled: in webhook mode, an update whose handling left the user
without any reply (the answer and the apology both failed on a Bot API error that may pass) is
answered with an error status, so Telegram delivers it again.

The webhook server processes each update inside `handled(app, update)`; the error handler calls
`mark_unanswered()` when nobody could be told. Outside `handled` (polling) the mark does nothing.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from telegram import Update
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application


@dataclass
class _Handling:
    unanswered: bool = False


_current: ContextVar[_Handling | None] = ContextVar("release_bot_handling", default=None)


async def handled(app: Application, update: Update) -> bool:
    """Process `update`; False if the user got no reply because of an error worth retrying."""
    handling = _Handling()
    token = _current.set(handling)
    try:
        await app.process_update(update)
    finally:
        _current.reset(token)
    return not handling.unanswered


def mark_unanswered() -> None:
    """The update being handled got no reply at all: have Telegram deliver it again."""
    handling = _current.get()
    if handling is not None:
        handling.unanswered = True


def may_pass(error: BaseException | None) -> bool:
    """A Bot API failure that a later attempt may not meet (5xx, a dropped connection, 429).
    A refusal (400) is not one, and neither is a timeout: the message may have arrived, and
    sending it again could answer twice."""
    if isinstance(error, BadRequest | TimedOut):
        return False
    return isinstance(error, NetworkError | RetryAfter)
