"""The texts and settings of hand-overs and feedback: the preview says exactly what is sent and
gives it back intact, the prompts are recognised, /privacy tells what a hand-over stores."""

from __future__ import annotations

import pytest

from bot.core.knowledge import KnowledgeBase
from bot.settings import ConfigError, SettingsLoader
from bot.telegram_edge import texts
from tests.fake_bot_api import DEFAULT_TOKEN, check_html

QUESTIONS = [
    "Why?",
    "Two paragraphs:\n\nthe first, and\n\nthe second.",
    "Quotes “like this” and <b>tags</b> & ampersands",
    "  spaced out  ",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_preview_gives_back_exactly_the_question(question: str) -> None:
    preview = texts.handover_preview(question.strip(), "Jane\n\nDoe", "Ministry of Justice")
    assert "Jane Doe" in preview  # a name is one line
    assert texts.previewed_question(preview) == question.strip()


@pytest.mark.parametrize(
    "text",
    [None, "", "Something else", texts.PREVIEW_START + " but not the end", texts.PREVIEW_END],
)
def test_anything_but_a_preview_gives_no_question(text: str | None) -> None:
    assert texts.previewed_question(text) is None


def test_the_feedback_prompt_carries_its_number() -> None:
    assert texts.prompted_feedback(texts.feedback_prompt(42)) == 42
    for text in (None, "(feedback 42)", texts.FEEDBACK_PROMPT_START + " (feedback x)"):
        assert texts.prompted_feedback(text) is None


def test_html_texts_escape_what_people_wrote() -> None:
    answer = texts.relayed_answer("#3", "A & B", "<script>?", "x < y & z > w")
    assert check_html(answer) is None and "<script>" not in answer and "&lt;script&gt;" in answer
    for html in (
        texts.handover_sent("#3", 14),
        texts.handover_expired("#3", 14, "Jane <Doe>, tel. 1"),
        texts.handover_undelivered("#3", "Jane <Doe>"),
        texts.withdrawn(["#3", "#4"]),
        texts.HANDOVER_FAILED,
        texts.PRIVACY_HANDOVER.format(days=14),
    ):
        assert check_html(html) is None, html


def test_the_post_names_the_release_the_asker_and_the_candidates() -> None:
    post = texts.press_post(
        texts.post_status_open("#7"),
        "Headline",
        "Jane Doe",
        "2024-06-15 12:00 UTC",
        "What about the date?",
        [("When was this?", 41.6)],
    )
    lines = post.splitlines()
    assert lines[0] == "🟡 Question #7: open. Reply to this message to answer it."
    assert "Release: Headline" in lines and "What about the date?" in lines
    assert "• When was this? (score 42)" in lines and "Jane Doe" in lines[2]
    assert "no fact close" in texts.press_post("s", "H", "J", "t", "q", [])


def settings(**env: str):  # type: ignore[no-untyped-def]
    return SettingsLoader({"TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN, **env}).all()


def test_privacy_tells_what_a_hand_over_and_a_vote_store(base: KnowledgeBase) -> None:
    text = texts.privacy_text(settings(RELEASE_BOT_HANDOVER_DAYS="10"), base)
    assert "Only if you send a question to the press office" in text
    assert "10 days" in text and "/cancel" in text and "chat id" in text and "👎" in text


def test_handover_settings() -> None:
    default = settings().handover
    assert (default.press_chat_id, default.days) == (None, 14)
    chosen = settings(RELEASE_BOT_PRESS_CHAT_ID="-1001234567890", RELEASE_BOT_HANDOVER_DAYS="3")
    assert (chosen.handover.press_chat_id, chosen.handover.days) == (-1001234567890, 3)
    for env, message in (
        ({"RELEASE_BOT_PRESS_CHAT_ID": "@pressroom"}, "must be a Telegram chat id"),
        ({"RELEASE_BOT_HANDOVER_DAYS": "0"}, "must be a whole number above 0"),
    ):
        with pytest.raises(ConfigError, match=message):
            settings(**env)


def test_cancel_is_in_the_command_menu() -> None:
    assert "cancel" in texts.COMMANDS and "pending" not in texts.COMMANDS  # pending: staff only
