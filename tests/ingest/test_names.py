"""Spellings of names, aliases and ids (bot.ingest.names)."""

from __future__ import annotations

import pytest

from bot.ingest.names import (
    IdMaker,
    aliases_for,
    ascii_spelling,
    double_letter_spelling,
    is_valid_id,
    slug,
    spellings,
    unique,
)


@pytest.mark.parametrize(
    ("printed", "ascii", "double"),
    [
        ("Häkkänen", "Hakkanen", "Haekkaenen"),
        ("Åström", "Astrom", "Aastroem"),
        ("Jörö", "Joro", "Joeroe"),
        ("Øster Straße", "Oster Strasse", "Oster Strasse"),
        ("Müller-Lüdenscheidt", "Muller-Ludenscheidt", "Mueller-Luedenscheidt"),
        ("Koski", "Koski", "Koski"),
    ],
)
def test_ascii_and_double_letter_spellings(printed: str, ascii: str, double: str) -> None:
    assert (ascii_spelling(printed), double_letter_spelling(printed)) == (ascii, double)


def test_spellings_and_aliases_without_repeats() -> None:
    assert spellings("Koski") == ["Koski"]
    assert spellings("Häkkänen") == ["Häkkänen", "Hakkanen", "Haekkaenen"]
    assert aliases_for("Aino Koski", "Koski") == ["Koski", "Aino Koski"]
    assert aliases_for("Antti Häkkänen", "Häkkänen") == [
        "Häkkänen",
        "Hakkanen",
        "Haekkaenen",
        "Antti Häkkänen",
        "Antti Hakkanen",
        "Antti Haekkaenen",
    ]


def test_slug() -> None:
    assert slug("Minister Häkkänen and Russian Minister of Justice Konovalov met in Moscow") == (
        "minister-hakkanen-and-russian-minister-of-justice-konovalov"
    )
    assert slug("Hello, World!", separator="_") == "hello_world"
    assert slug("alpha beta gamma", limit=10) == "alpha-beta"  # cut at a word boundary
    assert slug("a" * 80) == "a" * 60
    assert slug("!!! ???") == ""


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("pm-2024", True),
        ("a_b", True),
        ("9x", True),
        ("Not Valid", False),
        ("-x", False),
        ("", False),
        ("ä", False),
    ],
)
def test_is_valid_id(text: str, valid: bool) -> None:
    assert is_valid_id(text) is valid


def test_unique_keeps_the_first_of_each_and_drops_empties() -> None:
    assert unique(["b", "a", "b", "", "a", "c"]) == ["b", "a", "c"]


def test_id_maker_hands_out_each_id_once() -> None:
    ids = IdMaker()
    assert [
        ids.make("topic", "Energy security!"),
        ids.make("topic", "energy security"),
        ids.make("topic", "energy security"),
        ids.make("ns", "dahl", "said"),
        ids.make(""),
        ids.make("!!"),
    ] == [
        "topic_energy_security",
        "topic_energy_security_2",
        "topic_energy_security_3",
        "ns_dahl_said",
        "fact",
        "fact_2",
    ]
    assert IdMaker().make("topic", "energy security") == "topic_energy_security"
    assert IdMaker().make("x" * 50) == "x" * 40
