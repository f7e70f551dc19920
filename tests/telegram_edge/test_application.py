"""The bot's Application: its Bot, URLs and shared state, rate limits and concurrency."""

from __future__ import annotations

import asyncio
import inspect
import json
from pathlib import Path

import pytest
from telegram import Bot
from telegram.ext import Application

from bot.core.service import KnowledgeService
from bot.telegram_edge.application import (
    DEFAULT_BASE_URL,
    RedactedBot,
    bot_data,
    build_application,
    file_url_for,
)
from bot.telegram_edge.chat_state import CHAT_STATE_FILE
from bot.telegram_edge.context import BotData
from tests.conftest import RELEASE_ID, RunningBot, bot_settings, start_bot, wait_until
from tests.fake_bot_api import BOT_USERNAME, DEFAULT_TOKEN, FakeBotApi
from tests.telegram_edge.helpers import ask, quiet_for

TOKEN_SECRET = DEFAULT_TOKEN.split(":", 1)[1]


def test_the_bots_repr_hides_the_token_before_it_knows_its_name() -> None:
    bot = RedactedBot(DEFAULT_TOKEN)
    assert TOKEN_SECRET not in repr(bot) and TOKEN_SECRET not in str(bot)


async def test_the_bots_repr_names_it_once_initialised(fake_bot_api: FakeBotApi) -> None:
    async with RedactedBot(fake_bot_api.token, base_url=fake_bot_api.base_url) as bot:
        assert BOT_USERNAME in repr(bot)
        assert fake_bot_api.token.split(":", 1)[1] not in repr(bot) + str(bot)


def test_file_url_for_telegram_is_python_telegram_bots_default() -> None:
    default = inspect.signature(Bot.__init__).parameters["base_file_url"].default
    assert file_url_for(DEFAULT_BASE_URL) == default


@pytest.mark.parametrize("suffix", ["", "/"])
def test_file_url_for_a_self_hosted_server(fake_bot_api: FakeBotApi, suffix: str) -> None:
    assert file_url_for(fake_bot_api.base_url + suffix) == fake_bot_api.base_file_url


def test_file_url_for_a_url_without_a_path_is_left_alone() -> None:
    assert file_url_for("bot") == "bot"


def test_bot_data_refuses_an_application_it_did_not_build() -> None:
    with pytest.raises(TypeError):
        bot_data(Application.builder().token(DEFAULT_TOKEN).build())


def test_bot_data_of_the_bots_application_is_typed(
    fake_bot_api: FakeBotApi, knowledge_root: Path
) -> None:
    app = build_application(
        bot_settings(fake_bot_api, knowledge_root), KnowledgeService(knowledge_root)
    )
    assert isinstance(bot_data(app), BotData)


async def test_with_one_release_nothing_about_chats_is_kept(
    fake_bot_api: FakeBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    """Choosing the only (so the default) release is no choice to remember."""
    bot = await start_bot(fake_bot_api, knowledge_root, env={"RELEASE_BOT_DATA_DIR": str(tmp_path)})
    try:
        await ask(bot, f"/start {RELEASE_ID}")
        await ask(bot, "Who met whom?")
    finally:
        assert await bot.finish() == 0
    state = tmp_path / CHAT_STATE_FILE
    assert not state.exists() or json.loads(state.read_text())["chats"] == {}


# -- talking to the Bot API ---------------------------------------------------------------------


async def test_429_waits_retry_after_before_sending_again(running_bot: RunningBot) -> None:
    api = running_bot.api
    api.fail_next("sendMessage", status=429, retry_after=2)
    await ask(running_bot, "Who met whom?")
    first, second = api.calls("sendMessage")[-2:]
    assert first.status == 429 and second.status == 200
    assert second.time - first.time >= 2.0
    assert await quiet_for(running_bot, 0.3) == 0  # sent once, not twice


async def test_send_timeout_is_survived(fake_bot_api: FakeBotApi, knowledge_root: Path) -> None:
    bot = await start_bot(fake_bot_api, knowledge_root, env={"RELEASE_BOT_REQUEST_TIMEOUT": "1"})
    try:
        fake_bot_api.delay_next("sendMessage", 2.5)
        fake_bot_api.push_update(fake_bot_api.private_message(1001, "Who met whom?"))
        await wait_until(lambda: bool(fake_bot_api.calls("sendMessage")), timeout=10)
        assert "Moscow" in (await ask(bot, "Where was the meeting?", user=1002))["text"]
        await asyncio.sleep(2.5)  # the delayed answer arrives; no apology follows it
        (answer,) = [c for c in fake_bot_api.calls("sendMessage") if c.params["chat_id"] == 1001]
        assert answer.status == 200 and "Konovalov" in answer.params["text"]
    finally:
        assert await bot.finish() == 0


async def test_two_users_at_once_both_get_answers(running_bot: RunningBot) -> None:
    first, second = await asyncio.gather(
        ask(running_bot, "Who met whom?", user=2001), ask(running_bot, "Where?", user=2002)
    )
    assert "Konovalov" in first["text"] and "Moscow" in second["text"]


async def test_a_slow_reply_to_one_user_does_not_hold_up_another(running_bot: RunningBot) -> None:
    api = running_bot.api
    api.delay_next("sendMessage", 1.0)
    api.push_update(api.private_message(2001, "Who met whom?"))
    await wait_until(lambda: bool(api.calls("sendMessage")))
    assert "Konovalov" in (await ask(running_bot, "Who met whom?", user=2002))["text"]
    slow = [c for c in api.calls("sendMessage") if c.params["chat_id"] == 2001]
    assert [c.status == 200 for c in slow] == [False]  # still on its way
