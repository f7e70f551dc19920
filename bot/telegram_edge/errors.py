"""The error handler: log without personal data or message text, count, then apologise.

No apology follows a timeout: the reply may well have arrived, and an apology after the answer
is a second, wrong answer. When nobody could be told because of a failure that may pass, the
update is marked unanswered, so in webhook mode Telegram delivers it again (`delivery`). The
apology is in the user's language (`languages.language_for`)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError, TimedOut
from telegram.ext import Application

from bot.telegram_edge import texts
from bot.telegram_edge.context import BotContext
from bot.telegram_edge.delivery import mark_unanswered, may_pass
from bot.telegram_edge.languages import language_for
from bot.telegram_edge.locales import _

log = logging.getLogger(__name__)

UPDATE_KINDS = ("message", "edited_message", "callback_query", "inline_query", "channel_post")


async def error_handler(update: object, context: BotContext) -> None:
    """Log the error's kind (never its text: it may quote the message), then tell the user."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    kind = update_kind(update)
    log.error("error handling update %s (%s): %s", update_id, kind, type(error).__name__)
    context.services.metrics.errors.labels(kind=type(error).__name__).inc()
    if isinstance(error, Forbidden) or not isinstance(update, Update):
        return  # the user blocked the bot, or there is no one to tell
    if isinstance(error, TimedOut):
        log.warning("update %s: the Bot API timed out; the reply may have arrived", update_id)
        return
    if update.effective_message is None or update.effective_chat is None:
        if may_pass(error):
            mark_unanswered()
        return
    message = update.effective_message
    language = language_for(update, context, message.text)  # a question's language counts
    try:
        await message.reply_text(_(texts.APOLOGY, language))
    except TimedOut:
        log.warning("update %s: the apology timed out; it may have arrived", update_id)
    except TelegramError as failure:
        log.warning("could not send the apology for update %s", update_id)
        if may_pass(failure):
            mark_unanswered()


def update_kind(update: object) -> str:
    """Which kind of update it was, for the log."""
    if not isinstance(update, Update):
        return type(update).__name__
    for kind in UPDATE_KINDS:
        if getattr(update, kind, None) is not None:
            return kind
    return "other"


def register(app: Application) -> None:
    app.add_error_handler(error_handler)
