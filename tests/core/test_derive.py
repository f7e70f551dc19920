"""Entries derived from the structured model: a release with records only is answerable, and
what the records show the release does not say gets an honest "not stated" entry."""

from __future__ import annotations

import pytest

from bot.core.engine import Engine
from bot.core.knowledge import EntryKind, KnowledgeBase
from bot.core.loader import load_knowledge_base
from bot.core.matching import Outcome
from tests.conftest import DATA

SECOND = DATA / "second_release" / "fi-pmo-fictional-trade-talks" / "knowledge.yaml"


@pytest.fixture(scope="module")
def second() -> KnowledgeBase:
    return load_knowledge_base(SECOND)


@pytest.fixture(scope="module")
def second_engine(second: KnowledgeBase) -> Engine:
    return Engine([second])


def test_records_give_entries_with_composed_answers_and_sources(second: KnowledgeBase) -> None:
    meeting = second.entry("meeting")
    assert meeting is not None and meeting.kind is EntryKind.FACT
    assert meeting.answer == (
        "Prime Minister Maija Virtanen met Prime Minister of Estonia Kalle Tamm in Tallinn "
        "on Monday 2 September 2024."
    )
    assert meeting.sources == second.meetings[0].sources
    tamm = second.entry("tamm")
    assert tamm is not None and tamm.answer == "Kalle Tamm is the Prime Minister of Estonia."
    virtanen = second.entry("virtanen")
    assert virtanen is not None
    assert virtanen.answer == "Maija Virtanen is the Prime Minister of Finland."
    topics = second.entry("topics")
    assert topics is not None
    assert topics.answer == (
        "They discussed trade, energy links and the ferry connection between Helsinki and Tallinn."
    )
    quote = second.entry("quote_trade")
    assert quote is not None and quote.answer.startswith('Virtanen said: "Our economies')


def test_what_the_records_leave_open_is_not_stated(second: KnowledgeBase) -> None:
    said = second.entry("tamm_said")  # Tamm is a participant the release never quotes
    assert said is not None and said.kind is EntryKind.NOT_STATED
    assert said.answer == (
        "The release does not say what Kalle Tamm said; it quotes only Prime Minister Maija "
        "Virtanen."
    )
    venue = second.entry("meeting_venue")
    assert venue is not None and "only that it was there" in venue.answer
    email = second.entry("contact_email")
    assert email is not None and "+358 295 160 000" in email.answer


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("who did virtanen meet?", "meeting"),
        ("what's Tamm's job?", "tamm"),
        ("when did they meet?", "meeting"),
        ("what did virtanen say about trade?", "quote_trade"),
        ("what did they discuss?", "topics"),
        ("phone number?", "contact"),
    ],
)
def test_a_release_with_records_only_is_answered(
    second_engine: Engine, question: str, fact: str
) -> None:
    reply = second_engine.ask(question)
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == fact


def test_an_authored_entry_keeps_its_answer_and_gains_the_derived_phrasings(
    base: KnowledgeBase,
) -> None:
    meeting = base.entry("meeting")
    assert meeting is not None
    assert meeting.answer.startswith("Finland's Minister of Justice Antti Häkkänen met")
    assert "Who was Häkkänen with in Moscow?" in meeting.questions  # derived
    assert "Who took part in the talks?" in meeting.questions  # authored


def test_when_questions_give_the_publication_date_and_say_the_day_is_not_given(
    engine: Engine,
) -> None:
    reply = engine.ask("when did they meet?")
    assert reply.entry is not None and reply.entry.kind is EntryKind.NOT_STATED
    assert "2 October 2018" in reply.body and "does not say" in reply.body


def test_a_person_record_citing_their_quote_keeps_the_quote_for_what_they_said(
    second_engine: Engine,
) -> None:
    # the virtanen record cites her quote for her country ("trade between Finland and Estonia")
    reply = second_engine.ask("is Virtanen Finnish?")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "virtanen"
    assert any("Finland" in source for source in reply.sources)
    # the quote's words are not phrasings of who she is: what she wants is still her quote
    reply = second_engine.ask("what does Virtanen want for trade?")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "quote_trade"


@pytest.mark.parametrize(
    ("question", "fact", "mentioned"),
    [
        ("how do you spell the Finnish minister's surname", "hakkanen", "Häkkänen"),
        ("what's the special adviser's first name?", "contact", "Lauri"),
        ("what's the country code of the phone number", "contact", "+358"),
        ("what's the contact person's job title", "contact", "Special Adviser"),
    ],
)
def test_names_in_parts_and_the_country_code_are_asked_of_the_records(
    engine: Engine, question: str, fact: str, mentioned: str
) -> None:
    reply = engine.ask(question)
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == fact
    assert mentioned in reply.body


def test_his_role_after_the_contact_is_the_contact_s_title(engine: Engine) -> None:
    first = engine.ask("who is the contact person?")
    reply = engine.ask("what's his role?", previous=first)
    assert reply.fact_id == "contact" and "Special Adviser" in reply.body


def test_the_contact_title_with_e_mail_is_still_the_missing_e_mail(engine: Engine) -> None:
    reply = engine.ask("what's the adviser's email?")
    assert reply.entry is not None and reply.entry.id == "contact_email"


def test_who_is_quoted_is_the_speakers_words(engine: Engine) -> None:
    reply = engine.ask("who's quoted?")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "hakkanen_quotes"


def test_a_topic_word_the_release_says_outside_the_quote_is_not_what_the_speaker_said(
    engine: Engine,
) -> None:
    # the release says "electronic evidence" in a sentence that is no one's words
    reply = engine.ask("what did he say about electronic evidence?")
    assert reply.fact_id == "cybercrime", reply.body
    assert any("electronic evidence" in source for source in reply.sources)
    reply = engine.ask("what did Häkkänen say about hacking?")  # not in the release: the quote
    assert reply.fact_id == "quote_cybercrime"
