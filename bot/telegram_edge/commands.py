"""Commands: /start (with deep links), /help, /contact, /about, /privacy, /releases, the admins'
/reload and /stats, and the replies to unknown commands and non-text messages."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.telegram_edge import texts
from bot.telegram_edge.context import BotContext
from bot.telegram_edge.keyboards import releases_keyboard, start_keyboard
from bot.telegram_edge.sending import fit_text, send_contact, send_text
from bot.telegram_edge.services import reload_knowledge


async def start(update: Update, context: BotContext) -> None:
    """/start, with deep links: `/start contact`, `/start <release-id>`."""
    message = update.effective_message
    if message is None:
        return
    payload = context.args[0] if context.args else ""
    if payload in context.engine.bases:
        await context.choose_release(payload)
    base = context.current_base()
    if payload.lower() == "contact":
        await send_contact(message, base)
        return
    await send_text(message, texts.start_text(base), reply_markup=start_keyboard(base))


async def releases_command(update: Update, context: BotContext) -> None:
    """/releases: the releases served, newest first, with buttons to choose one."""
    if update.effective_message:
        releases = context.engine.releases()
        html = texts.releases_text(releases, context.current_base())
        await send_text(update.effective_message, html, reply_markup=releases_keyboard(releases))


async def help_command(update: Update, context: BotContext) -> None:
    """/help: what the bot answers and how to ask."""
    if update.effective_message:
        await send_text(update.effective_message, texts.help_text(context.current_base()))


async def contact_command(update: Update, context: BotContext) -> None:
    """/contact: the press contact as text, then as a contact card."""
    if update.effective_message:
        await send_contact(update.effective_message, context.current_base())


async def about_command(update: Update, context: BotContext) -> None:
    """/about and /release: headline, summary, publisher and source."""
    if update.effective_message:
        await send_text(update.effective_message, texts.about_text(context.current_base()))


async def privacy_command(update: Update, context: BotContext) -> None:
    """/privacy: what the bot stores, why, for how long, and the user's rights."""
    if update.effective_message:
        html = texts.privacy_text(context.services.settings, context.current_base())
        await send_text(update.effective_message, html)


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


async def unknown_command(update: Update, _context: BotContext) -> None:
    """A command the bot does not have (admin commands look the same to everyone else)."""
    if update.effective_message:
        await update.effective_message.reply_text(texts.UNKNOWN_COMMAND)


async def non_text(update: Update, _context: BotContext) -> None:
    """Stickers, photos, voice, locations ... in a private chat: ask for text."""
    if update.effective_message:
        await update.effective_message.reply_text(texts.NON_TEXT_HINT)


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
        (["reload"], reload_command),
        (["stats"], stats_command),
    ):
        app.add_handler(CommandHandler(names, callback, filters=new_messages))
    app.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, non_text))
