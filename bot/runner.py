"""Run the bot: start-up with bounded retries, the bot's profile, polling, signals, clean stop.

Exit codes: 0 after a clean stop (SIGTERM, SIGINT), 2 when the token is refused, 3 when the Bot
API cannot be reached at start-up after the retries.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable

from telegram import BotCommand, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from bot import texts
from bot.app import build_application
from bot.config import Settings
from bot.service import KnowledgeService

log = logging.getLogger(__name__)

EXIT_OK, EXIT_TOKEN_REFUSED, EXIT_UNREACHABLE = 0, 2, 3
ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.INLINE_QUERY,
]


class StartupError(Exception):
    """The bot could not start; `exit_code` and a one-line reason say why."""

    def __init__(self, exit_code: int, reason: str) -> None:
        super().__init__(reason)
        self.exit_code = exit_code


async def initialize(app: Application, attempts: int = 5, delay: float = 1.0) -> None:
    """Initialise the application (this calls getMe), retrying network failures a few times."""
    for attempt in range(1, attempts + 1):
        try:
            await app.initialize()
            return
        except InvalidToken:
            raise StartupError(
                EXIT_TOKEN_REFUSED, "the Bot API refused the token: check TELEGRAM_BOT_TOKEN"
            ) from None
        except NetworkError as error:  # includes timeouts and 5xx answers
            log.warning(
                "Bot API not reachable (attempt %d of %d): %s",
                attempt,
                attempts,
                type(error).__name__,
            )
            if attempt == attempts:
                raise StartupError(
                    EXIT_UNREACHABLE,
                    f"cannot reach the Bot API after {attempts} attempts ({type(error).__name__})",
                ) from None
            await asyncio.sleep(delay * 2 ** (attempt - 1))


async def set_profile(app: Application, service: KnowledgeService) -> None:
    """Set the command menu and descriptions; a refusal is a warning, not a reason to stop."""
    base = service.engine.bases[service.engine.default_release]
    steps: list[tuple[str, Callable[[], Awaitable[object]]]] = [
        (
            "commands",
            lambda: app.bot.set_my_commands(
                [BotCommand(name, text) for name, text in texts.COMMANDS.items()]
            ),
        ),
        ("description", lambda: app.bot.set_my_description(texts.commands_description(base))),
        (
            "short description",
            lambda: app.bot.set_my_short_description(texts.short_description(base)),
        ),
    ]
    for name, step in steps:
        try:
            await step()
        except TelegramError as error:
            log.warning("could not set the bot's %s: %s", name, type(error).__name__)


def install_signal_handlers(stop: asyncio.Event, service: KnowledgeService) -> None:
    """SIGTERM and SIGINT stop the bot cleanly; SIGHUP reloads the knowledge base."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    loop.add_signal_handler(signal.SIGHUP, lambda: log.info(service.reload().message))


async def run_polling(
    app: Application,
    service: KnowledgeService,
    *,
    stop: asyncio.Event | None = None,
    startup_attempts: int = 5,
    retry_delay: float = 1.0,
    poll_interval: float = 0.0,
    handle_signals: bool = True,
) -> int:
    """Serve with long polling until `stop` is set (or a signal arrives); returns the exit code."""
    stop = stop or asyncio.Event()
    try:
        await initialize(app, startup_attempts, retry_delay)
    except StartupError as error:
        log.error("cannot start: %s", error)
        return error.exit_code
    if handle_signals:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            install_signal_handlers(stop, service)
    try:
        await set_profile(app, service)
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(
            poll_interval=poll_interval,
            timeout=30,
            allowed_updates=ALLOWED_UPDATES,
            error_callback=_polling_error,
        )
        log.info("bot @%s is polling for updates", app.bot.username)
        await stop.wait()
        log.info("stopping: answering the updates in hand")
    finally:
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
    return EXIT_OK


async def serve(settings: Settings, service: KnowledgeService) -> int:
    """Build the application for `settings` and serve until stopped."""
    app = build_application(settings, service)
    return await run_polling(app, service)


def _polling_error(error: TelegramError) -> None:
    """Polling errors are retried by python-telegram-bot with back-off; log them briefly."""
    log.warning("polling error (will retry): %s", type(error).__name__)
