"""Facts about the event (bot.ingest.facts): summary, meeting, place, date, topics, people,
other meetings and contact, each restating the release with its source sentences."""

from __future__ import annotations

from bot.ingest.facts import (
    contact_fact,
    date_fact,
    join_names,
    location_fact,
    meeting_fact,
    person_fact,
    summary_fact,
    summary_text,
    topic_fact,
    topics_fact,
)
from bot.ingest.names import IdMaker
from bot.ingest.topics import Topic
from tests.ingest.conftest import CONTACT_LINE, KOSKI, SALONEN, extracted, fact, ingest

AALTO = "Minister of Culture Sanni Aalto"
MEETING = (
    "Aalto and Tamm met in Turku\n\n"
    f"{AALTO} met Estonian Minister of Culture Mari Tamm.\n"
    "They discussed museums.\n"
    f"{CONTACT_LINE}"
)
NO_MEETING = "What next?\n\nMinister Aalto met students.\n"


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


def test_join_names() -> None:
    assert [join_names(n) for n in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == [
        "",
        "A",
        "A and B",
        "A, B and C",
    ]


def test_summary_is_the_headline_and_the_first_sentence() -> None:
    found, _ = extracted(MEETING)
    assert summary_text(found) == (
        "Aalto and Tamm met in Turku. Minister of Culture Sanni Aalto met Estonian Minister of "
        "Culture Mari Tamm."
    )
    summary = summary_fact(found, IdMaker())
    assert summary.source == [
        "Aalto and Tamm met in Turku",
        "Minister of Culture Sanni Aalto met Estonian Minister of Culture Mari Tamm.",
    ]
    assert summary_text(extracted(NO_MEETING)[0]).startswith("What next? Minister")


def test_meeting_questions_name_both_sides() -> None:
    found, _ = extracted(MEETING)
    assert found.meeting is not None
    questions = meeting_fact(found.meeting, IdMaker()).questions
    assert questions[-4:] == [
        "Which ministers met?",
        "Who did Aalto meet?",
        "Did Aalto meet Tamm?",
        "Who met Tamm?",
    ]


def test_the_place_comes_from_where_it_is_printed() -> None:
    found, _ = extracted(MEETING)
    assert found.meeting is not None
    location = location_fact(found.meeting, IdMaker())
    assert location is not None
    assert location.answer == "Sanni Aalto and Mari Tamm met in Turku."
    assert location.source == ["Aalto and Tamm met in Turku"]
    assert "Did they meet in Turku?" in location.questions


def test_no_date_and_no_place_make_no_fact() -> None:
    found, _ = extracted(f"Aalto and Tamm met\n\n{AALTO} met Estonian Minister Mari Tamm.\n")
    assert found.meeting is not None
    assert location_fact(found.meeting, IdMaker()) is None
    assert date_fact(found, IdMaker()) is None


def test_the_year_question_only_when_the_year_is_printed() -> None:
    with_year, _ = extracted("H\n\nThey met on 3 May 2024.\n")
    without, _ = extracted("H\n\nThey met on 3 May.\n")
    full, partial = date_fact(with_year, IdMaker()), date_fact(without, IdMaker())
    assert full is not None and partial is not None
    assert "What year was this?" in full.questions
    assert "What year was this?" not in partial.questions
    assert partial.answer == "The release gives the date only as 3 May; it does not give the year."


def test_a_topics_head_phrase_is_asked_about_too() -> None:
    found, _ = extracted(MEETING)
    topic = Topic("the number of foreign visitors in Finnish museums", "They")
    entry = topic_fact(topic, found, IdMaker())
    assert entry.id == "topic_number_foreign_visitors"
    assert entry.questions[:2] == [
        "Did they discuss the number of foreign visitors?",
        "What about the number of foreign visitors?",
    ]
    assert "number of foreign visitors in Finnish museums" in entry.questions
    assert entry.answer == (
        "Sanni Aalto and Mari Tamm discussed the number of foreign visitors in Finnish museums."
    )
    short = topic_fact(Topic("trade and security", "The ministers"), found, IdMaker())
    assert short.questions[0] == "Did they discuss trade and security?"
    assert short.answer == "The ministers discussed trade and security."


def test_no_topics_make_no_topics_fact() -> None:
    found, _ = extracted(NO_MEETING)
    assert topics_fact(found.topics, found, IdMaker()) is None


def test_a_person_is_introduced_with_the_country_the_title_lacks() -> None:
    found, _ = extracted(MEETING)
    aalto, tamm = found.people
    assert person_fact(aalto, IdMaker()).answer == (
        "The release names Sanni Aalto as Minister of Culture."  # country assumed, not stated
    )
    tamm_fact = person_fact(tamm, IdMaker())
    assert tamm_fact.answer == "The release names Mari Tamm as Minister of Culture (Estonia)."
    assert tamm_fact.id == "tamm" and "Who is the Minister of Culture?" in tamm_fact.questions


def test_the_contact_fact_is_the_contact_line_as_printed() -> None:
    found, _ = extracted(MEETING)
    contact = contact_fact(found, IdMaker())
    assert contact is not None
    assert contact.answer == CONTACT_LINE.strip() and contact.source == [CONTACT_LINE.strip()]
    assert contact.questions[-3:] == ["Eero Mäki", "Who is Mäki?", "What is Mäki's phone number?"]
    assert contact_fact(extracted(NO_MEETING)[0], IdMaker()) is None
