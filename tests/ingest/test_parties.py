"""Who takes part in a meeting (bot.ingest.parties): people, offices named without a person and
groups, from what follows a meeting verb."""

from __future__ import annotations

import pytest

from bot.ingest.parties import Offices, group_name, office_name, parties_in
from bot.ingest.people import find_people
from bot.ingest.review import Review
from bot.ingest.sentences import parse_document


def parties(objects: str) -> list[tuple[str, bool]]:
    """(name, is a person) of the parties in `objects`, in a release naming two people."""
    text = (
        "H\n\nMinister of Culture Sanni Aalto met Estonia's Minister of Culture Mari Tamm. "
        f"She will also meet {objects}.\n"
    )
    document = parse_document(text)
    people = find_people(document, Review())
    sentence = document.body_sentences()[1]
    return [
        (p.name, p.person is not None) for p in parties_in(objects, sentence, people, Offices())
    ]


def test_people_offices_and_groups_in_a_list() -> None:
    assert parties(
        "Tamm, the Commissioner for Human Rights of the Russian Federation, the Director of the "
        "Federal Penitentiary Service of Russia and representatives of Nordic law firms"
    ) == [
        ("Mari Tamm", True),
        ("Commissioner for Human Rights", False),
        ("Director of the Federal Penitentiary Service", False),
        ("representatives of Nordic law firms", False),
    ]


def test_a_title_and_name_on_either_side_of_a_comma_are_one_person() -> None:
    assert parties("the British Minister for Europe, Ms Mari Tamm, and give a speech") == [
        ("Mari Tamm", True)
    ]


@pytest.mark.parametrize(
    ("item", "sentence", "expected"),
    [
        ("the Latvian Minister of Defence", "", ("Minister of Defence", "Latvia")),
        ("the Speaker of Parliament", "", ("Speaker of Parliament", None)),
        (
            "the President of the Supreme Court",
            "a visit to the Supreme Court of the Russian Federation, where he is to meet",
            ("President of the Supreme Court", "Russia"),
        ),
        (
            "the President of the Supreme Court",
            "the Supreme Court, and",
            ("President of the Supreme Court", None),
        ),
        ("give a speech on security", "", None),
        ("students of the university", "", None),
    ],
)
def test_office_names_and_countries(
    item: str, sentence: str, expected: tuple[str, str | None] | None
) -> None:
    assert office_name(item, sentence) == expected


def test_group_names() -> None:
    assert group_name("representatives of business life") == "representatives of business life"
    assert group_name("senior officials of the Department") == "senior officials of the Department"
    assert group_name("give a speech") is None and group_name("Representatives Hall") is None


def test_one_office_record_per_name() -> None:
    offices = Offices()
    sentence = parse_document("H\n\nA.\n").body_sentences()[0]
    first = offices.get("Mayor of Tallinn", None, False, sentence)
    again = offices.get("mayor of tallinn", "Estonia", False, sentence)
    assert first is again and first.country == "Estonia" and first.sources == [sentence]
