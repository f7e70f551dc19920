"""Dates the release states: "On Monday 19 August 2024", "on 3 September", "August 19, 2024",
"19.8.2024", "on Thursday". Only what is printed: a year is never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.ingest.lexicon import MONTHS, WEEKDAYS
from bot.ingest.review import Review
from bot.ingest.sentences import Sentence

_MONTH = "|".join(MONTHS)
_WEEKDAY = "|".join(WEEKDAYS)
_DAY_MONTH = re.compile(
    rf"\b(?:(?P<weekday>{_WEEKDAY}),?\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+"
    rf"(?:of\s+)?(?P<month>{_MONTH})\b(?:,?\s+(?P<year>\d{{4}})\b)?"
)
_MONTH_DAY = re.compile(
    rf"\b(?:(?P<weekday>{_WEEKDAY}),?\s+)?(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})"
    rf"(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}})\b)?"
)
_NUMERIC = re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b")
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_WEEKDAY_ONLY = re.compile(rf"\b(?:on|On)\s+(?P<weekday>{_WEEKDAY})\b")


@dataclass(frozen=True)
class StatedDate:
    """A date as printed, the sentence it is in, and the ISO date when the year is given."""

    printed: str
    sentence: Sentence
    iso: str | None
    year: str | None = None


def find_date(sentences: tuple[Sentence, ...], review: Review) -> StatedDate | None:
    """The first date the release states, or None."""
    for sentence in sentences:
        found = _date_in(sentence)
        if found is not None:
            _check(found, review)
            return found
    return None


def _date_in(sentence: Sentence) -> StatedDate | None:
    text = sentence.clean
    for pattern in (_DAY_MONTH, _MONTH_DAY, _NUMERIC, _ISO):
        match = pattern.search(text)
        if match:
            year = match.groupdict().get("year")
            return StatedDate(match.group(0).strip(), sentence, _iso(match), year)
    weekday = _WEEKDAY_ONLY.search(text)
    if weekday:
        return StatedDate(weekday.group("weekday"), sentence, None)
    return None


def _iso(match: re.Match[str]) -> str | None:
    year = match.groupdict().get("year")
    if not year:
        return None
    month_text = match.group("month")
    month = MONTHS.index(month_text) + 1 if month_text in MONTHS else int(month_text)
    try:
        return dt.date(int(year), month, int(match.group("day"))).isoformat()
    except ValueError:
        return None


def _check(found: StatedDate, review: Review) -> None:
    """Put a date whose weekday does not fit, or without a year, on the review list."""
    if found.iso is None:
        problem = "is not a valid date" if found.year else "has no year"
        review.note(f"date '{found.printed}' {problem}: release date left out")
        return
    weekday = next((day for day in WEEKDAYS if day in found.printed), None)
    if weekday and dt.date.fromisoformat(found.iso).strftime("%A") != weekday:
        review.note(f"date '{found.printed}': {found.iso} is not a {weekday}, check it")
