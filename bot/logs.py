"""Logging set-up for the entry point: secrets redacted, and no message content, in every record.

Both happen where records are created (a log-record factory), so they cover every handler,
including ones added later by libraries or by pytest, at every level.

Secrets: python-telegram-bot puts the token in request URLs, in `repr(bot)` and in InvalidToken's
message; registered secrets are replaced by [REDACTED] in the message, its arguments and the text
of exceptions and tracebacks, so none of those can reach a log line.

Content: at DEBUG, python-telegram-bot logs every Bot API call with its parameters and its
return value, and every update it processes: what people wrote, their names, usernames, user and
chat ids. The arguments of records from the `telegram` loggers are therefore summarised before
the message is formatted (`hide_content`): numbers, booleans, errors, times and short plain
strings (a method name, a URL) stay; a mapping keeps its keys but only the values of technical
keys (offset, timeout, url, parse_mode, message_id ...); an update shows only its id; a list of
update ids stays, any other list or tuple shows only its length, any other object its type.
The bot's own log calls never pass what people wrote (tests/telegram_edge/test_privacy_logs.py
runs the bot at DEBUG to prove both).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from enum import Enum
from urllib.parse import quote

REDACTED = "[REDACTED]"
HIDDEN = "<hidden>"
CONTENT_LOGGERS = ("telegram",)  # loggers whose arguments can carry what people wrote

# Keys of Bot API parameters and results whose values say how the bot works, not who wrote what.
# Everything else (text, chat_id, from, chat, reply_markup, query, results ...) is hidden.
TECHNICAL_KEYS = frozenset(
    {
        "allowed_updates",
        "cache_time",
        "date",
        "disable_notification",
        "drop_pending_updates",
        "error_code",
        "has_custom_certificate",
        "is_bot",
        "limit",
        "max_connections",
        "message_id",
        "offset",
        "ok",
        "parse_mode",
        "pending_update_count",
        "protect_content",
        "retry_after",
        "secret_token",  # a registered secret: shown as [REDACTED]
        "timeout",
        "update_id",
        "url",
    }
)
_MAX_PLAIN = 200
_NOT_PLAIN = frozenset("{}[]\"'\n\r")

_lock = threading.Lock()
_secrets: set[str] = set()
_base_factory = logging.getLogRecordFactory()


def redact(text: str) -> str:
    """`text` with every registered secret (and its URL-encoded form) replaced."""
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def register_secrets(secrets: Iterable[str]) -> None:
    """Add secrets to redact, and make sure the record factory is installed."""
    with _lock:
        for secret in secrets:
            if secret:
                _secrets.update({secret, quote(secret, safe=""), quote(secret)})
        if logging.getLogRecordFactory() is not _redacting_factory:
            logging.setLogRecordFactory(_redacting_factory)


def hide_content(value: object) -> object:
    """A log argument as it may be shown: scalars and short plain strings as they are, anything
    that may hold what people wrote summarised (see the module's docstring)."""
    if value is None or isinstance(value, bool | int | float | Enum):
        return value
    if isinstance(value, str):
        return value if _is_plain(value) else HIDDEN
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, BaseException | timedelta | datetime | date | time):
        return value  # errors and times are what a debug log is for
    if isinstance(value, Mapping):
        return _Shown(
            "{"
            + ", ".join(
                f"{_key(key)}: {_technical_value(key, item)}" for key, item in value.items()
            )
            + "}"
        )
    if isinstance(value, list) and all(isinstance(item, int) for item in value):
        return value  # "Getting updates: [ids]"; a tuple of ids is a chat's key, and hidden
    if isinstance(value, list | tuple | set | frozenset):
        return _Shown(f"<{len(value)} item{'' if len(value) == 1 else 's'}>")
    update_id = getattr(value, "update_id", None)
    if isinstance(update_id, int):
        return _Shown(f"<{type(value).__name__} {update_id}>")
    return _Shown(f"<{type(value).__name__}>")


class _Shown(str):
    """A summary that `%r` shows as it is, without quotes."""

    def __repr__(self) -> str:
        return str(self)


def _is_plain(text: str) -> bool:
    """A method name, a URL, a log prefix: not serialised data and not a long text."""
    return (
        len(text) <= _MAX_PLAIN and not text.startswith(("(", "<")) and _NOT_PLAIN.isdisjoint(text)
    )


def _key(key: object) -> str:
    return key if isinstance(key, str) and key.isidentifier() else HIDDEN


def _technical_value(key: object, value: object) -> str:
    if key not in TECHNICAL_KEYS:
        return HIDDEN
    if isinstance(value, list | tuple):
        if all(_is_technical_scalar(item) for item in value):
            return repr(list(value))
        return HIDDEN
    return repr(value) if _is_technical_scalar(value) else HIDDEN


def _is_technical_scalar(value: object) -> bool:
    if isinstance(value, str):
        return len(value) <= _MAX_PLAIN and not any(c.isspace() for c in value)
    return value is None or isinstance(value, bool | int | float | Enum | timedelta | datetime)


def _without_content(record: logging.LogRecord) -> None:
    """Format `record`'s message from its arguments with the content hidden."""
    if not isinstance(record.msg, str):
        record.msg, record.args = str(hide_content(record.msg)), None
        return
    if not record.args:
        return
    if isinstance(record.args, Mapping) and "%(" in record.msg:  # named: "%(text)s"
        arguments: object = {key: hide_content(value) for key, value in record.args.items()}
    elif isinstance(record.args, Mapping):  # logging's form of one mapping argument
        arguments = (hide_content(record.args),)
    else:
        arguments = tuple(hide_content(value) for value in record.args)
    try:
        record.msg = record.msg % arguments
    except (TypeError, ValueError, KeyError):  # a summary where the format wants a number
        record.msg = f"{record.msg} [arguments hidden]"
    record.args = None


def _is_content_logger(name: str) -> bool:
    return any(name == root or name.startswith(root + ".") for root in CONTENT_LOGGERS)


def _redacting_factory(*args: object, **kwargs: object) -> logging.LogRecord:
    record = _base_factory(*args, **kwargs)
    if _is_content_logger(record.name):
        _without_content(record)
    if not _secrets:
        return record
    try:
        message = record.getMessage()
    except Exception:  # a malformed log call must not break logging; keep its raw form
        message = f"{record.msg!r} {record.args!r}"
    record.msg, record.args = redact(message), None
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
    return record


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    """Log to stderr at `level`; keep HTTP client chatter (which shows request URLs) at WARNING."""
    register_secrets(secrets)
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
