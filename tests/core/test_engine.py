"""The engine over several releases: near ties go to the chat's current release, a clearly better
match anywhere wins, answer_entry answers without matching, releases are listed newest first."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core.engine import MAX_QUESTION_CHARS, Engine
from bot.core.knowledge import EntryKind, KnowledgeBase
from bot.core.loader import load_library
from bot.core.matching import Outcome, Tuning
from tests.conftest import DATA, RELEASE_ID

SECOND_ID = "fi-pmo-fictional-trade-talks"
# Questions both releases can answer, one better than the other (checked by near_tie).
NEAR_TIE_CANDIDATES = [
    "who did the prime minister meet",
    "who said what",
    "what did they discuss",
    "what was discussed",
    "what topics were discussed",
    "which issues were discussed",
    "what did the minister say about cooperation",
]


@pytest.fixture(scope="module")
def second() -> KnowledgeBase:
    (loaded,) = load_library(DATA / "second_release")
    return loaded


@pytest.fixture(scope="module")
def both(base: KnowledgeBase, second: KnowledgeBase) -> Engine:
    return Engine([base, second])


def scores(engine: Engine, question: str) -> dict[str, float]:
    """The score of each release that has something to offer for `question`."""
    matches = {rid: matcher.match(question) for rid, matcher in engine.matchers.items()}
    return {rid: m.score for rid, m in matches.items() if m.outcome is not Outcome.FALLBACK}


def test_the_newest_release_is_the_default(both: Engine, second: KnowledgeBase) -> None:
    assert second.release.date and not both.bases[RELEASE_ID].release.date
    assert both.default_release == SECOND_ID
    assert [b.id for b in both.releases()] == [SECOND_ID, RELEASE_ID]


def test_newest_is_by_date_then_order(base: KnowledgeBase) -> None:
    def dated(release_id: str, date: str | None, order: int) -> KnowledgeBase:
        return replace(base, release=replace(base.release, id=release_id, date=date, order=order))

    engine = Engine(
        [
            dated("undated-high-order", None, 9),
            dated("dated-low-order", "2024-01-01", 1),
            dated("dated-high-order", "2024-01-01", 2),
            dated("older", "2023-12-31", 5),
        ]
    )
    assert [b.id for b in engine.releases()] == [
        "dated-high-order",
        "dated-low-order",
        "older",
        "undated-high-order",
    ]
    assert engine.default_release == "dated-high-order"


@pytest.mark.parametrize("current", [RELEASE_ID, SECOND_ID])
def test_the_current_release_wins_a_tie(both: Engine, current: str) -> None:
    found = scores(both, "who met whom")
    assert len(found) == 2 and max(found.values()) - found[current] < both.tuning.margin
    reply = both.ask("who met whom", current)
    assert reply.base.id == current and reply.fact_id == "meeting"


def near_tie(bases: list[KnowledgeBase]) -> tuple[str, str, str, float]:
    """A question both releases fit, one better: (question, lower, higher, score gap)."""
    engine = Engine(bases)
    for question in NEAR_TIE_CANDIDATES:
        found = scores(engine, question)
        if len(found) == 2 and len(set(found.values())) == 2:
            low, high = sorted(found, key=found.__getitem__)
            return question, low, high, found[high] - found[low]
    raise AssertionError("no candidate question fits both releases unequally: choose others")


def test_within_the_margin_the_current_release_wins_though_lower(
    base: KnowledgeBase, second: KnowledgeBase
) -> None:
    question, low, high, gap = near_tie([base, second])
    within = Engine([base, second], Tuning(margin=gap + 1))
    beyond = Engine([base, second], Tuning(margin=gap / 2))
    assert scores(within, question) == scores(beyond, question)  # the margin only decides
    assert within.ask(question, low).base.id == low
    assert beyond.ask(question, low).base.id == high
    assert within.ask(question, high).base.id == beyond.ask(question, high).base.id == high


@pytest.mark.parametrize(
    ("question", "knows", "current"),
    [("cybercrime", RELEASE_ID, SECOND_ID), ("ferry connection", SECOND_ID, RELEASE_ID)],
)
def test_a_release_that_fits_when_the_current_does_not_wins(
    both: Engine, question: str, knows: str, current: str
) -> None:
    assert list(scores(both, question)) == [knows]
    reply = both.ask(question, current)
    assert reply.base.id == knows and reply.outcome is Outcome.ANSWERED


@pytest.mark.parametrize("current", [RELEASE_ID, SECOND_ID])
def test_when_nothing_fits_the_current_release_declines(both: Engine, current: str) -> None:
    reply = both.ask("what is the weather in Oslo tomorrow", current)
    assert reply.outcome is Outcome.FALLBACK and reply.base.id == current


def test_an_unknown_release_id_means_the_default(both: Engine) -> None:
    assert both.ask("who met whom", "no-such-release").base.id == both.default_release


def test_answers_name_their_release_only_when_several_are_served(
    both: Engine, engine: Engine
) -> None:
    assert both.ask("who met whom").name_release
    assert not engine.ask("who met whom").name_release


def test_answer_entry_answers_the_chosen_entry_without_matching(
    both: Engine, base: KnowledgeBase
) -> None:
    chosen = next(e for e in base.entries_of(EntryKind.FACT) if e.related)
    reply = both.answer_entry(chosen, base)
    assert (reply.outcome, reply.score, reply.entry, reply.base) == (
        Outcome.ANSWERED,
        100.0,
        chosen,
        base,
    )
    assert reply.question == chosen.title and reply.sources == chosen.sources
    assert [e.id for e in reply.related] == [i for i in chosen.related if base.entry(i)]
    assert reply.name_release


def test_answer_entry_of_a_release_that_is_not_current(both: Engine, base: KnowledgeBase) -> None:
    thanks = base.entries_of(EntryKind.SMALLTALK)[0]  # even small talk, chosen, is an answer
    reply = both.answer_entry(thanks, base)
    assert reply.outcome is Outcome.ANSWERED and reply.contact == base.contact


def test_long_questions_are_cut(engine: Engine) -> None:
    reply = engine.ask("who met whom " * 1000)
    assert len(reply.question) <= MAX_QUESTION_CHARS


def test_an_engine_needs_a_release() -> None:
    with pytest.raises(ValueError, match="at least one knowledge base"):
        Engine([])


def test_whether_something_was_a_topic_is_answered_from_the_sentence_that_says_so(
    engine: Engine,
) -> None:
    reply = engine.ask("Did the talks cover cybercrime?")
    assert reply.outcome is Outcome.ANSWERED and reply.entry is not None
    assert reply.entry.kind is EntryKind.FACT
    assert any("discussed" in source and "cybercrime" in source for source in reply.sources)


def test_what_the_release_never_names_is_said_as_the_user_wrote_it(engine: Engine) -> None:
    for question, written in [
        ("Was NATO one of the topics?", "NATO"),
        ("is the Nord Stream pipeline mentioned?", "the Nord Stream pipeline"),
        ("Did they discuss Ukraine, at all?", "Ukraine"),
    ]:
        reply = engine.ask(question)
        assert reply.entry is not None and reply.entry.kind is EntryKind.NOT_STATED, question
        assert reply.body == f"The release does not mention {written}.", question


def test_a_part_of_a_topic_the_release_never_names_is_not_said_to_be_mentioned(
    second: KnowledgeBase,
) -> None:
    engine = Engine([second])
    for question in ("was ferry pricing discussed?", "is ferry pricing mentioned?"):
        reply = engine.ask(question)
        assert reply.outcome is Outcome.FALLBACK, question
        assert reply.suggestions[0].id == "ferry_connection", question  # one tap away
    whole = engine.ask("was the ferry discussed?")
    assert whole.outcome is Outcome.ANSWERED and whole.fact_id == "ferry_connection"


def test_a_verb_s_particle_is_no_part_of_what_it_follows(engine: Engine) -> None:
    reply = engine.ask("did they talk about sending prisoners back to their home countries")
    assert reply.outcome is Outcome.ANSWERED, reply.outcome
    assert reply.fact_id in ("foreign_prisoners", "prisoner_transfer"), reply.fact_id


def test_a_figure_the_release_does_not_give_is_not_answered_with_the_fact_beside_it(
    engine: Engine,
) -> None:
    reply = engine.ask("What percentage of crime is committed online?")
    assert reply.outcome is Outcome.FALLBACK
    assert reply.suggestions[0].id == "cybercrime"  # what it does say, one tap away
    # without the figure, the same fact answers
    plain = engine.ask("Is crime committed online?")
    assert plain.outcome is Outcome.ANSWERED and plain.entry is not None
    assert plain.entry.id == "cybercrime"


@pytest.mark.parametrize(
    ("question", "answered_by"),
    [
        ("When did the summit happen?", "meeting"),  # a summit is the leaders' meeting
        ("How did Virtanen describe the two economies?", "quote_trade"),  # her words
        ("Who did Virtanen meet in the Estonian capital?", "meeting"),
    ],
)
def test_words_the_second_release_never_uses(
    second: KnowledgeBase, question: str, answered_by: str
) -> None:
    reply = Engine([second]).ask(question)
    assert reply.outcome is Outcome.ANSWERED and reply.entry is not None, question
    assert reply.entry.id == answered_by, question


def test_a_meeting_to_come_is_not_answered_with_the_one_that_was_held(
    second: KnowledgeBase,
) -> None:
    engine = Engine([second])
    for question in (
        "Are Virtanen and Tamm planning to meet again?",
        "Will Virtanen meet Tamm again?",
    ):
        reply = engine.ask(question)
        assert reply.outcome is Outcome.FALLBACK, question
        assert reply.suggestions[0].id == "meeting", question  # what was held, one tap away
    held = engine.ask("who did Virtanen meet?")
    assert held.entry is not None and held.entry.id == "meeting"


def test_the_year_of_a_meeting_the_release_does_not_date(engine: Engine) -> None:
    reply = engine.ask("What year did this meeting take place?")
    assert reply.entry is not None and reply.entry.id == "meeting_when"
    assert reply.entry.kind is EntryKind.NOT_STATED
    assert "2 October 2018" in reply.body  # the publication date, said as such
