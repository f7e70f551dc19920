"""Follow-ups, compound questions, chatty messages and "is X mentioned?"."""

from __future__ import annotations

import pytest

from bot.core.understanding import (
    core_question,
    mentioned_subject,
    resolve_followup,
    split_compound,
)


def test_a_pronoun_brings_in_the_previous_subjects() -> None:
    assert resolve_followup("what else did he say?", ["Antti Häkkänen"]).endswith(
        "(Antti Häkkänen)"
    )
    assert resolve_followup("who met whom?", ["Antti Häkkänen"]) == "who met whom?"
    # "he" is the first of the previous subjects (the host); "they" are all of them
    assert resolve_followup("what did he say?", ["A", "B"]) == "what did he say? (A)"
    assert resolve_followup("what did they say?", ["A", "B"]) == "what did they say? (A B)"
    assert resolve_followup("what did he say?", []) == "what did he say?"


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "what's the number, and who was the Russian minister?",
            ["what's the number", "who was the Russian minister"],
        ),
        (
            "where was the meeting? what did they discuss?",
            ["where was the meeting", "what did they discuss"],
        ),
        ("when was the meeting and who was it with?", ["when was the meeting", "who was it with"]),
        ("did they discuss prisoners and cybercrime?", []),  # one question about two topics
        ("who met whom?", []),
    ],
)
def test_split_compound(question: str, parts: list[str]) -> None:
    assert split_compound(question) == parts


def test_a_chatty_message_is_reduced_to_its_question() -> None:
    message = (
        "Hi! I'm preparing a radio segment for tomorrow morning and I need something crisp. "
        "Who did the minister meet in Moscow?"
    )
    assert core_question(message) == "Who did the minister meet in Moscow?"
    assert core_question("who met whom?") == "who met whom?"


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("is the Budapest Convention mentioned?", "the budapest convention"),
        ("does the release mention Ukraine?", "ukraine"),
        ("did they talk about NATO at all?", "nato"),
        ("any mention of Putin", "putin"),
        ("who met whom?", None),
    ],
)
def test_mentioned_subject(question: str, subject: str | None) -> None:
    assert mentioned_subject(question) == subject
