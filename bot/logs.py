"""Logging set-up for the entry point, with secrets redacted from every record.

Redaction happens where records are created (a log-record factory), so it covers every handler,
including ones added later by libraries or by pytest, and the text of exceptions and tracebacks.
python-telegram-bot puts the token in request URLs, in `repr(bot)` and in InvalidToken's message;
none of those can reach a log line.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Iterable
from urllib.parse import quote

REDACTED = "[REDACTED]"

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
    """Add secrets to redact, and make sure the redacting record factory is installed."""
    with _lock:
        for secret in secrets:
            if secret:
                _secrets.update({secret, quote(secret, safe=""), quote(secret)})
        if logging.getLogRecordFactory() is not _redacting_factory:
            logging.setLogRecordFactory(_redacting_factory)


def _redacting_factory(*args: object, **kwargs: object) -> logging.LogRecord:
    record = _base_factory(*args, **kwargs)
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
