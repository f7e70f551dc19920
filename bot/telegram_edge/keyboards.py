"""Inline keyboards: follow-up questions and the press-contact button under each reply."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.answers import Reply, examples
from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.matching import Outcome
from bot.telegram_edge.callback_data import Action, encode

CONTACT_BUTTON = "📞 Press contact"
READ_BUTTON = "📄 Read the release"
ASK_PRESS_BUTTON = "✉️ Ask the press office"
HELPFUL_BUTTON = "👍 Helpful"
UNHELPFUL_BUTTON = "👎 Not helpful"
SEND_BUTTON = "✅ Send it"
CHANGE_BUTTON = "✏️ Change it"
DONT_SEND_BUTTON = "✖️ Don't send"
WITHDRAW_ALL_BUTTON = "Withdraw them all"
BUTTON_TEXT_LIMIT = 60


def reply_keyboard(reply: Reply) -> InlineKeyboardMarkup:
    """The suggestions; then 👍 / 👎 under an answer, or "Ask the press office" under a reply
    that could not answer; then the contact."""
    return _keyboard(reply.base, reply.suggestions, _press_rows(reply))


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


def _keyboard(
    base: KnowledgeBase,
    entries: Iterable[Entry],
    extra_rows: list[list[InlineKeyboardButton]] | None = None,
) -> InlineKeyboardMarkup:
    rows = []
    for entry in entries:
        data = encode(Action.ANSWER, base.id, entry.id)
        if data is not None:
            rows.append([InlineKeyboardButton(_label(entry.title), callback_data=data)])
    rows += extra_rows or []
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


def _press_rows(reply: Reply) -> list[list[InlineKeyboardButton]]:
    """👍 / 👎 for an answered fact; "Ask the press office" for a question it could not answer."""
    base_id = reply.base.id
    if reply.fact_id is not None:
        helpful = encode(Action.HELPFUL, base_id, reply.fact_id)
        unhelpful = encode(Action.UNHELPFUL, base_id, reply.fact_id)
        if helpful is None or unhelpful is None:
            return []
        return [
            [
                InlineKeyboardButton(HELPFUL_BUTTON, callback_data=helpful),
                InlineKeyboardButton(UNHELPFUL_BUTTON, callback_data=unhelpful),
            ]
        ]
    if reply.outcome in (Outcome.FALLBACK, Outcome.CLARIFY) and reply.question.strip():
        return [
            [InlineKeyboardButton(ASK_PRESS_BUTTON, callback_data=_data(Action.ASK_PRESS, base_id))]
        ]
    return []


def ask_press_keyboard(base: KnowledgeBase) -> InlineKeyboardMarkup:
    """One button: write a question for the press office (under /contact)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(ASK_PRESS_BUTTON, callback_data=_data(Action.ASK_NEW, base.id))]]
    )


def preview_keyboard(base: KnowledgeBase) -> InlineKeyboardMarkup:
    """Under the question as it will be sent: send it, change it, or not."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(SEND_BUTTON, callback_data=_data(Action.SEND, base.id))],
            [
                InlineKeyboardButton(CHANGE_BUTTON, callback_data=_data(Action.ASK_NEW, base.id)),
                InlineKeyboardButton(
                    DONT_SEND_BUTTON, callback_data=_data(Action.DONT_SEND, base.id)
                ),
            ],
        ]
    )


def withdraw_keyboard(
    base: KnowledgeBase, labels: Iterable[tuple[int, str]]
) -> InlineKeyboardMarkup:
    """One button per open question (number, label), and one for them all."""
    rows = []
    for number, label in labels:
        data = encode(Action.WITHDRAW, base.id, str(number))
        if data is not None:
            rows.append([InlineKeyboardButton(_label(label), callback_data=data)])
    everything = encode(Action.WITHDRAW, base.id, "all")
    if everything is not None:
        rows.append([InlineKeyboardButton(WITHDRAW_ALL_BUTTON, callback_data=everything)])
    return InlineKeyboardMarkup(rows)


def without_feedback(markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """`markup` without its 👍 / 👎 row (after a vote); None if nothing is left."""
    if markup is None:
        return None
    votes = (Action.HELPFUL.value, Action.UNHELPFUL.value)
    rows = [
        [b for b in row if not str(b.callback_data or "").startswith(tuple(f"{v}:" for v in votes))]
        for row in markup.inline_keyboard
    ]
    kept = [row for row in rows if row]
    return InlineKeyboardMarkup(kept) if kept else None


def _data(action: Action, release_id: str) -> str:
    data = encode(action, release_id)
    assert data is not None  # no entry: always 11 bytes
    return data
