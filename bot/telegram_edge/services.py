"""The services every handler uses, as one frozen object, and the one way to reload knowledge.

The question log and the chats' choices are opened when the application starts (post_init) and
closed when it stops (post_shutdown); a log that cannot be opened is logged and the bot answers
without it. With a PostgreSQL URL the update claims, the chats' choices and the flood guard are
shared by every replica (`bot.replicas`); without one they are this process's own.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.core.service import KnowledgeService, ReloadResult
from bot.questionlog.storage import QuestionLog, QuestionLogError, open_question_log
from bot.replicas.chat_choices import ChatChoiceStore, PostgresChatChoices
from bot.replicas.claims import MemoryClaims, PostgresClaims, UpdateClaims
from bot.replicas.database import SharedDatabase, SharedStateError
from bot.replicas.flood import FloodLimiter, PostgresFloodGuard
from bot.settings import Settings
from bot.telegram_edge.chat_state import ChatChoices
from bot.telegram_edge.desk import Desk, open_desk
from bot.telegram_edge.flood_guard import FloodGuard
from bot.telegram_edge.metrics import Metrics

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    settings: Settings
    knowledge: KnowledgeService
    metrics: Metrics
    guard: FloodLimiter
    question_log: QuestionLog | None
    chat_choices: ChatChoiceStore
    claims: UpdateClaims  # update ids in hand or answered, for the webhook
    desk: Desk  # hand-overs to the press office and feedback, beside the question log
    shared: SharedDatabase | None = None  # the replicas' PostgreSQL, when there is one
    # what forgets expired rows in the shared database (the one-process stores expire their own)
    purges: tuple[Callable[[], Awaitable[None]], ...] = ()


async def open_services(settings: Settings, knowledge: KnowledgeService) -> Services:
    metrics = Metrics(knowledge)
    question_log = _open_question_log(settings)
    local_guard = FloodGuard(settings.telegram.user_messages_per_minute)
    url = postgres_url(settings)
    if url is None:
        return Services(
            settings=settings,
            knowledge=knowledge,
            metrics=metrics,
            guard=local_guard,
            question_log=question_log,
            chat_choices=ChatChoices.load(settings.storage.data_dir),
            claims=MemoryClaims(),
            desk=open_desk(question_log, metrics.registry),
        )
    shared = SharedDatabase(url)
    await shared.open()
    metrics.count_round_trips(lambda: shared.round_trips)
    per_minute = settings.telegram.user_messages_per_minute
    guard = PostgresFloodGuard(shared, per_minute, local_guard.burst, fallback=local_guard)
    chat_choices, claims = PostgresChatChoices(shared), PostgresClaims(shared)
    return Services(
        settings=settings,
        knowledge=knowledge,
        metrics=metrics,
        guard=guard,
        question_log=question_log,
        chat_choices=chat_choices,
        claims=claims,
        desk=open_desk(question_log, metrics.registry),
        shared=shared,
        purges=(claims.purge, chat_choices.purge, guard.purge),
    )


async def close_services(services: Services) -> None:
    """Save the chats' choices, close the shared database and the question log; a failure in
    one does not keep the others from closing."""
    try:
        await services.chat_choices.close()
    finally:
        try:
            if services.shared is not None:
                await services.shared.close()
        finally:
            if services.question_log is not None:
                await asyncio.to_thread(services.question_log.close)


async def purge_shared_state(services: Services) -> None:
    """Forget expired claims, choices and flood buckets in the shared database."""
    for purge in services.purges:
        try:
            await purge()
        except SharedStateError as error:
            log.warning("%s", error)


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


def postgres_url(settings: Settings) -> str | None:
    """The PostgreSQL URL for libpq, when the database URL is one (else the question log has
    already said that it cannot open it)."""
    url = settings.storage.database_url
    scheme, _, rest = url.reveal().partition("://") if url is not None else ("", "", "")
    return f"postgresql://{rest}" if scheme in ("postgresql", "postgresql+psycopg") else None
