"""Redaction in log records: registered secrets never reach a formatted log line, whether in
the message, its arguments, the text of an exception or its traceback."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from bot.logs import HIDDEN, REDACTED, configure_logging, hide_content, redact, register_secrets

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


# -- what people wrote never reaches a log line -------------------------------------------------

PERSON = {"id": 918273645, "first_name": "Aino", "username": "aino_testila"}
UPDATE = {
    "update_id": 700,
    "message": {
        "message_id": 5,
        "date": 1700000000,
        "chat": {**PERSON, "type": "private"},
        "from": {**PERSON, "is_bot": False},
        "text": "I am Aino, call 040 765 4321",
    },
}
TRACES = ("918273645", "Aino", "aino_testila", "765 4321")


@pytest.fixture
def telegram_log() -> Iterator[io.StringIO]:
    """What python-telegram-bot's loggers write, formatted."""
    register_secrets([SECRET])
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    logger = logging.getLogger("telegram")
    saved = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(saved)


def test_telegram_debug_lines_keep_the_method_and_hide_the_content(
    telegram_log: io.StringIO,
) -> None:
    """The lines python-telegram-bot 22 writes at DEBUG (and at CRITICAL for bad updates), with
    its own format strings and the kinds of arguments it passes."""
    from telegram import Update

    bot_log = logging.getLogger("telegram.ext.ExtBot")
    parameters = {"chat_id": 918273645, "text": "Aino, call 040 765 4321", "parse_mode": "HTML"}
    bot_log.debug("Calling Bot API endpoint `%s` with parameters `%s`", "sendMessage", parameters)
    bot_log.debug(
        "Call to Bot API endpoint `%s` finished with return value `%s`", "getUpdates", [UPDATE]
    )
    bot_log.debug("Call to Bot API endpoint `%s` finished with return value `%s`", "getMe", True)
    bot_log.debug("Getting updates: %s", [700, 701])
    logging.getLogger("telegram.ext.Application").debug(
        "Processing update %s", Update.de_json(UPDATE, None)
    )
    webhook_log = logging.getLogger("telegram.ext._utils.webhookhandler")
    webhook_log.debug("Webhook received data: %s", json.dumps(UPDATE))
    webhook_log.critical("Received data was *not* processed! Received data was: %r", UPDATE)
    bot_log.debug("Set Bot API URL: %s", f"https://api.telegram.org/bot{SECRET}")
    bot_log.debug("setWebhook with `%s`", {"url": "https://x.example/hook", "secret_token": SECRET})

    lines = telegram_log.getvalue().splitlines()
    assert lines[0] == (
        "DEBUG telegram.ext.ExtBot Calling Bot API endpoint `sendMessage` with parameters "
        "`{chat_id: <hidden>, text: <hidden>, parse_mode: 'HTML'}`"
    )
    assert lines[1].endswith("`getUpdates` finished with return value `<1 item>`")
    assert lines[2].endswith("`getMe` finished with return value `True`")
    assert lines[3].endswith("Getting updates: [700, 701]")  # update ids are not personal
    assert lines[4].endswith("Processing update <Update 700>")
    assert lines[5].endswith("Webhook received data: <hidden>")
    assert lines[6].startswith("CRITICAL") and lines[6].endswith(
        "Received data was: {update_id: 700, message: <hidden>}"
    )
    assert lines[7].endswith(f"Set Bot API URL: https://api.telegram.org/bot{REDACTED}")
    assert lines[8].endswith(f"{{url: 'https://x.example/hook', secret_token: '{REDACTED}'}}`")
    text = telegram_log.getvalue()
    assert [trace for trace in TRACES if trace in text] == []


def test_a_summary_where_a_number_is_formatted_hides_the_arguments(
    telegram_log: io.StringIO,
) -> None:
    logging.getLogger("telegram.ext").debug("update %d from %s", {"text": "Aino"}, "x")
    assert (
        telegram_log.getvalue().strip() == "DEBUG telegram.ext update %d from %s [arguments hidden]"
    )


def test_hide_content_keeps_what_a_debug_log_is_for() -> None:
    error = RuntimeError("Timed out")
    assert hide_content(42) == 42 and hide_content(None) is None and hide_content(error) is error
    assert hide_content("sendMessage") == "sendMessage"
    assert (
        hide_content("Network Retry Loop (Polling Updates):")
        == "Network Retry Loop (Polling Updates):"
    )
    assert hide_content('{"text": "hi"}') == HIDDEN and hide_content("x" * 201) == HIDDEN
    assert hide_content(("1001", "1001")) == "<2 items>" and hide_content(io.StringIO) == "StringIO"
    assert str(hide_content(object())) == "<object>"


def test_the_bots_own_loggers_are_left_as_they_are(captured: io.StringIO) -> None:
    """Only python-telegram-bot's records are summarised; the bot's own never pass user text."""
    logging.getLogger("test.redaction").info("kept %s", {"kind": "fallback"})
    assert captured.getvalue().strip() == "INFO kept {'kind': 'fallback'}"
