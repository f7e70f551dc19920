"""Each extraction rule of `release-bot ingest`, on the fictional releases in tests/data."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from bot.core.knowledge import EntryKind
from bot.core.loader import load_knowledge_base
from bot.ingest import Draft, IngestError, ingest_text, write_draft
from bot.ingest.sentences import parse_document
from tests.conftest import DATA

RELEASES = DATA / "releases"
SALONEN = "pm-salonen-albrecht-helsinki.txt"
VAARA = "mfa-vaara-ekdahl-stockholm.txt"
LEHTOLA = "env-lehtola-tallinn.txt"
NORRBACK = "moj-norrback-oslo-undated.txt"
KOSKI = "vm-koski-brussels-noyear.txt"


def ingest(name: str, publisher: str | None = None) -> Draft:
    return checked((RELEASES / name).read_text(encoding="utf-8"), publisher=publisher)


def checked(text: str, publisher: str | None = None) -> Draft:
    """`ingest_text`, and the draft must load and cover every sentence of the text."""
    draft = ingest_text(text, None, publisher=publisher)
    with tempfile.TemporaryDirectory() as folder:
        base = load_knowledge_base(write_draft(draft, Path(folder) / "d") / "knowledge.yaml")
    sources = {source for entry in base.entries_of(EntryKind.FACT) for source in entry.sources}
    assert [s.clean for s in parse_document(text).sentences if s.clean not in sources] == []
    return draft


def quotes_of(draft: Draft) -> list[tuple[str, str, str]]:
    """(speaker's name, verb, quote text) for every quote, in order."""
    return [(q.speaker.name, q.verb, q.text) for q in draft.quotes]


def people_of(draft: Draft) -> dict[str, tuple[str, str]]:
    return {p.name: (p.role, p.country) for p in draft.people}


def contacts_of(draft: Draft) -> list[tuple[str, str, str, str, str]]:
    return [(c.name, c.title, c.organisation, c.phone, c.phone_e164) for c in draft.contacts]


def fact(draft: Draft, fact_id: str) -> dict:
    return next(f for f in draft.data["facts"] if f["id"] == fact_id)


def entry_ids(draft: Draft, section: str) -> list[str]:
    return [entry["id"] for entry in draft.data[section]]


def notes_with(draft: Draft, words: str) -> list[str]:
    return [note for note in draft.review if words in note]


# -- quotes ---------------------------------------------------------------------------------------


def test_curly_quotes_over_two_sentences_and_with_a_title_before_the_speaker() -> None:
    assert quotes_of(ingest(SALONEN)) == [
        (
            "Mervi Salonen",
            "said",
            "Our countries share the same goals in the Baltic Sea region. We want to deepen our "
            "cooperation on clean energy and hydrogen.",
        ),
        (
            "Katrin Albrecht",
            "stated",
            "Finland is an important partner for Germany in the energy transition.",
        ),
    ]


def test_straight_and_single_quotes_with_speaker_after_or_before_the_verb() -> None:
    assert quotes_of(ingest(VAARA)) == [
        (
            "Elina Vaara",
            "stated",
            "The Nordic countries must act together when the security environment changes.",
        ),
        (
            "Johan Ekdahl",
            "says",
            "Sweden and Finland have never been closer partners than they are today.",
        ),
    ]


def test_dash_opened_quotes_and_a_quote_over_two_paragraphs() -> None:
    draft = ingest(LEHTOLA)
    assert quotes_of(draft) == [
        (
            "Kaisa Lehtola",
            "says",
            "The Gulf of Finland is a shared sea. No single country can protect it alone. "
            "We will continue our joint monitoring programme.",
        ),
        ("Mart Kask", "said", "Estonia is ready to invest in new treatment plants."),
        (
            "Kaisa Lehtola",
            "said",
            "Cleaner water is a long-term project. It needs funding that lasts beyond one "
            "electoral term, and it needs the trust of farmers.",
        ),
    ]
    over_paragraphs = draft.quotes[2]
    assert len({sentence.paragraph for sentence in over_paragraphs.sentences}) == 2


def test_quote_opened_and_never_closed_ends_at_the_attribution() -> None:
    text = (
        "Minister Aalto visited Turku\n\n"
        "Minister of Culture Sanni Aalto opened the new library in Turku.\n"
        '"Libraries are the living rooms of our towns. They belong to everyone, Aalto said.\n'
        "Inquiries: Eero Mäki, Special Adviser, tel. +358 40 111 2222\n"
    )
    draft = checked(text)
    assert quotes_of(draft) == [
        (
            "Sanni Aalto",
            "said",
            "Libraries are the living rooms of our towns. They belong to everyone.",
        )
    ]


def test_speaker_first_with_a_colon_pronoun_and_a_second_closed_part() -> None:
    draft = ingest(KOSKI)
    assert quotes_of(draft) == [
        (
            "Aino Koski",
            "said",
            "Finland supports a budget that focuses on security and competitiveness.",
        ),
        (
            "Aino Koski",
            "said",
            "We have to keep public finances sustainable. Otherwise we will have no room to act "
            "in the next crisis.",
        ),
    ]
    assert notes_with(draft, "speaker 'she' taken to be Aino Koski")


def test_a_closed_quote_right_after_one_continues_it() -> None:
    assert quotes_of(ingest(NORRBACK)) == [
        (
            "Linnea Norrback",
            "said",
            "Courts across the Nordic region face the same backlog. Sharing our solutions saves "
            "time and money.",
        )
    ]


def test_speaker_referred_to_by_surname_or_title_resolves_to_the_person() -> None:
    draft = ingest(SALONEN)
    speakers = {quote.speaker.id for quote in draft.quotes}
    assert speakers == {"salonen", "albrecht"}
    quote_ids = [f["id"] for f in draft.data["facts"] if f["id"].startswith("quote_")]
    assert quote_ids and all(
        any(quote_id.startswith(f"quote_{s}_") for s in speakers) for quote_id in quote_ids
    )


def test_quote_without_a_speaker_stays_a_plain_fact_on_the_review_list() -> None:
    text = (
        "Minister Aalto visited Turku\n\n"
        "Minister of Culture Sanni Aalto opened the new library in Turku.\n"
        "“Reading is a civic skill.”\n"
        "Inquiries: Eero Mäki, Special Adviser, tel. +358 40 111 2222\n"
    )
    draft = checked(text)
    assert draft.quotes == ()
    assert notes_with(draft, "has no speaker: kept as a plain fact")
    sources = [s for f in draft.data["facts"] for s in f["source"]]
    assert "“Reading is a civic skill.”" in sources


def test_dash_line_without_a_speaker_is_not_a_quote() -> None:
    text = (
        "Minister Aalto visited Turku\n\n"
        "Minister of Culture Sanni Aalto opened the new library in Turku.\n"
        "- Opening hours are longer on weekdays.\n"
        "Inquiries: Eero Mäki, Special Adviser, tel. +358 40 111 2222\n"
    )
    draft = checked(text)
    assert draft.quotes == ()
    assert notes_with(draft, "starts with a dash but names no speaker")


def test_an_unknown_speaker_becomes_a_person_to_review() -> None:
    text = (
        "Minister Aalto visited Turku\n\n"
        "Minister of Culture Sanni Aalto opened the new library in Turku.\n"
        "“We waited ten years for this,” Liisa Rantala said.\n"
        "Inquiries: Eero Mäki, Special Adviser, tel. +358 40 111 2222\n"
    )
    draft = checked(text)
    assert quotes_of(draft) == [("Liisa Rantala", "said", "We waited ten years for this.")]
    assert people_of(draft)["Liisa Rantala"] == ("REVIEW: role", "REVIEW: country")
    assert notes_with(draft, "speaker Liisa Rantala is quoted but never given a title")


# -- people, titles and countries -----------------------------------------------------------------


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


# -- meeting, place, topics, other meetings ------------------------------------------------------


def test_meeting_and_location_facts() -> None:
    draft = ingest(SALONEN)
    meeting = fact(draft, "meeting")
    assert meeting["source"] == [
        "On Monday 19 August 2024 Prime Minister Mervi Salonen met Federal Chancellor of Germany "
        "Katrin Albrecht in Helsinki."
    ]
    assert "Who met whom?" in meeting["questions"]
    assert "Who did Salonen meet?" in meeting["questions"]
    assert fact(draft, "location")["answer"] == "Mervi Salonen and Katrin Albrecht met in Helsinki."


def test_place_stops_before_a_weekday() -> None:
    assert fact(ingest(LEHTOLA), "location")["answer"] == (
        "Kaisa Lehtola and Mart Kask met in Tallinn."
    )


def test_topics_fact_and_one_fact_per_topic() -> None:
    draft = ingest(SALONEN)
    topics = fact(draft, "topics")
    assert topics["answer"] == (
        "The leaders discussed energy security, support for Ukraine, the state of the Baltic Sea "
        "and the competitiveness of European industry, among other things."
    )
    assert len(topics["source"]) == 2
    per_topic = [f["id"] for f in draft.data["facts"] if f["id"].startswith("topic_")]
    assert per_topic == [
        "topic_energy_security",
        "topic_support_ukraine",
        "topic_state_baltic_sea",
        "topic_competitiveness_european_industry",
    ]
    ukraine = fact(draft, "topic_support_ukraine")
    assert "Did they discuss support for Ukraine?" in ukraine["questions"]


def test_topic_list_without_commas_is_split_on_and() -> None:
    draft = ingest(NORRBACK)
    per_topic = [f["answer"] for f in draft.data["facts"] if f["id"].startswith("topic_")]
    assert per_topic == [
        "The ministers discussed the digitalisation of court proceedings.",
        "The ministers discussed access to electronic evidence.",
    ]


def test_topic_subject_they_is_replaced_by_the_people_who_met() -> None:
    assert fact(ingest(KOSKI), "topics")["answer"] == (
        "Aino Koski and Pieter Van Dijk discussed the EU budget and tax cooperation."
    )


def test_who_else_will_they_meet() -> None:
    other = fact(ingest(SALONEN), "other_meetings")
    assert other["questions"][0] == "Who else will Albrecht meet?"
    assert "Will Albrecht meet the Speaker of Parliament?" in other["questions"]
    meet_companies = "Will Albrecht meet representatives of Finnish technology companies?"
    assert meet_companies in other["questions"]


# -- contacts -------------------------------------------------------------------------------------


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


def test_national_number_in_a_finnish_release_gets_plus_358() -> None:
    draft = ingest(VAARA, publisher="Ministry for Foreign Affairs of Finland")
    assert contacts_of(draft) == [
        (
            "Oona Rinne",
            "Press Officer",
            "Ministry for Foreign Affairs",
            "+358 295 350 123",
            "+358295350123",
        )
    ]
    (note,) = notes_with(draft, "phone of Oona Rinne")
    assert "'0295 350 123' has no country code" in note and "the release is Finnish" in note
    assert draft.contacts[0].printed_phone == "0295 350 123"


def test_national_number_in_a_release_of_unknown_country_is_flagged() -> None:
    (note,) = notes_with(ingest(VAARA), "phone of Oona Rinne")
    assert "ASSUMED +358" in note


def test_national_number_in_a_swedish_release_uses_plus_46_and_is_flagged() -> None:
    text = (
        "Minister Lind visited Uppsala\n\n"
        "Minister for Culture Eva Lind opened a museum in Uppsala.\n"
        "Further information: Karl Berg, Press Secretary, tel. 08 405 10 00, Ministry of Culture\n"
    )
    draft = checked(text, publisher="Government Offices of Sweden")
    assert contacts_of(draft)[0][3:] == ("+46 8 405 10 00", "+4684051000")
    assert notes_with(draft, "ASSUMED from the release's country, Sweden")


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


def test_release_without_contact_line_gets_a_placeholder_contact() -> None:
    text = "Minister Aalto visited Turku\n\nMinister of Culture Sanni Aalto opened a library.\n"
    draft = checked(text)
    (contact,) = draft.contacts
    assert contact.name.startswith("REVIEW:")
    assert notes_with(draft, "no press contact with a phone found")
    assert notes_with(draft, "no 'Inquiries:' or 'Further information:' line found")


# -- dates ---------------------------------------------------------------------------------------


def test_full_date_sets_the_release_date() -> None:
    draft = ingest(SALONEN)
    assert draft.data["release"]["date"] == "2024-08-19"
    assert fact(draft, "date")["answer"] == "The release gives the date as Monday 19 August 2024."
    assert "ns_date" not in entry_ids(draft, "not_stated")


def test_date_without_year_leaves_the_release_date_out() -> None:
    draft = ingest(KOSKI)
    assert "date" not in draft.data["release"]
    assert "Tuesday 3 September" in fact(draft, "date")["answer"]
    assert "ns_year" in entry_ids(draft, "not_stated")
    assert notes_with(draft, "date 'Tuesday 3 September' has no year")


def test_weekday_only_is_kept_as_printed() -> None:
    draft = ingest(LEHTOLA)
    assert "date" not in draft.data["release"]
    assert fact(draft, "date")["answer"] == (
        "The release gives the date only as Thursday; it does not give the year."
    )


@pytest.mark.parametrize("name", [VAARA, NORRBACK])
def test_no_date_means_a_not_stated_date_entry(name: str) -> None:
    draft = ingest(name)
    assert "date" not in draft.data["release"]
    assert "date" not in [f["id"] for f in draft.data["facts"]]
    (entry,) = [e for e in draft.data["not_stated"] if e["id"] == "ns_date"]
    assert "The release does not say" in entry["answer"]


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        ("The ministers met on 19.8.2024 in Turku.", "2024-08-19"),
        ("The ministers met on August 19, 2024 in Turku.", "2024-08-19"),
        ("The ministers met on Tuesday 3rd of September 2024 in Turku.", "2024-09-03"),
    ],
)
def test_other_date_styles(sentence: str, iso: str) -> None:
    text = f"Ministers met in Turku\n\n{sentence}\nInquiries: A B, Adviser, tel. +358 40 111 2222"
    assert checked(text).data["release"]["date"] == iso


def test_weekday_that_does_not_fit_the_date_is_flagged() -> None:
    text = (
        "Ministers met\n\nOn Friday 19 August 2024 they met.\nInquiries: A B, X, tel. 040 1112222"
    )
    assert notes_with(checked(text), "2024-08-19 is not a Friday")


# -- not stated, small talk, release -------------------------------------------------------------


def test_not_stated_entries_say_so_plainly() -> None:
    draft = ingest(NORRBACK)
    assert entry_ids(draft, "not_stated") == [
        "ns_date",
        "ns_outcome",
        "ns_agreement",
        "ns_dahl_said",
    ]
    for entry in draft.data["not_stated"]:
        assert "The release does not say" in entry["answer"]
    assert "it quotes only Norrback" in draft.data["not_stated"][-1]["answer"]


def test_no_outcome_entries_when_the_release_reports_an_agreement() -> None:
    text = (
        "Ministers signed a memorandum\n\n"
        "Minister of Culture Sanni Aalto met Minister of Culture of Estonia Mari Tamm in Turku.\n"
        "The ministers signed a memorandum on museum cooperation.\n"
        "Inquiries: Eero Mäki, Special Adviser, tel. +358 40 111 2222\n"
    )
    draft = checked(text)
    assert "ns_outcome" not in entry_ids(draft, "not_stated")
    assert "ns_agreement" not in entry_ids(draft, "not_stated")
    assert notes_with(draft, "the release mentions memorandum, signed")


def test_small_talk_like_the_bundled_base() -> None:
    assert entry_ids(ingest(SALONEN), "smalltalk") == [
        "greeting",
        "thanks",
        "bye",
        "help",
        "identity",
    ]


def test_release_section_is_a_draft_with_id_from_the_headline_and_order() -> None:
    draft = ingest_text((RELEASES / SALONEN).read_text(encoding="utf-8"), None, order=7)
    release = draft.data["release"]
    assert release["draft"] is True
    assert release["order"] == 7
    assert (
        release["id"] == draft.release_id == "prime-minister-salonen-and-german-federal-chancellor"
    )
    assert release["headline"] == parse_document((RELEASES / SALONEN).read_text()).headline.clean
    assert release["publisher"] == "REVIEW: publisher"


def test_release_id_can_be_given_but_must_be_valid() -> None:
    text = (RELEASES / SALONEN).read_text(encoding="utf-8")
    assert ingest_text(text, "pm-2024-08-19").release_id == "pm-2024-08-19"
    with pytest.raises(IngestError, match="must be lower-case"):
        ingest_text(text, "Not Valid")


def test_empty_text_is_refused() -> None:
    with pytest.raises(IngestError, match="empty"):
        ingest_text(" \n\n", None)


def test_unparseable_lines_are_kept_as_plain_facts_and_listed() -> None:
    draft = ingest(NORRBACK)
    plain = [f for f in draft.data["facts"] if f["id"].startswith("about_")]
    assert [f["source"] for f in plain] == [["### ANNEX 2b // tbl. 4 (rev.) -- n/a ###"]]
    assert notes_with(draft, "kept as a plain fact ('### ANNEX 2b // tbl. 4 (rev.) -- n/a")


def test_braces_in_the_text_do_not_become_placeholders() -> None:
    text = (
        "Ministry publishes template {name}\n\n"
        "The new form has fields such as {name} and {date}.\n"
        "Inquiries: Eero Mäki, Special Adviser, tel. +358 40 111 2222\n"
    )
    draft = checked(text)
    answers = [f["answer"] for f in draft.data["facts"]]
    assert any("(name) and (date)" in answer for answer in answers)
    assert notes_with(draft, "braces from the text written as ( )")


def test_text_that_is_no_press_release_still_makes_a_loadable_draft() -> None:
    text = (
        "Notes\n\n"
        "* item one\n* item two\n"
        "x = {a: 1}; y = [1, 2, 3]\n"
        '"unbalanced quote\n'
        "– dash without speaker.\n"
        "12.13.2024 is no date. On 31 February 2024 nothing happened.\n"
    )
    draft = checked(text)
    assert draft.quotes == ()
    assert notes_with(draft, "no sentence says who met whom")
    assert notes_with(draft, "no press contact with a phone found")
