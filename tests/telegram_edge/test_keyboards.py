"""Inline keyboards: each button opens the entry it shows, labels fit, the contact comes last."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from telegram import InlineKeyboardMarkup

from bot.core.answers import examples
from bot.core.engine import Engine
from bot.core.knowledge import EntryKind, KnowledgeBase
from bot.core.service import KnowledgeService
from bot.telegram_edge.callback_data import Action, Callback, decode, release_key
from bot.telegram_edge.keyboards import (
    ASK_PRESS_BUTTON,
    BUTTON_TEXT_LIMIT,
    CONTACT_BUTTON,
    ReplyKeyboards,
    build_reply_keyboard,
    releases_keyboard,
    reply_keyboard,
    start_keyboard,
)

QUESTIONS = ["Who met whom?", "minister", "what's the weather in Helsinki?", "thanks", "hello"]


def pressed(markup: InlineKeyboardMarkup) -> list[tuple[str, Callback]]:
    """Each button's label and what pressing it would ask the bot for."""
    result = []
    for row in markup.inline_keyboard:
        (button,) = row  # one button a row: long labels stay readable
        parsed = decode(str(button.callback_data))
        assert parsed is not None, button.callback_data
        result.append((button.text, parsed))
    return result


def shows(label: str, text: str) -> bool:
    """`label` is `text`, or the start of it cut to the limit with an ellipsis."""
    cut = label.endswith("…") and text.startswith(label[:-1]) and len(label) == BUTTON_TEXT_LIMIT
    return len(label) <= BUTTON_TEXT_LIMIT and (label == text or cut)


def opened(markup: InlineKeyboardMarkup, base: KnowledgeBase) -> list[str]:
    """The entries of `base` the question buttons open, in order, after checking that each
    shows its entry's title and that the last row holds `base`'s press contact."""
    *rows, last = markup.inline_keyboard
    # 👍 / 👎 and "Ask the press office" have their own tests (test_feedback_keyboards.py)
    rows = [row for row in rows if str(row[0].callback_data)[:2] not in ("y:", "n:", "p:")]
    (contact,) = [b for b in last if b.callback_data is not None]
    assert contact.text == CONTACT_BUTTON
    assert decode(str(contact.callback_data)) == Callback(Action.CONTACT, release_key(base.id))
    assert all(b.url for b in last if b.callback_data is None)  # beside it, links only
    ids = []
    for text, parsed in pressed(InlineKeyboardMarkup(rows)):
        entry = base.entry(parsed.entry_id)
        assert parsed.action is Action.ANSWER and parsed.release_key == release_key(base.id)
        assert entry is not None and shows(text, entry.title), text
        ids.append(entry.id)
    return ids


def with_first_example(base: KnowledgeBase, **changes: Any) -> KnowledgeBase:
    """`base` with its first example question (the first /start button) changed."""
    first = examples(base)[0]
    entries = tuple(replace(e, **changes) if e == first else e for e in base.entries)
    return replace(base, entries=entries)


@pytest.mark.parametrize("question", QUESTIONS)
def test_reply_buttons_are_the_suggestions_then_the_contact(engine: Engine, question: str) -> None:
    reply = engine.ask(question)
    assert opened(reply_keyboard(reply), reply.base) == [e.id for e in reply.suggestions]


def test_start_buttons_open_the_examples(base: KnowledgeBase) -> None:
    assert opened(start_keyboard(base), base) == [e.id for e in examples(base)]


@pytest.mark.parametrize("length", [BUTTON_TEXT_LIMIT + 1, BUTTON_TEXT_LIMIT + 40])
def test_a_long_label_is_cut_to_the_limit(base: KnowledgeBase, length: int) -> None:
    title = "Was " + "w" * (length - 4)
    long = with_first_example(base, questions=(title,))
    label = start_keyboard(long).inline_keyboard[0][0].text
    assert label != title and shows(label, title)
    assert opened(start_keyboard(long), long) == [e.id for e in examples(base)]


def test_a_label_at_the_limit_is_kept_whole(base: KnowledgeBase) -> None:
    title = "W" * BUTTON_TEXT_LIMIT
    kept = with_first_example(base, questions=(title,))
    assert start_keyboard(kept).inline_keyboard[0][0].text == title


def test_an_entry_whose_id_does_not_fit_is_left_out_but_the_contact_stays(
    base: KnowledgeBase,
) -> None:
    unfit = with_first_example(base, id="x" * 64)
    assert opened(start_keyboard(unfit), unfit) == [e.id for e in examples(base)[1:]]


def test_the_contact_is_offered_even_with_nothing_else_to_offer(base: KnowledgeBase) -> None:
    no_facts = replace(base, entries=tuple(e for e in base.entries if e.kind is not EntryKind.FACT))
    assert examples(no_facts) == ()
    assert opened(start_keyboard(no_facts), no_facts) == []


def test_release_buttons_choose_their_release(base: KnowledgeBase) -> None:
    other = replace(base, release=replace(base.release, id="other", headline="H" * 200))
    buttons = pressed(releases_keyboard([base, other]))
    assert [parsed for _, parsed in buttons] == [
        Callback(Action.RELEASE, release_key(base.id)),
        Callback(Action.RELEASE, release_key("other")),
    ]
    assert shows(buttons[0][0], base.release.headline) and shows(buttons[1][0], "H" * 200)


# -- kept keyboards -------------------------------------------------------------------------------


def labels(markup: InlineKeyboardMarkup) -> list[str]:
    return [button.text for row in markup.inline_keyboard for button in row]


def test_the_same_buttons_are_built_once_and_match_a_fresh_build(engine: Engine) -> None:
    first, again = engine.ask("Who met whom?"), engine.ask("who met who")
    assert first.fact_id == again.fact_id == "meeting"
    assert reply_keyboard(first) is reply_keyboard(again)
    assert reply_keyboard(first) == build_reply_keyboard(first)


def test_replies_offering_the_same_entries_keep_their_own_press_buttons(engine: Engine) -> None:
    declined, greeted = engine.ask("what's the weather"), engine.ask("hello")
    assert [e.id for e in declined.suggestions] == [e.id for e in greeted.suggestions]
    assert ASK_PRESS_BUTTON in labels(reply_keyboard(declined))
    assert ASK_PRESS_BUTTON not in labels(reply_keyboard(greeted))
    for reply in (declined, greeted):
        assert reply_keyboard(reply) == build_reply_keyboard(reply)


def reloadable(tmp_path: Path, knowledge_root: Path) -> tuple[KnowledgeService, Path]:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(knowledge_root, knowledge)
    (path,) = knowledge.glob("*/knowledge.yaml")
    return KnowledgeService(knowledge), path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def links(markup: InlineKeyboardMarkup) -> list[str]:
    return [str(button.url) for row in markup.inline_keyboard for button in row if button.url]


def test_a_reload_that_changed_an_entry_gets_the_new_buttons(
    tmp_path: Path, knowledge_root: Path
) -> None:
    service, path = reloadable(tmp_path, knowledge_root)
    before = reply_keyboard(service.engine.ask("Who met whom?"))
    assert "Where was the meeting?" in labels(before)
    assert reply_keyboard(service.engine.ask("Who met whom?")) is before

    edit(path, "      - Where was the meeting?", "      - Where did they meet, then?")
    assert service.reload().ok
    reply = service.engine.ask("Who met whom?")
    after = reply_keyboard(reply)
    assert "Where did they meet, then?" in labels(after)
    assert "Where was the meeting?" not in labels(after)
    assert after == build_reply_keyboard(reply)


def test_a_reload_that_changed_only_the_release_link_gets_the_new_link(
    tmp_path: Path, knowledge_root: Path
) -> None:
    service, path = reloadable(tmp_path, knowledge_root)
    before = reply_keyboard(service.engine.ask("Who met whom?"))
    assert [link.startswith("https://oikeusministerio.fi/") for link in links(before)] == [True]

    edit(path, "url: https://oikeusministerio.fi/", "url: https://example.org/")
    assert service.reload().ok
    reply = service.engine.ask("Who met whom?")
    assert labels(reply_keyboard(reply)) == labels(before)  # the same buttons,
    assert [link.startswith("https://example.org/") for link in links(reply_keyboard(reply))] == [
        True
    ]  # but the reloaded release's link


def test_a_full_cache_starts_again_and_stays_right(engine: Engine) -> None:
    kept = ReplyKeyboards(limit=2)
    replies = [engine.ask(q) for q in ("Who met whom?", "where?", "what's the weather", "hello")]
    for _ in range(2):
        for reply in replies:
            assert kept.get(reply) == build_reply_keyboard(reply)
