"""The services every handler uses, as one frozen object, and the one way to reload knowledge.

The question log and the chats' chosen releases are opened when the application starts
(post_init) and closed when it stops (post_shutdown); a log that cannot be opened is logged and
the bot answers without it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from bot.core.service import KnowledgeService, ReloadResult
from bot.questionlog.storage import QuestionLog, QuestionLogError, open_question_log
from bot.settings import Settings
from bot.telegram_edge.chat_state import ChatReleases
from bot.telegram_edge.desk import Desk, open_desk
from bot.telegram_edge.flood_guard import FloodGuard
from bot.telegram_edge.metrics import Metrics

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    settings: Settings
    knowledge: KnowledgeService
    metrics: Metrics
    guard: FloodGuard
    question_log: QuestionLog | None
    chat_releases: ChatReleases
    desk: Desk  # hand-overs to the press office and feedback, beside the question log


def open_services(settings: Settings, knowledge: KnowledgeService) -> Services:
    metrics = Metrics(knowledge)
    question_log = _open_question_log(settings)
    return Services(
        settings=settings,
        knowledge=knowledge,
        metrics=metrics,
        guard=FloodGuard(settings.telegram.user_messages_per_minute),
        question_log=question_log,
        chat_releases=ChatReleases.load(settings.storage.data_dir),
        desk=open_desk(question_log, metrics.registry),
    )


async def close_services(services: Services) -> None:
    """Save the chats' releases and close the question log; a failure in one does not keep
    the other from closing."""
    try:
        await services.chat_releases.close()
    finally:
        if services.question_log is not None:
            await asyncio.to_thread(services.question_log.close)


async def reload_knowledge(services: Services) -> ReloadResult:
    """Load the knowledge base again, off the event loop, and publish the result in the metrics.
    A broken knowledge base is refused and the last good one keeps serving."""
    result = await asyncio.to_thread(services.knowledge.reload)
    services.metrics.record_reload(result)
    return result


def _open_question_log(settings: Settings) -> QuestionLog | None:
    url = settings.storage.database_url
    try:
        return open_question_log(url.reveal() if url else None, settings.storage.data_dir)
    except (QuestionLogError, ValueError) as error:
        log.error(
            "question log unavailable, questions will not be recorded: %s", type(error).__name__
        )
        return None
