"""Run every reader over a release: header, contacts, people, quotes, meetings and visits,
topics."""

from __future__ import annotations

from dataclasses import dataclass

from bot.ingest.contacts import (
    ContactDraft,
    ContactLines,
    finish_contacts,
    home_country,
    read_contact_lines,
)
from bot.ingest.header import Header, read_header
from bot.ingest.meetings import Meetings, find_meetings
from bot.ingest.people import (
    People,
    countries_from_headline,
    find_people,
    note_unstated_countries,
)
from bot.ingest.quotes import Quote, find_quotes
from bot.ingest.review import Review
from bot.ingest.sentences import Document, Sentence
from bot.ingest.topics import Topics, find_topics


@dataclass(frozen=True)
class Extracted:
    """Everything the rules found in one release."""

    document: Document
    publisher: str | None  # given with --publisher, else printed in the header
    header: Header
    home: str | None  # the country national phone numbers are taken to be in
    people: People
    quotes: tuple[Quote, ...]
    contact_lines: ContactLines
    contacts: tuple[ContactDraft, ...]
    meetings: Meetings
    topics: Topics

    @property
    def quoted_sentences(self) -> set[Sentence]:
        """Sentences that belong to a quote."""
        return {sentence for quote in self.quotes for sentence in quote.sentences}

    def narrative(self) -> tuple[Sentence, ...]:
        """Body sentences outside quotes, header and contact lines: where facts are stated."""
        quoted = self.quoted_sentences
        return tuple(s for s in self.document.body_sentences() if s not in quoted)


def extract(document: Document, publisher: str | None, review: Review) -> Extracted:
    """Read a parsed release with every rule."""
    header = read_header(document, review)
    if publisher is None and header.publisher is not None:
        publisher = header.publisher
        review.note(f"publisher '{publisher}' taken from the line under the headline")
    lines = read_contact_lines(document, review)
    home, _ = home_country(publisher, lines)
    people = find_people(document, review)
    quotes = tuple(find_quotes(document, people, review))
    quoted = {sentence for quote in quotes for sentence in quote.sentences}
    narrative = tuple(s for s in document.body_sentences() if s not in quoted)
    meetings = find_meetings(narrative, document.headline, people, header.published, review)
    if meetings.meetings:
        countries_from_headline(document.headline, meetings.meetings[0].people, review)
    note_unstated_countries(people, review)
    names = tuple(name for person in people for name in (person.name, person.surname))
    return Extracted(
        document=document,
        publisher=publisher,
        header=header,
        home=home,
        people=people,
        quotes=quotes,
        contact_lines=lines,
        contacts=tuple(finish_contacts(lines, home, publisher, review)),
        meetings=meetings,
        topics=find_topics(narrative, names),
    )
