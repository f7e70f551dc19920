"""Knowledge-base records: what a reviewed release knows, as frozen dataclasses.

Two layers: a structured model of the release (people, offices, organisations, places,
meetings, topics, quotes, contacts, each with its verbatim source sentences), and the entries
the matcher answers with (facts, "not stated" entries, small talk). `bot.core.derive` turns the
model into entries, merged with the authored ones. Loading and validation live in
`bot.core.loader`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path

_SPACES = re.compile(r"\s+")


class EntryKind(StrEnum):
    """What an entry is: a stated fact, something the release does not say, or small talk."""

    FACT = "fact"
    NOT_STATED = "not_stated"
    SMALLTALK = "smalltalk"


class Intent(StrEnum):
    """What a question asks for, and what an entry can answer."""

    WHO = "who"  # people, participants
    WHERE = "where"  # a place
    WHEN = "when"  # a time or date
    SAID = "said"  # someone's words
    DISCUSSED = "discussed"  # topics
    ATTRIBUTE = "attribute"  # a person's name, role, country
    CONTACT = "contact"  # the press contact
    SUMMARY = "summary"  # what the release is about


@dataclass(frozen=True)
class Contact:
    """A press contact as printed in the release, with the phone number also in E.164 form."""

    name: str
    title: str
    organisation: str
    phone: str
    phone_e164: str
    email: str | None = None

    @property
    def first_name(self) -> str:
        return self.name.split()[0]

    @property
    def last_name(self) -> str:
        parts = self.name.split(maxsplit=1)
        return parts[1] if len(parts) > 1 else ""


@dataclass(frozen=True)
class Person:
    """Someone the release names, with the spellings people type for them. `country` only where
    the release gives it (or plainly implies it, with the sentence that does in `sources`)."""

    id: str
    name: str
    role: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    given_name: str | None = None
    family_name: str | None = None
    organisation: str | None = None
    sources: tuple[str, ...] = ()

    @property
    def surname(self) -> str:
        return self.family_name or self.name.split()[-1]


@dataclass(frozen=True)
class Office:
    """An office (or a group of people) the release names without naming a person in it."""

    id: str
    name: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


class MeetingStatus(StrEnum):
    HELD = "held"
    PLANNED = "planned"


@dataclass(frozen=True)
class Meeting:
    """Who met (or will meet) whom, where and when, as the release says."""

    id: str
    participants: tuple[str, ...]  # ids of people and offices
    status: MeetingStatus
    sources: tuple[str, ...]
    place: str | None = None  # a place id
    time: str | None = None  # as the release words it
    questions: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    """Something discussed, with the words people use for it."""

    id: str
    name: str
    sources: tuple[str, ...]
    words: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quote:
    """Someone's words, verbatim, on a topic."""

    id: str
    speaker: str  # a person id
    text: str
    sources: tuple[str, ...]
    topic: str | None = None  # a topic id
    questions: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """One answerable thing: its alternative questions, its answer and (for facts) its sources."""

    id: str
    kind: EntryKind
    questions: tuple[str, ...]
    answer: str
    sources: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    intents: frozenset[Intent] = frozenset()  # what it answers; empty: anything its words fit
    about: tuple[str, ...] = ()  # ids of the people, offices and topics it is about
    status: MeetingStatus | None = None  # for meetings: held or planned
    # the answer in other languages: (language, text), reviewed (`answers:` in the knowledge
    # base) or composed by the core in that language (`bot.core.phrases`); never machine-made
    answers: tuple[tuple[str, str], ...] = ()
    titles: tuple[tuple[str, str], ...] = ()  # the title (first question) in other languages

    @property
    def title(self) -> str:
        """The question shown on buttons and suggestions for this entry."""
        return self.questions[0]

    def answer_in(self, language: str) -> str | None:
        """The answer's translation into `language`, if there is one."""
        return next((text for code, text in self.answers if code == language), None)

    def title_in(self, language: str) -> str:
        """The title in `language` when it is translated, else as written."""
        return next((text for code, text in self.titles if code == language), self.title)


@dataclass(frozen=True)
class Version:
    """The release as published in another language: its verbatim text, and for source
    sentences of the release's own text, the same sentences in this one (`versions:`)."""

    language: str
    text: str
    sentences: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (release sentence, these words)

    @property
    def headline(self) -> str:
        """The version's first line, as the release's headline is its text's first line."""
        return next((line.strip() for line in self.text.splitlines() if line.strip()), "")

    def sources_for(self, sources: tuple[str, ...]) -> tuple[str, ...] | None:
        """The sentences of this version for `sources` (sentences of the release's own text),
        or None unless every one of them is given here."""
        found: list[str] = []
        for source in sources:
            mine = self._by_source.get(squash(source))
            if mine is None:
                return None
            found.extend(mine)
        return tuple(dict.fromkeys(found))

    @cached_property
    def _by_source(self) -> dict[str, tuple[str, ...]]:
        return {squash(source): mine for source, mine in self.sentences}


def squash(text: str) -> str:
    """Text with runs of white space made one space, curly quotes straightened: how quotes are
    compared with the release text."""
    text = text.replace("“", '"').replace("”", '"').replace("’", "'")
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Release:
    """Release metadata and its verbatim text."""

    id: str
    headline: str
    publisher: str
    language: str
    summary: str
    text: str
    source_note: str = ""
    order: int = 0
    date: str | None = None
    draft: bool = False
    url: str | None = None  # the release's page, as given by the press office
    published: str | None = None  # ISO date of publication, as given by the press office
    translations: tuple[str, ...] = ()  # languages of its reviewed answers besides `language`
    versions: tuple[Version, ...] = ()  # the release as published in other languages

    def version(self, language: str) -> Version | None:
        """The release as published in `language` (not its own text's language), if it was."""
        return next((v for v in self.versions if v.language == language), None)


@dataclass(frozen=True)
class KnowledgeBase:
    """A release and everything the bot may say about it."""

    release: Release
    contacts: tuple[Contact, ...]
    people: tuple[Person, ...]
    entries: tuple[Entry, ...]
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    path: Path | None = None
    offices: tuple[Office, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    places: tuple[Place, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    topics: tuple[Topic, ...] = ()
    quotes: tuple[Quote, ...] = ()

    @property
    def id(self) -> str:
        return self.release.id

    @property
    def contact(self) -> Contact:
        """The first press contact: the one put on every reply and sent as a contact card."""
        return self.contacts[0]

    def entry(self, entry_id: str) -> Entry | None:
        return self._entries_by_id.get(entry_id)

    @cached_property
    def _entries_by_id(self) -> dict[str, Entry]:
        return {entry.id: entry for entry in self.entries}

    def entries_of(self, kind: EntryKind) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.entries if entry.kind is kind)

    @cached_property
    def held_participants(self) -> frozenset[str]:
        """The ids of those who took part in a meeting the release says was held."""
        return frozenset(
            participant
            for meeting in self.meetings
            if meeting.status is MeetingStatus.HELD
            for participant in meeting.participants
        )

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def named(self, record_id: str) -> str:
        """The display name of a person, office, place, organisation or topic id."""
        names = {
            record.id: record.name
            for group in (self.people, self.offices, self.places, self.organisations, self.topics)
            for record in group
        }
        return names.get(record_id, record_id)
