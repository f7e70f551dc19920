"""The word lists and country look-ups the rules rely on (bot.ingest.lexicon)."""

from __future__ import annotations

import pytest

from bot.ingest.lexicon import (
    CONTACT_LABELS,
    COUNTRIES,
    SPEECH_VERBS,
    STOPWORDS,
    TITLE_HEADS,
    TITLE_VOCABULARY,
    calling_code,
    country_names,
    country_of_calling_code,
)


def test_country_names_point_to_their_country_longest_first() -> None:
    names = country_names()
    assert names["Finnish"] == names["Finland"] == names["Republic of Finland"] == "Finland"
    assert names["UK"] == "United Kingdom" and names["Kenyan"] == "Kenya"
    assert "EU" not in names and "European" not in names and "Nordic" not in names
    lengths = [len(name) for name in names]
    assert lengths == sorted(lengths, reverse=True)
    assert set(names.values()) == set(COUNTRIES)


def test_calling_codes() -> None:
    assert [calling_code(c) for c in ("Finland", "Sweden", "United States")] == ["358", "46", "1"]
    assert calling_code(None) == calling_code("Atlantis") == calling_code("Canada") == ""


@pytest.mark.parametrize(
    ("number", "country"),
    [
        ("+358 40 123 4567", "Finland"),
        ("+46 8 405 10 00", "Sweden"),
        ("+44 20 7946 0000", "United Kingdom"),
        ("+420 2 1234 5678", "Czechia"),
        ("+1 202 555 0100", "United States"),
        ("+7 495 123 4567", None),  # Russia and Kazakhstan share +7
        ("+999 000 0000", None),
    ],
)
def test_country_of_calling_code(number: str, country: str | None) -> None:
    assert country_of_calling_code(number) == country


def test_the_lists_hold_what_the_rules_expect() -> None:
    assert {"Minister", "Chancellor", "Commissioner"} <= TITLE_HEADS <= TITLE_VOCABULARY
    assert {"Inquiries", "Further information"} <= set(CONTACT_LABELS)
    assert {"said", "stated", "says", "pointed out"} <= set(SPEECH_VERBS)
    assert not {"energy", "prison", "ukraine"} & STOPWORDS
