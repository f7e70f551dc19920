"""Follow-ups, compound questions, chatty messages and "is X mentioned?"."""

from __future__ import annotations

import pytest

from bot.core.engine import Engine
from bot.core.loader import load_library
from bot.core.understanding import (
    core_question,
    mentioned_subject,
    resolve_followup,
    split_compound,
    split_context,
)
from tests.conftest import DATA


def test_a_pronoun_brings_in_the_previous_subjects() -> None:
    assert resolve_followup("what else did he say?", ["Antti Häkkänen"]).endswith(
        "(Antti Häkkänen)"
    )
    assert resolve_followup("who met whom?", ["Antti Häkkänen"]) == "who met whom?"
    # "he" is the first of the previous subjects (the host); "they" are all of them
    assert resolve_followup("what did he say?", ["A", "B"]) == "what did he say? (A)"
    assert resolve_followup("what did they say?", ["A", "B"]) == "what did they say? (A B)"
    assert resolve_followup("what did he say?", []) == "what did he say?"
    # "the other one" is found from the one the last answer was about (the matcher)
    assert resolve_followup("and the other one?", ["A", "B"]) == "and the other one? (A)"
    assert resolve_followup("any other topics?", ["A"]) == "any other topics?"


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
        (
            "who's the press contact, and in which city was the meeting?",
            ["who's the press contact", "in which city was the meeting"],
        ),
        ("did they discuss prisons in Finland and in Russia?", []),  # one question, two places
        ("did they discuss prisoners and cybercrime?", []),  # one question about two topics
        ("who met whom?", []),
        (  # the second asks what the first asks, of something else
            "What's the press officer's name and her email address?",
            ["What's the press officer's name", "What's her email address"],
        ),
        (
            "what is the phone number and the email?",
            ["what is the phone number", "what is the email"],
        ),
        ("who did Häkkänen and Konovalov meet?", []),
        ("what did they say about the prisoners and the cybercrime", []),
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


@pytest.mark.parametrize(
    "question",
    [
        "did they agree on anything about energy links?",  # asks about an agreement
        "did the Finnish minister say anything about cybercrime?",  # asks what he said
        "what language did they speak in the meeting?",  # speaking, not speaking about
        "did they talk in Moscow?",
    ],
)
def test_not_every_about_asks_whether_something_is_mentioned(question: str) -> None:
    assert mentioned_subject(question) is None


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("anything about sanctions?", "sanctions"),
        ("is there anything on NATO?", "nato"),
        ("did they speak about Ukraine?", "ukraine"),
        ("did they discuss sanctions?", "sanctions"),
        # whether something was a topic, in the words people use for it
        ("was the transfer of prisoners a topic?", "the transfer of prisoners"),
        ("was NATO one of the subjects?", "nato"),
        ("were sanctions on the table?", "sanctions"),
        ("was energy part of the talks?", "energy"),
        (
            "did the talks touch on cooperation in criminal matters?",
            "cooperation in criminal matters",
        ),
        ("did the meeting cover visas?", "visas"),
        ("did the ministers address meddling in votes?", "meddling in votes"),
        ("did the ferry come up in their meeting or not?", "the ferry"),
        ("does Ukraine feature in the release?", "ukraine"),
    ],
)
def test_the_whole_question_asking_for_a_mention(question: str, subject: str) -> None:
    assert mentioned_subject(question) == subject


def test_the_subjects_of_a_followup_are_told_apart_from_what_is_asked() -> None:
    resolved = resolve_followup("who chairs it?", ["Antti Häkkänen", "the Duma committee"])
    assert split_context(resolved) == ("who chairs it?", "Antti Häkkänen the Duma committee")
    assert split_context("who chairs the committee?") == ("who chairs the committee?", "")


@pytest.mark.parametrize(
    ("message", "question"),
    [
        (
            "hi, I'm writing about Nordic ministers for a local paper and the deadline is close, "
            "so can you tell me who Häkkänen met?",
            "can you tell me who Häkkänen met?",
        ),
        (
            "sorry for the late message, my train was delayed again and I missed the briefing, "
            "anyway what did they discuss?",
            "what did they discuss?",
        ),
        # a long question with a comma in it is one question, kept whole
        (
            "is the number of foreign prisoners growing, and how are they transferred to Russia?",
            "is the number of foreign prisoners growing, and how are they transferred to Russia?",
        ),
    ],
)
def test_the_question_after_the_asides_of_one_long_sentence(message: str, question: str) -> None:
    assert core_question(message) == question


def test_and_about_asks_the_first_question_again_about_something_else() -> None:
    assert split_compound("what did Häkkänen say about prisoners and about cybercrime?") == [
        "what did Häkkänen say about prisoners",
        "what did Häkkänen say about cybercrime",
    ]
    assert split_compound("did they discuss prisoners and cybercrime?") == []


def test_it_in_a_chatty_message_is_what_the_message_told_about() -> None:
    message = (
        "I follow Council of Europe affairs professionally. It's rare for ministers to mention"
        " it in Moscow. What did Häkkänen say about it?"
    )
    asked, context = split_context(core_question(message))
    assert asked == "What did Häkkänen say about it?"
    assert context.startswith("I follow Council of Europe affairs")
    # the message's own context is kept: the previous answer does not replace it
    resolved = resolve_followup(core_question(message), ["Lauri Koskentausta"])
    assert "Koskentausta" not in resolved and "Council of Europe" in resolved
    # "he" and "they" are the release's people, not the asides before them
    aside = (
        "so my friend says the whole trip was just a photo op and nothing was discussed, we had"
        " a bet on it over beers. what did they actually discuss?"
    )
    assert core_question(aside) == "what did they actually discuss?"


def test_it_in_a_chatty_message_brings_the_right_answer(engine: Engine) -> None:
    message = (
        "I follow Council of Europe affairs professionally. It's rare for ministers to mention"
        " it in Moscow. What did Häkkänen say about it?"
    )
    reply = engine.ask(message)
    assert any("Council of Europe" in source for source in reply.sources)


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("What subjects were discussed when the two leaders met?", "What subjects were discussed?"),
        ("what did he say when they sat down", "what did he say"),
        ("who was there when the ministers met in Moscow?", "who was there?"),
        ("when they met, what did they discuss?", "when they met, what did they discuss?"),
        ("what happens when they meet", "what happens when they meet"),  # no meeting held
    ],
)
def test_a_closing_clause_that_only_sets_the_scene_is_dropped(question: str, asked: str) -> None:
    assert core_question(question) == asked


def test_what_was_discussed_when_they_met_is_the_topics_not_the_meeting() -> None:
    engine = Engine(load_library(DATA / "second_release"))
    for question in (
        "What subjects were discussed when the two leaders met?",
        "What subjects were on the table when the two leaders got together?",
    ):
        reply = engine.ask(question)
        assert reply.entry is not None and reply.entry.id == "topics", question
