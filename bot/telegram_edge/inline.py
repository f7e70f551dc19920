"""Inline mode: `@bot question` in any chat offers the best answers as results to share, in the
question's language when it is clear, else the user's Telegram language (an inline query has no
chat, so no /language choice)."""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.ext import Application, InlineQueryHandler

from bot.core.answers import examples, render_html
from bot.core.knowledge import Entry, KnowledgeBase
from bot.telegram_edge.callback_data import release_key
from bot.telegram_edge.context import BotContext
from bot.telegram_edge.languages import language_of
from bot.telegram_edge.sending import NO_PREVIEW

INLINE_RESULTS = 5


async def inline_query(update: Update, context: BotContext) -> None:
    """The best answers for the query, or example questions for an empty one."""
    query = update.inline_query
    if query is None:
        return
    engine = context.engine
    text = query.query.strip()
    language = language_of(query.from_user, context, text)
    if text:
        reply = engine.ask(text, language=language)
        base = reply.base
        entries = ([reply.entry] if reply.fact_id and reply.entry else []) + list(reply.suggestions)
    else:
        base = engine.bases[engine.default_release]
        entries = reply_examples(base)
    results = []
    for entry in entries[:INLINE_RESULTS]:
        answer = engine.answer_entry(entry, base, language)
        results.append(
            InlineQueryResultArticle(
                id=f"{release_key(base.id)}:{entry.id}:{language}"[:64],
                title=answer.title_of(entry),
                description=answer.body[:120],
                input_message_content=InputTextMessageContent(
                    render_html(answer), parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
                ),
            )
        )
    # the results depend on the user's language: cached per user, not for everyone
    await query.answer(results, cache_time=60, is_personal=True)


def reply_examples(base: KnowledgeBase) -> list[Entry]:
    """Results for an empty inline query: the example questions and the contact."""
    contact = base.entry("contact")
    return [*examples(base), *([contact] if contact else [])]


def register(app: Application) -> None:
    app.add_handler(InlineQueryHandler(inline_query))
