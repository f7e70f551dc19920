"""Who met (or will meet) whom, where and when, and the visits meetings are part of
(bot.ingest.meetings, with bot.ingest.parties and bot.ingest.places)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.ingest.meetings import HELD, PLANNED, Meetings, find_meetings
from bot.ingest.people import find_people
from bot.ingest.review import Review
from bot.ingest.sentences import parse_document
from tests.ingest.conftest import LEHTOLA, ingest

AALTO = "Minister of Culture Sanni Aalto"
TAMM = "Estonia's Minister of Culture Mari Tamm"


def read(body: str, headline: str = "Ministers met", published: dt.date | None = None) -> Meetings:
    document = parse_document(f"{headline}\n\n{body}\n")
    review = Review()
    people = find_people(document, review)
    return find_meetings(document.body_sentences(), document.headline, people, published, review)


def summary(found: Meetings) -> list[tuple[list[str], str | None, str | None, str]]:
    return [
        ([p.name for p in m.participants], m.place, m.when.text if m.when else None, m.status)
        for m in found.meetings
    ]


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        (f"{AALTO} met {TAMM} in Turku.", HELD),
        (f"{AALTO} met with {TAMM} in Turku.", HELD),
        (f"{AALTO} held talks with {TAMM} in Turku.", HELD),
        (f"{AALTO} had a meeting with {TAMM} in Turku.", HELD),
        (f"{AALTO} and {TAMM} met in Turku.", HELD),
        (f"{AALTO} will meet {TAMM} in Turku.", PLANNED),
        (f"{AALTO} will meet with {TAMM} in Turku.", PLANNED),
        (f"{AALTO} will have a meeting with {TAMM} in Turku.", PLANNED),
        (f"{AALTO} will have meetings with {TAMM} in Turku.", PLANNED),
        (f"{AALTO} will host {TAMM} in Turku.", PLANNED),
        (f"{AALTO} is to meet {TAMM} in Turku.", PLANNED),
        (f"{AALTO} will also hold talks on Friday with {TAMM} in Turku.", PLANNED),
    ],
)
def test_every_common_form_of_a_meeting(sentence: str, status: str) -> None:
    ((names, place, _, found_status),) = summary(read(sentence))
    assert (names, place, found_status) == (["Sanni Aalto", "Mari Tamm"], "Turku", status)


def test_a_list_of_people_offices_and_groups_to_meet() -> None:
    found = read(
        f"{AALTO} met {TAMM} in Turku.\n"
        "She will also meet the Speaker of the Parliament of Latvia, the Latvian Minister of "
        "Defence and representatives of Nordic law firms based in Riga."
    )
    assert summary(found)[1] == (
        [
            "Sanni Aalto",
            "Speaker of the Parliament",
            "Minister of Defence",
            "representatives of Nordic law firms based in Riga",
        ],
        None,  # "based in Riga" says where the firms are, not the meeting
        None,
        PLANNED,
    )
    offices = [(o.name, o.country, o.is_group) for o in found.offices.records]
    assert offices == [
        ("Speaker of the Parliament", "Latvia", False),
        ("Minister of Defence", "Latvia", False),
        ("representatives of Nordic law firms based in Riga", None, True),
    ]


def test_a_visit_gives_its_place_and_dates_to_the_meetings_of_the_visitor() -> None:
    found = read(
        "Minister of Culture Sanni Aalto will visit Tallinn on 1–2 October. "
        "She will meet with Estonia's Minister of Culture Mari Tamm. "
        "On 3 October, Minister Aalto will also meet the Mayor of Tallinn in Tartu.",
        published=dt.date(2024, 9, 27),
    )
    assert summary(found) == [
        (["Sanni Aalto", "Mari Tamm"], "Tallinn", "on 1–2 October", PLANNED),
        (["Sanni Aalto", "Mayor of Tallinn"], "Tartu", "On 3 October", PLANNED),
    ]
    first, second = found.meetings
    assert first.when is not None and first.when.iso == ("2024-10-01", "2024-10-02")
    assert first.visit is found.visits[0] and first.sentences[0] is found.visits[0].sentence
    assert (first.own_place, first.own_when) == (False, False)
    assert (second.own_place, second.own_when) == (True, True)


def test_an_office_named_for_a_town_says_nothing_of_where() -> None:
    found = read(
        "Minister of Culture Sanni Aalto will visit Tallinn on 1–2 October. "
        "She will also meet the Mayor of Tallinn."
    )
    ((_, place, _, _),) = summary(found)
    assert place == "Tallinn" and found.meetings[0].own_place is False


def test_pronouns_the_minister_and_the_ministers_as_subjects() -> None:
    found = read(
        f"{AALTO} held talks with {TAMM} in Narva. "
        "After the talks, the ministers met the Director General of the Police and Border "
        "Guard Board of Estonia at the Narva border crossing point. "
        "While in Narva, the Minister will also meet representatives of the city."
    )
    assert summary(found) == [
        (["Sanni Aalto", "Mari Tamm"], "Narva", None, HELD),
        (
            ["Sanni Aalto", "Mari Tamm", "Director General of the Police and Border Guard Board"],
            "Narva",
            None,
            HELD,
        ),
        (["Sanni Aalto", "representatives of the city"], "Narva", None, PLANNED),
    ]


def test_a_restatement_is_the_same_meeting_another_place_is_another() -> None:
    found = read(
        f"{AALTO} will host {TAMM} in Helsinki on Friday 17 January 2025. "
        "Minister Aalto will have a meeting with Minister Tamm at the official residence. "
        "The two ministers last met in Tartu in November."
    )
    assert summary(found) == [
        (["Sanni Aalto", "Mari Tamm"], "Helsinki", "on Friday 17 January 2025", PLANNED),
        (["Sanni Aalto", "Mari Tamm"], "Tartu", "in November", HELD),
    ]
    assert len(found.meetings[0].sentences) == 2
    (visit,) = found.visits  # the host's guest visits Helsinki
    assert (visit.person.name, visit.place) == ("Mari Tamm", "Helsinki")


def test_the_place_can_come_from_the_end_of_the_headline() -> None:
    found = read(f"{AALTO} met {TAMM}.", headline="Aalto and Tamm met in Turku")
    ((_, place, _, _),) = summary(found)
    assert place == "Turku" and found.meetings[0].sentences[-1].index == 0


def test_a_persons_name_is_no_place() -> None:
    found = read(f"{AALTO} met {TAMM} in Tamm Hall.")
    assert summary(found)[0][1] is None


@pytest.mark.parametrize(
    "sentence",
    [
        f"{AALTO} visited a school in Turku.",
        f"{AALTO} met in Turku.",  # one side only
        "The ministers agreed to meet again next year.",
        "The next meeting of the Nordic ministers will be in Oslo.",
    ],
)
def test_no_meeting(sentence: str) -> None:
    assert read(sentence).meetings == []


def test_a_held_meeting_and_the_weekday_it_was_on() -> None:
    found = ingest(LEHTOLA).extracted.meetings
    ((names, place, when, status),) = summary(found)
    assert (names, place, when, status) == (
        ["Kaisa Lehtola", "Mart Kask"],
        "Tallinn",
        "on Thursday",
        HELD,
    )
