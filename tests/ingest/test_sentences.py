"""Splitting a release into headline, paragraphs and sentences that are verbatim slices."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest.contacts import parse_contact_line
from bot.ingest.lists import split_items
from bot.ingest.mentions import find_mentions
from bot.ingest.review import Review
from bot.ingest.sentences import parse_document
from tests.conftest import DATA

RELEASES = DATA / "releases"


@pytest.mark.parametrize("path", sorted(RELEASES.glob("*.txt")), ids=lambda p: p.stem)
def test_sentences_are_verbatim_slices_in_order(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    document = parse_document(text)
    previous_end = 0
    for sentence in document.sentences:
        assert text[sentence.start : sentence.start + len(sentence.text)] == sentence.text
        assert sentence.start >= previous_end
        previous_end = sentence.start + len(sentence.text)


def test_headline_contact_line_and_abbreviations() -> None:
    text = (
        "Dr. Aalto's visit\n\n"
        "Minister Aalto met Prof. J. Berg in Turku. They talked e.g. about books.\n"
        "Inquiries: A B, Adviser, tel. +358 40 111 2222. C D, Adviser, tel. +358 40 333 4444\n"
    )
    document = parse_document(text)
    assert document.headline.text == "Dr. Aalto's visit"
    assert [s.text for s in document.paragraphs[1].sentences] == [
        "Minister Aalto met Prof. J. Berg in Turku.",
        "They talked e.g. about books.",
    ]
    contact = document.paragraphs[2]
    assert contact.is_contact and len(contact.sentences) == 1


def test_label_on_its_own_line_makes_the_next_lines_contacts() -> None:
    text = "Headline\n\nBody text.\nFurther information:\nA B, Adviser, tel. +358 40 111 2222\n"
    document = parse_document(text)
    assert [p.is_contact for p in document.paragraphs] == [False, False, True, True]


def test_a_quote_closing_mark_ends_a_sentence() -> None:
    document = parse_document("H\n\n“It is done.” The minister left. “Next!” she said.\n")
    assert [s.text for s in document.paragraphs[1].sentences] == [
        "“It is done.”",
        "The minister left.",
        "“Next!” she said.",
    ]


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("A, B and C", ["A", "B", "C"]),
        ("A, B, and C", ["A", "B", "C"]),
        ("prisoners in Finnish and Russian prisons", ["prisoners in Finnish and Russian prisons"]),
        ("the EU budget and tax cooperation", ["the EU budget", "tax cooperation"]),
        ("trade and security", ["trade and security"]),
        (
            "A, State Building and Legislation, and civil society",
            ["A", "State Building and Legislation", "civil society"],
        ),
    ],
)
def test_list_items(text: str, items: list[str]) -> None:
    assert split_items(text) == items


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
    ],
)
def test_titled_mentions(sentence: str, expected: list[tuple[str, str, str | None]]) -> None:
    found = [(m.title, m.name, m.country) for m in find_mentions(sentence)]
    assert found == expected


def test_contact_line_with_organisation_before_the_phone() -> None:
    (contact,) = parse_contact_line(
        "Jane Roe, Director, Legal Affairs, Ministry of Justice, tel. 0295 150 000", Review()
    )
    assert (contact.name, contact.title_parts, contact.organisation, contact.printed_phone) == (
        "Jane Roe",
        ["Director", "Legal Affairs"],
        "Ministry of Justice",
        "0295 150 000",
    )
