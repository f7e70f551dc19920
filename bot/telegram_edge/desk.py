"""The press desk: what the hand-over and feedback handlers share, opened with the services.

- the hand-over and feedback stores, in the question log's database (None without one);
- their counters, in the bot's Prometheus registry (so /metrics shows them);
- each private chat's last question, in memory only, so that "Ask the press office" and a 👎
  know which question they are about (a replica that never saw it asks for it instead).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

from prometheus_client import CollectorRegistry, Counter
from telegram import CallbackQuery
from telegram.error import TelegramError

from bot.questionlog.feedback import FeedbackStore
from bot.questionlog.handovers import HandoverStore
from bot.questionlog.storage import QuestionLog

QUESTION_MEMORY_SECONDS = 3600.0  # "Ask the press office" an hour later still knows the question
DATABASE_TIMEOUT = 5.0  # seconds a hand-over or a vote may wait for the database

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")


class RecentQuestions:
    """Each private chat's last typed question, for an hour at most, bounded in number."""

    def __init__(
        self,
        limit: int = 10_000,
        ttl: float = QUESTION_MEMORY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limit, self._ttl, self._clock = limit, ttl, clock
        self._questions: OrderedDict[int, tuple[str, float]] = OrderedDict()

    def remember(self, chat_id: int, question: str) -> None:
        self._questions[chat_id] = (question, self._clock())
        self._questions.move_to_end(chat_id)
        while len(self._questions) > self._limit:
            self._questions.popitem(last=False)

    def last(self, chat_id: int) -> str | None:
        found = self._questions.get(chat_id)
        if found is None:
            return None
        if self._clock() - found[1] > self._ttl:
            del self._questions[chat_id]
            return None
        return found[0]

    def forget(self, chat_id: int) -> None:
        self._questions.pop(chat_id, None)


class DeskMetrics:
    """release_bot_feedback_total{vote}, release_bot_handovers_total{event} and
    release_bot_handover_replies_total, in the bot's registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.feedback = Counter(
            "release_bot_feedback",
            "Feedback on answers, by vote (helpful, unhelpful)",
            ["vote"],
            registry=registry,
        )
        self.handovers = Counter(
            "release_bot_handovers",
            "Questions handed to the press office, by event "
            "(sent, failed, answered, expired, withdrawn)",
            ["event"],
            registry=registry,
        )
        self.replies = Counter(
            "release_bot_handover_replies",
            "Press officers' replies relayed to the people who asked",
            registry=registry,
        )


@dataclass
class Desk:
    handovers: HandoverStore | None
    feedback: FeedbackStore | None
    metrics: DeskMetrics
    asked: RecentQuestions = field(default_factory=RecentQuestions)


def open_desk(question_log: QuestionLog | None, registry: CollectorRegistry) -> Desk:
    """The desk over the question log's database (no stores without one)."""
    if question_log is None:
        return Desk(None, None, DeskMetrics(registry))
    engine = question_log.engine
    return Desk(HandoverStore(engine), FeedbackStore(engine), DeskMetrics(registry))


async def in_thread(call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """A blocking store call off the event loop, given up (TimeoutError) after a few seconds."""
    return await asyncio.wait_for(asyncio.to_thread(call, *args, **kwargs), DATABASE_TIMEOUT)


async def answer_quietly(query: CallbackQuery, text: str | None = None) -> None:
    """Answer a button press (it stops the spinner); a failure does not stop what follows."""
    try:
        await query.answer(text)
    except TelegramError as error:
        log.info("could not answer a button press (%s)", type(error).__name__)
