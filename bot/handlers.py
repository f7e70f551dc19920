"""Telegram handlers: thin callbacks from updates to the engine and back, and `register(app)`.

Only new messages are answered (never edits or channel posts). In groups the bot speaks only when
addressed: a command, a mention, or a reply to one of its messages.
"""

from __future__ import annotations

import logging
import re
import time
from html import unescape
from typing import Any

from telegram import (
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import texts
from bot.answers import MAX_MESSAGE_CHARS, Reply, examples, render_html, render_plain
from bot.callbacks import Action, decode, release_key
from bot.config import Settings
from bot.engine import Engine
from bot.guard import FloodGuard
from bot.keyboards import releases_keyboard, reply_keyboard, start_keyboard
from bot.knowledge import Entry, KnowledgeBase
from bot.metrics import Metrics
from bot.questionlog import LoggedQuestion, record_quietly, should_record
from bot.service import KnowledgeService

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_TAG = re.compile(r"</?[a-z][^>]*>")
INLINE_RESULTS = 5


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Context with typed access to the shared knowledge service and flood guard."""

    @property
    def service(self) -> KnowledgeService:
        return self.bot_data["service"]

    @property
    def engine(self) -> Engine:
        return self.service.engine

    @property
    def guard(self) -> FloodGuard:
        return self.bot_data["guard"]

    @property
    def metrics(self) -> Metrics:
        return self.bot_data["metrics"]

    @property
    def settings(self) -> Settings:
        return self.bot_data["settings"]

    def choose_release(self, release_id: str) -> None:
        """Make `release_id` the chat's current release (kept across restarts)."""
        if self.chat_data is not None:
            self.chat_data["release"] = release_id

    def current_base(self) -> KnowledgeBase:
        """The chat's current release (the newest unless the chat chose one)."""
        engine = self.engine
        chosen = self.chat_data.get("release") if self.chat_data is not None else None
        return engine.bases.get(chosen) or engine.bases[engine.default_release]


CONTEXT_TYPES = ContextTypes(context=BotContext)


# -- sending ------------------------------------------------------------------------------------


async def send_html(message: Message, html: str, plain: str, **kwargs: Any) -> None:
    """Reply with HTML; if Telegram cannot parse it, send the plain text once instead."""
    try:
        await message.reply_html(html, link_preview_options=NO_PREVIEW, **kwargs)
    except BadRequest as error:
        if "parse entities" not in str(error).lower():
            raise
        log.warning("HTML refused by Telegram; sent as plain text instead")
        await message.reply_text(plain, link_preview_options=NO_PREVIEW, **kwargs)


async def send_text(message: Message, html: str, **kwargs: Any) -> None:
    """Send one of the bot's own HTML texts; its plain fallback is the same text untagged."""
    await send_html(message, html, strip_tags(html), **kwargs)


def strip_tags(html: str) -> str:
    return unescape(_TAG.sub("", html))


async def send_reply(message: Message, reply: Reply) -> None:
    kwargs: dict[str, Any] = {"reply_markup": reply_keyboard(reply)}
    if message.chat.type != ChatType.PRIVATE:
        kwargs["reply_parameters"] = ReplyParameters(
            message.message_id, allow_sending_without_reply=True
        )
    await send_html(message, render_html(reply), render_plain(reply), **kwargs)


async def send_contact(message: Message, base: KnowledgeBase) -> None:
    """The contact as text first (it always arrives), then as a card that can be saved."""
    await send_text(message, texts.contact_text(base))
    contact = base.contact
    try:
        await message.reply_contact(
            phone_number=contact.phone_e164,
            first_name=contact.first_name,
            last_name=contact.last_name or None,
        )
    except BadRequest:
        log.warning("contact card refused by Telegram; the text was sent")


# -- guards -------------------------------------------------------------------------------------


async def flood_guard(update: Update, context: BotContext) -> None:
    """Runs before every handler: stops a user who floods the bot, without affecting others."""
    user = update.effective_user
    if user is None or update.inline_query is not None:
        return
    allowed, warn = context.guard.check(user.id)
    if allowed:
        return
    if warn and update.effective_message is not None and update.callback_query is None:
        await update.effective_message.reply_text(texts.FLOOD_NOTICE)
    if update.callback_query is not None:
        await update.callback_query.answer(texts.FLOOD_NOTICE)
    raise ApplicationHandlerStop


# -- commands -----------------------------------------------------------------------------------


async def start(update: Update, context: BotContext) -> None:
    """/start, with deep links: `/start contact`, `/start <release-id>`."""
    message = update.effective_message
    if message is None:
        return
    payload = context.args[0] if context.args else ""
    if payload in context.engine.bases:
        context.choose_release(payload)
    base = context.current_base()
    if payload.lower() == "contact":
        await send_contact(message, base)
        return
    html = texts.start_text(base)
    await send_text(message, html, reply_markup=start_keyboard(base))


async def releases_command(update: Update, context: BotContext) -> None:
    """/releases: the releases served, newest first, with buttons to choose one."""
    if update.effective_message:
        current = context.current_base()
        html = texts.releases_text(context.engine.releases(), current)
        await send_text(
            update.effective_message,
            html,
            reply_markup=releases_keyboard(context.engine.releases()),
        )


async def help_command(update: Update, context: BotContext) -> None:
    """/help: what the bot answers and how to ask."""
    if update.effective_message:
        html = texts.help_text(context.current_base())
        await send_text(update.effective_message, html)


async def contact_command(update: Update, context: BotContext) -> None:
    """/contact: the press contact as text, then as a contact card."""
    if update.effective_message:
        await send_contact(update.effective_message, context.current_base())


async def about_command(update: Update, context: BotContext) -> None:
    """/about and /release: headline, summary, publisher and source."""
    if update.effective_message:
        html = texts.about_text(context.current_base())
        await send_text(update.effective_message, html)


async def privacy_command(update: Update, context: BotContext) -> None:
    """/privacy: what the bot stores, why, for how long, and the user's rights."""
    if update.effective_message:
        html = texts.privacy_text(context.settings, context.current_base())
        await send_text(update.effective_message, html)


# -- questions ----------------------------------------------------------------------------------


async def private_question(update: Update, context: BotContext) -> None:
    """Any text in a private chat is a question."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    await answer_question(message, message.text, context)


async def group_question(update: Update, context: BotContext) -> None:
    """Text in a group: answered only if it mentions the bot or replies to the bot."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    question = addressed_question(message, context.bot.username, context.bot.id)
    if question is not None:
        await answer_question(message, question, context)


def addressed_question(message: Message, username: str, bot_id: int) -> str | None:
    """The question if the message is addressed to the bot (mention removed), else None."""
    text = message.text or ""
    mention = f"@{username}".lower()
    mentions = message.parse_entities([MessageEntity.MENTION])
    addressed = any(value.lower() == mention for value in mentions.values())
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        addressed = True
    if not addressed:
        return None
    for value in mentions.values():
        if value.lower() == mention:
            text = text.replace(value, " ")
    return text


async def answer_question(message: Message, question: str, context: BotContext) -> None:
    started = time.perf_counter()
    reply = context.engine.ask(question, context.current_base().id)
    if should_record(reply, context.settings.low_confidence):
        # committed before the reply goes out, but never holding it up for more than a moment
        await record_quietly(context.bot_data.get("questionlog"), LoggedQuestion.from_reply(reply))
    await send_reply(message, reply)
    context.metrics.questions.labels(outcome=reply.outcome.value).inc()
    context.metrics.latency.observe(time.perf_counter() - started)


async def reload_command(update: Update, context: BotContext) -> None:
    """/reload (admins): load the knowledge base again; a broken one is refused with reasons."""
    if not is_admin(update, context):
        await unknown_command(update, context)
        return
    result = context.service.reload()
    context.metrics.record_reload(result)
    if update.effective_message:
        await update.effective_message.reply_text(_fit_text(result.message))


async def stats_command(update: Update, context: BotContext) -> None:
    """/stats (admins): the counts behind /metrics."""
    if not is_admin(update, context):
        await unknown_command(update, context)
        return
    counts = context.metrics.counts()
    lines = [f"Serving: {', '.join(context.service.release_ids)}"]
    lines += [f"{name}: {value:g}" for name, value in sorted(counts.items())] or [
        "No questions yet."
    ]
    if update.effective_message:
        await update.effective_message.reply_text(_fit_text("\n".join(lines)))


def is_admin(update: Update, context: BotContext) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.settings.admin_ids


def _fit_text(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


async def unknown_command(update: Update, _context: BotContext) -> None:
    """A command the bot does not have."""
    if update.effective_message:
        await update.effective_message.reply_text(texts.UNKNOWN_COMMAND)


async def non_text(update: Update, _context: BotContext) -> None:
    """Stickers, photos, voice, locations ... in a private chat: ask for text."""
    if update.effective_message:
        await update.effective_message.reply_text(texts.NON_TEXT_HINT)


# -- buttons ------------------------------------------------------------------------------------


async def button(update: Update, context: BotContext) -> None:
    """A press on one of the bot's buttons. Every callback query is answered."""
    query = update.callback_query
    if query is None:
        return
    parsed = decode(query.data)
    base = _base_for_key(context.engine, parsed.release_key) if parsed else None
    entry = base.entry(parsed.entry_id) if base and parsed and parsed.entry_id else None
    if parsed is None or base is None or (parsed.action is Action.ANSWER and entry is None):
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    message = query.message if isinstance(query.message, Message) else None
    if message is None:
        return
    if parsed.action is Action.CONTACT:
        await send_contact(message, base)
    elif parsed.action is Action.RELEASE:
        context.choose_release(base.id)
        html = texts.start_text(base)
        await send_text(message, html, reply_markup=start_keyboard(base))
    elif entry is not None:
        await send_reply(message, context.engine.answer_entry(entry, base))


def _base_for_key(engine: Engine, key: str) -> KnowledgeBase | None:
    return next((b for rid, b in engine.bases.items() if release_key(rid) == key), None)


# -- inline mode --------------------------------------------------------------------------------


async def inline_query(update: Update, context: BotContext) -> None:
    """`@bot question` in any chat: the best answers as results to share."""
    query = update.inline_query
    if query is None:
        return
    engine = context.engine
    text = query.query.strip()
    if text:
        reply = engine.ask(text)
        base = reply.base
        entries = ([reply.entry] if reply.fact_id and reply.entry else []) + list(reply.suggestions)
    else:
        base = engine.bases[engine.default_release]
        entries = list(reply_examples(base))
    results = []
    for entry in entries[:INLINE_RESULTS]:
        answer = engine.answer_entry(entry, base)
        results.append(
            InlineQueryResultArticle(
                id=f"{release_key(base.id)}:{entry.id}"[:64],
                title=entry.title,
                description=entry.answer[:120],
                input_message_content=InputTextMessageContent(
                    render_html(answer), parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
                ),
            )
        )
    await query.answer(results, cache_time=60, is_personal=False)


def reply_examples(base: KnowledgeBase) -> list[Entry]:
    """Results for an empty inline query: the example questions and the contact."""
    contact = base.entry("contact")
    return [*examples(base), *([contact] if contact else [])]


# -- errors -------------------------------------------------------------------------------------


async def error_handler(update: object, context: BotContext) -> None:
    """Log the error without personal data or message text, then apologise to the user."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    kind = _update_kind(update)
    log.error("error handling update %s (%s): %s", update_id, kind, type(error).__name__)
    context.metrics.errors.labels(kind=type(error).__name__).inc()
    if isinstance(error, Forbidden) or not isinstance(update, Update):
        return  # the user blocked the bot, or there is no one to tell
    if update.effective_message is not None and update.effective_chat is not None:
        try:
            await update.effective_message.reply_text(texts.APOLOGY)
        except TelegramError:
            log.warning("could not send the apology for update %s", update_id)


def _update_kind(update: object) -> str:
    if not isinstance(update, Update):
        return type(update).__name__
    for kind in ("message", "edited_message", "callback_query", "inline_query", "channel_post"):
        if getattr(update, kind, None) is not None:
            return kind
    return "other"


# -- wiring -------------------------------------------------------------------------------------


def register(app: Application) -> None:
    """Add every handler to `app`, in the order they must be tried."""
    new_messages = filters.UpdateType.MESSAGE
    private = filters.ChatType.PRIVATE & new_messages
    groups = filters.ChatType.GROUPS & new_messages
    app.add_handler(TypeHandler(Update, flood_guard), group=-1)
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
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, private_question))
    app.add_handler(MessageHandler(groups & filters.TEXT & ~filters.COMMAND, group_question))
    app.add_handler(MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, non_text))
    app.add_handler(CallbackQueryHandler(button))
    app.add_handler(InlineQueryHandler(inline_query))
    app.add_error_handler(error_handler)
