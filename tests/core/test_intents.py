"""What a question asks for, from its cue words, and how that moves an entry's score."""

from __future__ import annotations

import pytest

from bot.core.engine import Engine
from bot.core.intents import asked_status, fit, intents_of
from bot.core.knowledge import Entry, EntryKind, Intent, MeetingStatus
from bot.core.source_evaluation import describe


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who met whom?", {Intent.WHO}),
        ("who is Konovalov?", {Intent.ATTRIBUTE}),
        ("who's the adviser", {Intent.ATTRIBUTE}),
        ("will he meet the Prosecutor General?", {Intent.WHO}),
        ("Where did they meet?", {Intent.WHERE}),  # the question word tells, not "meet"
        ("when was the meeting", {Intent.WHEN}),
        ("what did he say about prisoners", {Intent.SAID}),
        ("what did they discuss", {Intent.DISCUSSED}),
        ("phone number?", {Intent.CONTACT}),
        ("the number of foreign prisoners", set()),
        ("cybercrime?", set()),
        ("give me the gist", {Intent.SUMMARY}),
        ("the headline?", {Intent.SUMMARY}),
        ("which companies will he meet?", {Intent.WHO, Intent.ATTRIBUTE}),
        ("will he sit down with the top prosecutor?", {Intent.WHO}),  # a meeting, not a name
        ("anyone from the courts on his schedule?", {Intent.WHO}),
        ("what is his portfolio?", {Intent.ATTRIBUTE}),
        ("what were the talks between the two ministers about?", {Intent.DISCUSSED}),
        ("who chairs the Duma committee?", {Intent.ATTRIBUTE}),  # who holds it, not whom he met
        # the meeting as a thing is not whom someone meets; a meeting with someone is
        ("Was the meeting a success?", set()),
        ("How long did the meeting last?", set()),
        ("did the ferry come up in their meeting?", set()),
        ("Is a meeting with Russian lawmakers planned?", {Intent.WHO}),
        ("Did the ministers meet in Moscow?", {Intent.WHO}),
        # a deal reached is no contact asked for; "what happens" is no group asked about
        ("Did they reach a deal?", set()),
        ("how can I reach the press office?", {Intent.CONTACT}),
        ("What happens next?", set()),
        ("what companies will he meet?", {Intent.WHO, Intent.ATTRIBUTE}),
    ],
)
def test_intents_of(question: str, expected: set[Intent]) -> None:
    assert intents_of(question) == frozenset(expected)


@pytest.mark.parametrize(
    ("question", "status"),
    [
        ("who else will he meet?", MeetingStatus.PLANNED),
        ("who did he meet", MeetingStatus.HELD),
        ("phone?", None),
    ],
)
def test_asked_status(question: str, status: MeetingStatus | None) -> None:
    assert asked_status(question) is status


def entry(intents: set[Intent], status: MeetingStatus | None = None) -> Entry:
    return Entry("x", EntryKind.FACT, ("q",), "a", intents=frozenset(intents), status=status)


def test_fit_rewards_the_asked_kind_and_penalises_others() -> None:
    weights = (1.1, 0.8, 0.5)
    asked = frozenset({Intent.WHERE})
    assert fit(entry({Intent.WHERE}), asked, None, weights) == 1.1
    assert fit(entry({Intent.SAID}), asked, None, weights) == 0.8
    assert fit(entry(set()), asked, None, weights) == 1.0  # an entry that does not say
    assert fit(entry({Intent.SAID}), frozenset(), None, weights) == 1.0  # a bare topic
    planned = entry({Intent.WHO}, MeetingStatus.PLANNED)
    held_question = (frozenset({Intent.WHO}), MeetingStatus.HELD)
    assert fit(planned, *held_question, weights) == pytest.approx(1.1 * 0.5)
    planned_question = (frozenset({Intent.WHO}), MeetingStatus.PLANNED)
    assert fit(planned, *planned_question, weights, 1.05) == pytest.approx(1.1 * 1.05)


def test_a_not_stated_entry_that_answers_something_else_is_penalised_twice() -> None:
    weights = (1.1, 0.8, 0.5)
    unnamed = Entry(
        "x_name", EntryKind.NOT_STATED, ("q",), "a", intents=frozenset({Intent.ATTRIBUTE})
    )
    assert fit(unnamed, frozenset({Intent.WHO}), None, weights) == pytest.approx(0.8 * 0.8)
    assert fit(unnamed, frozenset({Intent.ATTRIBUTE}), None, weights) == 1.1
    assert fit(unnamed, frozenset(), None, weights) == 1.0


def test_whether_he_meets_an_unnamed_office_holder_is_the_meeting(engine: Engine) -> None:
    for question in (
        "will he meet the President of the Supreme Court?",
        "is he meeting the prosecutor general?",
        "will he sit down with the President of the Supreme Court?",
    ):
        reply = engine.ask(question)
        assert reply.entry is not None and reply.entry.id == "other_meetings", question
    for question in ("who is the President of the Supreme Court?", "who heads the Supreme Court?"):
        who = engine.ask(question)
        assert who.entry is not None and who.entry.kind is EntryKind.NOT_STATED, question


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # what the release says on a subject, not someone's words
        ("what is said about electronic evidence?", {Intent.DISCUSSED}),
        ("what does the release say about prisoners?", {Intent.DISCUSSED}),
        ("was anything said about Jehovah's Witnesses?", {Intent.DISCUSSED}),
        # someone's words
        ("what did Häkkänen say about prisoners?", {Intent.SAID}),
        ("what is said about prisoners in his statement?", {Intent.SAID}),
    ],
)
def test_what_the_release_says_is_not_a_quote(question: str, expected: set[Intent]) -> None:
    assert intents_of(question) == frozenset(expected)


def test_yes_or_no_questions() -> None:
    from bot.core.intents import asks_what_one_is, asks_yes_or_no

    assert asks_yes_or_no("Did they sign anything?") and asks_yes_or_no("Was it in Helsinki?")
    assert asks_yes_or_no("and is there a treaty?")
    assert not asks_yes_or_no("who met whom?") and not asks_yes_or_no("what did they sign?")
    assert asks_what_one_is("is Konovalov the prosecutor general?")
    assert not asks_what_one_is("is he meeting the Prosecutor General?")  # about a meeting
    assert not asks_what_one_is("did Konovalov meet him?")


def test_what_is_is_not_a_question_about_a_group() -> None:
    # "which companies" asks for names; "what is", "what does", "what was" do not
    assert Intent.ATTRIBUTE in intents_of("which ministries will he visit?")
    assert Intent.ATTRIBUTE not in intents_of("what is the trend?")
    assert Intent.ATTRIBUTE not in intents_of("what does Finland want?")
    # the plural a word or two later, before the verb
    assert Intent.ATTRIBUTE in intents_of("which civil society organisations is he meeting?")
    assert Intent.ATTRIBUTE in intents_of("which russian companies will he meet?")
    assert Intent.ATTRIBUTE not in intents_of("what else was discussed?")


def test_which_members_of_a_group_is_that_the_release_names_none(engine: Engine) -> None:
    reply = engine.ask("which russian companies will he meet?")
    assert reply.fact_id == "business_life_names", describe(reply)


@pytest.mark.parametrize(
    "question", ["was it in Helsinki?", "did the meeting take place in St Petersburg?"]
)
def test_a_place_guessed_is_a_place_asked(question: str) -> None:
    assert Intent.WHERE in intents_of(question)
