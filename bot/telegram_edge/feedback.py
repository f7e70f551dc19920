"""👍 / 👎 under every answer, and after a 👎 an optional "what was missing?".

A vote is stored without anyone's ids (`bot.questionlog.feedback`), counted in /metrics
(release_bot_feedback_total), and the buttons are taken off that answer so it is voted on once.
For a 👎 the question behind it is kept too, masked, when the bot still knows it: the question the
answer replied to (in groups), or the chat's last question (in memory), if that question does get
this fact. The "what was missing?" prompt carries the vote's number, so a reply to it finds the
vote on any replica. The thanks and the prompt are in the language of the button pressed (that
of the answer), and the thanks for a comment in the prompt's.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import ForceReply, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    MessageHandler,
    filters,
)

from bot.core.knowledge import KnowledgeBase
from bot.questionlog.storage import QuestionLogError
from bot.telegram_edge import texts
from bot.telegram_edge.arrival import before_every_update
from bot.telegram_edge.buttons import base_for_key
from bot.telegram_edge.callback_data import Action, decode
from bot.telegram_edge.context import BotContext
from bot.telegram_edge.desk import answer_quietly, in_thread
from bot.telegram_edge.keyboards import HELPFUL_BUTTON, UNHELPFUL_BUTTON, without_feedback
from bot.telegram_edge.languages import language_of, language_of_press
from bot.telegram_edge.locales import _
from bot.telegram_edge.questions import addressed_question

log = logging.getLogger(__name__)

GROUP = -3  # before the hand-over's group (-2): a reply to the prompt is this module's
COMMENT_PLACEHOLDER = texts.FEEDBACK_PLACEHOLDER


async def vote(update: Update, context: BotContext) -> None:
    """A press on 👍 or 👎 under an answer."""
    query = update.callback_query
    if query is None:
        return
    await before_every_update(update, context)
    parsed = decode(query.data)
    base = base_for_key(context.engine, parsed.release_key) if parsed else None
    if parsed is None or base is None or base.entry(parsed.entry_id) is None:
        await answer_quietly(query, _(texts.STALE_BUTTON, language_of(query.from_user, context)))
        raise ApplicationHandlerStop
    language = language_of_press(
        query, context, lambda code: (_(HELPFUL_BUTTON, code), _(UNHELPFUL_BUTTON, code))
    )
    helpful = parsed.action is Action.HELPFUL
    message = query.message if isinstance(query.message, Message) else None
    desk = context.services.desk
    desk.metrics.feedback.labels(vote="helpful" if helpful else "unhelpful").inc()
    await answer_quietly(query, _(texts.FEEDBACK_THANKS, language))
    if message is not None:
        with contextlib.suppress(TelegramError):
            await message.edit_reply_markup(reply_markup=without_feedback(message.reply_markup))
    question = None if helpful else question_behind(message, base, parsed.entry_id, context)
    feedback_id = None
    if desk.feedback is not None:
        try:
            feedback_id = await in_thread(
                desk.feedback.record, base.id, parsed.entry_id, helpful, question
            )
        except (QuestionLogError, TimeoutError) as error:
            log.warning("feedback not stored (%s)", type(error).__name__)
    private = message is not None and message.chat.type == ChatType.PRIVATE
    if not helpful and feedback_id is not None and message is not None and private:
        prompt = ForceReply(input_field_placeholder=_(COMMENT_PLACEHOLDER, language))
        text = texts.feedback_prompt(feedback_id, language)
        await message.reply_text(text, reply_markup=prompt)
    raise ApplicationHandlerStop


def question_behind(
    answer: Message | None, base: KnowledgeBase, fact_id: str, context: BotContext
) -> str | None:
    """The question the rated answer replied to, if the bot can still tell: the one it quoted
    (groups) or the chat's last question, provided that it does get this fact."""
    if answer is None:
        return None
    asked = answer.reply_to_message
    candidate: str | None
    if asked is not None and asked.text:
        candidate = addressed_question(asked, context.bot.username, context.bot.id) or asked.text
    else:
        candidate = context.services.desk.asked.last(answer.chat.id)
    if not candidate:
        return None
    again = context.engine.ask(candidate, base.id)
    return candidate if again.fact_id == fact_id and again.base.id == base.id else None


async def comment(update: Update, context: BotContext) -> None:
    """A reply to "what was missing?": kept with its vote, masked."""
    message = update.effective_message
    if message is None or message.reply_to_message is None or not message.text:
        return
    replied = message.reply_to_message
    if replied.from_user is None or replied.from_user.id != context.bot.id:
        return
    feedback_id = texts.prompted_feedback(replied.text)
    if feedback_id is None:
        return
    await before_every_update(update, context)
    store = context.services.desk.feedback
    if store is not None:
        try:
            await in_thread(store.add_comment, feedback_id, message.text)
        except (QuestionLogError, TimeoutError) as error:
            log.warning("feedback comment not stored (%s)", type(error).__name__)
    prompted_in = texts.feedback_prompt_language(replied.text) or "en"
    await message.reply_text(_(texts.FEEDBACK_COMMENT_THANKS, prompted_in))
    raise ApplicationHandlerStop


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(vote, pattern=r"^[yn]:"), group=GROUP)
    # a reply first: most messages are not one, and the rest of the filter is not looked at
    replies = filters.REPLY & filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(replies & filters.TEXT & ~filters.COMMAND, comment), GROUP)
