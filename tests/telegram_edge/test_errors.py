"""The error handler: errors logged without personal data, counted, and apologised for."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from telegram import CallbackQuery, Chat, InlineQuery, Message, Update, User

from bot.telegram_edge import texts
from bot.telegram_edge.application import bot_data
from bot.telegram_edge.errors import update_kind
from tests.conftest import RunningBot, wait_until
from tests.telegram_edge.helpers import USER, ask, quiet_for

SENDER = User(1, "Someone", is_bot=False)


def a_message() -> Message:
    return Message(1, datetime.now(UTC), Chat(1, Chat.PRIVATE), from_user=SENDER, text="x")


KINDS: dict[str, Callable[[], Any]] = {
    "message": a_message,
    "edited_message": a_message,
    "channel_post": a_message,
    "callback_query": lambda: CallbackQuery("1", SENDER, "instance"),
    "inline_query": lambda: InlineQuery("1", SENDER, "query", ""),
}


@pytest.mark.parametrize("kind", KINDS)
def test_update_kind_names_each_kind(kind: str) -> None:
    assert update_kind(Update(1, **{kind: KINDS[kind]()})) == kind


@pytest.mark.parametrize("thing", [None, "text", 3, RuntimeError("x")])
def test_update_kind_of_a_non_update_is_its_type(thing: object) -> None:
    assert update_kind(thing) == type(thing).__name__


def test_update_kind_of_another_update_is_other() -> None:
    assert update_kind(Update(1)) == "other"  # none of the kinds the bot handles


async def test_forbidden_is_not_retried_and_the_bot_carries_on(running_bot: RunningBot) -> None:
    api = running_bot.api
    api.fail_next("sendMessage", status=403)
    api.push_update(api.private_message(USER, "Who met whom?"))
    await wait_until(lambda: any(c.status == 403 for c in api.calls("sendMessage")))
    assert await quiet_for(running_bot, 0.5) == 0  # no retry, no apology to a blocked user
    assert "Konovalov" in (await ask(running_bot, "Who met whom?", user=USER + 1))["text"]


async def test_handler_error_is_logged_without_personal_data_and_apologised(
    running_bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    api = running_bot.api
    api.fail_next("sendMessage", status=500)
    update_id = api.push_update(api.private_message(USER, "my secret question about prisons"))
    await wait_until(lambda: any(c.status == 200 for c in api.calls("sendMessage")))
    (apology,) = [c.params["text"] for c in api.calls("sendMessage") if c.status == 200]
    assert apology.startswith("Sorry, something went wrong")
    (record,) = [r for r in caplog.records if "error handling update" in r.getMessage()]
    message = record.getMessage()
    assert str(update_id) in message and "(message)" in message and "NetworkError" in message
    assert "secret question" not in message and "User1001" not in message
    assert "Konovalov" in (await ask(running_bot, "Who met whom?"))["text"]


async def test_an_apology_that_cannot_be_sent_is_logged_and_the_error_counted(
    running_bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    api = running_bot.api
    api.fail_next("sendMessage", status=500, times=2)  # the answer, then the apology
    api.push_update(api.private_message(USER, "Who met whom?"))
    await wait_until(lambda: len(api.calls("sendMessage")) == 2)
    await wait_until(lambda: "could not send the apology" in caplog.text)
    counts = bot_data(running_bot.app).services.metrics.counts()
    assert counts.get("release_bot_errors:NetworkError") == 1  # once, though two calls failed
    assert (await ask(running_bot, "/about"))["text"] != texts.APOLOGY  # still serving
