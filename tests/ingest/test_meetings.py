"""Who met whom, where, and whom else someone will meet (bot.ingest.meetings)."""

from __future__ import annotations

from bot.ingest.meetings import Meeting, OtherMeetings, find_meeting, find_other_meetings
from bot.ingest.people import find_people
from bot.ingest.review import Review
from bot.ingest.sentences import parse_document
from tests.ingest.conftest import LEHTOLA, fact, ingest

AALTO = "Minister of Culture Sanni Aalto"
TAMM = "Minister of Culture of Estonia Mari Tamm"


def read(text: str) -> tuple[Meeting | None, list[OtherMeetings]]:
    document = parse_document(text)
    people = find_people(document, Review())
    sentences = document.body_sentences()
    return (
        find_meeting(sentences, document.headline, people),
        find_other_meetings(sentences, people),
    )


def names(meeting: Meeting) -> tuple[list[str], list[str]]:
    return [p.name for p in meeting.hosts], [p.name for p in meeting.guests]


def test_place_stops_before_a_weekday() -> None:
    assert fact(ingest(LEHTOLA), "location")["answer"] == (
        "Kaisa Lehtola and Mart Kask met in Tallinn."
    )


def test_the_meeting_is_the_first_sentence_where_named_people_meet_named_people() -> None:
    meeting, _ = read(
        "Ministers met in Turku\n\n"
        f"{AALTO} met students.\n"  # one side only
        f"{AALTO} also met {TAMM}.\n"  # "also": another meeting
        f"{AALTO} held talks with {TAMM} and Minister of Justice of Latvia Ilze Ozola "
        "in Helsinki on Monday.\n"
    )
    assert meeting is not None
    assert names(meeting) == (["Sanni Aalto"], ["Mari Tamm", "Ilze Ozola"])
    assert [p.name for p in meeting.participants] == ["Sanni Aalto", "Mari Tamm", "Ilze Ozola"]
    assert (meeting.sentence.index, meeting.place) == (3, "Helsinki")
    assert meeting.place_sentence == meeting.sentence


def test_the_place_can_come_from_the_end_of_the_headline() -> None:
    meeting, _ = read(f"Aalto and Tamm met in Turku\n\n{AALTO} met {TAMM}.\n")
    assert meeting is not None
    assert meeting.place == "Turku"
    assert meeting.place_sentence is not None and meeting.place_sentence.index == 0


def test_a_persons_name_is_no_place() -> None:
    meeting, _ = read(f"Aalto and Tamm met\n\n{AALTO} received {TAMM} in Tamm Hall.\n")
    assert meeting is not None and names(meeting) == (["Sanni Aalto"], ["Mari Tamm"])
    assert (meeting.place, meeting.place_sentence) == (None, None)


def test_no_meeting_without_two_named_sides() -> None:
    assert read(f"Aalto in Turku\n\n{AALTO} met students in Turku.\n")[0] is None


def test_whom_else_someone_meets() -> None:
    _, others = read(
        "Ministers met\n\n"
        f"{AALTO} met {TAMM}.\n"
        "Aalto will also meet the rector of the university, local artists and Tamm.\n"
        "They also met students.\n"
    )
    assert [(o.person.name if o.person else None, o.whom, o.sentence.index) for o in others] == [
        ("Sanni Aalto", ("the rector of the university", "local artists", "Tamm"), 2),
        (None, ("students",), 3),
    ]
