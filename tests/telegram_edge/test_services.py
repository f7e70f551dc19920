"""The shared services: opened from the settings, closed once, and the one knowledge reload."""

from __future__ import annotations

import logging
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.matching import Outcome
from bot.core.service import KnowledgeService
from bot.questionlog.records import LoggedQuestion
from bot.questionlog.storage import QuestionLogClosed
from bot.telegram_edge.services import Services, close_services, open_services, reload_knowledge
from tests.conftest import DATA, RELEASE_ID, bot_settings
from tests.fake_bot_api import FakeBotApi
from tests.telegram_edge.helpers import MEETING_ANSWER, edit_answer

SECOND = "fi-pmo-fictional-trade-talks"


@pytest.fixture
async def services(fake_bot_api: FakeBotApi, knowledge_copy: Path) -> AsyncIterator[Services]:
    settings = bot_settings(fake_bot_api, knowledge_copy)
    opened = await open_services(settings, KnowledgeService(knowledge_copy))
    yield opened
    await close_services(opened)


async def test_a_broken_reload_is_refused_and_the_old_base_keeps_serving(
    services: Services, knowledge_copy: Path
) -> None:
    engine = services.knowledge.engine
    edit_answer(knowledge_copy, "related: [location, topics, other_meetings]", "related: [nope]")
    result = await reload_knowledge(services)
    assert not result.ok and "nope" in result.message
    assert services.knowledge.engine is engine
    assert services.knowledge.engine.ask("Who met whom?").body.startswith(MEETING_ANSWER)
    assert services.metrics.counts() == {"release_bot_knowledge_reloads:refused": 1}


async def test_a_good_reload_is_served_and_counted(
    services: Services, knowledge_copy: Path
) -> None:
    edit_answer(knowledge_copy, MEETING_ANSWER, "NEW: " + MEETING_ANSWER)
    shutil.copytree(DATA / "second_release" / SECOND, knowledge_copy / SECOND)
    result = await reload_knowledge(services)
    assert result.ok
    reply = services.knowledge.engine.ask("Who met whom?", RELEASE_ID)
    assert reply.body.startswith("NEW: ")
    assert services.metrics.counts() == {"release_bot_knowledge_reloads:ok": 1}
    assert f'release="{SECOND}"' in services.metrics.render().decode()  # the gauge follows


async def test_the_settings_reach_the_flood_guard(
    fake_bot_api: FakeBotApi, knowledge_root: Path
) -> None:
    env = {"RELEASE_BOT_USER_MESSAGES_PER_MINUTE": "4"}  # bursts of 2
    settings = bot_settings(fake_bot_api, knowledge_root, env)
    opened = await open_services(settings, KnowledgeService(knowledge_root))
    try:
        assert [(await opened.guard.allow(1))[0] for _ in range(3)] == [True, True, False]
    finally:
        await close_services(opened)


async def test_a_question_log_that_cannot_open_is_logged_and_left_out(
    fake_bot_api: FakeBotApi, knowledge_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = "mysql://bot:hunter2@db.example/questions"
    settings = bot_settings(fake_bot_api, knowledge_root, {"RELEASE_BOT_DATABASE_URL": url})
    opened = await open_services(settings, KnowledgeService(knowledge_root))
    assert opened.question_log is None
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "question log unavailable" in record.getMessage()
    assert "hunter2" not in caplog.text and "db.example" not in caplog.text
    await close_services(opened)  # nothing to close is fine


async def test_closing_closes_the_question_log(services: Services) -> None:
    log = services.question_log
    assert log is not None
    await close_services(services)
    with pytest.raises(QuestionLogClosed):
        log.submit(LoggedQuestion.build("who?", Outcome.FALLBACK, RELEASE_ID))
