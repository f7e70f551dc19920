"""Redaction in log records: registered secrets never reach a formatted log line, whether in
the message, its arguments, the text of an exception or its traceback."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from bot.logs import REDACTED, configure_logging, redact, register_secrets

SECRET = "987654321:AAE-redaction-test-secret_value"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    register_secrets([SECRET])
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield stream
    logger.removeHandler(handler)


def test_secrets_in_messages_and_arguments_are_redacted(captured: io.StringIO) -> None:
    log = logging.getLogger("test.redaction")
    log.info("calling https://api.example/bot%s/getMe", SECRET)
    log.info(f"url-encoded: {quote(SECRET, safe='')}")
    text = captured.getvalue()
    assert SECRET not in text and quote(SECRET, safe="") not in text
    assert text.count(REDACTED) == 2


def test_exception_text_and_traceback_are_redacted(captured: io.StringIO) -> None:
    log = logging.getLogger("test.redaction")

    def fail() -> None:
        token = SECRET
        raise RuntimeError(f"refused token {token}")

    try:
        fail()
    except RuntimeError:
        log.exception("start-up failed")
    text = captured.getvalue()
    assert "RuntimeError: refused token [REDACTED]" in text
    assert SECRET not in text


def test_redact_leaves_other_text_alone() -> None:
    register_secrets([SECRET])
    assert redact("nothing secret here") == "nothing secret here"
    assert redact(f"a{SECRET}b") == f"a{REDACTED}b"


def test_configure_logging_keeps_http_client_request_lines_quiet() -> None:
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    try:
        configure_logging("DEBUG", [SECRET])
        assert logging.getLogger("httpx").level == logging.WARNING
        assert logging.getLogger("httpcore").level == logging.WARNING
        assert root.level == logging.DEBUG
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
