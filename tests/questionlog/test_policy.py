"""What is recorded: only questions the bot could not answer well, with their best candidate."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.core.matching import Outcome
from bot.core.normalize import fold
from bot.questionlog.front import record_quietly
from bot.questionlog.policy import (
    best_candidate,
    logged_question,
    should_record,
)
from bot.questionlog.storage import (
    QuestionLog,
)
from tests.questionlog.logged import LOW_CONFIDENCE, LOW_CONFIDENCE_QUESTION


@pytest.mark.parametrize(
    ("question", "outcome", "recorded"),
    [
        ("What is the weather in Moscow?", Outcome.FALLBACK, True),
        ("minister", Outcome.CLARIFY, True),
        ("Who met whom?", Outcome.ANSWERED, False),
        (LOW_CONFIDENCE_QUESTION, Outcome.ANSWERED, True),  # answered, below the floor used here
        ("Thanks!", Outcome.SMALLTALK, False),
        ("hi", Outcome.SMALLTALK, False),
        ("", Outcome.FALLBACK, False),
        ("?!  …", Outcome.FALLBACK, False),
    ],
)
def test_should_record_only_what_the_bot_could_not_answer_well(
    engine: Engine, question: str, outcome: Outcome, recorded: bool
) -> None:
    reply = engine.ask(question)
    assert reply.outcome is outcome
    assert should_record(reply.question, reply.match, LOW_CONFIDENCE) is recorded


def test_low_confidence_is_a_floor_on_the_answer_score(engine: Engine) -> None:
    reply = engine.ask(LOW_CONFIDENCE_QUESTION)
    assert reply.outcome is Outcome.ANSWERED
    assert should_record(reply.question, reply.match, reply.score + 0.1)
    assert not should_record(reply.question, reply.match, reply.score)  # not below the floor
    full = engine.ask("Who met whom?")
    assert not should_record(full.question, full.match, 100.0)  # scores 100: never below


def test_best_candidate_is_the_answer_or_first_choice_never_a_fallback_example(
    engine: Engine,
) -> None:
    answered, clarify, fallback = (
        engine.ask(q)
        for q in (LOW_CONFIDENCE_QUESTION, "minister", "What is the weather in Moscow?")
    )
    assert best_candidate(answered.match) == "quote_cooperation"
    assert best_candidate(clarify.match) == clarify.choices[0].id
    assert fallback.choices  # example questions, not candidates ...
    assert best_candidate(fallback.match) is None  # ... so no closest fact is claimed


async def test_engine_replies_are_logged_masked_and_only_when_unanswered(
    engine: Engine, question_log: QuestionLog, database_url: str | None, data_dir: Path
) -> None:
    asked = [
        "I'm matti.virtanen@example.fi, call me on +358 40 123 4567: weather in Moscow?",
        "minister",
        "Who met whom?",
        "Thanks!",
        LOW_CONFIDENCE_QUESTION,
    ]
    before = datetime.now(UTC)
    for text in asked:
        reply = engine.ask(text)
        if should_record(reply.question, reply.match, LOW_CONFIDENCE):
            assert await record_quietly(
                question_log, logged_question(reply.question, reply.match, reply.base.id)
            )

    rows = question_log.fetch()
    assert [(r.outcome, r.fact_id) for r in rows] == [
        (Outcome.FALLBACK, None),
        (Outcome.CLARIFY, engine.ask("minister").choices[0].id),
        (Outcome.ANSWERED, "quote_cooperation"),
    ]
    first = rows[0]
    assert first.question == "I'm [email], call me on [phone]: weather in Moscow?"
    assert first.normalized == fold(first.question) == "im email call me on phone weather in moscow"
    assert {r.release_id for r in rows} == {engine.default_release}
    assert all(r.asked_at.tzinfo is UTC and before <= r.asked_at <= datetime.now(UTC) for r in rows)
    assert rows[2].score == pytest.approx(engine.ask(LOW_CONFIDENCE_QUESTION).score)
    assert all(isinstance(r.id, int) for r in rows)
