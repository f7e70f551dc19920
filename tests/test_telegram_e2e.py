"""End to end: the real Application talks HTTP to a fake Bot API on 127.0.0.1."""

from __future__ import annotations

import pytest

from tests.conftest import RunningBot

USER = 1001


async def ask(bot: RunningBot, text: str, user: int = USER) -> dict:
    since = bot.api.calls()[-1].time if bot.api.calls() else None
    bot.api.push_update(bot.api.private_message(user, text))
    (call,) = (await bot.api.wait_for("sendMessage", lambda p: p["chat_id"] == user, since=since))[-1:]
    return call.params


async def test_private_question_gets_answer_with_contact(running_bot: RunningBot) -> None:
    params = await ask(running_bot, "Who met whom?")
    assert "Konovalov" in params["text"]
    assert "Lauri Koskentausta" in params["text"] and "+358 2951 50131" in params["text"]
    assert params["parse_mode"] == "HTML"
