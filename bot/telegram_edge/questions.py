"""Questions: any text in a private chat, and text addressed to the bot in a group.

Only new messages are answered (never edits or channel posts). A question the bot could not
answer well is written to the question log before the reply goes out.
"""

from __future__ import annotations

import time

from telegram import Message, MessageEntity, Update
from telegram.ext import Application, MessageHandler, filters

from bot.questionlog.front import record_quietly
from bot.questionlog.policy import logged_question, should_record
from bot.telegram_edge.context import BotContext
from bot.telegram_edge.languages import language_of
from bot.telegram_edge.sending import send_reply


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
    services = context.services
    previous = context.previous_reply()
    language = language_of(message.from_user, context, question)
    reply = context.engine.ask(
        question, context.current_base().id, previous=previous, language=language
    )
    if reply.fact_id is not None:
        await context.remember_answer(reply.base.id, reply.fact_id)
    if should_record(reply.question, reply.match, services.settings.storage.low_confidence):
        # committed before the reply goes out, but never holding it up for more than a moment
        record = logged_question(reply.question, reply.match, reply.base.id)
        await record_quietly(services.question_log, record)
    await send_reply(message, reply)
    services.metrics.questions.labels(outcome=reply.outcome.value).inc()
    services.metrics.latency.observe(time.perf_counter() - started)


def register(app: Application) -> None:
    new_messages = filters.UpdateType.MESSAGE
    private = filters.ChatType.PRIVATE & new_messages
    groups = filters.ChatType.GROUPS & new_messages
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, private_question))
    app.add_handler(MessageHandler(groups & filters.TEXT & ~filters.COMMAND, group_question))
