"""Fixtures of the Telegram edge tests: a bot in webhook mode over a copy of the knowledge base."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fake_bot_api import FakeBotApi
from tests.telegram_edge.helpers import WebhookBot, start_webhook_bot


@pytest.fixture
def knowledge_copy(tmp_path: Path, knowledge_root: Path) -> Path:
    """A copy of the bundled knowledge base that a test may edit."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(knowledge_root, knowledge)
    return knowledge


@pytest.fixture
async def webhook_bot(fake_bot_api: FakeBotApi, knowledge_copy: Path) -> AsyncIterator[WebhookBot]:
    bot = await start_webhook_bot(fake_bot_api, knowledge_copy)
    yield bot
    assert await bot.finish() == 0
