"""Build the python-telegram-bot `Application` over the knowledge service.

The services are opened in the application's post_init and closed in its post_shutdown, so
whoever runs the application (the runner, a test) gets them with its lifecycle. The data folder
is checked (and created 0700) when the application is built, before anything is sent to
Telegram. There is no python-telegram-bot persistence (its file is a pickle) and no Updater:
the runner polls itself (`polling`), and a chat's choices are kept by `chat_state` (or, for
replicas, `bot.replicas`).
"""

from __future__ import annotations

import logging

from telegram.ext import (
    AIORateLimiter,
    Application,
    ExtBot,
)
from telegram.request import HTTPXRequest

from bot.core.service import KnowledgeService
from bot.settings import Settings
from bot.telegram_edge import (
    arrival,
    buttons,
    commands,
    errors,
    feedback,
    handover,
    inline,
    questions,
)
from bot.telegram_edge.chat_state import prepare_data_dir
from bot.telegram_edge.context import CONTEXT_TYPES, BotData
from bot.telegram_edge.services import close_services, open_services

BotApplication = Application

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
# Updates handled at once. On loopback 4 to 8 is fastest (httpcore's pool does work per pooled
# connection on every request); 8 keeps about 80 replies a second in flight at 100 ms round
# trips to Telegram, well above its limit of about 30 a second.
CONCURRENT_UPDATES = 8
POLL_TIMEOUT = 30  # seconds a getUpdates long poll may wait on the server
# Questions come first among the answers' handlers: most updates are questions, and their
# filters (text, not a command) leave every command to the handlers after them.
HANDLER_MODULES = (arrival, questions, commands, buttons, inline, errors, handover, feedback)


class RedactedBot(ExtBot[int]):
    """The bot, with a repr that never shows the token (python-telegram-bot's does)."""

    __slots__ = ()

    def __repr__(self) -> str:
        username = self._bot_user.username if self._bot_user is not None else "?"
        return f"{type(self).__name__}[username={username}]"


class _OneLineInvalidAnswers(logging.Filter):
    """python-telegram-bot logs an answer that is not JSON (a proxy's error page) whole and with
    a traceback; keep it to one short line: the caller reports the failure itself."""

    PREFIX = "Can not load invalid JSON data"

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith(self.PREFIX):
            text = record.getMessage().replace("\n", " ")
            record.msg = text if len(text) <= 200 else text[:199] + "…"
            record.args, record.exc_info, record.exc_text = None, None, None
        return True


def quiet_invalid_answers() -> None:
    logger = logging.getLogger("telegram.request.BaseRequest")
    if not any(isinstance(f, _OneLineInvalidAnswers) for f in logger.filters):
        logger.addFilter(_OneLineInvalidAnswers())


def file_url_for(base_url: str) -> str:
    """The file download URL that goes with a Bot API base URL (".../bot" -> ".../file/bot")."""
    head, sep, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}" if sep else base_url


def build_application(
    settings: Settings, knowledge: KnowledgeService, *, rate_limit: bool = True
) -> BotApplication:
    """The bot's Application: real HTTP to the Bot API (or `settings.telegram.api_base_url`).
    Raises DataDirError if the data folder cannot be used."""
    prepare_data_dir(settings.storage.data_dir)
    quiet_invalid_answers()
    telegram = settings.telegram
    base_url = telegram.api_base_url or DEFAULT_BASE_URL
    timeout = telegram.request_timeout
    bot = RedactedBot(
        telegram.token.reveal(),
        base_url=base_url,
        base_file_url=file_url_for(base_url),
        request=HTTPXRequest(
            connection_pool_size=CONCURRENT_UPDATES + 4,
            connect_timeout=timeout,
            read_timeout=timeout,
            write_timeout=timeout,
            pool_timeout=timeout,
        ),
        get_updates_request=HTTPXRequest(
            connection_pool_size=2,
            connect_timeout=timeout,
            read_timeout=POLL_TIMEOUT + timeout,
        ),
        rate_limiter=(
            AIORateLimiter(overall_max_rate=telegram.rate_limit, max_retries=3)
            if rate_limit and telegram.rate_limit > 0
            else None
        ),
    )

    async def post_init(app: BotApplication) -> None:
        bot_data(app).open(await open_services(settings, knowledge))

    async def post_shutdown(app: BotApplication) -> None:
        services = bot_data(app).take()
        if services is not None:
            await close_services(services)

    app = (
        Application.builder()
        .bot(bot)
        .context_types(CONTEXT_TYPES)
        .concurrent_updates(CONCURRENT_UPDATES)
        .updater(None)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    for module in HANDLER_MODULES:
        module.register(app)
    return app


def bot_data(app: BotApplication) -> BotData:
    """The application's shared state, typed."""
    data = app.bot_data
    if not isinstance(data, BotData):
        raise TypeError("the application was not built by build_application")
    return data
