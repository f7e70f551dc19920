"""The flood guard in front of every handler: one user who floods the bot is slowed down alone."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.telegram_edge import texts
from bot.telegram_edge.context import BotContext


async def flood_guard(update: Update, context: BotContext) -> None:
    """Runs before every handler: stops a user who floods the bot, without affecting others."""
    user = update.effective_user
    if user is None or update.inline_query is not None:
        return
    allowed, warn = context.services.guard.check(user.id)
    if allowed:
        return
    if warn and update.effective_message is not None and update.callback_query is None:
        await update.effective_message.reply_text(texts.FLOOD_NOTICE)
    if update.callback_query is not None:
        await update.callback_query.answer(texts.FLOOD_NOTICE)
    raise ApplicationHandlerStop


def register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, flood_guard), group=-1)
