"""What runs before every handler: the flood guard, then the chat's choices are read once.

One user who floods the bot is slowed down alone: every kind of update a user sends draws on the
same bucket; an inline query costs a quarter of a message, because Telegram sends one for each
keystroke. An update that is let through then gets its chat's chosen release and language
(`context.chat_choice`), read once here so that handlers need not ask the store again.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.telegram_edge import texts
from bot.telegram_edge.buttons import answer_press
from bot.telegram_edge.context import BotContext
from bot.telegram_edge.languages import resolve
from bot.telegram_edge.locales import _

INLINE_QUERY_COST = 0.25


async def before_every_update(update: Update, context: BotContext) -> None:
    """Stops a user who floods the bot, without affecting others; reads the chat's choices."""
    user = update.effective_user
    if user is not None:
        inline = update.inline_query is not None
        cost = INLINE_QUERY_COST if inline else 1.0
        allowed, warn = await context.services.guard.allow(user.id, cost=cost, warn=not inline)
        if not allowed:
            await _refuse(update, context, warn)
            raise ApplicationHandlerStop  # a refused inline query gets no results at all
    chat = update.effective_chat
    if chat is not None:
        context.chat_choice = await context.services.chat_choices.chosen(chat.id)


async def _refuse(update: Update, context: BotContext, warn: bool) -> None:
    """Tell the user to slow down, in the language of their message or of their Telegram (the
    chat's /language choice is not read for a refused update)."""
    message = update.effective_message
    user = update.effective_user
    question = message.text if message is not None and update.callback_query is None else None
    language = resolve(
        question,
        None,
        user.language_code if user is not None else None,
        context.current_base().release.language,
    )
    notice = _(texts.FLOOD_NOTICE, language)
    if update.callback_query is not None:
        await answer_press(update.callback_query, notice)
    elif warn and message is not None:
        await message.reply_text(notice)


def register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, before_every_update), group=-1)
