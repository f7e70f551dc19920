"""Build the python-telegram-bot `Application` over the knowledge service."""

from __future__ import annotations

import logging
from pathlib import Path

from telegram.ext import (
    AIORateLimiter,
    Application,
    ExtBot,
    PersistenceInput,
    PicklePersistence,
)
from telegram.request import HTTPXRequest

from bot.config import Settings
from bot.guard import FloodGuard
from bot.handlers import CONTEXT_TYPES, register
from bot.metrics import Metrics
from bot.questionlog import QuestionLog, QuestionLogError, open_question_log
from bot.service import KnowledgeService

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
# Updates handled at once. On loopback 4 to 8 is fastest (httpcore's pool does work per pooled
# connection on every request); 8 keeps about 80 replies a second in flight at 100 ms round
# trips to Telegram, well above its limit of about 30 a second.
CONCURRENT_UPDATES = 8
POLL_TIMEOUT = 30  # seconds a getUpdates long poll may wait on the server
CHAT_STATE_FILE = "chat-state.pickle"


class RedactedBot(ExtBot[None]):
    """The bot, with a repr that never shows the token (python-telegram-bot's does)."""

    __slots__ = ()

    def __repr__(self) -> str:
        username = self._bot_user.username if self._bot_user is not None else "?"
        return f"{type(self).__name__}[username={username}]"


def file_url_for(base_url: str) -> str:
    """The file download URL that goes with a Bot API base URL (".../bot" -> ".../file/bot")."""
    head, sep, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}" if sep else base_url


def chat_state(data_dir: Path) -> PicklePersistence:
    """Each chat's chosen release, kept in a file so the choice survives a restart. Only chat
    data is kept: nothing about users, and not the shared services in bot_data."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return PicklePersistence(
        data_dir / CHAT_STATE_FILE,
        store_data=PersistenceInput(
            bot_data=False, chat_data=True, user_data=False, callback_data=False
        ),
        update_interval=10,
    )


def open_log(settings: Settings) -> QuestionLog | None:
    """The question log, or None if its folder cannot be made: the bot answers without it."""
    try:
        return open_question_log(settings.database_url, settings.data_dir)
    except QuestionLogError as error:
        log.error(
            "question log unavailable, questions will not be recorded: %s", type(error).__name__
        )
        return None


def build_application(
    settings: Settings, service: KnowledgeService, *, rate_limit: bool = True
) -> Application:
    """The bot's Application: real HTTP to the Bot API (or `settings.api_base_url`)."""
    base_url = settings.api_base_url or DEFAULT_BASE_URL
    bot = RedactedBot(
        settings.token.reveal(),
        base_url=base_url,
        base_file_url=file_url_for(base_url),
        request=HTTPXRequest(
            connection_pool_size=CONCURRENT_UPDATES + 4,
            connect_timeout=settings.request_timeout,
            read_timeout=settings.request_timeout,
            write_timeout=settings.request_timeout,
            pool_timeout=settings.request_timeout,
        ),
        get_updates_request=HTTPXRequest(
            connection_pool_size=2,
            connect_timeout=settings.request_timeout,
            read_timeout=POLL_TIMEOUT + settings.request_timeout,
        ),
        rate_limiter=AIORateLimiter(max_retries=3) if rate_limit else None,
    )
    app = (
        Application.builder()
        .bot(bot)
        .context_types(CONTEXT_TYPES)
        .concurrent_updates(CONCURRENT_UPDATES)
        .persistence(chat_state(settings.data_dir))
        .build()
    )
    app.bot_data["service"] = service
    app.bot_data["guard"] = FloodGuard(settings.user_messages_per_minute)
    app.bot_data["settings"] = settings
    app.bot_data["metrics"] = Metrics(service)
    app.bot_data["questionlog"] = open_log(settings)
    register(app)
    return app
