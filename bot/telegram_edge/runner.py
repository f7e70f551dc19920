"""Run the bot: start-up with bounded retries, the bot's profile, polling or webhook, the HTTP
server for /healthz and /metrics, signals, and a clean stop.

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

from bot.core.service import KnowledgeService
from bot.exit_codes import TOKEN_REFUSED, ExitCode
from bot.questionlog.front import purge_quietly
from bot.questionlog.storage import QuestionLog
from bot.settings import HttpSettings, Settings
from bot.telegram_edge import texts
from bot.telegram_edge.application import (
    POLL_TIMEOUT,
    BotApplication,
    bot_data,
    build_application,
)
from bot.telegram_edge.services import reload_knowledge
from bot.telegram_edge.webserver import WebServer

log = logging.getLogger(__name__)

PURGE_INTERVAL = 24 * 60 * 60
ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.INLINE_QUERY,
]


class StartupError(Exception):
    """The bot could not start; `exit_code` and a one-line reason say why."""

    def __init__(self, exit_code: ExitCode, reason: str) -> None:
        super().__init__(reason)
        self.exit_code = exit_code


async def with_retries(
    what: str, step: Callable[[], Awaitable[object]], attempts: int, delay: float
) -> None:
    """Run a start-up step, retrying network failures (timeouts, 5xx) with back-off."""
    for attempt in range(1, attempts + 1):
        try:
            await step()
            return
        except InvalidToken:
            raise StartupError(
                TOKEN_REFUSED, "the Bot API refused the token: check TELEGRAM_BOT_TOKEN"
            ) from None
        except NetworkError as error:
            log.warning(
                "%s failed (attempt %d of %d): %s", what, attempt, attempts, type(error).__name__
            )
            if attempt == attempts:
                raise StartupError(
                    ExitCode.UNREACHABLE,
                    f"cannot reach the Bot API after {attempts} attempts ({type(error).__name__})",
                ) from None
            await asyncio.sleep(delay * 2 ** (attempt - 1))


async def set_profile(app: BotApplication, service: KnowledgeService) -> None:
    """Set the command menu and descriptions; a refusal is a warning, not a reason to stop."""
    base = service.engine.bases[service.engine.default_release]
    steps: list[tuple[str, Callable[[], Awaitable[object]]]] = [
        (
            "commands",
            lambda: app.bot.set_my_commands(
                [BotCommand(name, text) for name, text in texts.COMMANDS.items()]
            ),
        ),
        ("description", lambda: app.bot.set_my_description(texts.bot_description(base))),
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


def install_signal_handlers(stop: asyncio.Event, app: BotApplication) -> None:
    """SIGTERM and SIGINT stop the bot cleanly; SIGHUP reloads the knowledge base."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    loop.add_signal_handler(signal.SIGHUP, lambda: app.create_task(reload_on_signal(app)))


async def reload_on_signal(app: BotApplication) -> None:
    result = await reload_knowledge(bot_data(app).services)
    (log.info if result.ok else log.error)("SIGHUP: %s", result.message)


async def run(
    app: BotApplication,
    settings: Settings,
    *,
    stop: asyncio.Event | None = None,
    startup_attempts: int = 5,
    retry_delay: float = 1.0,
    handle_signals: bool = True,
    ready: asyncio.Event | None = None,
) -> ExitCode:
    """Serve until `stop` is set (or a signal arrives); returns the exit code.

    Polling or webhook as `settings.http.mode` says; the HTTP server (webhook, /healthz,
    /metrics) runs in webhook mode, and in polling mode when a health port is set."""
    stop = stop or asyncio.Event()
    http = settings.http
    state = bot_data(app)
    server: WebServer | None = None
    try:
        await with_retries("getMe", app.initialize, startup_attempts, retry_delay)
        if app.post_init is not None:
            await app.post_init(app)
        services = state.services
        if handle_signals:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                install_signal_handlers(stop, app)
        server = WebServer(
            app,
            services.metrics,
            ready=lambda: app.running,
            webhook_path=http.webhook_path if http.webhook else None,
            secret=http.webhook_secret if http.webhook else None,
        )
        if http.serving_port is not None:
            state.http_port = await server.start(http.listen, http.serving_port)
        await set_profile(app, services.knowledge)
        await app.start()
        if http.webhook:
            await with_retries(
                "setWebhook", lambda: _set_webhook(app, http), startup_attempts, retry_delay
            )
        else:
            await _start_polling(app)
        retention = asyncio.create_task(
            _purge_daily(services.question_log, settings.storage.retention_days)
        )
        log.info("bot @%s is serving (%s)", app.bot.username, http.mode)
        if ready is not None:
            ready.set()
        await stop.wait()
        retention.cancel()
        log.info("stopping: answering the updates in hand")
    except StartupError as error:
        log.error("cannot start: %s", error)
        return error.exit_code
    finally:
        await _shut_down(app, server)
    return ExitCode.OK


async def _set_webhook(app: BotApplication, http: HttpSettings) -> None:
    assert http.webhook_url is not None and http.webhook_secret is not None
    await app.bot.set_webhook(
        url=http.webhook_url,
        secret_token=http.webhook_secret.reveal(),
        allowed_updates=ALLOWED_UPDATES,
        max_connections=40,
    )


async def _start_polling(app: BotApplication) -> None:
    assert app.updater is not None
    await app.updater.start_polling(
        timeout=POLL_TIMEOUT, allowed_updates=ALLOWED_UPDATES, error_callback=_polling_error
    )


async def _shut_down(app: BotApplication, server: WebServer | None) -> None:
    """Stop fetching, answer what is in hand, then close. The webhook is left registered:
    other replicas keep receiving, and polling deletes it itself when it starts."""
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if server is not None:
        await server.stop()
    if app.running:
        await app.stop()
    with contextlib.suppress(TelegramError, RuntimeError):
        await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


async def _purge_daily(question_log: QuestionLog | None, days: int) -> None:
    """Delete logged questions older than the retention period: now, then once a day."""
    while True:
        await purge_quietly(question_log, days)
        await asyncio.sleep(PURGE_INTERVAL)


async def serve(settings: Settings) -> ExitCode:
    """Load the knowledge base, build the application for `settings` and serve until stopped."""
    knowledge = KnowledgeService(settings.knowledge.path)
    return await run(build_application(settings, knowledge), settings)


def _polling_error(error: TelegramError) -> None:
    """Polling errors are retried by python-telegram-bot with back-off; log them briefly."""
    log.warning("polling error (will retry): %s", type(error).__name__)
