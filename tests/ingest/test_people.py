"""People named with a title (bot.ingest.people): role, country, ids, aliases, and finding them
again by name."""

from __future__ import annotations

from bot.ingest.people import (
    COUNTRY_PLACEHOLDER,
    ROLE_PLACEHOLDER,
    People,
    add_speaker,
    assume_home_country,
    find_people,
)
from bot.ingest.review import Review
from bot.ingest.sentences import parse_document
from tests.ingest.conftest import (
    KOSKI,
    LEHTOLA,
    NORRBACK,
    SALONEN,
    VAARA,
    checked,
    ingest,
    notes_with,
    people_of,
)

BERG_AND_TAMM = (
    "Ministers met\n\n"
    "Minister of Justice Anna Berg met Estonian Minister of Justice Mari Tamm.\n"
    "Finnish Minister Berg thanked Tamm. Minister of Culture Koskinen spoke.\n"
)


def people_in(text: str) -> tuple[People, Review]:
    review = Review()
    return find_people(parse_document(text), review), review


def test_titles_with_countries_from_of_country() -> None:
    assert people_of(ingest(SALONEN, "Prime Minister's Office, Finland")) == {
        "Mervi Salonen": ("Prime Minister", "Finland"),
        "Katrin Albrecht": ("Federal Chancellor of Germany", "Germany"),
    }
    assert people_of(ingest(NORRBACK, "Ministry of Justice, Finland")) == {
        "Linnea Norrback": ("Minister of Justice", "Finland"),
        "Henrik Dahl": ("Minister of Justice of Norway", "Norway"),
    }


def test_countries_from_adjectives_and_the_european_union() -> None:
    assert people_of(ingest(LEHTOLA))["Mart Kask"] == ("Minister of Climate", "Estonia")
    assert people_of(ingest(VAARA))["Johan Ekdahl"] == (
        "Minister for Foreign Affairs of Sweden",
        "Sweden",
    )
    assert people_of(ingest(KOSKI))["Pieter Van Dijk"] == (
        "European Commissioner for Economy",
        "European Union",
    )


def test_country_not_stated_is_assumed_from_the_release_and_listed() -> None:
    draft = ingest(SALONEN)
    assert people_of(draft)["Mervi Salonen"][1] == "Finland"
    assert notes_with(draft, "country of Mervi Salonen not stated: Finland assumed")


def test_country_unknown_gets_a_placeholder_and_is_listed() -> None:
    draft = ingest(VAARA)
    assert people_of(draft)["Elina Vaara"][1] == "REVIEW: country"
    assert notes_with(draft, "country of Elina Vaara unknown")


def test_aliases_are_surname_ascii_double_letter_and_full_name() -> None:
    text = (
        "Minister Häkkinen visited Åbo\n\n"
        "Minister of Culture Jörö Häkkinen opened a library in Åbo.\n"
        "Inquiries: Eero Mäki, Special Adviser, tel. +358 40 111 2222\n"
    )
    (person,) = checked(text).data["people"]
    assert person["id"] == "hakkinen"
    assert person["aliases"] == [
        "Häkkinen",
        "Hakkinen",
        "Haekkinen",
        "Jörö Häkkinen",
        "Joro Hakkinen",
        "Joeroe Haekkinen",
    ]


def test_titles_without_names_are_not_people() -> None:
    draft = ingest(NORRBACK)
    assert set(people_of(draft)) == {"Linnea Norrback", "Henrik Dahl"}


def test_a_mention_by_family_name_adds_to_the_person_with_that_name() -> None:
    people, review = people_in(BERG_AND_TAMM)
    berg = people.by_id("berg")
    assert berg is not None
    assert (berg.name, berg.role, berg.country, berg.country_stated) == (
        "Anna Berg",
        "Minister of Justice",
        "Finland",  # from "Finnish Minister Berg", the full-name mention gives no country
        True,
    )
    assert len(berg.mentions) == 2
    assert [s.index for s in berg.sources] == [1]  # the sentence with the full name
    assert not notes_with(review, "Berg is named by family name only")


def test_a_country_the_title_names_wins_over_an_adjective_before_it() -> None:
    people, _ = people_in(
        "H\n\nRussian Minister Anna Berg spoke. Minister of Justice of Estonia Anna Berg agreed.\n"
    )
    assert [(p.name, p.role, p.country) for p in people] == [
        ("Anna Berg", "Minister of Justice of Estonia", "Estonia")
    ]


def test_a_family_name_never_given_in_full_is_a_person_to_check() -> None:
    people, review = people_in(BERG_AND_TAMM)
    koskinen = people.by_id("koskinen")
    assert koskinen is not None
    assert (koskinen.name, koskinen.surname, koskinen.country) == ("Koskinen", "Koskinen", "")
    assert notes_with(review, "Minister of Culture Koskinen is named by family name only")


def test_a_family_name_two_people_share_is_not_linked_and_ids_stay_unique() -> None:
    people, review = people_in(
        "H\n\nMinister of Justice Anna Berg and Minister of Culture Olli Berg met. "
        "Minister Berg spoke.\n"
    )
    assert [(p.id, p.name) for p in people] == [("berg", "Anna Berg"), ("olliberg", "Olli Berg")]
    assert all(len(p.mentions) == 1 for p in people)
    assert notes_with(review, "'Minister Berg' could be several people: not linked")


def test_people_are_found_again_by_full_or_family_name_in_order_of_appearance() -> None:
    people, _ = people_in(BERG_AND_TAMM)
    assert [p.name for p in people.found_in("Tamm thanked berg")] == ["Mari Tamm", "Anna Berg"]
    assert [p.name for p in people.found_in("Bergs visit")] == ["Anna Berg"]
    assert people.found_in("Bergman and Tammisaari") == []
    resolved = people.resolve("Minister Tamm")
    assert resolved is not None and resolved.name == "Mari Tamm"
    assert people.resolve("the Mayor") is None


def test_the_home_country_is_assumed_for_people_without_one_and_listed() -> None:
    people, review = people_in(BERG_AND_TAMM)
    assume_home_country(people, "Finland", "the publisher 'X'", review)
    assert [(p.name, p.country) for p in people] == [
        ("Anna Berg", "Finland"),
        ("Mari Tamm", "Estonia"),
        ("Koskinen", "Finland"),
    ]
    assert notes_with(review, "country of Koskinen not stated: Finland assumed from the publisher")
    assert not notes_with(review, "country of Mari Tamm")


def test_without_a_home_country_the_country_is_a_placeholder() -> None:
    people, review = people_in(BERG_AND_TAMM)
    assume_home_country(people, None, "", review)
    koskinen = people.by_id("koskinen")
    assert koskinen is not None and koskinen.country == COUNTRY_PLACEHOLDER
    assert notes_with(review, "country of Koskinen unknown")


def test_a_quoted_speaker_without_a_title_is_added_with_a_free_id() -> None:
    people, review = people_in(BERG_AND_TAMM)
    sentence = parse_document(BERG_AND_TAMM).sentences[2]
    liisa = add_speaker(people, "Liisa Berg", sentence, review)
    kalle = add_speaker(people, "Kalle Berg", sentence, review)
    assert (liisa.id, kalle.id) == ("berg2", "berg3")
    assert (liisa.surname, liisa.role, liisa.country) == (
        "Berg",
        ROLE_PLACEHOLDER,
        COUNTRY_PLACEHOLDER,
    )
    assert people.by_id("berg3") is kalle and liisa.sources == [sentence]
    assert notes_with(review, "speaker Kalle Berg is quoted but never given a title")


def test_as_yaml_is_what_the_people_section_holds() -> None:
    people, _ = people_in(BERG_AND_TAMM)
    assert people.persons[1].as_yaml() == {
        "id": "tamm",
        "name": "Mari Tamm",
        "role": "Minister of Justice",
        "country": "Estonia",
        "aliases": ["Tamm", "Mari Tamm"],
    }
