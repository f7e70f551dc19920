"""Commands: /start (with deep links), /help, /contact, /about, /privacy, /releases, /language,
the admins' /reload and /stats, and the replies to unknown commands and non-text messages.

Every reply is in the user's language (`bot.telegram_edge.languages`); /language shows a button
per language and one for "automatic", and the choice is kept for the chat. The admins' replies
(/reload, /stats) are operators' tools and stay in English."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.telegram_edge import texts
from bot.telegram_edge.context import BotContext
from bot.telegram_edge.keyboards import releases_keyboard, start_keyboard
from bot.telegram_edge.languages import AUTOMATIC, NATIVE_NAMES, language_for
from bot.telegram_edge.locales import SUPPORTED, _
from bot.telegram_edge.sending import fit_text, send_contact, send_text
from bot.telegram_edge.services import reload_knowledge

log = logging.getLogger(__name__)

LANGUAGE_DATA = "l:"  # the /language buttons' callback data: "l:fi", "l:auto"
LANGUAGE_PATTERN = r"^l:(en|fi|sv|auto)$"


async def start(update: Update, context: BotContext) -> None:
    """/start, with deep links: `/start contact`, `/start <release-id>`."""
    message = update.effective_message
    if message is None:
        return
    payload = context.args[0] if context.args else ""
    if payload in context.engine.bases:
        await context.choose_release(payload)
    base = context.current_base()
    language = language_for(update, context)
    if payload.lower() == "contact":
        await send_contact(message, base, language)
        return
    keyboard = start_keyboard(base, language)
    await send_text(message, texts.start_text(base, language), reply_markup=keyboard)


async def releases_command(update: Update, context: BotContext) -> None:
    """/releases: the releases served, newest first, with buttons to choose one."""
    if update.effective_message:
        releases = context.engine.releases()
        language = language_for(update, context)
        html = texts.releases_text(releases, context.current_base(), language)
        keyboard = releases_keyboard(releases, language)
        await send_text(update.effective_message, html, reply_markup=keyboard)


async def help_command(update: Update, context: BotContext) -> None:
    """/help: what the bot answers and how to ask."""
    if update.effective_message:
        html = texts.help_text(context.current_base(), language_for(update, context))
        await send_text(update.effective_message, html)


async def contact_command(update: Update, context: BotContext) -> None:
    """/contact: the press contact as text, then as a contact card."""
    if update.effective_message:
        language = language_for(update, context)
        await send_contact(update.effective_message, context.current_base(), language)


async def about_command(update: Update, context: BotContext) -> None:
    """/about and /release: headline, summary, publisher and source."""
    if update.effective_message:
        html = texts.about_text(context.current_base(), language_for(update, context))
        await send_text(update.effective_message, html)


async def privacy_command(update: Update, context: BotContext) -> None:
    """/privacy: what the bot stores, why, for how long, and the user's rights."""
    if update.effective_message:
        language = language_for(update, context)
        html = texts.privacy_text(context.services.settings, context.current_base(), language)
        await send_text(update.effective_message, html)


async def language_command(update: Update, context: BotContext) -> None:
    """/language: a button per language the bot speaks, and one for automatic."""
    message = update.effective_message
    if message is None:
        return
    language = language_for(update, context)
    prompt = texts.language_prompt(context.chosen_language(), language)
    await message.reply_text(prompt, reply_markup=language_keyboard(language))


def language_keyboard(language: str) -> InlineKeyboardMarkup:
    """English, Suomi, Svenska (each in its own words), then "Automatic" in `language`."""
    names = [
        InlineKeyboardButton(NATIVE_NAMES[code], callback_data=f"{LANGUAGE_DATA}{code}")
        for code in SUPPORTED
    ]
    automatic = _(texts.LANGUAGE_AUTOMATIC, language)
    back = InlineKeyboardButton(f"🌐 {automatic}", callback_data=f"{LANGUAGE_DATA}{AUTOMATIC}")
    return InlineKeyboardMarkup([names, [back]])


async def language_button(update: Update, context: BotContext) -> None:
    """A press on a /language button: keep the choice, and say so in the language chosen."""
    query = update.callback_query
    if query is None:
        return
    code = (query.data or "").removeprefix(LANGUAGE_DATA)
    chosen = code if code in SUPPORTED else None
    await context.choose_language(chosen)
    language = language_for(update, context)
    confirmation = texts.language_chosen(chosen, language)
    try:
        await query.answer()
    except TelegramError as error:
        log.info("could not answer a button press (%s); going on", type(error).__name__)
    if isinstance(query.message, Message):
        await query.message.reply_text(confirmation)


async def reload_command(update: Update, context: BotContext) -> None:
    """/reload (admins): load the knowledge base again; a broken one is refused with reasons."""
    if not is_admin(update, context):
        await unknown_command(update, context)
        return
    result = await reload_knowledge(context.services)
    if update.effective_message:
        await update.effective_message.reply_text(fit_text(result.message))


async def stats_command(update: Update, context: BotContext) -> None:
    """/stats (admins): the counts behind /metrics."""
    if not is_admin(update, context):
        await unknown_command(update, context)
        return
    services = context.services
    counts = services.metrics.counts()
    lines = [f"Serving: {', '.join(services.knowledge.release_ids)}"]
    lines += [f"{name}: {value:g}" for name, value in sorted(counts.items())] or [
        "No questions yet."
    ]
    if update.effective_message:
        await update.effective_message.reply_text(fit_text("\n".join(lines)))


def is_admin(update: Update, context: BotContext) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.services.settings.telegram.admin_ids


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command the bot does not have (admin commands look the same to everyone else)."""
    if update.effective_message:
        text = _(texts.UNKNOWN_COMMAND, language_for(update, context))
        await update.effective_message.reply_text(text)


async def non_text(update: Update, context: BotContext) -> None:
    """Stickers, photos, voice, locations ... in a private chat: ask for text."""
    if update.effective_message:
        text = _(texts.NON_TEXT_HINT, language_for(update, context))
        await update.effective_message.reply_text(text)


def register(app: Application) -> None:
    new_messages = filters.UpdateType.MESSAGE
    private = filters.ChatType.PRIVATE & new_messages
    for names, callback in (
        (["start"], start),
        (["help"], help_command),
        (["contact"], contact_command),
        (["about", "release"], about_command),
        (["privacy"], privacy_command),
        (["releases"], releases_command),
        (["language"], language_command),
        (["reload"], reload_command),
        (["stats"], stats_command),
    ):
        app.add_handler(CommandHandler(names, callback, filters=new_messages))
    app.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, non_text))
