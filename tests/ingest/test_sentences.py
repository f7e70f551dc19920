"""Splitting a release into headline, paragraphs and sentences that are verbatim slices
(bot.ingest.sentences)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest.sentences import parse_document, squash
from tests.ingest.conftest import RELEASES, checked


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


def test_hard_wrapped_lines_are_joined_into_sentences() -> None:
    text = (
        "Minister Aalto visited Turku\n\n"
        "Minister of Culture Sanni Aalto met Minister of Culture of\n"
        "Estonia Mari Tamm in Turku. They discussed museums.\n"
        "Inquiries: Eero Mäki, Special Adviser, tel. +358 40 111 2222\n"
    )
    draft = checked(text)
    (meeting,) = draft.data["meetings"]
    assert meeting["participants"] == ["aalto", "tamm"]
    assert {p.name: p.country for p in draft.people}["Mari Tamm"] == "Estonia"
    (first, second) = parse_document(text).paragraphs[1].sentences
    assert first.text == (
        "Minister of Culture Sanni Aalto met Minister of Culture of\nEstonia Mari Tamm in Turku."
    )
    assert first.clean == (
        "Minister of Culture Sanni Aalto met Minister of Culture of Estonia Mari Tamm in Turku."
    )
    assert second.text == "They discussed museums."


def test_what_starts_a_new_paragraph() -> None:
    text = (
        "\ufeffHeadline\r\n\r\n"
        "First line without stop\r\ncontinues here. Second.\r\n\r\n"
        "no stop\r\n\r\n"
        "next paragraph\n– Dash line\n“Quote line”\n"
        "Inquiries: A B, tel. +358 40 111 2222\n"
    )
    document = parse_document(text)
    assert document.headline.text == "Headline"  # the byte-order mark is no part of it
    assert [p.clean for p in document.paragraphs] == [
        "Headline",
        "First line without stop continues here. Second.",
        "no stop",  # a blank line ends a paragraph, full stop or not
        "next paragraph",
        "– Dash line",
        "“Quote line”",
        "Inquiries: A B, tel. +358 40 111 2222",
    ]
    assert [s.index for s in document.sentences] == list(range(8))


def test_old_mac_line_ends_separate_paragraphs_too() -> None:
    document = parse_document("Headline\r\rno stop\r\rnext paragraph\rcontinues.\r")
    assert [p.clean for p in document.paragraphs] == [
        "Headline",
        "no stop",
        "next paragraph continues.",
    ]


def test_body_sentences_leave_out_the_headline_and_the_contact_lines() -> None:
    document = parse_document("Headline.\n\nOne. Two.\nInquiries: A B, tel. +358 40 111 2222\n")
    assert [s.clean for s in document.body_sentences()] == ["One.", "Two."]
    assert [p.index for p in document.body] == [1, 2]


@pytest.mark.parametrize("text", ["", " \n\n\t", "\ufeff\n"])
def test_a_text_without_words_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        parse_document(text)


def test_squash() -> None:
    assert squash("  a \n\t b  ") == "a b"


def test_header_lines_under_the_headline_are_paragraphs_of_their_own() -> None:
    text = (
        "Minister Aarnio to visit Moscow\n\n"
        "Ministry of Justice\n"
        "Publication date 27.9.2019 10.30\n"
        "Press release 74/2019\n"
        "Minister of Justice Juhani Aarnio will travel to Moscow\n"
        "for a working visit.\n"
    )
    document = parse_document(text)
    assert [(p.clean, p.is_header) for p in document.paragraphs[1:]] == [
        ("Ministry of Justice", True),
        ("Publication date 27.9.2019 10.30", True),
        ("Press release 74/2019", True),
        ("Minister of Justice Juhani Aarnio will travel to Moscow for a working visit.", False),
    ]
    assert [s.clean for s in document.body_sentences()] == [document.paragraphs[4].clean]
    one_line = parse_document("H\n\nMinistry of Finance 6.2.2025 16.15 | Press release\nBody.\n")
    assert [p.is_header for p in one_line.paragraphs] == [False, True, False]


def test_an_unlabelled_contact_block_at_the_end_is_one_contact_line_a_line() -> None:
    text = (
        "H\n\nThe ministry will publish a summary in November.\n"
        "Laura Heikkilä\nSpecial Adviser to the Minister\n+ 358 0295 150 217\n"
        "laura.heikkila@gov.example.fi\n"
    )
    document = parse_document(text)
    assert [(p.clean, p.is_contact) for p in document.paragraphs[1:]] == [
        ("The ministry will publish a summary in November.", False),
        ("Laura Heikkilä", True),
        ("Special Adviser to the Minister", True),
        ("+ 358 0295 150 217", True),
        ("laura.heikkila@gov.example.fi", True),
    ]
    # short lines at the end without a phone are text, not contacts
    no_phone = parse_document("H\n\nBody.\nLaura Heikkilä\nSpecial Adviser\n")
    assert not any(p.is_contact for p in no_phone.paragraphs)


def test_every_release_file_parses(release_file: Path) -> None:
    document = parse_document(release_file.read_text(encoding="utf-8"))
    assert document.headline.paragraph == 0 and len(document.paragraphs) > 3
    assert any(p.is_contact for p in document.paragraphs)
