"""The header under the headline (bot.ingest.header, with bot.ingest.layout): publisher,
publication date and number, in the layouts the Government's sites print."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.ingest.header import read_header
from bot.ingest.layout import is_block_line, is_contact_line, is_header_line, is_publisher_line
from bot.ingest.review import Review
from bot.ingest.sentences import parse_document
from tests.ingest.conftest import notes_with


def header_of(*lines: str) -> tuple[str | None, dt.date | None, str | None, str | None, int]:
    text = "Minister Aalto to visit Tallinn\n\n" + "\n".join(lines) + "\nMinister Aalto spoke.\n"
    found = read_header(parse_document(text), Review())
    return (
        found.publisher,
        found.published,
        found.published_text,
        found.number,
        len(found.sentences),
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ("Ministry of Justice", "Publication date 27.9.2019 10.30", "Press release 74/2019"),
            ("Ministry of Justice", dt.date(2019, 9, 27), "27.9.2019 10.30", "74/2019", 3),
        ),
        (
            ("Ministry for Foreign Affairs", "Press release 21/2024", "29 January 2024"),
            ("Ministry for Foreign Affairs", dt.date(2024, 1, 29), "29 January 2024", "21/2024", 3),
        ),
        (
            ("Prime Minister's Office", "9.9.2024 17.05", "Press release"),
            ("Prime Minister's Office", dt.date(2024, 9, 9), "9.9.2024 17.05", None, 3),
        ),
        (
            ("Ministry of Finance 6.2.2025 16.15 | Press release",),
            ("Ministry of Finance", dt.date(2025, 2, 6), "6.2.2025 16.15", None, 1),
        ),
        ((), (None, None, None, None, 0)),
    ],
)
def test_header_layouts(lines: tuple[str, ...], expected: tuple[object, ...]) -> None:
    assert header_of(*lines) == expected


def test_an_impossible_publication_date_is_listed() -> None:
    review = Review()
    text = "H\n\nPublication date 31.2.2024 10.00\nBody.\n"
    assert read_header(parse_document(text), review).published is None
    assert notes_with(review, "publication date '31.2.2024' is not a valid date")


@pytest.mark.parametrize(
    ("line", "header"),
    [
        ("Ministry of the Environment", True),
        ("Finnish Government", True),
        ("Publication date 14.3.2024 16.40", True),
        ("Press release 402/2024", True),
        ("Ministry of Finance 6.2.2025 16.15 | Press release", True),
        ("The ministry will publish a summary.", False),  # a sentence
        ("no stop", False),
        ("Minister of Justice Juhani Aarnio will travel to Moscow", False),
    ],
)
def test_header_lines(line: str, header: bool) -> None:
    assert is_header_line(line) is header


def test_publisher_contact_and_block_lines() -> None:
    assert is_publisher_line("Prime Minister's Office") and not is_publisher_line("Ministry.")
    assert is_contact_line("Further information: A B") and is_contact_line("E-mail addresses: x")
    assert not is_contact_line("Information is power: a speech")
    assert is_block_line("+ 358 0295 150 217") and is_block_line("laura.heikkila@gov.example.fi")
    assert is_block_line("Special Adviser to the Minister of Justice")
    assert not is_block_line("The ministry will publish a summary in November.")
    assert not is_block_line("Inquiries: A B, tel. +358 40 111 2222")
