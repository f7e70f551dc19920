"""The handlers' context: the shared services before, during and after the application's life,
and each chat's current release."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.core.service import KnowledgeService
from bot.telegram_edge.application import bot_data, build_application
from bot.telegram_edge.context import BotContext, BotData
from bot.telegram_edge.services import Services, close_services, open_services, reload_knowledge
from tests.conftest import DATA, RELEASE_ID, bot_settings
from tests.fake_bot_api import FakeBotApi

SECOND = "fi-pmo-fictional-trade-talks"  # dated, so the newest: the default


@pytest.fixture
async def app(fake_bot_api: FakeBotApi, knowledge_copy: Path) -> AsyncIterator[Application]:
    """The bot's application over two releases, with its services open (as after post_init)."""
    shutil.copytree(DATA / "second_release" / SECOND, knowledge_copy / SECOND)
    settings = bot_settings(fake_bot_api, knowledge_copy)
    service = KnowledgeService(knowledge_copy)
    app = build_application(settings, service)
    bot_data(app).open(await open_services(settings, service))
    yield app
    services = bot_data(app).take()
    assert services is not None
    await close_services(services)


def test_services_are_refused_before_post_init() -> None:
    with pytest.raises(RuntimeError, match="post_init"):
        _ = BotData().services


async def test_take_hands_the_services_over_once_and_clears_them(app: Application) -> None:
    data = bot_data(app)
    services = data.services
    assert isinstance(services, Services)
    assert data.take() is services
    assert data.take() is None
    with pytest.raises(RuntimeError):
        _ = data.services
    data.open(services)  # for the fixture to close


async def test_a_chat_gets_the_newest_release_until_it_chooses_another(app: Application) -> None:
    chat = BotContext(app, chat_id=1, user_id=1)
    assert chat.current_base().id == SECOND
    await chat.choose_release(RELEASE_ID)
    assert chat.current_base().id == RELEASE_ID
    assert BotContext(app, chat_id=2, user_id=2).current_base().id == SECOND  # its own choice


async def test_a_chosen_release_that_is_no_longer_served_falls_back_to_the_default(
    app: Application, knowledge_copy: Path
) -> None:
    chat = BotContext(app, chat_id=1, user_id=1)
    await chat.choose_release(SECOND)
    shutil.rmtree(knowledge_copy / SECOND)
    assert (await reload_knowledge(bot_data(app).services)).ok
    assert chat.current_base().id == RELEASE_ID


async def test_a_context_without_a_chat_can_still_answer(app: Application) -> None:
    """Inline queries have no chat: nothing is remembered, and the default release answers."""
    context = BotContext(app)
    await context.choose_release(RELEASE_ID)
    assert context.current_base().id == SECOND


async def test_a_choice_of_a_release_not_served_is_ignored(app: Application) -> None:
    chat = BotContext(app, chat_id=1, user_id=1)
    for junk in ("no-such-release", "../../etc/passwd", ""):
        await chat.choose_release(junk)
        assert chat.current_base().id == SECOND


async def test_choosing_the_default_release_keeps_nothing(app: Application) -> None:
    releases = bot_data(app).services.chat_choices
    chat = BotContext(app, chat_id=1, user_id=1)
    await chat.choose_release(RELEASE_ID)
    assert len(releases) == 1
    await chat.choose_release(SECOND)  # the default again: nothing to remember
    assert len(releases) == 0 and chat.current_base().id == SECOND
