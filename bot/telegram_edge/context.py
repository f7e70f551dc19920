"""Typed access to the shared services from every handler: `context.services`, not strings."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from bot.core.answers import Reply
from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeBase
from bot.replicas.chat_choices import ChatChoice
from bot.telegram_edge.services import Services


class BotData:
    """The application's `bot_data`: the services, set in post_init and cleared in
    post_shutdown."""

    __slots__ = ("_services", "http_port", "metrics_port")

    def __init__(self) -> None:
        self._services: Services | None = None
        self.http_port: int | None = None  # where the HTTP server listens, once it does
        self.metrics_port: int | None = None  # where /metrics is served, if it is

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("the bot's services are not open (post_init has not run)")
        return self._services

    def open(self, services: Services) -> None:
        self._services = services

    def take(self) -> Services | None:
        """Remove and return the services, for closing them."""
        services, self._services = self._services, None
        return services


class BotContext(CallbackContext[ExtBot[int], dict[Any, Any], dict[Any, Any], BotData]):
    """The handlers' context: the services, the engine and the chat's current release.

    One context serves every handler of an update; `chat_choice` is read by the handler that
    runs before all others (`arrival`), and is the default (no choice) until then."""

    chat_choice: ChatChoice = ChatChoice()

    @property
    def services(self) -> Services:
        return self.bot_data.services

    @property
    def engine(self) -> Engine:
        return self.services.knowledge.engine

    def previous_reply(self) -> Reply | None:
        """The chat's last answer, rebuilt from its entry, for follow-up questions."""
        last = self.chat_choice.last_answer
        if last is None:
            return None
        base = self.engine.bases.get(last[0])
        entry = base.entry(last[1]) if base is not None else None
        return self.engine.answer_entry(entry, base) if entry and base else None

    async def choose_release(self, release_id: str) -> None:
        """Make `release_id` the chat's current release (kept across restarts and replicas;
        choosing the default forgets the choice)."""
        if self._chat_id is None:
            return
        default = self.engine.default_release
        kept = release_id if release_id != default else None
        self.chat_choice = replace(self.chat_choice, release=kept)
        await self.services.chat_choices.choose_release(self._chat_id, release_id, default)

    async def remember_answer(self, release_id: str, entry_id: str) -> None:
        """Keep the entry the chat was just answered from, for its next question."""
        if self._chat_id is None:
            return
        self.chat_choice = replace(self.chat_choice, last_answer=(release_id, entry_id))
        await self.services.chat_choices.remember_answer(self._chat_id, release_id, entry_id)

    async def choose_language(self, language: str | None) -> None:
        """Make `language` the chat's language for the bot's own words (None: forget it)."""
        if self._chat_id is None:
            return
        self.chat_choice = replace(self.chat_choice, language=language)
        await self.services.chat_choices.choose_language(self._chat_id, language)

    def chosen_language(self) -> str | None:
        """The language the chat chose with /language, if any."""
        return self.chat_choice.language

    def current_base(self) -> KnowledgeBase:
        """The chat's current release (the newest unless the chat chose one)."""
        engine = self.engine
        chosen = self.chat_choice.release
        base = engine.bases.get(chosen) if chosen is not None else None
        return base or engine.bases[engine.default_release]


CONTEXT_TYPES = ContextTypes(context=BotContext, bot_data=BotData)
