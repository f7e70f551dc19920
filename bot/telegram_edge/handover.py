"""Hand a question to the press office, and bring the answer back.

1. Under a reply that could not answer (and after /contact) the user taps "Ask the press
   office". The bot shows exactly what will be sent, with their Telegram name, and sends it only
   when they tap "Send it". The question it shows is the chat's last one (kept in memory for an
   hour); without it, the bot asks for the question (a reply to its prompt).
2. The question is stored (`bot.questionlog.handovers`), then posted to the press office's group
   (RELEASE_BOT_PRESS_CHAT_ID) with the release, the bot's closest facts and its number. If the
   group or the database cannot be reached, the user is told at once and gets the contact.
3. A press officer answers by replying to that post. Only messages in that group count (which
   makes their senders its members); each reply is passed on once, whichever replica gets it,
   and the post is marked answered. Replies are passed on until a day after the first one.
4. `/pending` lists the questions waiting (in the group, and privately for admins and the
   group's members); `/cancel` withdraws the user's open ones. A sweep closes what expired.

The handlers run in their own group before the flood guard's, and each runs the flood guard
itself when an update turns out to be its own, then stops the update there (so a reply to the
bot's post is not also answered as a question).

What the user reads is in their language: that of the button they pressed, of the preview or the
prompt they answer, else theirs (`bot.telegram_edge.languages`); a message that comes later (the
press office's answer, an expiry) is in the language of their question, else of their chat's
choice, else the release's. The press office's group reads English.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from datetime import UTC, datetime

from telegram import Bot, CallbackQuery, ChatMemberRestricted, ForceReply, Message, Update, User
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import Forbidden, TelegramError, TimedOut
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.core.answers import MAX_MESSAGE_CHARS, contact_line
from bot.core.engine import Engine
from bot.core.knowledge import EntryKind, KnowledgeBase
from bot.questionlog.handovers import Closing, Handover, HandoverStore
from bot.questionlog.records import retention_cutoff
from bot.questionlog.storage import QuestionLogError
from bot.telegram_edge import texts
from bot.telegram_edge.arrival import before_every_update
from bot.telegram_edge.buttons import base_for_key
from bot.telegram_edge.callback_data import Action, decode
from bot.telegram_edge.context import BotContext, BotData
from bot.telegram_edge.desk import Desk, answer_quietly, in_thread
from bot.telegram_edge.keyboards import (
    ASK_PRESS_BUTTON,
    CHANGE_BUTTON,
    DONT_SEND_BUTTON,
    SEND_BUTTON,
    WITHDRAW_ALL_BUTTON,
    ask_press_keyboard,
    preview_keyboard,
    withdraw_keyboard,
)
from bot.telegram_edge.languages import language_for, language_of, language_of_press, resolve
from bot.telegram_edge.locales import _
from bot.telegram_edge.sending import NO_PREVIEW, fit_text, send_contact, send_text, strip_tags
from bot.telegram_edge.services import Services

log = logging.getLogger(__name__)

GROUP = -2  # before the flood guard (-1) and the answers (0)
AFTER_ANSWERS = 1  # remembering the chat's question, and the line after /contact
SWEEP_INTERVAL = 60.0  # seconds between looks for expired hand-overs
CANDIDATES = 3
_POST_NUMBER = re.compile(r"Question #(\d+)\b")
_MEMBERS = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.MEMBER)
_STORE_ERRORS = (QuestionLogError, TimeoutError)


def now() -> datetime:
    return datetime.now(UTC)


# -- asking ---------------------------------------------------------------------------------------


async def press_button(update: Update, context: BotContext) -> None:
    """A press on "Ask the press office", "Send it", "Change it", "Don't send" or "Withdraw"."""
    query = update.callback_query
    if query is None:
        return
    await before_every_update(update, context)
    parsed = decode(query.data)
    message = query.message if isinstance(query.message, Message) else None
    if parsed is None or message is None:
        await answer_quietly(query, _(texts.STALE_BUTTON, language_of(query.from_user, context)))
        raise ApplicationHandlerStop
    language = language_of_press(query, context, _desk_labels)
    if message.chat.type != ChatType.PRIVATE:
        await answer_quietly(query, _(texts.HANDOVER_PRIVATE_ONLY, language))
        raise ApplicationHandlerStop
    base = base_for_key(context.engine, parsed.release_key) or context.current_base()
    if parsed.action is Action.SEND:
        await send_to_press(query, message, base, context)
        raise ApplicationHandlerStop
    await answer_quietly(query)
    if parsed.action is Action.ASK_PRESS:
        await ask_press(message, query.from_user, base, context, use_last=True, language=language)
    elif parsed.action is Action.ASK_NEW:
        await ask_press(message, query.from_user, base, context, use_last=False, language=language)
    elif parsed.action is Action.DONT_SEND:
        with contextlib.suppress(TelegramError):
            await message.edit_text(_(texts.HANDOVER_NOT_SENT, language))
    elif parsed.action is Action.WITHDRAW:
        await withdraw(message, parsed.entry_id, context, language)
    raise ApplicationHandlerStop


def _desk_labels(language: str) -> tuple[str, ...]:
    """The labels of the press desk's buttons in `language`."""
    buttons = (ASK_PRESS_BUTTON, SEND_BUTTON, CHANGE_BUTTON, DONT_SEND_BUTTON, WITHDRAW_ALL_BUTTON)
    return tuple(_(label, language) for label in buttons)


async def ask_press(
    message: Message,
    user: User,
    base: KnowledgeBase,
    context: BotContext,
    *,
    use_last: bool,
    language: str = "en",
) -> None:
    """Show the chat's last question as it would be sent (`use_last`), or ask for one."""
    if context.services.settings.handover.press_chat_id is None:
        await send_text(message, _(texts.HANDOVER_BY_PHONE, language))
        await send_contact(message, base, language)
        return
    desk = context.services.desk
    question = desk.asked.last(message.chat.id) if use_last else None
    if question is None:
        await prompt_for_question(message, texts.ask_press_prompt(language), language)
    else:
        await show_preview(message, question, user, base, language)


async def prompt_for_question(message: Message, prompt: str, language: str) -> None:
    placeholder = ForceReply(input_field_placeholder=_(texts.ASK_PRESS_PLACEHOLDER, language))
    await message.reply_text(prompt, reply_markup=placeholder)


async def show_preview(
    message: Message, question: str, user: User, base: KnowledgeBase, language: str
) -> None:
    """Exactly what will go to the press office, with "Send it", "Change it", "Don't send"."""
    question = question.strip()
    if len(question) > texts.HANDOVER_MAX_CHARS:
        await prompt_for_question(message, texts.handover_too_long(language), language)
        return
    preview = texts.handover_preview(question, user.full_name, base.release.publisher, language)
    await message.reply_text(preview, reply_markup=preview_keyboard(base, language))


async def prompted_question(update: Update, context: BotContext) -> bool:
    """A reply to the bot's "what would you like to ask?": show it as it would be sent."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None or message.chat.type != ChatType.PRIVATE:
        return False
    replied = message.reply_to_message
    language = texts.prompt_language(replied.text) if replied is not None else None
    if language is None or not message.text:
        return False
    await before_every_update(update, context)
    await show_preview(message, message.text, user, context.current_base(), language)
    return True


async def send_to_press(
    query: CallbackQuery, preview: Message, base: KnowledgeBase, context: BotContext
) -> None:
    """ "Send it": store the question, post it to the press group, tell the user its number."""
    services = context.services
    desk, settings = services.desk, services.settings.handover
    question = texts.previewed_question(preview.text)
    language = texts.preview_language(preview.text) or language_of(query.from_user, context)
    if question is None:
        await answer_quietly(query, _(texts.HANDOVER_STALE, language))
        return
    await answer_quietly(query)
    user = query.from_user
    with contextlib.suppress(TelegramError):
        await preview.edit_reply_markup(reply_markup=None)  # one tap sends it once
    press = settings.press_chat_id
    if press is None:
        await send_text(preview, _(texts.HANDOVER_BY_PHONE, language))
        await send_contact(preview, base, language)
        return
    store = desk.handovers
    try:
        handover = None
        if store is not None:
            handover = await in_thread(
                store.create,
                chat_id=preview.chat.id,
                user_name=user.full_name,
                preview_message_id=preview.message_id,
                question=question,
                release_id=base.id,
                days=settings.days,
                now=now(),
            )
            if handover is None:
                await preview.reply_text(_(texts.HANDOVER_ALREADY_SENT, language))
                return
    except _STORE_ERRORS as error:
        log.warning("hand-over not stored: %s", type(error).__name__)
    if store is None or handover is None:
        await _could_not_send(preview, base, desk, language)
        return
    if not await _post(handover, store, press, base, context):
        await _could_not_send(preview, base, desk, language)
        return
    desk.metrics.handovers.labels(event="sent").inc()
    await send_text(preview, texts.handover_sent(handover.reference, settings.days, language))


async def _post(
    handover: Handover, store: HandoverStore, press: int, base: KnowledgeBase, context: BotContext
) -> bool:
    """Post the stored question to the press group; False (and nothing kept) if that failed."""
    text = texts.press_post(
        texts.post_status_open(handover.reference),
        base.release.headline,
        handover.user_name,
        handover.expires_at.strftime("%Y-%m-%d %H:%M UTC"),
        handover.question,
        closest_facts(context.engine, base, handover.question),
    )
    try:
        post = await context.bot.send_message(press, fit_text(text))
    except TelegramError as error:
        log.warning(
            "hand-over %s: the press group could not be reached (%s)",
            handover.reference,
            type(error).__name__,
        )
        await _discard(store, handover)
        return False
    try:
        if await in_thread(store.posted, handover.id, press, post.message_id):
            return True
    except _STORE_ERRORS as error:
        log.warning(
            "hand-over %s: not marked posted (%s)", handover.reference, type(error).__name__
        )
    with contextlib.suppress(TelegramError):
        await post.delete()
    await _discard(store, handover)
    return False


async def _discard(store: HandoverStore, handover: Handover) -> None:
    try:
        await in_thread(store.delete, handover.id)
    except _STORE_ERRORS as error:  # the sweep deletes it later ("undelivered")
        log.warning("hand-over %s: not deleted (%s)", handover.reference, type(error).__name__)


async def _could_not_send(message: Message, base: KnowledgeBase, desk: Desk, language: str) -> None:
    desk.metrics.handovers.labels(event="failed").inc()
    await send_text(message, _(texts.HANDOVER_FAILED, language))
    await send_contact(message, base, language)


def closest_facts(engine: Engine, base: KnowledgeBase, question: str) -> list[tuple[str, float]]:
    """The facts the bot found nearest to the question, for the press officer."""
    matcher = engine.matchers.get(base.id)
    if matcher is None:
        return []
    ranked = [c for c in matcher.rank(question) if c.entry.kind is not EntryKind.SMALLTALK]
    return [(c.entry.title, min(100.0, c.score)) for c in ranked[:CANDIDATES]]


# -- the press office's replies -----------------------------------------------------------------


async def reply_to_bot(update: Update, context: BotContext) -> None:
    """A reply to one of the bot's messages: a press officer's answer in the press group, or
    the question the user was asked for. Anything else goes on to the other handlers."""
    message = update.effective_message
    if message is None or message.reply_to_message is None:
        return
    replied = message.reply_to_message
    if replied.from_user is None or replied.from_user.id != context.bot.id:
        return
    press = context.services.settings.handover.press_chat_id
    if press is not None and message.chat.id == press:
        number = _POST_NUMBER.search((replied.text or "").partition("\n")[0])
        if number is None:
            return  # a reply to another of the bot's messages there: an ordinary question
        await before_every_update(update, context)
        await relay(message, replied, press, context)
        raise ApplicationHandlerStop
    if await prompted_question(update, context):
        raise ApplicationHandlerStop


async def relay(message: Message, post: Message, press: int, context: BotContext) -> None:
    """Pass a press officer's reply on to the person who asked, once."""
    desk = context.services.desk
    store = desk.handovers
    handover = None
    if store is not None:
        handover = await in_thread(store.live_by_post, press, post.message_id, now())
    if store is None or handover is None:
        await message.reply_text(texts.PRESS_CLOSED)
        return
    answer = message.text or message.caption
    if not answer:
        await message.reply_text(texts.PRESS_NOT_TEXT)
        return
    if not await in_thread(store.claim_reply, handover.id, message.message_id, now()):
        return  # passed on already, by this replica or another
    base = context.engine.bases.get(handover.release_id) or context.current_base()
    try:
        language = await asker_language(context.services, handover, base)
        await _send_answer(context, handover, base, answer, language)
    except Forbidden:
        await message.reply_text(texts.PRESS_ASKER_GONE)
        return
    except TelegramError as error:
        if not isinstance(error, TimedOut):  # a time-out may have arrived: never twice
            await in_thread(store.release_reply, handover.id, message.message_id)
        await message.reply_text(texts.press_relay_failed(type(error).__name__))
        return
    replies = await in_thread(store.answered, handover.id, now())
    desk.metrics.replies.inc()
    if replies == 1:
        desk.metrics.handovers.labels(event="answered").inc()
    if replies and post.text:
        body = post.text.partition("\n")[2]
        status = texts.post_status_answered(handover.reference, replies)
        with contextlib.suppress(TelegramError):
            await context.bot.edit_message_text(
                fit_text(f"{status}\n{body}"), chat_id=press, message_id=post.message_id
            )


async def asker_language(services: Services, handover: Handover, base: KnowledgeBase) -> str:
    """The language to tell the asker in, when they are not there: their question's, else the
    one their chat chose, else the release's."""
    chosen = await services.chat_choices.chosen(handover.chat_id)
    return resolve(handover.question, chosen.language, None, base.release.language)


async def _send_answer(
    context: BotContext, handover: Handover, base: KnowledgeBase, answer: str, language: str
) -> None:
    publisher = base.release.publisher
    reference, question = handover.reference, handover.question
    html = texts.relayed_answer(reference, publisher, question, answer, language)
    bot = context.bot
    if len(strip_tags(html)) <= MAX_MESSAGE_CHARS:
        await bot.send_message(
            handover.chat_id, html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
        )
        return
    heading = texts.relayed_answer(reference, publisher, question, "⬇️", language)
    await bot.send_message(handover.chat_id, heading, parse_mode=ParseMode.HTML)
    await bot.send_message(handover.chat_id, fit_text(answer), link_preview_options=NO_PREVIEW)


# -- /pending and /cancel ------------------------------------------------------------------------


async def pending_command(update: Update, context: BotContext) -> None:
    """/pending: the questions waiting, in the press group, or privately for its members and
    the admins; for anyone else it is an unknown command."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    services = context.services
    press = services.settings.handover.press_chat_id
    if chat.id != press and chat.type != ChatType.PRIVATE:
        return  # other groups: not a command of this bot's
    await before_every_update(update, context)
    allowed = chat.id == press or user.id in services.settings.telegram.admin_ids
    if not allowed and press is not None:
        allowed = await is_member(context, press, user.id)
    if not allowed:
        await message.reply_text(_(texts.UNKNOWN_COMMAND, language_for(update, context)))
        raise ApplicationHandlerStop
    store = services.desk.handovers
    waiting = await in_thread(store.pending, now()) if store is not None else []
    moment = now()
    lines = [
        texts.pending_line(
            item.reference,
            item.created_at.strftime("%Y-%m-%d"),
            (item.expires_at - moment).days,
            item.user_name,
            item.question,
        )
        + _post_link(item)
        for item in waiting
    ]
    await message.reply_text(fit_text(texts.pending_text(lines)), link_preview_options=NO_PREVIEW)
    raise ApplicationHandlerStop


async def is_member(context: BotContext, chat_id: int, user_id: int) -> bool:
    """Whether the user is in the press group (getChatMember; False if that cannot be told)."""
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except TelegramError as error:
        log.info("getChatMember for the press group failed (%s)", type(error).__name__)
        return False
    if member.status in _MEMBERS:
        return True
    return isinstance(member, ChatMemberRestricted) and member.is_member


def _post_link(handover: Handover) -> str:
    """A link to the post, for supergroups (whose ids start with -100)."""
    chat, post = str(handover.press_chat_id or ""), handover.post_message_id
    return f"\nhttps://t.me/c/{chat[4:]}/{post}" if chat.startswith("-100") and post else ""


async def cancel_command(update: Update, context: BotContext) -> None:
    """/cancel: withdraw the chat's open questions (asks which, when there are several)."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or chat.type != ChatType.PRIVATE:
        return
    await before_every_update(update, context)
    language = language_for(update, context)
    store = context.services.desk.handovers
    open_ = await in_thread(store.of_chat, chat.id, now()) if store is not None else []
    if not open_:
        await message.reply_text(_(texts.CANCEL_NONE, language))
    elif len(open_) == 1:
        await withdraw(message, str(open_[0].id), context, language)
    else:
        labels = [(h.id, f"{h.reference}: {texts.shortened(h.question, 40)}") for h in open_]
        keyboard = withdraw_keyboard(context.current_base(), labels, language)
        await message.reply_text(_(texts.CANCEL_WHICH, language), reply_markup=keyboard)
    raise ApplicationHandlerStop


async def withdraw(message: Message, which: str, context: BotContext, language: str) -> None:
    """Withdraw one of the chat's questions (by number) or "all" of them."""
    services = context.services
    store = services.desk.handovers
    chat_id = message.chat.id
    if store is None:
        await message.reply_text(_(texts.CANCEL_GONE, language))
        return
    if which == "all":
        numbers = [h.id for h in await in_thread(store.of_chat, chat_id, now())]
    else:
        numbers = [int(which)] if which.isdigit() else []
    done = []
    for number in numbers:
        handover = await in_thread(store.withdraw, number, chat_id, now())
        if handover is not None:
            done.append(handover)
            services.desk.metrics.handovers.labels(event="withdrawn").inc()
            await _replace_post(context.bot, handover, texts.post_withdrawn(handover.reference))
    if done:
        await send_text(message, texts.withdrawn([h.reference for h in done], language))
    else:
        await message.reply_text(_(texts.CANCEL_GONE, language))


async def _replace_post(bot: Bot, handover: Handover, text: str) -> None:
    """Replace the post in the press group (its question and name go with it)."""
    if handover.press_chat_id is None or handover.post_message_id is None:
        return
    try:
        await bot.edit_message_text(
            text, chat_id=handover.press_chat_id, message_id=handover.post_message_id
        )
    except TelegramError as error:
        log.info("hand-over %s: post not edited (%s)", handover.reference, type(error).__name__)


# -- what the other handlers leave ----------------------------------------------------------------


async def remember_question(update: Update, context: BotContext) -> None:
    """After a private question was answered: keep it (in memory) for "Ask the press office"."""
    message = update.effective_message
    if message is not None and message.text:
        context.services.desk.asked.remember(message.chat.id, message.text)


async def contact_followup(update: Update, context: BotContext) -> None:
    """After /contact: the offer to send a written question, when there is a press group."""
    message = update.effective_message
    if message is None or context.services.settings.handover.press_chat_id is None:
        return
    language = language_for(update, context)
    keyboard = ask_press_keyboard(context.current_base(), language)
    await send_text(message, _(texts.CONTACT_HANDOVER, language), reply_markup=keyboard)


# -- expiry -------------------------------------------------------------------------------------


async def sweep(services: Services, bot: Bot) -> int:
    """Close what is due: tell the users whose questions expired or were never delivered,
    mark the posts, delete the rows; then purge old feedback. How many were closed."""
    desk = services.desk
    store = desk.handovers
    if store is None:
        return 0
    moment = now()
    due = await in_thread(store.claim_due, moment)
    engine = services.knowledge.engine
    days = services.settings.handover.days
    for item in due:
        handover = item.handover
        base = engine.bases.get(handover.release_id) or engine.bases[engine.default_release]
        language = await asker_language(services, handover, base)
        contact = contact_line(base.contact, language)
        if item.reason is Closing.EXPIRED:
            desk.metrics.handovers.labels(event="expired").inc()
            expired = texts.handover_expired(handover.reference, days, contact, language)
            await _tell(bot, handover, expired)
            await _replace_post(bot, handover, texts.post_expired(handover.reference, days))
        elif item.reason is Closing.UNDELIVERED:
            desk.metrics.handovers.labels(event="failed").inc()
            undelivered = texts.handover_undelivered(handover.reference, contact, language)
            await _tell(bot, handover, undelivered)
        await in_thread(store.delete, handover.id)
    if desk.feedback is not None:
        await in_thread(
            desk.feedback.purge, retention_cutoff(services.settings.storage.retention_days, moment)
        )
    return len(due)


async def _tell(bot: Bot, handover: Handover, html: str) -> None:
    try:
        await bot.send_message(handover.chat_id, html, parse_mode=ParseMode.HTML)
    except TelegramError as error:
        log.info("hand-over %s: user not told (%s)", handover.reference, type(error).__name__)


async def _sweep_forever(app: Application) -> None:
    while True:
        data = app.bot_data
        if isinstance(data, BotData):
            try:
                await sweep(data.services, app.bot)
            except Exception as error:  # the next sweep tries again
                log.warning("hand-over sweep failed (%s)", type(error).__name__)
        await asyncio.sleep(SWEEP_INTERVAL)


async def _stopped(task: asyncio.Task[None]) -> None:
    """Cancel `task` until it is done: a cancellation that lands while a database call inside
    `asyncio.wait_for` finishes can be swallowed (Python 3.11), and the sweep would run on."""
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=0.5)
    if not task.cancelled() and task.exception() is not None:
        log.warning("hand-over sweep ended with %s", type(task.exception()).__name__)


def _run_sweeps_with(app: Application) -> None:
    """Start the sweep after the application's own post_init (which opens the services) and
    stop it before its post_shutdown (which closes them)."""
    opened, closing = app.post_init, app.post_shutdown
    sweeper: list[asyncio.Task[None]] = []

    async def post_init(application: Application) -> None:
        if opened is not None:
            await opened(application)
        sweeper.append(asyncio.create_task(_sweep_forever(application)))

    async def post_shutdown(application: Application) -> None:
        while sweeper:
            await _stopped(sweeper.pop())
        if closing is not None:
            await closing(application)

    app.post_init = post_init
    app.post_shutdown = post_shutdown


def register(app: Application) -> None:
    new = filters.UpdateType.MESSAGE
    app.add_handler(CallbackQueryHandler(press_button, pattern=r"^[pqsdw]:"), group=GROUP)
    app.add_handler(CommandHandler("pending", pending_command, filters=new), group=GROUP)
    app.add_handler(CommandHandler("cancel", cancel_command, filters=new), group=GROUP)
    app.add_handler(MessageHandler(filters.REPLY & new & ~filters.COMMAND, reply_to_bot), GROUP)
    private = filters.ChatType.PRIVATE & new
    app.add_handler(
        MessageHandler(private & filters.TEXT & ~filters.COMMAND, remember_question),
        group=AFTER_ANSWERS,
    )
    app.add_handler(
        CommandHandler("contact", contact_followup, filters=private), group=AFTER_ANSWERS
    )
    _run_sweeps_with(app)
