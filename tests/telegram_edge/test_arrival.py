"""The flood guard in front of every handler, as a flooding user meets it."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bot.telegram_edge import texts
from bot.telegram_edge.callback_data import Action, encode
from bot.telegram_edge.locales import _
from tests.conftest import RELEASE_ID, RunningBot, start_bot, wait_until
from tests.fake_bot_api import FakeBotApi
from tests.telegram_edge.helpers import (
    USER,
    ask,
    cli_env,
    start_process,
    stop_process,
    texts_to,
)


async def slow_bot(api: FakeBotApi, knowledge: Path, per_minute: int) -> RunningBot:
    return await start_bot(
        api, knowledge, env={"RELEASE_BOT_USER_MESSAGES_PER_MINUTE": str(per_minute)}
    )


async def test_one_user_flooding_does_not_starve_another(
    fake_bot_api: FakeBotApi, knowledge_root: Path
) -> None:
    api = fake_bot_api
    bot = await slow_bot(api, knowledge_root, 10)  # bursts of 5
    try:
        for n in range(30):
            api.push_update(api.private_message(3001, f"who met whom {n}"))
        assert "Moscow" in (await ask(bot, "Where was the meeting?", user=3002))["text"]
        await asyncio.sleep(0.5)
        to_flooder = [
            c.params["text"] for c in api.calls("sendMessage") if c.params["chat_id"] == 3001
        ]
        notices = [t for t in to_flooder if "very fast" in t]
        assert len(notices) == 1
        assert len(to_flooder) - len(notices) == 5
    finally:
        assert await bot.finish() == 0


async def test_a_flooded_button_press_is_told_in_the_button_answer(
    fake_bot_api: FakeBotApi, knowledge_root: Path
) -> None:
    api = fake_bot_api
    bot = await slow_bot(api, knowledge_root, 2)  # bursts of 1
    try:
        for _ in range(3):
            api.push_update(api.callback_query(USER, str(encode(Action.CONTACT, RELEASE_ID))))
        await wait_until(lambda: len(api.calls("answerCallbackQuery")) == 3)
        notices = [c for c in api.calls("answerCallbackQuery") if c.params.get("text")]
        assert [c.params["text"] for c in notices] == [texts.FLOOD_NOTICE] * 2
        await asyncio.sleep(0.3)
        assert len(texts_to(api, USER)) == 1  # the contact once; no notice as a message
    finally:
        assert await bot.finish() == 0


async def test_inline_queries_draw_on_the_users_bucket(
    fake_bot_api: FakeBotApi, knowledge_root: Path
) -> None:
    """One bucket for every kind of update; an inline query costs a quarter of a message."""
    api = fake_bot_api
    bot = await slow_bot(api, knowledge_root, 2)  # bursts of 1
    try:
        for n in range(20):
            api.push_update(api.inline_query(USER, f"who met whom {n}"))
        await api.wait_for("answerInlineQuery", count=4)
        await asyncio.sleep(0.5)
        assert len(api.calls("answerInlineQuery")) == 4
        notice = await ask(bot, "Who met whom?", user=USER)  # the same, empty bucket
        assert notice["text"] == texts.FLOOD_NOTICE
        assert "Moscow" in (await ask(bot, "Where was the meeting?", user=USER + 1))["text"]
    finally:
        assert await bot.finish() == 0


def test_a_flood_of_inline_queries_is_slowed_down_like_any_other(
    fake_bot_api: FakeBotApi, tmp_path: Path
) -> None:
    """The attack of issue 11 (item 13) through `release-bot run`: inline queries no longer
    escape the guard, and the flooder does not hold anyone else up."""
    api = fake_bot_api
    env = cli_env(api, RELEASE_BOT_USER_MESSAGES_PER_MINUTE="2", RELEASE_BOT_DATA_DIR=str(tmp_path))
    process = start_process(env, "run")
    try:
        api.wait_for_sync("setMyCommands", timeout=20)
        for n in range(40):
            api.push_update(api.inline_query(USER, f"who met whom {n}"))
        api.wait_for_sync("answerInlineQuery", count=4, timeout=15)
        api.push_update(api.private_message(USER, "Who met whom?"))
        api.wait_for_sync("sendMessage", lambda p: p["chat_id"] == USER, timeout=15)
        api.push_update(api.private_message(USER + 1, "Who met whom?"))
        api.wait_for_sync("sendMessage", lambda p: p["chat_id"] == USER + 1, timeout=15)
        time.sleep(0.5)
    finally:
        stop_process(process)
    assert len(api.calls("answerInlineQuery")) == 4  # a burst of one message, at 1/4 each
    assert texts_to(api, USER) == [texts.FLOOD_NOTICE]
    assert "Konovalov" in texts_to(api, USER + 1)[0]


async def test_the_notice_is_in_the_flooders_language(
    fake_bot_api: FakeBotApi, knowledge_root: Path
) -> None:
    api = fake_bot_api
    bot = await slow_bot(api, knowledge_root, 2)  # bursts of 1
    try:
        for question in ("Kenet Häkkänen tapasi Moskovassa?", "Mistä ministerit keskustelivat?"):
            api.push_update(api.private_message(USER, question))
        await api.wait_for("sendMessage", lambda p: p["chat_id"] == USER, count=2)
        notice = texts_to(api, USER)[-1]
        assert notice == _(texts.FLOOD_NOTICE, "fi") != texts.FLOOD_NOTICE
    finally:
        assert await bot.finish() == 0
