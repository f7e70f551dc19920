"""Long polling that does not die: getUpdates in a loop that retries every failure with back-off.

python-telegram-bot's Updater stops polling for good at the first 401 or 404 (which a proxy's
error page can produce) while the process stays up. Here such an answer is checked with getMe:
only when getMe confirms that the token is refused does polling stop (`TokenRefused`, exit 2);
otherwise it goes on retrying. `receiving()` says whether updates are coming in, for /healthz.

Fetched updates go to the application's update queue and are confirmed to Telegram by the next
getUpdates; stopping confirms the last ones, so a restart does not fetch them again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import warnings
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from telegram import Bot
from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError

log = logging.getLogger(__name__)

T = TypeVar("T")

FIRST_DELAY = 1.0  # seconds before the first retry; doubled after each failure in a row
MAX_DELAY = 30.0


class TokenRefused(Exception):
    """getMe confirmed that the Bot API refuses the token."""


class Poller:
    """Fetches updates into `queue` until stopped; see the module docstring."""

    def __init__(
        self,
        bot: Bot,
        queue: asyncio.Queue[Any],
        *,
        allowed_updates: Sequence[str],
        timeout: int,
        request_timeout: float,
        first_delay: float = FIRST_DELAY,
        max_delay: float = MAX_DELAY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bot, self.queue = bot, queue
        self.allowed_updates = list(allowed_updates)
        self.timeout = timeout
        self.first_delay, self.max_delay = first_delay, max_delay
        self.clock = clock
        # a poll that has not returned after this long is stuck (it would have timed out)
        self._stale_after = timeout + request_timeout + 5
        self._offset: int | None = None
        self._stop = asyncio.Event()
        self._ok = False  # the last getUpdates succeeded
        self._last_ok = 0.0
        self.failures = 0  # failures in a row

    def receiving(self) -> bool:
        """True while getUpdates is succeeding (for /healthz)."""
        return (
            self._ok
            and not self._stop.is_set()
            and self.clock() - self._last_ok < self._stale_after
        )

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        """Poll until `stop()`; raises TokenRefused when getMe confirms the token is refused."""
        self._ok, self._last_ok = True, self.clock()  # the start-up checks just succeeded
        delay = 0.0
        while not self._stop.is_set():
            if delay and await self._stopped_within(delay):
                break
            try:
                updates = await self._unless_stopped(
                    self.bot.get_updates(
                        offset=self._offset,
                        # after a failure a short poll shows at once that polling works again
                        timeout=0 if self.failures else self.timeout,
                        allowed_updates=self.allowed_updates,
                    )
                )
            except RetryAfter as error:
                self._failed(error)
                delay = _seconds(error) + 0.5
                continue
            except InvalidToken as error:
                self._failed(error)
                if await self._token_refused():
                    raise TokenRefused from None
                delay = self._back_off()
                continue
            except Exception as error:  # every other failure is retried, whatever it is
                self._failed(error)
                delay = self._back_off()
                continue
            if updates is None:
                break  # stopped while waiting
            self._succeeded()
            delay = 0.0
            for update in updates:
                await self.queue.put(update)
            if updates:
                self._offset = updates[-1].update_id + 1

    async def confirm(self) -> None:
        """Tell Telegram the fetched updates were received, so a restart does not fetch them
        again (a short poll with the next offset)."""
        if self._offset is None:
            return
        try:
            await self.bot.get_updates(offset=self._offset, timeout=0, limit=1)
        except TelegramError as error:
            log.warning(
                "could not confirm the last updates (%s): a restart may fetch them again",
                type(error).__name__,
            )

    def _failed(self, error: BaseException) -> None:
        self._ok = False
        self.failures += 1
        if isinstance(error, Conflict):
            reason = "another instance is polling with this token"
        else:
            reason = type(error).__name__
        log.warning("getUpdates failed (%d in a row): %s; retrying", self.failures, reason)

    def _succeeded(self) -> None:
        if self.failures:
            log.info("getUpdates works again after %d failures", self.failures)
        self.failures = 0
        self._ok, self._last_ok = True, self.clock()

    def _back_off(self) -> float:
        return min(self.max_delay, self.first_delay * 2 ** (self.failures - 1))

    async def _token_refused(self) -> bool:
        """Ask getMe whether the token really is refused (a 401 or 404 from getUpdates may be a
        proxy's page)."""
        try:
            await self.bot.get_me()
        except InvalidToken:
            return True
        except Exception as error:  # cannot tell: keep retrying
            log.warning("getMe could not confirm the token either way: %s", type(error).__name__)
            return False
        log.warning("getUpdates was refused but getMe accepts the token; retrying")
        return False

    async def _stopped_within(self, seconds: float) -> bool:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), seconds)
        return self._stop.is_set()

    async def _unless_stopped(self, call: Awaitable[T]) -> T | None:
        """The call's result, or None if `stop()` came first (the call is then cancelled)."""
        fetch = asyncio.ensure_future(call)
        stopped = asyncio.ensure_future(self._stop.wait())
        await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if fetch.done():
            return fetch.result()
        fetch.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await fetch
        return None


def _seconds(error: RetryAfter) -> float:
    """How long Telegram asked to wait (an int or a timedelta, depending on the version)."""
    with warnings.catch_warnings():  # python-telegram-bot 22 announces the type change
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
