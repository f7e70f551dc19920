"""Inline keyboards: follow-up questions and the press-contact button under each reply."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.answers import Reply, examples
from bot.core.knowledge import Entry, KnowledgeBase
from bot.telegram_edge.callback_data import Action, encode

CONTACT_BUTTON = "📞 Press contact"
READ_BUTTON = "📄 Read the release"
BUTTON_TEXT_LIMIT = 60


def reply_keyboard(reply: Reply) -> InlineKeyboardMarkup:
    return _keyboard(reply.base, reply.suggestions)


def start_keyboard(base: KnowledgeBase) -> InlineKeyboardMarkup:
    return _keyboard(base, examples(base))


def releases_keyboard(bases: Iterable[KnowledgeBase]) -> InlineKeyboardMarkup:
    """One button per release; pressing it makes that release the chat's current one."""
    rows = []
    for base in bases:
        data = encode(Action.RELEASE, base.id)
        if data is not None:
            rows.append([InlineKeyboardButton(_label(base.release.headline), callback_data=data)])
    return InlineKeyboardMarkup(rows)


def _keyboard(base: KnowledgeBase, entries: Iterable[Entry]) -> InlineKeyboardMarkup:
    rows = []
    for entry in entries:
        data = encode(Action.ANSWER, base.id, entry.id)
        if data is not None:
            rows.append([InlineKeyboardButton(_label(entry.title), callback_data=data)])
    contact = encode(Action.CONTACT, base.id)
    last_row = []
    if contact is not None:
        last_row.append(InlineKeyboardButton(CONTACT_BUTTON, callback_data=contact))
    if base.release.url:
        last_row.append(InlineKeyboardButton(READ_BUTTON, url=base.release.url))
    if last_row:
        rows.append(last_row)
    return InlineKeyboardMarkup(rows)


def _label(text: str) -> str:
    return text if len(text) <= BUTTON_TEXT_LIMIT else text[: BUTTON_TEXT_LIMIT - 1] + "…"
