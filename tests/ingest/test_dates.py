"""The date a release states (bot.ingest.dates): only what is printed, a year never guessed."""

from __future__ import annotations

import pytest

from bot.ingest.dates import find_date
from bot.ingest.review import Review
from tests.ingest.conftest import (
    KOSKI,
    LEHTOLA,
    SALONEN,
    checked,
    entry_ids,
    fact,
    ingest,
    notes_with,
    sentences,
)


@pytest.mark.parametrize(
    ("sentence", "printed", "iso"),
    [
        ("On Monday 19 August 2024 they met.", "Monday 19 August 2024", "2024-08-19"),
        ("They met on August 19, 2024.", "August 19, 2024", "2024-08-19"),
        ("The 21st of March 2025 is a Friday.", "21st of March 2025", "2025-03-21"),
        ("Dated 19.8.2024.", "19.8.2024", "2024-08-19"),
        ("Dated 2024-08-19.", "2024-08-19", "2024-08-19"),
        ("They met on 3 September.", "3 September", None),
        ("On Thursday 3 September they met.", "Thursday 3 September", None),
        ("They met on Thursday.", "Thursday", None),
    ],
)
def test_date_styles(sentence: str, printed: str, iso: str | None) -> None:
    found = find_date(sentences(sentence), Review())
    assert found is not None
    assert (found.printed, found.iso) == (printed, iso)
    assert found.sentence.clean == sentence


@pytest.mark.parametrize("sentence", ["In 2024 they met.", "thursday they met.", "No date here."])
def test_no_date(sentence: str) -> None:
    review = Review()
    assert find_date(sentences(sentence), review) is None
    assert review.notes == ()


def test_the_first_sentence_with_a_date_gives_it() -> None:
    found = find_date(sentences("No date.", "They met on Thursday.", "On 3 May 2024."), Review())
    assert found is not None and (found.printed, found.sentence.index) == ("Thursday", 1)


@pytest.mark.parametrize(
    ("sentence", "note"),
    [
        ("They met on 3 September.", "date '3 September' has no year: release date left out"),
        ("On 31 February 2024.", "date '31 February 2024' is not a valid date: release date left"),
        ("On 12.13.2024.", "date '12.13.2024' is not a valid date"),
        ("On Friday 19 August 2024.", "date 'Friday 19 August 2024': 2024-08-19 is not a Friday"),
    ],
)
def test_dates_to_check_are_listed(sentence: str, note: str) -> None:
    review = Review()
    found = find_date(sentences(sentence), review)
    assert found is not None
    assert notes_with(review, note)


def test_a_weekday_that_fits_is_not_listed() -> None:
    review = Review()
    find_date(sentences("On Monday 19 August 2024 they met."), review)
    assert review.notes == ()


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
