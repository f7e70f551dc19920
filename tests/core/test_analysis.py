"""The analyser: question text to the terms the matcher compares."""

from __future__ import annotations

import pytest

from bot.core.analysis import FILLER, Analyzer
from bot.core.knowledge import KnowledgeBase


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
