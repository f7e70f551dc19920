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
from telegram.ext import Application

from bot import texts
from bot.app import POLL_TIMEOUT, build_application
from bot.config import Settings
from bot.metrics import Metrics
from bot.questionlog import purge_quietly
from bot.service import KnowledgeService
from bot.webserver import WebServer

log = logging.getLogger(__name__)

EXIT_OK, EXIT_TOKEN_REFUSED, EXIT_UNREACHABLE = 0, 2, 3
PURGE_INTERVAL = 24 * 60 * 60
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
                EXIT_TOKEN_REFUSED, "the Bot API refused the token: check TELEGRAM_BOT_TOKEN"
            ) from None
        except NetworkError as error:
            log.warning(
                "%s failed (attempt %d of %d): %s", what, attempt, attempts, type(error).__name__
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


def install_signal_handlers(stop: asyncio.Event, app: Application) -> None:
    """SIGTERM and SIGINT stop the bot cleanly; SIGHUP reloads the knowledge base."""
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    loop.add_signal_handler(signal.SIGHUP, lambda: reload_on_signal(app))


def reload_on_signal(app: Application) -> None:
    service: KnowledgeService = app.bot_data["service"]
    result = service.reload()
    app.bot_data["metrics"].record_reload(result)
    (log.info if result.ok else log.error)("SIGHUP: %s", result.message)


async def run(
    app: Application,
    settings: Settings,
    *,
    stop: asyncio.Event | None = None,
    startup_attempts: int = 5,
    retry_delay: float = 1.0,
    handle_signals: bool = True,
    ready: asyncio.Event | None = None,
) -> int:
    """Serve until `stop` is set (or a signal arrives); returns the exit code.

    Polling or webhook as `settings.mode` says; the HTTP server (webhook, /healthz, /metrics)
    runs in webhook mode, and in polling mode when a health port is set."""
    stop = stop or asyncio.Event()
    service: KnowledgeService = app.bot_data["service"]
    metrics: Metrics = app.bot_data["metrics"]
    webhook = settings.mode == "webhook"
    server = WebServer(
        app,
        metrics,
        ready=lambda: app.running,
        webhook_path=settings.webhook_path if webhook else None,
        secret=settings.webhook_secret if webhook else None,
    )
    port = settings.port if webhook else settings.health_port
    try:
        await with_retries("getMe", app.initialize, startup_attempts, retry_delay)
        if handle_signals:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                install_signal_handlers(stop, app)
        if port is not None:
            app.bot_data["http_port"] = await server.start(settings.listen, port)
        await set_profile(app, service)
        await app.start()
        if webhook:
            await with_retries(
                "setWebhook", lambda: _set_webhook(app, settings), startup_attempts, retry_delay
            )
        else:
            await _start_polling(app)
        retention = asyncio.create_task(_purge_daily(app, settings.retention_days))
        log.info("bot @%s is serving (%s)", app.bot.username, settings.mode)
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
    return EXIT_OK


async def _set_webhook(app: Application, settings: Settings) -> None:
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    await app.bot.set_webhook(
        url=settings.webhook_url,
        secret_token=settings.webhook_secret.reveal(),
        allowed_updates=ALLOWED_UPDATES,
        max_connections=40,
    )


async def _start_polling(app: Application) -> None:
    assert app.updater is not None
    await app.updater.start_polling(
        timeout=POLL_TIMEOUT, allowed_updates=ALLOWED_UPDATES, error_callback=_polling_error
    )


async def _shut_down(app: Application, server: WebServer) -> None:
    """Stop fetching, answer what is in hand, then close. The webhook is left registered:
    other replicas keep receiving, and polling deletes it itself when it starts."""
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    await server.stop()
    if app.running:
        await app.stop()
    with contextlib.suppress(TelegramError, RuntimeError):
        await app.shutdown()
    questionlog = app.bot_data.get("questionlog")
    if questionlog is not None:
        await asyncio.to_thread(questionlog.close)


async def _purge_daily(app: Application, days: int) -> None:
    """Delete logged questions older than the retention period: now, then once a day."""
    while True:
        await purge_quietly(app.bot_data.get("questionlog"), days)
        await asyncio.sleep(PURGE_INTERVAL)


async def serve(settings: Settings, service: KnowledgeService) -> int:
    """Build the application for `settings` and serve until stopped."""
    return await run(build_application(settings, service), settings)


def _polling_error(error: TelegramError) -> None:
    """Polling errors are retried by python-telegram-bot with back-off; log them briefly."""
    log.warning("polling error (will retry): %s", type(error).__name__)
