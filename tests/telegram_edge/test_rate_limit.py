"""RELEASE_BOT_RATE_LIMIT as the built bot applies it: messages a second overall, 0 for none."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bot.core.service import KnowledgeService
from bot.telegram_edge.application import build_application
from tests.conftest import bot_settings
from tests.fake_bot_api import FakeBotApi


async def seconds_to_send(api: FakeBotApi, knowledge: Path, rate: str, messages: int) -> float:
    settings = bot_settings(api, knowledge, {"RELEASE_BOT_RATE_LIMIT": rate})
    app = build_application(settings, KnowledgeService(knowledge))
    async with app:
        started = time.monotonic()
        await asyncio.gather(*(app.bot.send_message(42 + n, f"m{n}") for n in range(messages)))
        return time.monotonic() - started


async def test_the_limit_holds_the_bot_to_its_rate(
    fake_bot_api: FakeBotApi, knowledge_root: Path
) -> None:
    # a bucket of 10 a second lets 10 through at once, then one every 0.1 s
    assert await seconds_to_send(fake_bot_api, knowledge_root, "10", 25) >= 1.2
    assert len(fake_bot_api.calls("sendMessage")) == 25


async def test_zero_turns_the_limiter_off(fake_bot_api: FakeBotApi, knowledge_root: Path) -> None:
    # no limiter at all (a time bound here failed on a busy machine: 60 sends took 1.06 s)
    settings = bot_settings(fake_bot_api, knowledge_root, {"RELEASE_BOT_RATE_LIMIT": "0"})
    assert build_application(settings, KnowledgeService(knowledge_root)).bot.rate_limiter is None
    default = bot_settings(fake_bot_api, knowledge_root, {})
    assert build_application(default, KnowledgeService(knowledge_root)).bot.rate_limiter is not None
    await seconds_to_send(fake_bot_api, knowledge_root, "0", 60)
    assert len(fake_bot_api.calls("sendMessage")) == 60
