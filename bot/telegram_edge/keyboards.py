"""Inline keyboards: follow-up questions and the press-contact button under each reply.

A reply's keyboard is built once and kept (`ReplyKeyboards`): it depends only on the release,
the entries offered (their ids and titles) and which row of press buttons it ends with, so
every message that gets the same buttons gets the same (immutable) markup object. What is kept
is held for the very release object it was built from: a reload builds new release objects, and
the first reply from a reloaded release drops that release's keyboards.
"""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.answers import Reply, examples
from bot.core.knowledge import Entry, KnowledgeBase
from bot.core.matching import Outcome
from bot.telegram_edge.callback_data import Action, encode
from bot.telegram_edge.locales import N_, _

# the labels are messages of the catalogues (bot.telegram_edge.locales), shown in the reply's
# language; a reply's keyboard is kept per language too
CONTACT_BUTTON = N_("📞 Press contact")
READ_BUTTON = N_("📄 Read the release")
ASK_PRESS_BUTTON = N_("✉️ Ask the press office")
HELPFUL_BUTTON = N_("👍 Helpful")
UNHELPFUL_BUTTON = N_("👎 Not helpful")
SEND_BUTTON = N_("✅ Send it")
CHANGE_BUTTON = N_("✏️ Change it")
DONT_SEND_BUTTON = N_("✖️ Don't send")
WITHDRAW_ALL_BUTTON = N_("Withdraw them all")
ENGLISH = "en"
BUTTON_TEXT_LIMIT = 60


MAX_KEPT_KEYBOARDS = 4096  # a release's kept reply keyboards; past it they are built anew

_Key = tuple[tuple[tuple[str, str], ...], str | None, bool, str]


class ReplyKeyboards:
    """Reply keyboards already built, by release; see the module docstring."""

    def __init__(self, limit: int = MAX_KEPT_KEYBOARDS) -> None:
        self._limit = limit
        self._kept: dict[str, tuple[KnowledgeBase, dict[_Key, InlineKeyboardMarkup]]] = {}

    def get(self, reply: Reply) -> InlineKeyboardMarkup:
        base = reply.base
        key: _Key = (
            tuple((entry.id, reply.title_of(entry)) for entry in reply.suggestions),
            reply.fact_id,
            _offers_press(reply),
            reply.reply_language,
        )
        held = self._kept.get(base.id)
        if held is None or held[0] is not base:  # first use, or the release was reloaded
            held = (base, {})
            self._kept[base.id] = held
        kept = held[1]
        markup = kept.get(key)
        if markup is None:
            markup = build_reply_keyboard(reply)
            if len(kept) >= self._limit:
                kept.clear()
            kept[key] = markup
        return markup


_REPLY_KEYBOARDS = ReplyKeyboards()


def reply_keyboard(reply: Reply) -> InlineKeyboardMarkup:
    """The suggestions; then 👍 / 👎 under an answer, or "Ask the press office" under a reply
    that could not answer; then the contact. Built once for each release and set of buttons
    (see the module docstring)."""
    return _REPLY_KEYBOARDS.get(reply)


def build_reply_keyboard(reply: Reply) -> InlineKeyboardMarkup:
    """`reply_keyboard` built anew, never kept."""
    language = reply.reply_language
    return _keyboard(reply.base, reply.suggestions, _press_rows(reply), language)


def start_keyboard(base: KnowledgeBase, language: str = ENGLISH) -> InlineKeyboardMarkup:
    return _keyboard(base, examples(base), language=language)


def releases_keyboard(
    bases: Iterable[KnowledgeBase], language: str = ENGLISH
) -> InlineKeyboardMarkup:
    """One button per release; pressing it makes that release the chat's current one."""
    rows = []
    for base in bases:
        data = encode(Action.RELEASE, base.id)
        version = base.release.version(language)
        headline = version.headline if version else base.release.headline
        if data is not None:
            rows.append([InlineKeyboardButton(_label(headline), callback_data=data)])
    return InlineKeyboardMarkup(rows)


def _keyboard(
    base: KnowledgeBase,
    entries: Iterable[Entry],
    extra_rows: list[list[InlineKeyboardButton]] | None = None,
    language: str = ENGLISH,
) -> InlineKeyboardMarkup:
    rows = []
    for entry in entries:
        data = encode(Action.ANSWER, base.id, entry.id)
        if data is not None:
            title = entry.title_in(language)
            rows.append([InlineKeyboardButton(_label(title), callback_data=data)])
    rows += extra_rows or []
    contact = encode(Action.CONTACT, base.id)
    last_row = []
    if contact is not None:
        last_row.append(InlineKeyboardButton(_(CONTACT_BUTTON, language), callback_data=contact))
    if base.release.url:
        last_row.append(InlineKeyboardButton(_(READ_BUTTON, language), url=base.release.url))
    if last_row:
        rows.append(last_row)
    return InlineKeyboardMarkup(rows)


def _label(text: str) -> str:
    return text if len(text) <= BUTTON_TEXT_LIMIT else text[: BUTTON_TEXT_LIMIT - 1] + "…"


def _offers_press(reply: Reply) -> bool:
    """Whether a reply without an answered fact offers "Ask the press office"."""
    return reply.outcome in (Outcome.FALLBACK, Outcome.CLARIFY) and bool(reply.question.strip())


def _press_rows(reply: Reply) -> list[list[InlineKeyboardButton]]:
    """👍 / 👎 for an answered fact; "Ask the press office" for a question it could not answer."""
    base_id, language = reply.base.id, reply.reply_language
    if reply.fact_id is not None:
        helpful = encode(Action.HELPFUL, base_id, reply.fact_id)
        unhelpful = encode(Action.UNHELPFUL, base_id, reply.fact_id)
        if helpful is None or unhelpful is None:
            return []
        return [
            [
                InlineKeyboardButton(_(HELPFUL_BUTTON, language), callback_data=helpful),
                InlineKeyboardButton(_(UNHELPFUL_BUTTON, language), callback_data=unhelpful),
            ]
        ]
    if _offers_press(reply):
        return [
            [
                InlineKeyboardButton(
                    _(ASK_PRESS_BUTTON, language), callback_data=_data(Action.ASK_PRESS, base_id)
                )
            ]
        ]
    return []


def ask_press_keyboard(base: KnowledgeBase, language: str = ENGLISH) -> InlineKeyboardMarkup:
    """One button: write a question for the press office (under /contact)."""
    ask = _(ASK_PRESS_BUTTON, language)
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(ask, callback_data=_data(Action.ASK_NEW, base.id))]]
    )


def preview_keyboard(base: KnowledgeBase, language: str = ENGLISH) -> InlineKeyboardMarkup:
    """Under the question as it will be sent: send it, change it, or not."""
    send, change, dont = (_(b, language) for b in (SEND_BUTTON, CHANGE_BUTTON, DONT_SEND_BUTTON))
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(send, callback_data=_data(Action.SEND, base.id))],
            [
                InlineKeyboardButton(change, callback_data=_data(Action.ASK_NEW, base.id)),
                InlineKeyboardButton(dont, callback_data=_data(Action.DONT_SEND, base.id)),
            ],
        ]
    )


def withdraw_keyboard(
    base: KnowledgeBase, labels: Iterable[tuple[int, str]], language: str = ENGLISH
) -> InlineKeyboardMarkup:
    """One button per open question (number, label), and one for them all."""
    rows = []
    for number, label in labels:
        data = encode(Action.WITHDRAW, base.id, str(number))
        if data is not None:
            rows.append([InlineKeyboardButton(_label(label), callback_data=data)])
    everything = encode(Action.WITHDRAW, base.id, "all")
    if everything is not None:
        everyone = _(WITHDRAW_ALL_BUTTON, language)
        rows.append([InlineKeyboardButton(everyone, callback_data=everything)])
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
