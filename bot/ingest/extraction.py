"""Run every reader over a release: contacts, people, quotes, date, meeting, topics."""

from __future__ import annotations

from dataclasses import dataclass

from bot.ingest.contacts import (
    ContactDraft,
    ContactLines,
    finish_contacts,
    home_country,
    read_contact_lines,
)
from bot.ingest.dates import StatedDate, find_date
from bot.ingest.meetings import Meeting, OtherMeetings, find_meeting, find_other_meetings
from bot.ingest.people import People, assume_home_country, find_people
from bot.ingest.quotes import Quote, find_quotes
from bot.ingest.review import Review
from bot.ingest.sentences import Document, Sentence
from bot.ingest.topics import Topics, find_topics


@dataclass(frozen=True)
class Extracted:
    """Everything the rules found in one release."""

    document: Document
    publisher: str | None
    home: str | None
    people: People
    quotes: tuple[Quote, ...]
    contact_lines: ContactLines
    contacts: tuple[ContactDraft, ...]
    date: StatedDate | None
    meeting: Meeting | None
    other_meetings: tuple[OtherMeetings, ...]
    topics: Topics

    @property
    def quoted_sentences(self) -> set[Sentence]:
        """Sentences that belong to a quote."""
        return {sentence for quote in self.quotes for sentence in quote.sentences}

    def narrative(self) -> tuple[Sentence, ...]:
        """Body sentences outside quotes and contact lines: where facts are stated."""
        quoted = self.quoted_sentences
        return tuple(s for s in self.document.body_sentences() if s not in quoted)


def extract(document: Document, publisher: str | None, review: Review) -> Extracted:
    """Read a parsed release with every rule."""
    lines = read_contact_lines(document, review)
    home, how = home_country(publisher, lines)
    people = find_people(document, review)
    assume_home_country(people, home, how, review)
    quotes = tuple(find_quotes(document, people, review))
    quoted = {sentence for quote in quotes for sentence in quote.sentences}
    narrative = tuple(s for s in document.body_sentences() if s not in quoted)
    return Extracted(
        document=document,
        publisher=publisher,
        home=home,
        people=people,
        quotes=quotes,
        contact_lines=lines,
        contacts=tuple(finish_contacts(lines, home, publisher, review)),
        date=find_date(document.body_sentences(), review),
        meeting=find_meeting(narrative, document.headline, people),
        other_meetings=tuple(find_other_meetings(narrative, people)),
        topics=find_topics(narrative),
    )
