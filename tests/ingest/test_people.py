"""People the release names (bot.ingest.people): name, courtesy title, role, a country only
where the text gives or plainly implies it, ids, aliases, and finding them again by name."""

from __future__ import annotations

from bot.ingest.people import (
    ROLE_PLACEHOLDER,
    People,
    add_speaker,
    countries_from_headline,
    find_people,
    note_unstated_countries,
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


def described(text: str) -> list[tuple[str, str | None, str, str | None]]:
    """(name, courtesy title, role, country) of everyone `text` names."""
    people, _ = people_in(text)
    return [(p.name, p.honorific, p.role, p.country) for p in people]


def test_roles_without_their_country_words_and_the_country_from_them() -> None:
    assert people_of(ingest(SALONEN, "Prime Minister's Office, Finland")) == {
        "Mervi Salonen": ("Prime Minister", None),  # never the publisher's country
        "Katrin Albrecht": ("Federal Chancellor", "Germany"),
    }
    assert people_of(ingest(NORRBACK)) == {
        "Linnea Norrback": ("Minister of Justice", None),
        "Henrik Dahl": ("Minister of Justice", "Norway"),
    }
    assert people_of(ingest(VAARA))["Johan Ekdahl"] == ("Minister for Foreign Affairs", "Sweden")
    assert people_of(ingest(LEHTOLA))["Mart Kask"] == ("Minister of Climate", "Estonia")


def test_a_european_commissioner_has_no_country() -> None:
    assert people_of(ingest(KOSKI))["Pieter Van Dijk"] == (
        "European Commissioner for Economy",
        None,
    )


def test_titles_before_and_after_the_name_either_side_of_a_comma() -> None:
    assert described(
        "H\n\nPrime Minister Sari Kettunen and Sweden's Prime Minister Stefan Ahlgren met. "
        "He will also meet Gennady Volkonov, Prosecutor General of Russia. "
        "She met the Minister for Health Care of Sweden, Johan Ekdahl."
    ) == [
        ("Sari Kettunen", None, "Prime Minister", None),
        ("Stefan Ahlgren", None, "Prime Minister", "Sweden"),
        ("Gennady Volkonov", None, "Prosecutor General", "Russia"),
        ("Johan Ekdahl", None, "Minister for Health Care", "Sweden"),
    ]


def test_courtesy_titles_middle_initials_and_letters_after_the_name() -> None:
    assert described(
        "H\n\nShe will meet the UK Foreign Secretary Rt Hon Alistair Pembury MP, the British "
        "Minister for Europe, Ms Caroline Ashdown, and Secretary of Commerce Howard T. Brennigan. "
        "Latvia's Prime Minister Dr Andris Liepiņš spoke."
    ) == [
        ("Alistair Pembury", "Rt Hon", "Foreign Secretary", "United Kingdom"),
        ("Caroline Ashdown", "Ms", "Minister for Europe", "United Kingdom"),
        ("Howard T. Brennigan", None, "Secretary of Commerce", None),
        ("Andris Liepiņš", "Dr", "Prime Minister", "Latvia"),
    ]


def test_a_courtesy_title_from_a_later_mention_and_a_role_from_another_sentence() -> None:
    assert described(
        "Minister Hirvonen and Norwegian Minister Sandvold met\n\n"
        "Finnish Minister of Economic Affairs Tuomas Hirvonen met Mr Eirik Sandvold in Oulu. "
        "Sandvold serves as Norway's Minister of Trade and Industry and is visiting the region. "
        "Ms Hirvonen's visit was short."
    ) == [
        ("Tuomas Hirvonen", "Ms", "Minister of Economic Affairs", "Finland"),
        ("Eirik Sandvold", "Mr", "Minister of Trade and Industry", "Norway"),
    ]


def test_his_estonian_counterpart_gives_the_country() -> None:
    people, _ = people_in(
        "H\n\nMinister of the Environment Antero Lahtinen met his Estonian counterpart, "
        "Minister of Climate Tarmo Kallaste, in Tallinn."
    )
    lahtinen, kallaste = people
    assert (lahtinen.country, kallaste.country, kallaste.role) == (
        None,
        "Estonia",
        "Minister of Climate",
    )


def test_a_headline_pairing_two_countries_gives_the_other_participant_the_other() -> None:
    document = parse_document(
        "Prime Ministers of Finland and Sweden met in Haparanda\n\n"
        "Prime Minister Sari Kettunen and Sweden's Prime Minister Stefan Ahlgren met."
    )
    review = Review()
    people = find_people(document, review)
    countries_from_headline(document.headline, list(people), review)
    assert [(p.name, p.country) for p in people] == [
        ("Sari Kettunen", "Finland"),
        ("Stefan Ahlgren", "Sweden"),
    ]
    assert document.headline in people.persons[0].sources
    assert notes_with(review, "country of Sari Kettunen taken from the headline: Finland")


def test_no_country_from_a_headline_that_pairs_none() -> None:
    document = parse_document(
        "Prime Minister Kettunen to host Estonian Prime Minister Ilves in Helsinki\n\n"
        "Prime Minister Sari Kettunen will host Estonia's Prime Minister Kadri Ilves."
    )
    review = Review()
    people = find_people(document, review)
    countries_from_headline(document.headline, list(people), review)
    note_unstated_countries(people, review)
    assert [p.country for p in people] == [None, "Estonia"]
    assert notes_with(review, "country of Sari Kettunen not stated: none written")


def test_aliases_are_surname_ascii_double_letter_full_name_and_courtesy_forms() -> None:
    text = (
        "Minister Häkkinen visited Åbo\n\n"
        "Minister of Culture Jörö Häkkinen opened a library in Åbo. Mr Häkkinen spoke.\n"
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
        "Mr Häkkinen",
        "Mr Jörö Häkkinen",
        "Mr Hakkinen",
        "Mr Joro Hakkinen",
    ]


def test_titles_without_names_are_not_people() -> None:
    draft = ingest(NORRBACK)
    assert set(people_of(draft)) == {"Linnea Norrback", "Henrik Dahl"}


def test_a_mention_by_family_name_adds_to_the_person_with_that_name() -> None:
    people, review = people_in(BERG_AND_TAMM)
    berg = people.by_id("berg")
    assert berg is not None
    assert (berg.name, berg.role, berg.country) == (
        "Anna Berg",
        "Minister of Justice",
        "Finland",  # from "Finnish Minister Berg": the full-name mention gives no country
    )
    assert len(berg.mentions) == 2
    assert [s.index for s in berg.sources] == [1, 2]  # the full name, then the country
    assert not notes_with(review, "Berg is named by family name only")


def test_a_country_the_full_name_mention_gives_wins() -> None:
    people, _ = people_in(
        "H\n\nRussian Minister Berg spoke. Minister of Justice of Estonia Anna Berg agreed.\n"
    )
    assert [(p.name, p.role, p.country) for p in people] == [
        ("Anna Berg", "Minister of Justice", "Estonia")
    ]


def test_a_family_name_never_given_in_full_is_a_person_to_check() -> None:
    people, review = people_in(BERG_AND_TAMM)
    koskinen = people.by_id("koskinen")
    assert koskinen is not None
    assert (koskinen.name, koskinen.surname, koskinen.country) == ("Koskinen", "Koskinen", None)
    assert notes_with(review, "Minister of Culture Koskinen is named by family name only")


def test_a_courtesy_title_alone_with_a_family_name_adds_no_one() -> None:
    assert described("H\n\nMs Salo's visit was her first.") == []


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


def test_a_quoted_speaker_without_a_title_is_added_with_a_free_id() -> None:
    people, review = people_in(BERG_AND_TAMM)
    sentence = parse_document(BERG_AND_TAMM).sentences[2]
    liisa = add_speaker(people, "Liisa Berg", sentence, review)
    kalle = add_speaker(people, "Kalle Berg", sentence, review)
    assert (liisa.id, kalle.id) == ("berg2", "berg3")
    assert (liisa.surname, liisa.role, liisa.country) == ("Berg", ROLE_PLACEHOLDER, None)
    assert people.by_id("berg3") is kalle and liisa.sources == [sentence]
    assert notes_with(review, "speaker Kalle Berg is quoted but never given a title")


def test_as_yaml_is_what_the_people_section_holds() -> None:
    people, _ = people_in(BERG_AND_TAMM)
    tamm, koskinen = people.persons[1], people.persons[2]
    assert tamm.as_yaml() == {
        "id": "tamm",
        "name": "Mari Tamm",
        "given_name": "Mari",
        "family_name": "Tamm",
        "role": "Minister of Justice",
        "country": "Estonia",
        "aliases": ["Tamm", "Mari Tamm"],
        "source": ["Minister of Justice Anna Berg met Estonian Minister of Justice Mari Tamm."],
    }
    assert "country" not in koskinen.as_yaml() and "given_name" not in koskinen.as_yaml()
