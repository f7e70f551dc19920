"""Date phrases as the release prints them, with their preposition: "on Monday 3 June 2024",
"on 1–2 October", "from 1 to 2 February", "On Wednesday", "in November", "August 19, 2024",
"19.8.2024". A range is kept whole: its phrase, and every day it covers.

Days are only given where the text gives them: a day and month without a year take the year of
the printed publication date, or none; a weekday or a month alone gives no day at all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.ingest.lexicon import MONTHS, WEEKDAYS
from bot.ingest.review import Review

_MONTH = "|".join(MONTHS)
_WEEKDAY = "|".join(WEEKDAYS)
_ORDINAL = r"(?:st|nd|rd|th)?"
_PREPOSITION = r"(?:(?P<prep>on|On|from|From|between|Between|in|In)\s+)?"
_WEEKDAY_PART = rf"(?:(?P<weekday>{_WEEKDAY}),?\s+)?(?:the\s+)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4})\b)?"
_PATTERNS = (
    # 1–2 October, from 1 to 2 February, between 1 and 2 May
    re.compile(
        rf"{_PREPOSITION}{_WEEKDAY_PART}(?P<day>\d{{1,2}}){_ORDINAL}\s*(?:–|-|—|to|and)\s*"
        rf"(?P<last>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<month>{_MONTH})\b{_YEAR}"
    ),
    # from 30 September to 2 October
    re.compile(
        rf"{_PREPOSITION}(?P<day>\d{{1,2}}){_ORDINAL}\s+(?P<month>{_MONTH})\s*(?:–|-|—|to|and)\s*"
        rf"(?P<last>\d{{1,2}}){_ORDINAL}\s+(?P<last_month>{_MONTH})\b{_YEAR}"
    ),
    # Monday 3 June 2024, the 21st of March
    re.compile(
        rf"{_PREPOSITION}{_WEEKDAY_PART}(?P<day>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?"
        rf"(?P<month>{_MONTH})\b{_YEAR}"
    ),
    # August 19, 2024
    re.compile(
        rf"{_PREPOSITION}{_WEEKDAY_PART}(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}){_ORDINAL}\b{_YEAR}"
    ),
    re.compile(rf"{_PREPOSITION}(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>\d{{4}})\b"),
    re.compile(rf"{_PREPOSITION}(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}})\b"),
)
_WEEKDAY_ONLY = re.compile(rf"\b(?P<prep>on|On)\s+(?P<weekday>{_WEEKDAY})\b")
_MONTH_ONLY = re.compile(rf"\b(?P<prep>in|In)\s+(?P<month>{_MONTH})\b(?:\s+(?P<year>\d{{4}}))?")


@dataclass(frozen=True)
class DatePhrase:
    """A date as printed, and the days it stands for (every day of a range; none when the text
    does not give the day, or gives no year and no publication date)."""

    text: str  # "on 1–2 October", with the preposition as printed
    days: tuple[dt.date, ...] = ()
    printed_year: bool = False

    @property
    def iso(self) -> tuple[str, ...]:
        return tuple(day.isoformat() for day in self.days)

    @property
    def bare(self) -> str:
        """The phrase without its preposition ("Tuesday 3 September")."""
        first, _, rest = self.text.partition(" ")
        return rest if first.lower() in ("on", "from", "in", "between") and rest else self.text

    @property
    def wording(self) -> str:
        """The phrase to put after a verb: the preposition in lower case ("on 10 September")."""
        first, _, rest = self.text.partition(" ")
        if first in ("On", "From", "In", "Between") and rest:
            return f"{first.lower()} {rest}"
        return self.text


def find_date_phrase(
    text: str, published: dt.date | None = None, review: Review | None = None
) -> DatePhrase | None:
    """The first date phrase in `text`: a full or partial date, a weekday or a month alone."""
    found: list[tuple[int, int, DatePhrase]] = []
    for pattern in _PATTERNS:
        match = next((m for m in pattern.finditer(text) if _starts_a_date(text, m)), None)
        if match is not None:
            found.append((match.start(), -len(match.group(0)), _phrase(match, published, review)))
    for pattern in (_WEEKDAY_ONLY, _MONTH_ONLY):
        match = pattern.search(text)
        if match is not None:
            phrase = DatePhrase(match.group(0).strip())
            found.append((match.start(), -len(match.group(0)), phrase))
    if not found:
        return None
    return min(found, key=lambda item: item[:2])[2]


def _starts_a_date(text: str, match: re.Match[str]) -> bool:
    """Not the middle of a number ("2020–2021 and 3 May" is not "21 ... 3 May")."""
    before = text[: match.start()]
    return not before or not before[-1].isdigit()


def _phrase(match: re.Match[str], published: dt.date | None, review: Review | None) -> DatePhrase:
    text = match.group(0).strip()
    groups = match.groupdict()
    year_text = groups.get("year")
    year = int(year_text) if year_text else published.year if published else None
    if year is None:
        return DatePhrase(text)
    try:
        first = dt.date(year, _month(groups["month"]), int(groups["day"]))
        last = first
        if groups.get("last"):
            month = groups.get("last_month") or groups["month"]
            last = dt.date(year, _month(month), int(groups["last"]))
    except ValueError:
        if review is not None:
            review.note(f"date '{text}' is not a valid date: no day written")
        return DatePhrase(text)
    if last < first:
        if review is not None:
            review.note(f"date range '{text}' ends before it starts: no day written")
        return DatePhrase(text)
    days = tuple(first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    weekday = groups.get("weekday")
    if weekday and review is not None and first.strftime("%A") != weekday:
        review.note(f"date '{text}': {first.isoformat()} is not a {weekday}, check it")
    return DatePhrase(text, days, bool(year_text))


def _month(text: str) -> int:
    return MONTHS.index(text) + 1 if text in MONTHS else int(text)
