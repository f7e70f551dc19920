"""Date phrases (bot.ingest.dates): as printed with their preposition, ranges kept whole, a year
only from the text or the printed publication date, never guessed."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.ingest.dates import find_date_phrase
from bot.ingest.review import Review
from tests.ingest.conftest import KOSKI, SALONEN, checked, ingest, notes_with

PUBLISHED = dt.date(2019, 9, 27)


@pytest.mark.parametrize(
    ("text", "printed", "days"),
    [
        ("they met on Monday 19 August 2024.", "on Monday 19 August 2024", ["2024-08-19"]),
        ("They met on August 19, 2024.", "on August 19, 2024", ["2024-08-19"]),
        ("The 21st of March 2025 is a Friday.", "21st of March 2025", ["2025-03-21"]),
        ("Dated 19.8.2024.", "19.8.2024", ["2024-08-19"]),
        ("Dated 2024-08-19.", "2024-08-19", ["2024-08-19"]),
        ("a working visit on 1–2 October.", "on 1–2 October", ["2019-10-01", "2019-10-02"]),
        ("visit from 1 to 2 February.", "from 1 to 2 February", ["2019-02-01", "2019-02-02"]),
        ("from 4 to 6 March", "from 4 to 6 March", ["2019-03-04", "2019-03-05", "2019-03-06"]),
        (
            "from 30 September to 2 October",
            "from 30 September to 2 October",
            ["2019-09-30", "2019-10-01", "2019-10-02"],
        ),
        ("On 10 September, she will", "On 10 September", ["2019-09-10"]),
        ("On Wednesday, he will", "On Wednesday", []),
        ("last met in Tartu in November, when", "in November", []),
    ],
)
def test_date_phrases_with_the_year_of_the_publication_date(
    text: str, printed: str, days: list[str]
) -> None:
    found = find_date_phrase(text, PUBLISHED, Review())
    assert found is not None
    assert (found.text, list(found.iso)) == (printed, days)


def test_without_a_year_or_publication_date_no_day_is_given() -> None:
    found = find_date_phrase("They met in Oulu on 22 May.")
    assert found is not None and (found.text, found.iso, found.printed_year) == (
        "on 22 May",
        (),
        False,
    )
    printed = find_date_phrase("They met on 22 May 2024.", PUBLISHED)
    assert printed is not None and printed.printed_year and printed.iso == ("2024-05-22",)


def test_the_wording_puts_the_preposition_in_lower_case_and_bare_drops_it() -> None:
    found = find_date_phrase("On 10 September, she", PUBLISHED)
    assert found is not None
    assert (found.wording, found.bare) == ("on 10 September", "10 September")


@pytest.mark.parametrize(
    "text",
    ["In 2024 they met.", "thursday they met.", "No date here.", "the programme for 2020–2021"],
)
def test_no_date(text: str) -> None:
    assert find_date_phrase(text, PUBLISHED) is None


def test_the_first_date_in_the_text() -> None:
    found = find_date_phrase("the programme for 2020–2021 and the meeting on 3 May", PUBLISHED)
    assert found is not None and found.text == "on 3 May"  # not "21 and 3 May"


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("On 31 February 2024.", "date 'On 31 February 2024' is not a valid date"),
        ("from 5 to 2 May 2024", "ends before it starts"),
        (
            "On Friday 19 August 2024.",
            "date 'On Friday 19 August 2024': 2024-08-19 is not a Friday",
        ),
    ],
)
def test_dates_to_check_are_listed(text: str, note: str) -> None:
    review = Review()
    found = find_date_phrase(text, None, review)
    assert found is not None
    assert notes_with(review, note)


def test_a_weekday_that_fits_is_not_listed() -> None:
    review = Review()
    find_date_phrase("On Monday 19 August 2024 they met.", None, review)
    assert review.notes == ()


def test_a_meeting_date_is_no_release_date() -> None:
    """Only the publication line dates the release; a meeting's date is the meeting's."""
    draft = ingest(SALONEN)
    assert "date" not in draft.data["release"] and "published" not in draft.data["release"]
    (meeting, _) = draft.data["meetings"]
    assert meeting["time"] == "on Monday 19 August 2024"


def test_a_date_without_a_year_and_no_publication_date_makes_a_no_year_entry() -> None:
    draft = ingest(KOSKI)
    (meeting,) = draft.data["meetings"]
    assert meeting["time"] == "on Tuesday 3 September"
    (no_year,) = [e for e in draft.data["not_stated"] if e["id"] == "ns_year"]
    assert no_year["answer"] == (
        "The release does not say the year; it gives the date only as Tuesday 3 September."
    )


def test_the_publication_line_dates_the_release_and_its_yearless_meetings() -> None:
    text = (
        "Ministers met in Turku\n\n"
        "Ministry of Culture\n"
        "Publication date 2.10.2024 18.10\n"
        "Minister of Culture Sanni Aalto met Minister of Culture of Estonia Mari Tamm in Turku "
        "on 1–2 October.\n"
        "Inquiries: A B, Adviser, tel. +358 40 111 2222\n"
    )
    draft = checked(text)
    assert (draft.data["release"]["published"], draft.data["release"]["date"]) == (
        "2024-10-02",
        "2024-10-02",
    )
    (meeting,) = draft.extracted.meetings.meetings
    assert meeting.when is not None and meeting.when.iso == ("2024-10-01", "2024-10-02")
    assert "ns_year" not in [e["id"] for e in draft.data["not_stated"]]
