"""Presses on the bot's buttons: a fact, the press contact, or a release to switch to; and the
/language buttons (`commands.language_button`).

What a press brings is in the language of the button's label (a tap under a Finnish reply gets
Finnish), else in the user's (`bot.telegram_edge.languages`).

Answering the press (which stops the button's spinner) is a courtesy: when it fails, because
the press is too old or the Bot API hiccups, the content is sent all the same."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Message, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler

from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeBase
from bot.telegram_edge import texts
from bot.telegram_edge.callback_data import Action, decode, release_key
from bot.telegram_edge.commands import LANGUAGE_PATTERN, language_button
from bot.telegram_edge.context import BotContext
from bot.telegram_edge.keyboards import CONTACT_BUTTON, start_keyboard
from bot.telegram_edge.languages import language_of, language_of_press
from bot.telegram_edge.locales import _
from bot.telegram_edge.sending import send_contact, send_reply, send_text

log = logging.getLogger(__name__)


async def button(update: Update, context: BotContext) -> None:
    """A press on one of the bot's buttons. Every callback query is answered."""
    query = update.callback_query
    if query is None:
        return
    parsed = decode(query.data)
    base = base_for_key(context.engine, parsed.release_key) if parsed else None
    entry = base.entry(parsed.entry_id) if base and parsed and parsed.entry_id else None
    if parsed is None or base is None or (parsed.action is Action.ANSWER and entry is None):
        language = language_of(query.from_user, context)
        await answer_press(query, _(texts.STALE_BUTTON, language))
        return
    await answer_press(query)
    message = query.message if isinstance(query.message, Message) else None
    if message is None:
        return
    if parsed.action is Action.CONTACT:
        language = language_of_press(query, context, lambda code: (_(CONTACT_BUTTON, code),))
        await send_contact(message, base, language)
    elif parsed.action is Action.RELEASE:
        await context.choose_release(base.id)
        language = language_of(query.from_user, context)
        keyboard = start_keyboard(base, language)
        await send_text(message, texts.start_text(base, language), reply_markup=keyboard)
    elif entry is not None:
        language = language_of_press(query, context, lambda code: (entry.title_in(code),))
        await send_reply(message, context.engine.answer_entry(entry, base, language))


async def answer_press(query: CallbackQuery, text: str | None = None) -> None:
    """Answer a button press; a failure is logged, never a reason to withhold the content."""
    try:
        await query.answer(text)
    except TelegramError as error:
        log.info("could not answer a button press (%s); going on", type(error).__name__)


def base_for_key(engine: Engine, key: str) -> KnowledgeBase | None:
    """The release whose short key a button carries."""
    return next((b for rid, b in engine.bases.items() if release_key(rid) == key), None)


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(language_button, pattern=LANGUAGE_PATTERN))
    app.add_handler(CallbackQueryHandler(button))
