"""The shared vocabulary: loaded from the file, and used by every release's analyser."""

from __future__ import annotations

import pytest

from bot.core.analysis import Analyzer
from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeBase
from bot.core.loader import load_library
from bot.core.matching import Outcome
from bot.core.vocabulary import shared_synonyms
from tests.conftest import DATA


def test_the_file_maps_words_to_their_equivalents() -> None:
    synonyms = shared_synonyms()
    assert "jail" in synonyms["prison"] and "inmates" in synonyms["prisoner"]
    assert "meddling" in synonyms["interference"]
    # only equivalents: what is merely related is not a synonym
    assert not any("hacking" in variants for variants in synonyms.values())
    assert not any("budapest convention" in variants for variants in synonyms.values())


def test_every_release_understands_the_shared_words(base: KnowledgeBase) -> None:
    analyzer = Analyzer(base)
    assert analyzer.terms("jails") == analyzer.terms("prison")
    assert analyzer.terms("inmates") == analyzer.terms("prisoner")
    assert analyzer.terms("election meddling") == analyzer.terms("election interference")


def test_equivalents_people_use_for_the_words_of_releases(base: KnowledgeBase) -> None:
    analyzer = Analyzer(base)
    same = [
        ("inmates locked up", "prisoners in prison"),
        ("doing their time", "serve sentence"),
        ("proof", "evidence"),
        ("working together", "cooperation"),
        ("across borders", "cross-border"),
        ("the aim", "the goal"),
        ("more and more", "increasingly"),
        ("on the rise", "growing"),
        ("back home", "home countries"),
        ("summarize", "summary"),
        ("sum up", "summary"),
        ("first name", "given name"),
        ("right now", "currently"),
        ("at the moment", "nowadays"),
        ("last name", "surname"),
        ("telecom networks", "telecommunications network"),
        ("tampering", "interference"),
        ("location", "where"),
        ("their homelands", "their home countries"),
        ("jail time", "serve sentence"),
    ]
    for typed, meant in same:
        assert analyzer.terms(typed) == analyzer.terms(meant), (typed, meant)
    assert analyzer.terms("the first meeting") != analyzer.terms("the first name meeting")


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("what are they saying about criminals doing their time?", "hakkanen_quotes"),
        ("how are prisoners sent back home?", "foreign_prisoners"),
        ("do prisoners need to consent to a transfer?", "prisoner_transfer"),
        ("is crime on the rise?", "quote_cooperation"),
        ("can you sum up the release?", "summary"),
        ("how are transfers done right now?", "prisoner_transfer"),
        ("write me a short summary for my blog", "summary"),  # the asker's medium is an aside
        ("what did hakkanen sya about prisoners?", "quote_prisoners"),  # too short to correct
        ("was internet crime part of the conversation", "cybercrime"),
        ("which cabinet post does häkkänen hold", "hakkanen"),
        ("did häkkänen meet his russian opposite number?", "meeting"),
        ("who handles media inquiries?", "contact"),
        ("are there direct quotes from häkkänen?", "hakkanen_quotes"),  # "direct" is filler
        ("was meddling in votes on the agenda?", "election_interference"),
        ("was abuse between partners covered?", "domestic_violence"),
        ("does he get to meet people from the private sector?", "other_meetings"),
        ("is he seeing anyone from the judiciary?", "other_meetings"),
        ("is he seeing any businessmen while in russia?", "other_meetings"),
        ("how did häkkänen put it on handling prisoner matters", "quote_prisoners"),
        ("in his words, what is important when it comes to cybercrime?", "quote_cybercrime"),
    ],
)
def test_questions_in_those_words_reach_their_fact(
    engine: Engine, question: str, fact: str
) -> None:
    reply = engine.ask(question)
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == fact, reply.outcome


def test_no_word_is_listed_twice_in_the_file() -> None:
    # YAML keeps the last of two equal keys: the first list would be lost without a word
    from bot.core.vocabulary import VOCABULARY_FILE

    keys = [
        line.split(":", 1)[0]
        for line in VOCABULARY_FILE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith(("#", " "))
    ]
    assert len(keys) == len(set(keys))
    assert "wher" in shared_synonyms()["where"] and "which city" in shared_synonyms()["where"]


def test_ferries_and_energy_links_by_their_other_names(base: KnowledgeBase) -> None:
    analyzer = Analyzer(base)
    assert analyzer.terms("the boat service") == analyzer.terms("the ferry")
    assert analyzer.terms("sea links") == analyzer.terms("ferries")
    assert analyzer.terms("electricity connections") == analyzer.terms("energy links")


def test_choosing_whether_is_voluntariness(engine: Engine) -> None:
    reply = engine.ask("can prisoners choose whether they are transferred?")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "prisoner_transfer"


def test_the_big_picture_is_the_summary(engine: Engine) -> None:
    reply = engine.ask("give me the bigger picture of the visit")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "summary"


def test_the_main_theme_is_the_headline_s_subject(engine: Engine) -> None:
    reply = engine.ask("what is the main theme of the visit?")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "summary"


def test_a_location_or_a_weekday_asks_where_or_when() -> None:
    engine = Engine(load_library(DATA / "second_release"))  # its meeting has a place and a date
    for question in ("location?", "which weekday"):
        reply = engine.ask(question)
        assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "meeting", question


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("Did power grid interconnections feature in the conversation?", "energy_links"),
        ("Was the sea crossing between the two capitals talked about?", "ferry_connection"),
    ],
)
def test_other_names_of_links_reach_the_second_release_s_facts(question: str, fact: str) -> None:
    reply = Engine(load_library(DATA / "second_release")).ask(question)
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == fact
