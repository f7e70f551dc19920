"""The flood guard in front of every handler: one user who floods the bot is slowed down alone.

Every kind of update a user sends draws on the same bucket; an inline query costs a quarter of
a message, because Telegram sends one for each keystroke."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.telegram_edge import texts
from bot.telegram_edge.buttons import answer_press
from bot.telegram_edge.context import BotContext

INLINE_QUERY_COST = 0.25


async def flood_guard(update: Update, context: BotContext) -> None:
    """Runs before every handler: stops a user who floods the bot, without affecting others."""
    user = update.effective_user
    if user is None:
        return
    inline = update.inline_query is not None
    cost = INLINE_QUERY_COST if inline else 1.0
    allowed, warn = context.services.guard.check(user.id, cost=cost, warn=not inline)
    if allowed:
        return
    if update.callback_query is not None:
        await answer_press(update.callback_query, texts.FLOOD_NOTICE)
    elif warn and update.effective_message is not None:
        await update.effective_message.reply_text(texts.FLOOD_NOTICE)
    raise ApplicationHandlerStop  # a refused inline query gets no results at all


def register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, flood_guard), group=-1)
