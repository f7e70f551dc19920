"""The buttons of the press office and of feedback: 👍 / 👎 under answers, "Ask the press office"
under replies that could not answer, the contact still last, and their callback data."""

from __future__ import annotations

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeBase
from bot.telegram_edge.callback_data import (
    NAMES_ENTRY,
    Action,
    Callback,
    decode,
    encode,
    release_key,
)
from bot.telegram_edge.keyboards import (
    ASK_PRESS_BUTTON,
    CONTACT_BUTTON,
    ask_press_keyboard,
    preview_keyboard,
    reply_keyboard,
    withdraw_keyboard,
    without_feedback,
)

RELEASE = "moj-fi-hakkanen-konovalov-moscow"
KEY = release_key(RELEASE)


def actions(markup: InlineKeyboardMarkup) -> list[list[Callback | None]]:
    return [
        [decode(str(b.callback_data)) if b.callback_data else None for b in row]
        for row in markup.inline_keyboard
    ]


def test_an_answer_has_helpful_and_not_helpful_for_its_fact(engine: Engine) -> None:
    reply = engine.ask("Who met whom?")
    rows = actions(reply_keyboard(reply))
    (votes,) = [row for row in rows if row and row[0] and row[0].action is Action.HELPFUL]
    assert votes == [
        Callback(Action.HELPFUL, KEY, "meeting"),
        Callback(Action.UNHELPFUL, KEY, "meeting"),
    ]
    assert reply_keyboard(reply).inline_keyboard[-1][0].text == CONTACT_BUTTON  # still last
    assert not [c for row in rows for c in row if c and c.action is Action.ASK_PRESS]


@pytest.mark.parametrize("question", ["what's the weather in Helsinki?", "minister"])
def test_a_reply_that_could_not_answer_offers_the_press_office(
    engine: Engine, question: str
) -> None:
    markup = reply_keyboard(engine.ask(question))
    *_, ask, contact = markup.inline_keyboard
    assert [b.text for b in ask] == [ASK_PRESS_BUTTON]
    assert decode(str(ask[0].callback_data)) == Callback(Action.ASK_PRESS, KEY)
    assert contact[0].text == CONTACT_BUTTON
    assert not [c for row in actions(markup) for c in row if c and c.action is Action.HELPFUL]


@pytest.mark.parametrize("question", ["thanks", "hello", ""])
def test_small_talk_and_empty_messages_get_neither(engine: Engine, question: str) -> None:
    wanted = {Action.HELPFUL, Action.UNHELPFUL, Action.ASK_PRESS}
    rows = actions(reply_keyboard(engine.ask(question)))
    assert not [c for row in rows for c in row if c and c.action in wanted]


def test_a_vote_takes_the_votes_off_and_keeps_the_rest(engine: Engine) -> None:
    markup = reply_keyboard(engine.ask("Who met whom?"))
    kept = without_feedback(markup)
    assert kept is not None
    assert len(kept.inline_keyboard) == len(markup.inline_keyboard) - 1
    data = [str(b.callback_data) for row in kept.inline_keyboard for b in row if b.callback_data]
    assert data and not [d for d in data if d[:2] in ("y:", "n:")]
    only_votes = InlineKeyboardMarkup([[InlineKeyboardButton("👍", callback_data="y:00000000:x")]])
    assert without_feedback(only_votes) is None and without_feedback(None) is None


def test_the_hand_over_keyboards(base: KnowledgeBase) -> None:
    assert actions(ask_press_keyboard(base)) == [[Callback(Action.ASK_NEW, KEY)]]
    assert actions(preview_keyboard(base)) == [
        [Callback(Action.SEND, KEY)],
        [Callback(Action.ASK_NEW, KEY), Callback(Action.DONT_SEND, KEY)],
    ]
    withdraw = withdraw_keyboard(base, [(12, "#12: why?"), (15, "#15: " + "w" * 80)])
    assert actions(withdraw) == [
        [Callback(Action.WITHDRAW, KEY, "12")],
        [Callback(Action.WITHDRAW, KEY, "15")],
        [Callback(Action.WITHDRAW, KEY, "all")],
    ]
    assert all(len(row[0].text) <= 60 for row in withdraw.inline_keyboard)


@pytest.mark.parametrize("action", list(Action))
def test_each_action_names_an_entry_exactly_when_it_must(action: Action) -> None:
    with_entry, without = f"{action.value}:{KEY}:meeting", f"{action.value}:{KEY}:"
    assert (decode(with_entry) is not None) == (action in NAMES_ENTRY)
    assert (decode(without) is not None) == (action not in NAMES_ENTRY)
    data = encode(action, RELEASE, "meeting" if action in NAMES_ENTRY else "")
    assert data is not None and len(data.encode()) <= 64
