"""Mentions of people in a sentence, with their title, courtesy title and country
(bot.ingest.mentions)."""

from __future__ import annotations

import pytest

from bot.ingest.mentions import country_in, country_of_adjective, find_mentions, role_and_country


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Federal Chancellor of Germany Angela Weiss spoke.",
            [("Federal Chancellor of Germany", "Federal Chancellor", "Angela Weiss", "Germany")],
        ),
        (
            "Minister Aalto and Russian Minister of Justice Petrov met.",
            [
                ("Minister", "Minister", "Aalto", None),
                ("Russian Minister of Justice", "Minister of Justice", "Petrov", "Russia"),
            ],
        ),
        (
            "Finland's Minister of Economic Affairs and Employment Mika Laine spoke.",
            [
                (
                    "Finland's Minister of Economic Affairs and Employment",
                    "Minister of Economic Affairs and Employment",
                    "Mika Laine",
                    "Finland",
                )
            ],
        ),
        (
            "He met the Prime Minister of Sweden, Stefan Ahlgren, in the town.",
            [("Prime Minister of Sweden", "Prime Minister", "Stefan Ahlgren", "Sweden")],
        ),
        (
            "He met Olena Hrytsenko, Prosecutor General of Ukraine, in Helsinki.",
            [("Prosecutor General of Ukraine", "Prosecutor General", "Olena Hrytsenko", "Ukraine")],
        ),
        (
            "the UK Foreign Secretary Rt Hon Alistair Pembury MP arrived.",
            [("UK Foreign Secretary", "Foreign Secretary", "Alistair Pembury", "United Kingdom")],
        ),
        (
            "Secretary of Commerce Howard T. Brennigan arrived.",
            [("Secretary of Commerce", "Secretary of Commerce", "Howard T. Brennigan", None)],
        ),
        ("Mr Eirik Sandvold arrived.", [("", "", "Eirik Sandvold", None)]),
        ("The President of the Supreme Court spoke.", []),
        ("The Prosecutor General of Russia spoke.", []),
        ("the minister spoke about the 2024 Report.", []),
        ("During the visit, Gennady Volkonov spoke.", []),  # a bare name is no mention
        ("She met the British Minister for Europe.", []),  # "Europe" is no name
    ],
)
def test_mentions(sentence: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    found = [(m.title, m.role, m.name, m.country) for m in find_mentions(sentence)]
    assert found == expected


def test_courtesy_titles_are_kept_apart_from_the_name() -> None:
    found = find_mentions("Latvia's Prime Minister Dr Andris Liepiņš and Ms Salo's visit")
    assert [(m.name, m.honorific, m.is_full_name) for m in found] == [
        ("Andris Liepiņš", "Dr", True),
        ("Salo", "Ms", False),
    ]


def test_given_and_family_names() -> None:
    (initial,) = find_mentions("Secretary of Commerce Howard T. Brennigan arrived.")
    assert (initial.given_name, initial.surname) == ("Howard T.", "Brennigan")


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
    assert (in_title.role, in_title.country) == ("Minister for Foreign Affairs", "Sweden")
    (before,) = find_mentions("Finland's Prime Minister Mervi Salonen spoke.")
    assert (before.title, before.role, before.country) == (
        "Finland's Prime Minister",
        "Prime Minister",
        "Finland",
    )


@pytest.mark.parametrize(
    ("title", "role", "country"),
    [
        ("the Latvian Minister of Defence", "Minister of Defence", "Latvia"),
        ("Minister of Justice of the Russian Federation", "Minister of Justice", "Russia"),
        ("Speaker of the Parliament of Latvia", "Speaker of the Parliament", "Latvia"),
        ("Kenya's Cabinet Secretary for Energy", "Cabinet Secretary for Energy", "Kenya"),
        ("European Commissioner for Agriculture", "European Commissioner for Agriculture", None),
        ("Mayor of Helsinki", "Mayor of Helsinki", None),
        ("Governor of the central bank of Sweden", "Governor of the central bank", "Sweden"),
    ],
)
def test_role_and_country(title: str, role: str, country: str | None) -> None:
    assert role_and_country(title) == (role, country)


def test_country_in_a_title_and_country_of_an_adjective() -> None:
    assert country_in("Minister of Justice of Norway") == "Norway"
    assert country_in("Minister for the Netherlands") == "Netherlands"
    assert country_in("Minister of Finnish affairs") is None  # an adjective is not "of <Country>"
    assert country_in("Minister of Justice") is None
    assert country_of_adjective("Russian") == "Russia"
    assert country_of_adjective("Finland's") == "Finland"
    assert country_of_adjective("US") == "United States"
    assert country_of_adjective("Minister") is None
