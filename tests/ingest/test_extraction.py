"""Running every reader over a release (bot.ingest.extraction): what each reader is given."""

from __future__ import annotations

from tests.ingest.conftest import extracted, notes_with

TEXT = (
    "Ministers met on 3 May 2024\n\n"
    "Minister of Culture Sanni Aalto and Estonian Minister of Culture Mari Tamm visited Turku.\n"
    "“Minister Aalto met Tamm in Helsinki and discussed theatres,” Tamm said.\n"
    "They discussed museums.\n"
    "Aalto will also meet artists.\n"
    "Inquiries: Eero Mäki, Special Adviser, tel. 040 111 2222\n"
)


def test_facts_are_read_from_the_narrative_not_from_quotes() -> None:
    found, _ = extracted(TEXT)
    assert [q.text for q in found.quotes] == [
        "Minister Aalto met Tamm in Helsinki and discussed theatres."
    ]
    assert [s.index for s in found.quoted_sentences] == [2]
    assert [s.index for s in found.narrative()] == [1, 3, 4]  # no headline, quote or contact
    assert found.meeting is None  # the only "met" is inside the quote
    assert [t.text for t in found.topics.topics] == ["museums"]
    assert [o.sentence.index for o in found.other_meetings] == [4]


def test_the_date_is_read_from_the_body_only() -> None:
    found, _ = extracted(TEXT)
    assert found.date is None
    dated, _ = extracted(TEXT.replace("visited Turku.", "visited Turku on 3 May 2024."))
    assert dated.date is not None and dated.date.iso == "2024-05-03"


def test_the_home_country_reaches_people_and_phones() -> None:
    found, review = extracted(TEXT, publisher="Ministry of Culture, Finland")
    assert (found.home, found.publisher) == ("Finland", "Ministry of Culture, Finland")
    assert [(p.name, p.country) for p in found.people] == [
        ("Sanni Aalto", "Finland"),
        ("Mari Tamm", "Estonia"),
    ]
    (contact,) = found.contacts
    assert (contact.phone, contact.organisation) == ("+358 40 111 2222", found.publisher)
    assert found.contact_lines.sources == [
        "Inquiries: Eero Mäki, Special Adviser, tel. 040 111 2222"
    ]
    assert notes_with(review, "country of Sanni Aalto not stated: Finland assumed from the pub")


def test_without_a_home_country_people_and_phones_are_flagged() -> None:
    found, review = extracted(TEXT)
    assert found.home is None
    aalto = found.people.by_id("aalto")
    assert aalto is not None and aalto.country == "REVIEW: country"
    assert notes_with(review, "ASSUMED +358, the release's country is unknown")
