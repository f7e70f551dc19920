"""Knowledge-base records: what a reviewed release knows, as frozen dataclasses.

Loading and validation live in `bot.core.loader`; these records are what the rest of the bot reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path


class EntryKind(StrEnum):
    """What an entry is: a stated fact, something the release does not say, or small talk."""

    FACT = "fact"
    NOT_STATED = "not_stated"
    SMALLTALK = "smalltalk"


@dataclass(frozen=True)
class Contact:
    """A press contact as printed in the release, with the phone number also in E.164 form."""

    name: str
    title: str
    organisation: str
    phone: str
    phone_e164: str

    @property
    def first_name(self) -> str:
        return self.name.split()[0]

    @property
    def last_name(self) -> str:
        parts = self.name.split(maxsplit=1)
        return parts[1] if len(parts) > 1 else ""


@dataclass(frozen=True)
class Person:
    """Someone the release names, with the spellings people type for them."""

    id: str
    name: str
    role: str
    country: str
    aliases: tuple[str, ...] = ()


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

    @property
    def title(self) -> str:
        """The question shown on buttons and suggestions for this entry."""
        return self.questions[0]


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


@dataclass(frozen=True)
class KnowledgeBase:
    """A release and everything the bot may say about it."""

    release: Release
    contacts: tuple[Contact, ...]
    people: tuple[Person, ...]
    entries: tuple[Entry, ...]
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    path: Path | None = None

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
