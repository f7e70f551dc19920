"""Shared fixtures: the bundled knowledge base, an engine over it, and the real bot
Application polling a fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.core.bundled import bundled_knowledge_path
from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeBase
from bot.core.loader import load_library
from bot.core.service import KnowledgeService
from bot.settings import Settings, SettingsLoader
from bot.telegram_edge.application import build_application
from bot.telegram_edge.runner import run
from tests.fake_bot_api import FakeBotApi, fake_bot_api  # noqa: F401 - the fixture

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
RELEASE_ID = "moj-fi-hakkanen-konovalov-moscow"


@pytest.fixture(scope="session")
def knowledge_root() -> Path:
    return bundled_knowledge_path()


@pytest.fixture(scope="session")
def base(knowledge_root: Path) -> KnowledgeBase:
    (loaded,) = load_library(knowledge_root)
    return loaded


@pytest.fixture(scope="session")
def engine(base: KnowledgeBase) -> Engine:
    return Engine([base])


@dataclass
class RunningBot:
    api: FakeBotApi
    app: Application
    service: KnowledgeService
    stop: asyncio.Event
    task: asyncio.Task[int]

    async def finish(self) -> int:
        self.stop.set()
        return await asyncio.wait_for(self.task, 15)


def bot_settings(api: FakeBotApi, knowledge: Path, env: dict[str, str] | None = None) -> Settings:
    """Settings as `release-bot run` reads them, from an environment for the fake Bot API."""
    values = {
        "RELEASE_BOT_DATA_DIR": tempfile.mkdtemp(prefix="release-bot-test-"),
        "TELEGRAM_BOT_TOKEN": api.token,
        "RELEASE_BOT_KNOWLEDGE": str(knowledge),
        "TELEGRAM_API_BASE_URL": api.base_url,
        "RELEASE_BOT_USER_MESSAGES_PER_MINUTE": "600",
        **(env or {}),
    }
    return SettingsLoader(values).all()


async def start_bot(
    api: FakeBotApi,
    knowledge: Path,
    *,
    rate_limit: bool = True,
    env: dict[str, str] | None = None,
) -> RunningBot:
    """Start the real Application polling the fake Bot API; returns once polling has begun."""
    settings = bot_settings(api, knowledge, env)
    service = KnowledgeService(knowledge)
    app = build_application(settings, service, rate_limit=rate_limit)
    stop = asyncio.Event()
    task = asyncio.create_task(
        run(app, settings, stop=stop, startup_attempts=2, retry_delay=0.05, handle_signals=False)
    )
    await wait_until(lambda: bool(api.calls("getUpdates")) or task.done(), timeout=10)
    return RunningBot(api, app, service, stop, task)


async def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll `condition` until it holds; fail the test if it does not within `timeout`."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(0.01)


@pytest.fixture
async def running_bot(
    fake_bot_api: FakeBotApi,  # noqa: F811 - the imported fixture
    knowledge_root: Path,
) -> AsyncIterator[RunningBot]:
    bot = await start_bot(fake_bot_api, knowledge_root)
    yield bot
    assert await bot.finish() == 0
