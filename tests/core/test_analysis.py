"""The analyser: question text to the terms the matcher compares."""

from __future__ import annotations

import pytest

from bot.core.analysis import FILLER, Analyzer
from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeBase
from bot.core.matching import Outcome


@pytest.fixture(scope="module")
def analyzer(base: KnowledgeBase) -> Analyzer:
    return Analyzer(base)


def test_filler_goes_and_question_words_stay(analyzer: Analyzer) -> None:
    assert analyzer.terms("What is the phone number, please?") == analyzer.terms("phone")
    assert "who" in analyzer.terms("who met whom") and "what" in FILLER


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Konovalof", "Konovalov"),  # an alias of the person
        ("Hakkanen", "Häkkänen"),  # no diacritics
        ("contcat", "contact"),  # swapped letters
        ("mosow", "Moscow"),  # a letter missing
        ("prisnor", "prisoner"),  # two edits in a seven-letter word
        ("cyber crime", "cybercrime"),  # a multi-word synonym
        ("jails", "prisons"),  # the shared vocabulary
    ],
)
def test_spellings_people_type_give_the_same_terms(
    analyzer: Analyzer, typed: str, meant: str
) -> None:
    assert analyzer.terms(typed) == analyzer.terms(meant)


def test_an_unknown_word_is_not_turned_into_a_known_one(analyzer: Analyzer) -> None:
    assert analyzer.terms("report") == ["report"]  # not "deport", nor anything else


def test_terms_are_distinct_and_in_order(analyzer: Analyzer) -> None:
    terms = analyzer.terms("prisoners prisoner Konovalov prisoners")
    assert len(terms) == len(set(terms)) == 2
    assert terms[1] == analyzer.terms("Konovalov")[0]


def test_ordinary_words_are_not_corrected_into_the_release_s(analyzer: Analyzer) -> None:
    # "party" is one letter more than a word the release uses, and "code" than the acronym CoE
    assert "part" not in analyzer.terms("what is his party?")
    assert analyzer.terms("what is the country code?") == ["countri", "code"]


def test_another_form_of_a_word_the_release_uses_is_not_a_typo(analyzer: Analyzer) -> None:
    # the release says "tackle" and "committed": not "talked" (discussed), not "comments" (said)
    assert analyzer.terms("how is cybercrime tackled?")[-1] == analyzer.terms("tackle")[0]
    assert analyzer.terms("what does Russia commits to?") == ["russia", "commit"]


def test_a_filler_word_with_an_s_is_still_filler(analyzer: Analyzer) -> None:
    # "the release's headline" folds to "releases headline"; "my readers' questions"
    assert analyzer.terms("what is the release's headline?") == analyzer.terms("the headline")
    assert analyzer.terms("my readers' view of cybercrime") == analyzer.terms("view of cybercrime")


def test_without_expansion_the_terms_are_the_askers_own_words(analyzer: Analyzer) -> None:
    # an alias brings in its record's name, unless the asker's own words are wanted
    assert {"prosecutor", "general"} <= set(analyzer.terms("the chief prosecutor"))
    assert "general" not in analyzer.terms("the chief prosecutor", expand=False)
    assert "chief" in analyzer.alias_terms


def test_the_surface_for_cue_words_has_its_typos_corrected(analyzer: Analyzer) -> None:
    assert analyzer.surface("wat did teh ministers discus?") == "what did the ministers discuss"
    assert analyzer.surface("ws it in Moscow") == "was it in moscow"
    assert analyzer.surface("mitä häkkänen sanoi?") == "mitä häkkänen sanoi?"  # not English


def test_numbers_of_people_are_filler(analyzer: Analyzer) -> None:
    assert analyzer.terms("which two ministers met?") == analyzer.terms("which ministers met?")
    assert analyzer.terms("both ministers") == analyzer.terms("ministers")


def test_contractions_and_little_adverbs_are_filler(analyzer: Analyzer) -> None:
    assert analyzer.terms("who is he meeting while he's in Moscow?") == analyzer.terms(
        "who is he meeting in Moscow?"
    )
    assert "again" in analyzer.terms("when will they meet again?")  # a meeting to come


def test_what_the_asker_will_use_it_for_is_an_aside(engine: Engine) -> None:
    reply = engine.ask("is there a quote I could use for my story?")
    assert reply.outcome is Outcome.ANSWERED and reply.fact_id == "hakkanen_quotes"
