"""Run the bot: start-up with bounded retries, the bot's profile, polling or webhook, the HTTP
servers (/healthz and the webhook; /metrics on its own port), signals, and a clean stop.

Exit codes: 0 after a clean stop (SIGTERM or SIGINT, at any moment, start-up included); 2 when
the token is refused (at start-up, or while polling once getMe confirms it) or a setting cannot
be used (the HTTP port is taken, the data folder is a file or writable by others, setWebhook
refused); 3 when the Bot API cannot be reached, or its answers not understood, at start-up after
the retries. Each failure is one log line, without a traceback. Stopping runs every step even
when one fails: the question log and the chats' releases are always closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import BotCommand, Update
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError

from bot.core.service import KnowledgeService
from bot.exit_codes import TOKEN_REFUSED, ExitCode
from bot.questionlog.front import purge_quietly
from bot.questionlog.storage import QuestionLog
from bot.replicas.poller_lock import AdvisoryLock, FileLock, PollerLock
from bot.settings import HttpSettings, Settings
from bot.telegram_edge import texts
from bot.telegram_edge.application import (
    POLL_TIMEOUT,
    BotApplication,
    bot_data,
    build_application,
)
from bot.telegram_edge.chat_state import DataDirError
from bot.telegram_edge.polling import Poller, TokenRefused
from bot.telegram_edge.services import (
    Services,
    postgres_url,
    purge_shared_state,
    reload_knowledge,
)
from bot.telegram_edge.webserver import WebServer, listen

log = logging.getLogger(__name__)

PURGE_INTERVAL = 24 * 60 * 60
SHARED_PURGE_INTERVAL = 10 * 60
ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.INLINE_QUERY,
]
# a step of stopping that takes longer is abandoned, so that the process always ends; the HTTP
# servers' step includes letting the updates in hand finish (webserver.Limits.drain_seconds)
STEP_SECONDS = 10.0
DRAIN_STEP_SECONDS = 30.0
_signal_tasks: set[asyncio.Task[None]] = set()


class StartupError(Exception):
    """The bot could not start; `exit_code` and a one-line reason say why."""

    def __init__(self, exit_code: ExitCode, reason: str) -> None:
        super().__init__(reason)
        self.exit_code = exit_code


async def with_retries(
    what: str, step: Callable[[], Awaitable[object]], attempts: int, delay: float
) -> None:
    """Run a start-up step, retrying failures that may pass (timeouts, 5xx, answers that are
    not the Bot API's) with back-off. A refused token or a refused request is not retried."""
    for attempt in range(1, attempts + 1):
        try:
            await step()
            return
        except InvalidToken:
            raise StartupError(
                TOKEN_REFUSED, "the Bot API refused the token: check TELEGRAM_BOT_TOKEN"
            ) from None
        except BadRequest as error:
            raise StartupError(
                ExitCode.USAGE, f"the Bot API refused {what}: {error.message}"
            ) from None
        except Exception as error:
            kind = type(error).__name__
            log.warning("%s failed (attempt %d of %d): %s", what, attempt, attempts, kind)
            if attempt == attempts:
                if isinstance(error, NetworkError):
                    reason = f"cannot reach the Bot API after {attempts} attempts ({kind})"
                else:
                    reason = f"the Bot API's answer to {what} was not understood ({kind})"
                raise StartupError(ExitCode.UNREACHABLE, reason) from None
            await asyncio.sleep(delay * 2 ** (attempt - 1))


async def set_profile(app: BotApplication, service: KnowledgeService) -> None:
    """Set the command menu and descriptions: in English for everyone, and in each other
    language the bot speaks for the users whose Telegram is in it (`language_code`). A refusal
    is a warning, not a reason to stop."""
    from functools import partial

    from bot.telegram_edge.locales import SOURCE_LANGUAGE, SUPPORTED, command_menu

    base = service.engine.bases[service.engine.default_release]
    bot = app.bot
    steps: list[tuple[str, Callable[[], Awaitable[object]]]] = []
    for language in SUPPORTED:
        code = None if language == SOURCE_LANGUAGE else language  # English: the default
        menu = command_menu(texts.COMMANDS, language)
        commands = [BotCommand(name, text) for name, text in menu.items()]
        description = texts.bot_description(base, language)
        short = texts.short_description(base, language)
        steps += [
            (f"commands ({language})", partial(bot.set_my_commands, commands, language_code=code)),
            (f"description ({language})", partial(bot.set_my_description, description, code)),
            (f"short description ({language})", partial(bot.set_my_short_description, short, code)),
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
    loop.add_signal_handler(signal.SIGHUP, lambda: _spawn(reload_on_signal(app)))


def _spawn(coroutine: Coroutine[Any, Any, None]) -> None:
    task = asyncio.get_running_loop().create_task(coroutine)
    _signal_tasks.add(task)
    task.add_done_callback(_signal_tasks.discard)


async def reload_on_signal(app: BotApplication) -> None:
    try:
        services = bot_data(app).services
    except RuntimeError:
        log.warning("SIGHUP ignored: the bot is still starting or already stopping")
        return
    result = await reload_knowledge(services)
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

    Polling or webhook as `settings.http.mode` says; the HTTP server (webhook, /healthz) runs in
    webhook mode, and in polling mode when a health port is set; /metrics when its port is."""
    stop = stop or asyncio.Event()
    if handle_signals:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            install_signal_handlers(stop, app)
    session = _Session(app, settings)
    try:
        if not await _unless_stopped(session.start(startup_attempts, retry_delay), stop):
            log.info("stopped while starting")
            return ExitCode.OK
        log.info("bot @%s is serving (%s)", app.bot.username, settings.http.mode)
        if ready is not None:
            ready.set()
        return await session.serve_until(stop)
    except StartupError as error:
        log.error("cannot start: %s", error)
        return error.exit_code
    finally:
        await session.shut_down()


async def _unless_stopped(start: Coroutine[Any, Any, None], stop: asyncio.Event) -> bool:
    """Run `start`; False (and `start` cancelled) if `stop` is set first."""
    starting = asyncio.ensure_future(start)
    stopped = asyncio.ensure_future(stop.wait())
    await asyncio.wait({starting, stopped}, return_when=asyncio.FIRST_COMPLETED)
    stopped.cancel()
    if starting.done():
        starting.result()  # a StartupError goes on to the caller
        return True
    starting.cancel()
    with contextlib.suppress(asyncio.CancelledError, StartupError):
        await starting
    return False


class _Session:
    """One run of the bot: what was started, so that stopping undoes exactly that."""

    def __init__(self, app: BotApplication, settings: Settings) -> None:
        self.app, self.settings = app, settings
        self.unserved: list[socket.socket] = []  # bound, not yet taken by a server
        self.servers: list[WebServer] = []
        self.poller: Poller | None = None
        self.polling: asyncio.Task[None] | None = None
        self.poller_lock: PollerLock | None = None
        self.stopping = False
        self.retention: asyncio.Task[None] | None = None
        self.shared_expiry: asyncio.Task[None] | None = None
        self.webhook_set = False
        self.token_refused = False

    async def start(self, attempts: int, delay: float) -> None:
        app, http, state = self.app, self.settings.http, bot_data(self.app)
        # ports first: a port in use is reported before anything is sent to Telegram
        main_sockets = self._listen(http, http.serving_port, _port_setting(http))
        metrics_sockets = self._listen(http, http.metrics_port, "RELEASE_BOT_METRICS_PORT")
        await with_retries("getMe", app.initialize, attempts, delay)
        if app.post_init is not None:
            await app.post_init(app)
        services = state.services
        if main_sockets:
            server = WebServer(
                app,
                self.ready,
                webhook_path=http.webhook_path if http.webhook else None,
                secret=http.webhook_secret if http.webhook else None,
                claims=services.claims,
            )
            self.servers.append(server)
            state.http_port = server.serve(self._take(main_sockets))
        if metrics_sockets:
            metrics_server = WebServer(app, metrics=services.metrics)
            self.servers.append(metrics_server)
            state.metrics_port = metrics_server.serve(self._take(metrics_sockets))
        await set_profile(app, services.knowledge)
        await app.start()
        if http.webhook:
            await with_retries("setWebhook", lambda: _set_webhook(app, http), attempts, delay)
            self.webhook_set = True
        else:
            await with_retries("deleteWebhook", app.bot.delete_webhook, attempts, delay)
            self.poller_lock = _poller_lock(self.settings, app.bot.id)
            self.polling = asyncio.create_task(self._poll_as_the_only_poller(self.poller_lock))
        self.retention = asyncio.create_task(
            _purge_daily(services.question_log, self.settings.storage.retention_days)
        )
        if services.shared is not None:
            self.shared_expiry = asyncio.create_task(_purge_shared_state(services))

    async def _poll_as_the_only_poller(self, lock: PollerLock) -> None:
        """Poll while holding the poller lock; stand by while another poller holds it, and
        again if the lock is lost (then this process stops polling until it holds it again)."""
        while not self.stopping:
            self.poller = None
            await lock.acquire()
            poller = self.poller = Poller(
                self.app.bot,
                self.app.update_queue,
                allowed_updates=ALLOWED_UPDATES,
                timeout=POLL_TIMEOUT,
                request_timeout=self.settings.telegram.request_timeout,
            )
            polling = asyncio.ensure_future(poller.run())
            lost = asyncio.ensure_future(lock.wait_lost())
            try:
                done, _ = await asyncio.wait({polling, lost}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                lost.cancel()
            if lost not in done:
                polling.result()  # stopped, or TokenRefused or a failure for serve_until
                return
            poller.stop()
            await asyncio.gather(polling, return_exceptions=True)
            await poller.confirm()
            await lock.release()  # whatever part of it is still held, before asking again
            log.warning("polling stopped: the poller lock was lost; standing by")

    def ready(self) -> bool:
        """For /healthz: the bot is running and updates are reaching it."""
        if not self.app.running:
            return False
        if self.settings.http.webhook:
            return self.webhook_set and self._shared_database_available()
        lock = self.poller_lock
        if lock is not None and lock.standing_by:
            return True  # healthy, and ready to take over from the poller holding the lock
        return self.poller is not None and self.poller.receiving()

    def _shared_database_available(self) -> bool:
        """False while the replicas' database cannot be reached: updates would get 503, so the
        load balancer had better send them to another replica."""
        try:
            shared = bot_data(self.app).services.shared
        except RuntimeError:  # the services are closed: stopping
            return False
        return shared is None or shared.available

    async def serve_until(self, stop: asyncio.Event) -> ExitCode:
        stopped = asyncio.ensure_future(stop.wait())
        waiting: set[asyncio.Future[Any]] = {stopped}
        if self.polling is not None:
            waiting.add(self.polling)
        await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        polling = self.polling
        if polling is not None and polling.done() and not polling.cancelled():
            error = polling.exception()
            if isinstance(error, TokenRefused):
                self.token_refused = True
                log.error("the Bot API refused the token (getMe confirmed it): stopping")
                return TOKEN_REFUSED
            if error is not None:
                log.error("polling stopped: %s", type(error).__name__)
                return ExitCode.FAILED
        log.info("stopping: answering the updates in hand")
        return ExitCode.OK

    async def shut_down(self) -> None:
        """Stop fetching, answer what is in hand, then close; every step runs even when one
        before it failed. The webhook is left registered: other replicas keep receiving, and
        polling deletes it itself when it starts."""
        steps: list[tuple[str, Callable[[], Awaitable[None]], float]] = [
            ("stopping polling", self._stop_polling, STEP_SECONDS),
            ("stopping the HTTP servers", self._stop_servers, DRAIN_STEP_SECONDS),
            ("stopping the application", self._stop_application, STEP_SECONDS),
            ("closing the Bot API connection", self._close_application, STEP_SECONDS),
            ("closing the services", self._close_services, STEP_SECONDS),
        ]
        for name, step, seconds in steps:
            log.debug("%s", name)
            try:
                await asyncio.wait_for(step(), seconds)
            except TimeoutError:
                log.error("%s did not finish within %g seconds; going on", name, seconds)
            except Exception as error:
                log.error("%s failed: %s; going on", name, type(error).__name__)

    async def _stop_polling(self) -> None:
        self.stopping = True  # the polling loop does not go back to waiting for the lock
        for task in (self.retention, self.shared_expiry):
            if task is not None:
                task.cancel()
        if self.polling is None:
            return
        if self.poller is not None:
            self.poller.stop()
        else:
            self.polling.cancel()  # waiting for the lock
        await asyncio.gather(self.polling, return_exceptions=True)
        if self.poller is not None and not self.token_refused:
            await self.poller.confirm()
        if self.poller_lock is not None:
            await self.poller_lock.release()

    async def _stop_servers(self) -> None:
        for sock in self.unserved:  # start-up ended before a server took them
            sock.close()
        for server in self.servers:
            await server.stop()

    async def _stop_application(self) -> None:
        if self.app.running:
            await self.app.stop()

    async def _close_application(self) -> None:
        await self.app.shutdown()

    async def _close_services(self) -> None:
        if self.app.post_shutdown is not None:
            await self.app.post_shutdown(self.app)

    def _listen(self, http: HttpSettings, port: int | None, setting: str) -> list[socket.socket]:
        if port is None:
            return []
        try:
            sockets = listen(http.listen, port)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise StartupError(
                ExitCode.USAGE, f"cannot listen on {http.listen}:{port} ({setting}): {reason}"
            ) from None
        self.unserved.extend(sockets)
        return sockets

    def _take(self, sockets: list[socket.socket]) -> list[socket.socket]:
        self.unserved = [sock for sock in self.unserved if sock not in sockets]
        return sockets


def _port_setting(http: HttpSettings) -> str:
    return "RELEASE_BOT_PORT" if http.webhook else "RELEASE_BOT_HEALTH_PORT"


async def _set_webhook(app: BotApplication, http: HttpSettings) -> None:
    assert http.webhook_url is not None and http.webhook_secret is not None
    await app.bot.set_webhook(
        url=http.webhook_url,
        secret_token=http.webhook_secret.reveal(),
        allowed_updates=ALLOWED_UPDATES,
        max_connections=40,
    )


async def _purge_daily(question_log: QuestionLog | None, days: int) -> None:
    """Delete logged questions older than the retention period: now, then once a day."""
    while True:
        await purge_quietly(question_log, days)
        await asyncio.sleep(PURGE_INTERVAL)


async def _purge_shared_state(services: Services) -> None:
    """Forget expired rows of the replicas' shared state: now, then every few minutes."""
    while True:
        await purge_shared_state(services)
        await asyncio.sleep(SHARED_PURGE_INTERVAL)


def _poller_lock(settings: Settings, bot_id: int) -> PollerLock:
    """The shared database's advisory lock, or else a file lock in the data folder."""
    file_lock = FileLock(settings.storage.data_dir)
    url = postgres_url(settings)
    return AdvisoryLock(url, bot_id, file_lock) if url is not None else file_lock


async def serve(settings: Settings) -> ExitCode:
    """Load the knowledge base, build the application for `settings` and serve until stopped."""
    knowledge = KnowledgeService(settings.knowledge.path)
    try:
        app = build_application(settings, knowledge)
    except DataDirError as error:
        log.error("cannot start: %s", error)
        return ExitCode.USAGE
    return await run(app, settings)
