"""Titled mentions of people in a sentence (bot.ingest.mentions)."""

from __future__ import annotations

import pytest

from bot.ingest.mentions import country_in, country_of_adjective, find_mentions


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Federal Chancellor of Germany Angela Weiss spoke.",
            [("Federal Chancellor of Germany", "Angela Weiss", "Germany")],
        ),
        (
            "Minister Aalto and Russian Minister of Justice Petrov met.",
            [("Minister", "Aalto", None), ("Minister of Justice", "Petrov", "Russia")],
        ),
        (
            "Finland's Minister of Economic Affairs and Employment Mika Laine spoke.",
            [("Minister of Economic Affairs and Employment", "Mika Laine", "Finland")],
        ),
        ("The President of the Supreme Court spoke.", []),
        ("The Prosecutor General of Russia spoke.", []),
        ("the minister spoke about the 2024 Report.", []),
    ],
)
def test_titled_mentions(sentence: str, expected: list[tuple[str, str, str | None]]) -> None:
    found = [(m.title, m.name, m.country) for m in find_mentions(sentence)]
    assert found == expected


def test_full_name_surname_and_where_the_mention_is() -> None:
    sentence = "Yesterday European Commissioner for Economy Pieter Van Dijk arrived."
    (mention,) = find_mentions(sentence)
    assert mention.name_words == ("Pieter", "Van", "Dijk")
    assert (mention.is_full_name, mention.surname) == (True, "Van Dijk")
    assert sentence[mention.start : mention.end] == (
        "European Commissioner for Economy Pieter Van Dijk"
    )
    (by_surname,) = find_mentions("Minister Van Dijk spoke.")
    assert (by_surname.is_full_name, by_surname.surname) == (False, "Van Dijk")


def test_a_possessive_is_not_part_of_the_name() -> None:
    (mention,) = find_mentions("Prime Minister Mervi Salonen's visit")
    assert mention.name_words == ("Mervi", "Salonen")


def test_country_from_the_title_or_from_an_adjective_before_it() -> None:
    (in_title,) = find_mentions("Minister for Foreign Affairs of Sweden Johan Ekdahl spoke.")
    assert (in_title.country, in_title.country_from_title) == ("Sweden", True)
    (before,) = find_mentions("Finland's Prime Minister Mervi Salonen spoke.")
    assert (before.title, before.country, before.country_from_title) == (
        "Prime Minister",
        "Finland",
        False,
    )


def test_country_in_a_title_and_country_of_an_adjective() -> None:
    assert country_in("Minister of Justice of Norway") == "Norway"
    assert country_in("Minister for the Netherlands") == "Netherlands"
    assert country_in("Minister of Finnish affairs") is None  # an adjective is not "of <Country>"
    assert country_in("Minister of Justice") is None
    assert country_of_adjective("Russian") == "Russia"
    assert country_of_adjective("Finland's") == "Finland"
    assert country_of_adjective("US") == "United States"
    assert country_of_adjective("Minister") is None
