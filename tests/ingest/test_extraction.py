"""Running every reader over a release (bot.ingest.extraction): what each reader is given."""

from __future__ import annotations

from tests.ingest.conftest import extracted, notes_with

TEXT = (
    "Ministers met on 3 May 2024\n\n"
    "Ministry of Culture\n"
    "Publication date 2.5.2024 10.00\n"
    "Minister of Culture Sanni Aalto and Estonian Minister of Culture Mari Tamm visited Turku.\n"
    "“Minister Aalto met Tamm in Helsinki and discussed theatres,” Tamm said.\n"
    "They discussed museums.\n"
    "Aalto will also meet representatives of artists.\n"
    "Inquiries: Eero Mäki, Special Adviser, tel. 040 111 2222\n"
)


def test_facts_are_read_from_the_narrative_not_from_quotes_or_the_header() -> None:
    found, _ = extracted(TEXT)
    assert [q.text for q in found.quotes] == [
        "Minister Aalto met Tamm in Helsinki and discussed theatres"
    ]
    assert [s.index for s in found.quoted_sentences] == [4]
    assert [s.index for s in found.narrative()] == [3, 5, 6]  # no headline, header, quote, contact
    # the only "met" is inside the quote; the meeting with a group is in the narrative
    assert [[p.name for p in m.participants] for m in found.meetings.meetings] == [
        ["Sanni Aalto", "representatives of artists"]
    ]
    assert [t.text for t in found.topics.topics] == ["museums"]


def test_the_header_gives_the_publisher_and_the_publication_date() -> None:
    found, review = extracted(TEXT)
    assert (found.publisher, found.header.published_iso) == ("Ministry of Culture", "2024-05-02")
    assert notes_with(review, "publisher 'Ministry of Culture' taken from the line under")
    given, _ = extracted(TEXT, publisher="Ministry of Culture, Finland")
    assert given.publisher == "Ministry of Culture, Finland"


def test_the_home_country_reaches_phones_but_never_people() -> None:
    found, review = extracted(TEXT, publisher="Ministry of Culture, Finland")
    assert found.home == "Finland"
    assert [(p.name, p.country) for p in found.people] == [
        ("Sanni Aalto", None),
        ("Mari Tamm", "Estonia"),
    ]
    (contact,) = found.contacts
    assert (contact.phone, contact.organisation) == ("+358 40 111 2222", found.publisher)
    assert found.contact_lines.sources == [
        "Inquiries: Eero Mäki, Special Adviser, tel. 040 111 2222"
    ]
    assert notes_with(review, "country of Sanni Aalto not stated: none written")


def test_without_a_home_country_the_phone_is_flagged() -> None:
    found, review = extracted(TEXT.replace("Ministry of Culture\n", ""))
    assert found.home is None and found.publisher is None
    assert notes_with(review, "ASSUMED +358, the release's country is unknown")
