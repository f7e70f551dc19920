"""The question log as the bot's event loop uses it: writes that wait a moment at most and never
raise, so the reply goes out whether or not the log could take the question.

The event loop only hands the record over (`QuestionLog.submit`: a lock, a queue, a notify); the
masking, the SQL and the commit run in the log's writer thread, which commits the records that
arrive together in one transaction. A True from `record_quietly` still means committed."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from bot.questionlog.records import DEFAULT_RETENTION_DAYS, LoggedQuestion, retention_cutoff
from bot.questionlog.storage import QuestionLog, QuestionLogError

logger = logging.getLogger(__name__)

DEFAULT_RECORD_TIMEOUT = 0.5  # seconds a reply may wait for the log


async def record_quietly(
    log: QuestionLog | None, question: LoggedQuestion, timeout: float = DEFAULT_RECORD_TIMEOUT
) -> bool:
    """Record `question`, waiting at most `timeout` seconds. Never raises (except cancellation):
    on a database error, a full queue or a timeout it logs a warning without the question and
    returns False. True only once the record is committed (the log's writer thread commits the
    records waiting together, `QuestionLog.submit`). A write that is merely slow still completes
    in the background, and so does one whose caller is cancelled."""
    if log is None:
        return False
    try:
        future = asyncio.wrap_future(log.submit(question))
    except Exception as error:
        _warn_not_recorded(error)
        return False
    done, _ = await asyncio.wait((future,), timeout=timeout)  # never cancels the write
    if not done:
        logger.warning(
            "question log: a write took longer than %.1fs; answering without waiting", timeout
        )
        future.add_done_callback(_late_result)
        return False
    failure = future.exception()
    if failure is not None:
        _warn_not_recorded(failure)
        return False
    return True


async def purge_quietly(
    log: QuestionLog | None,
    days: int = DEFAULT_RETENTION_DAYS,
    now: datetime | None = None,
) -> int | None:
    """Purge records older than `days` days in a thread; the count, or None (warning logged)
    if the database could not do it. For start-up and a daily job."""
    if log is None:
        return None
    try:
        deleted = await asyncio.to_thread(log.purge, retention_cutoff(days, now))
    except Exception as error:
        logger.warning("question log: purge failed (%s)", _describe(error))
        return None
    logger.info("question log: purged %d records older than %d days", deleted, days)
    return deleted


def _late_result(future: asyncio.Future[int]) -> None:
    if not future.cancelled() and future.exception() is not None:
        _warn_not_recorded(future.exception())


def _warn_not_recorded(error: BaseException | None) -> None:
    logger.warning("question log: a question was not recorded (%s)", _describe(error))


def _describe(error: BaseException | None) -> str:
    """An error's kind, and the message only for our own errors, which never quote questions."""
    if isinstance(error, QuestionLogError):
        return f"{type(error).__name__}: {error}"
    return type(error).__name__
