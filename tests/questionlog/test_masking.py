"""Personal data masked out of questions: what is masked and what is kept."""

from __future__ import annotations

import pytest

from bot.questionlog.masking import mask_personal_data


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("call +358 40 123 4567 today", "call [phone] today"),
        ("+358401234567", "[phone]"),
        ("+358-40-123-4567", "[phone]"),
        ("+358 (0)40 123 4567", "[phone]"),
        ("00358 40 123 4567", "[phone]"),
        ("my number is 040-123 4567.", "my number is [phone]."),
        ("040 1234567", "[phone]"),
        ("0401234567", "[phone]"),
        ("040.123.4567", "[phone]"),
        ("office (09) 1234 5678", "office [phone]"),
        ("09 1234 5678", "[phone]"),
        ("09-123 4567", "[phone]"),
        ("(call 040 123 4567)", "(call [phone])"),
        ("reach me (040 123 4567)", "reach me ([phone])"),
        ("+44 20 7946 0958", "[phone]"),
        ("+7 495 123-45-67", "[phone]"),
        ("+1 (555) 123-4567", "[phone]"),
        ("(555) 123-4567", "[phone]"),
        ("555-123-4567", "[phone]"),
        ("555.123.4567", "[phone]"),
        ("the contact +358 2951 50131?", "the contact [phone]?"),
        ("matti.virtanen@example.fi", "[email]"),
        ("Write to MATTI@EXAMPLE.COM.", "Write to [email]."),
        ("first+tag@example.co.uk, please", "[email], please"),
        ("jyrki.häkkinen@esimerkki.fi", "[email]"),
        ("mailto:john@example.com", "mailto:[email]"),
        ("see https://anna:hunter2@intra.example.fi/x?y=1 now", "see [url] now"),
        ("ftp://anna@files.example.org", "[url]"),
        ("my id is 131052-308T", "my id is [id]"),
        ("ask @matti_virtanen about it", "ask [username] about it"),
        (
            "mail matti@example.fi or ring 040-123 4567 / +358 9 1234 5678",
            "mail [email] or ring [phone] / [phone]",
        ),
    ],
)
def test_mask_personal_data(text: str, masked: str) -> None:
    assert mask_personal_data(text) == masked
    assert mask_personal_data(masked) == masked  # idempotent


@pytest.mark.parametrize(
    "text",
    [
        "What happened in 2019?",
        "3 prisoners were transferred",
        "In 2019, 3 prisoners",
        "between 2019 and 2020",
        "2019-2020",
        "(2019)",
        "1 000 000 euros",
        "on 12.03.2024",
        "on 01.03.2024",
        "2024-03-01",
        "01/03/2024",
        "klo 09.00-10.30",
        "at 9:30",
        "is +358 the country code?",
        "Article 3(2)",
        "0.5 %",
        "COVID-19",
        "the 1990s",
        "Section 12 (1)",
        "https://valtioneuvosto.fi/en/-/1410853/minister-hakkanen",
        "Who met whom?",
    ],
)
def test_mask_keeps_numbers_that_are_not_personal(text: str) -> None:
    assert mask_personal_data(text) == text
