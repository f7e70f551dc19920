"""Press contacts from the "Inquiries:" / "Further information:" line (bot.ingest.contacts)."""

from __future__ import annotations

from bot.ingest.contacts import (
    ORGANISATION_PLACEHOLDER,
    TITLE_PLACEHOLDER,
    ContactLines,
    RawContact,
    finish_contacts,
    home_country,
    is_organisation,
    looks_like_name,
    parse_contact_line,
    read_contact_lines,
)
from bot.ingest.review import Review
from bot.ingest.sentences import parse_document
from tests.ingest.conftest import (
    KOSKI,
    LEHTOLA,
    SALONEN,
    contacts_of,
    ingest,
    notes_with,
)


def raw(line: str) -> list[tuple[str, list[str], str, str]]:
    """(name, title parts, organisation, printed phone) of each person on a contact line."""
    return [
        (c.name, c.title_parts, c.organisation, c.printed_phone)
        for c in parse_contact_line(line, Review())
    ]


def lines_of(text: str) -> ContactLines:
    return read_contact_lines(parse_document(text), Review())


SWEDISH_LINE = "H\n\nBody.\nInquiries: A B, Adviser, tel. +46 8 405 10 00\n"


def test_inquiries_line_with_three_people_and_a_trailing_organisation() -> None:
    draft = ingest(SALONEN)
    assert contacts_of(draft) == [
        (
            "Paavo Niemelä",
            "Special Adviser",
            "REVIEW: organisation",
            "+358 50 421 0422",
            "+358504210422",
        ),
        (
            "Ruut Hahto",
            "Special Adviser",
            "REVIEW: organisation",
            "+358 50 574 0956",
            "+358505740956",
        ),
        (
            "Päivi Anttila",
            "Director of Government Communications",
            "Prime Minister's Office",
            "+358 40 536 4821",
            "+358405364821",
        ),
    ]
    assert notes_with(draft, "organisation of contact Paavo Niemelä unknown")


def test_contact_without_organisation_gets_the_publisher() -> None:
    draft = ingest(SALONEN, publisher="Prime Minister's Office, Finland")
    organisations = [contact.organisation for contact in draft.contacts]
    assert organisations == [
        "Prime Minister's Office, Finland",
        "Prime Minister's Office, Finland",
        "Prime Minister's Office",
    ]


def test_further_information_line_with_organisation_after_each_phone() -> None:
    assert contacts_of(ingest(LEHTOLA)) == [
        (
            "Jussi Pelkonen",
            "Senior Specialist",
            "Ministry of the Environment",
            "+358 295 250 111",
            "+358295250111",
        ),
        (
            "Sari Koivu",
            "Communications Director",
            "Ministry of the Environment",
            "+358 295 250 222",
            "+358295250222",
        ),
    ]


def test_email_after_the_phone_is_not_an_organisation() -> None:
    draft = ingest(KOSKI)
    assert contacts_of(draft) == [
        (
            "Tiina Salo",
            "Communications Adviser",
            "REVIEW: organisation",
            "+358 295 530 000",
            "+358295530000",
        )
    ]


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


def test_a_title_in_several_parts_is_written_whole() -> None:
    lines = ContactLines(
        (),
        tuple(parse_contact_line("Jane Roe, Director, Legal Affairs, tel. 0295 150 000", Review())),
    )
    (contact,) = finish_contacts(lines, "Finland", "Ministry of Justice", Review())
    assert (contact.title, contact.organisation) == (
        "Director, Legal Affairs",
        "Ministry of Justice",
    )


def test_people_joined_by_and_and_an_organisation_before_the_next_name() -> None:
    assert raw(
        "Jane Roe, tel. 0295 150 000 and John Doe, Adviser, tel. +358 40 123 4567, "
        "Ministry of Justice"
    ) == [
        ("Jane Roe", [], "", "0295 150 000"),
        ("John Doe", ["Adviser"], "Ministry of Justice", "+358 40 123 4567"),
    ]
    assert raw(
        "Jane Roe, Director, tel. 0295 150 000, Ministry of the Environment and Sari Koivu, "
        "Adviser, tel. 0295 150 001"
    ) == [
        ("Jane Roe", ["Director"], "Ministry of the Environment", "0295 150 000"),
        ("Sari Koivu", ["Adviser"], "", "0295 150 001"),
    ]


def test_a_contact_line_without_a_phone_names_nobody_and_is_listed() -> None:
    review = Review()
    assert parse_contact_line("Ministry of Justice, press office", review) == []
    assert notes_with(review, "contact line without a phone number: 'Ministry of Justice, press")


def test_contact_lines_are_read_from_the_contact_paragraphs_only() -> None:
    lines = lines_of(SWEDISH_LINE)
    assert lines.sources == ["Inquiries: A B, Adviser, tel. +46 8 405 10 00"]
    assert [c.name for c in lines.raw] == ["A B"]
    assert lines.international_numbers() == ["+46 8 405 10 00"]
    review = Review()
    no_label = parse_document("H\n\nBody, tel. +46 8 405 10 00.\n")
    assert read_contact_lines(no_label, review).raw == ()
    assert notes_with(review, "no contact lines found")


def test_home_country_from_the_publisher_else_from_the_phones_country_code() -> None:
    lines = lines_of(SWEDISH_LINE)
    assert home_country("Ministry of Justice, Finland", lines) == (
        "Finland",
        "the publisher 'Ministry of Justice, Finland'",
    )
    assert home_country("Finnish Government", lines)[0] == "Finland"
    by_phone = ("Sweden", "the country code of the press contact's phone")
    assert home_country(None, lines) == by_phone
    assert home_country("Government of Finlandia", lines) == by_phone  # whole words only


def test_no_home_country_from_a_shared_calling_code_or_no_phone() -> None:
    russian = lines_of("H\n\nBody.\nInquiries: A B, X, tel. +7 495 123 4567\n")
    assert home_country(None, russian) == (None, "")
    assert home_country(None, lines_of("H\n\nBody.\n")) == (None, "")


def test_finished_contacts_get_placeholders_for_what_is_missing() -> None:
    lines = ContactLines((), (RawContact("A B", printed_phone="+46 8 405 10 00"),))
    review = Review()
    (contact,) = finish_contacts(lines, None, None, review)
    assert (contact.title, contact.organisation) == (TITLE_PLACEHOLDER, ORGANISATION_PLACEHOLDER)
    assert (contact.phone, contact.phone_e164) == ("+46 8 405 10 00", "+4684051000")
    assert notes_with(review, "contact A B has no title")
    assert notes_with(review, "organisation of contact A B unknown")


def test_a_contact_without_a_usable_phone_is_left_out() -> None:
    review = Review()
    lines = ContactLines((), (RawContact("A B"), RawContact("C D", printed_phone="+358 12")))
    assert finish_contacts(lines, "Finland", "Ministry", review) == []
    assert notes_with(review, "contact A B has no phone number: left out")
    assert notes_with(review, "phone of C D '+358 12' is not a valid phone number")


def test_organisations_and_names() -> None:
    assert is_organisation("Prime Minister's Office")
    assert is_organisation("Ministry of the Environment")
    assert not is_organisation("Special Adviser")
    assert looks_like_name("Sari Koivu")
    assert not looks_like_name("Sari")
    assert not looks_like_name("sari koivu")
    assert not looks_like_name("Ministry Of Justice")


def emails(line: str) -> list[tuple[str, str, str]]:
    """(name, printed phone, e-mail) of each person on a contact line."""
    return [(c.name, c.printed_phone, c.email) for c in parse_contact_line(line, Review())]


def test_people_separated_by_semicolons_with_emails_and_no_tel() -> None:
    assert emails(
        "Tiina Korpela, Adviser, tel. +358 295 350 142, tiina.korpela@gov.example.fi; "
        "Ville Nurmi, Director of the Unit for Western Europe, +358 295 351 087, "
        "ville.nurmi@gov.example.fi"
    ) == [
        ("Tiina Korpela", "+358 295 350 142", "tiina.korpela@gov.example.fi"),
        ("Ville Nurmi", "+358 295 351 087", "ville.nurmi@gov.example.fi"),
    ]


def test_and_after_an_email_and_a_full_stop_at_the_end_of_the_line() -> None:
    line = (
        "Aleksi Niemi, Special Adviser to the Minister, tel. +358 295 342 560, "
        "aleksi.niemi@gov.example.fi and Hanna Berg, Director of Unit, tel. +358 295 342 118, "
        "hanna.berg@gov.example.fi."
    )
    assert emails(line)[1] == ("Hanna Berg", "+358 295 342 118", "hanna.berg@gov.example.fi")
    (_, berg) = parse_contact_line(line, Review())
    assert (berg.title_parts, berg.organisation) == (["Director of Unit"], "")


def test_a_title_with_unit_or_department_is_no_organisation() -> None:
    (person,) = parse_contact_line(
        "Mikko Harju, Head of Unit, Police Department, +358 295 488 215.", Review()
    )
    assert (person.title_parts, person.organisation) == (["Head of Unit"], "Police Department")
    assert is_organisation("Police Department") and not is_organisation("Head of Unit")
    assert not is_organisation("Director of the Unit for North America")


def test_an_unlabelled_block_and_a_line_of_emails_for_the_people_above() -> None:
    block = lines_of(
        "H\n\nBody text.\nJaana Niskanen\nPress Secretary to the Prime Minister\n"
        "+358 295 160 412\nOlli Heinonen\nSpecial Adviser, Prime Minister's Office\n"
        "+358 295 160 355\n"
    )
    assert [(c.name, c.title_parts, c.organisation, c.printed_phone) for c in block.raw] == [
        ("Jaana Niskanen", ["Press Secretary to the Prime Minister"], "", "+358 295 160 412"),
        ("Olli Heinonen", ["Special Adviser"], "Prime Minister's Office", "+358 295 160 355"),
    ]
    assert len(block.sources) == 6  # each line is a source of its own
    listed = lines_of(
        "H\n\nBody.\nInquiries: A B, Adviser, tel. +358 295 351 722, and C D, Director, "
        "tel. +358 295 350 909.\nE-mail addresses: a.b@gov.example.fi, c.d@gov.example.fi\n"
    )
    assert [(c.name, c.email) for c in listed.raw] == [
        ("A B", "a.b@gov.example.fi"),
        ("C D", "c.d@gov.example.fi"),
    ]


def test_a_printed_email_is_written_and_the_printed_organisation_kept_apart() -> None:
    (contact,) = ingest(KOSKI).contacts
    assert (contact.email, contact.printed_organisation) == ("tiina.salo@example.fi", None)
    organisations = [c.printed_organisation for c in ingest(LEHTOLA).contacts]
    assert organisations == ["Ministry of the Environment", "Ministry of the Environment"]
