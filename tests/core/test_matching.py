"""The matcher on the questions the issue names, and its four outcomes."""

from __future__ import annotations

import pytest

from bot.core.engine import Engine
from bot.core.matching import Outcome

# (question, expected outcome, expected entry id or None)
TABLE = [
    ("Who met whom?", Outcome.ANSWERED, "meeting"),
    ("who did hakkanen meet", Outcome.ANSWERED, "meeting"),
    ("Who did Häkkänen meet?", Outcome.ANSWERED, "meeting"),
    ("Konovalof?", Outcome.ANSWERED, "konovalov"),
    ("where was the meeting", Outcome.ANSWERED, "location"),
    ("what did they say about cybercrime", Outcome.ANSWERED, "quote_cybercrime"),
    ("phone number?", Outcome.ANSWERED, "contact"),
    ("who do I call about this story", Outcome.ANSWERED, "contact"),
    ("when was this?", Outcome.ANSWERED, "meeting_when"),
    ("What did Konovalov say?", Outcome.ANSWERED, "konovalov_said"),
    ("was an agreement signed", Outcome.ANSWERED, "ns_outcome"),
    ("what's the weather", Outcome.FALLBACK, None),
    ("thanks", Outcome.SMALLTALK, "thanks"),
    ("hello", Outcome.SMALLTALK, "greeting"),
    ("what can you do?", Outcome.SMALLTALK, "help"),
]


@pytest.mark.parametrize(("question", "outcome", "entry_id"), TABLE)
def test_issue_questions(engine: Engine, question: str, outcome: Outcome, entry_id: str) -> None:
    reply = engine.ask(question)
    assert reply.outcome is outcome, (question, reply.outcome, reply.score)
    assert (reply.entry.id if reply.entry else None) == entry_id


def test_diacritics_and_typos_reach_the_same_fact(engine: Engine) -> None:
    variants = ["Who is Häkkänen?", "who is hakkanen", "who is Haekkaenen", "who is hakanen"]
    assert {engine.ask(v).fact_id for v in variants} == {"hakkanen"}


def test_a_greeting_inside_a_question_does_not_hide_the_question(engine: Engine) -> None:
    reply = engine.ask("hi! who met whom?")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "meeting"


def test_vague_question_gets_suggestions_not_a_guess(engine: Engine) -> None:
    reply = engine.ask("minister")
    assert reply.outcome is Outcome.CLARIFY
    assert reply.fact_id is None
    assert 1 <= len(reply.suggestions) <= 3


def test_a_one_word_topic_gets_its_fact(engine: Engine) -> None:
    reply = engine.ask("prisoners")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "foreign_prisoners"


def test_scores_are_between_0_and_100(engine: Engine) -> None:
    for question in ["who met whom", "cybercrime", "weather", "", "hi", "x" * 5000]:
        assert 0 <= engine.ask(question).score <= 100


@pytest.mark.parametrize(
    "hostile",
    [
        "",
        "   ",
        "\n\t",
        "😀😀😀",
        "\u200b\u200b",
        "\u202e\u202d",
        "x" * 10_000,
        "a " * 5_000,
        "'; DROP TABLE facts; --",
        "<script>alert(1)</script>",
        "</i><b>&x",
        "Кто встречался с кем?",
        "誰が誰に会ったのか",
        "\x00\x01\x02\x7f",
        "\ud800",
        "%s%s%n{0}",
    ],
)
def test_hostile_input_gets_a_well_formed_reply(engine: Engine, hostile: str) -> None:
    reply = engine.ask(hostile)
    assert reply.outcome is Outcome.FALLBACK
    assert [entry.id for entry in reply.choices] == ["summary", "meeting", "location"]
    assert reply.contact.phone in reply.as_json()["answer"]
