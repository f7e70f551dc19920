"""The header printed under the headline: the publisher ("Ministry of Justice"), the publication
date ("Publication date 27.9.2019 10.30", "29 January 2024") and the release's number ("Press
release 74/2019"), as the Government's sites print them, one a line or joined with "|"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.ingest.layout import DATE_LINE, ORGANISATION_AND_DATE, RELEASE_NUMBER, is_publisher_line
from bot.ingest.lexicon import MONTHS
from bot.ingest.review import Review
from bot.ingest.sentences import Document, Sentence

_NUMERIC = re.compile(r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})$")
_WORDS = re.compile(r"^(?P<day>\d{1,2})\s+(?P<month>[A-Z][a-z]+)\s+(?P<year>\d{4})$")
_AMERICAN = re.compile(r"^(?P<month>[A-Z][a-z]+)\s+(?P<day>\d{1,2}),\s+(?P<year>\d{4})$")


@dataclass(frozen=True)
class Header:
    """What the header says, as printed, and the publication date as a date."""

    publisher: str | None = None
    published: dt.date | None = None
    published_text: str | None = None  # the date (and time) as printed
    number: str | None = None  # "74/2019"
    sentences: tuple[Sentence, ...] = ()

    @property
    def published_iso(self) -> str | None:
        return self.published.isoformat() if self.published else None


def read_header(document: Document, review: Review) -> Header:
    """The header of `document` (empty when the release prints none)."""
    publisher = published_text = number = None
    published: dt.date | None = None
    sentences: list[Sentence] = []
    for paragraph in document.body:
        if not paragraph.is_header:
            continue
        sentences.extend(paragraph.sentences)
        for part in (p.strip() for p in paragraph.clean.split("|")):
            alone = DATE_LINE.match(part)
            combined = None if alone else ORGANISATION_AND_DATE.match(part)
            date_line = alone or combined
            numbered = RELEASE_NUMBER.match(part)
            if date_line is not None and published is None:
                published_text = date_line.group(0)[date_line.start("date") :].strip()
                published = _date(date_line["date"])
                if published is None:
                    review.note(f"publication date '{date_line['date']}' is not a valid date")
            if combined is not None and publisher is None:
                publisher = combined["organisation"]
            elif numbered is not None:
                number = numbered["number"] or number
            elif date_line is None and publisher is None and is_publisher_line(part):
                publisher = part
    return Header(publisher, published, published_text, number, tuple(sentences))


def _date(text: str) -> dt.date | None:
    """'27.9.2019', '29 January 2024' or 'January 29, 2024' as a date, or None if invalid."""
    for pattern in (_NUMERIC, _WORDS, _AMERICAN):
        match = pattern.match(text)
        if match is None:
            continue
        month = match["month"]
        number = MONTHS.index(month) + 1 if month in MONTHS else int(month)
        try:
            return dt.date(int(match["year"]), number, int(match["day"]))
        except ValueError:
            return None
    return None
