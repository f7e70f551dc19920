"""People named with a title: who they are, their role and country, and how to find them again.

Mentions with a full name make a person; a mention by family name alone ("Russian Minister of
Justice Konovalov") adds to the person with that family name, or makes a person of its own (put on
the review list) when no full name is given anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot.core.normalize import fold
from bot.ingest.mentions import Mention, find_mentions
from bot.ingest.names import aliases_for, slug
from bot.ingest.review import Review
from bot.ingest.sentences import Document, Sentence

COUNTRY_PLACEHOLDER = "REVIEW: country"
ROLE_PLACEHOLDER = "REVIEW: role"


@dataclass(eq=False)  # compared and hashed by identity: one record per person
class PersonDraft:
    """A person the release names, and the sentences that say who they are."""

    id: str
    name: str
    surname: str
    role: str = ""
    country: str = ""
    country_stated: bool = False  # the text says the country (not inferred)
    sources: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def aliases(self) -> list[str]:
        return aliases_for(self.name, self.surname)

    def as_yaml(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "country": self.country,
            "aliases": self.aliases,
        }


class People:
    """The people of a release, found again by name in any text."""

    def __init__(self, persons: list[PersonDraft]) -> None:
        self.persons = persons
        self._patterns = [(person, _name_pattern(person)) for person in persons]

    def __iter__(self) -> Iterator[PersonDraft]:
        return iter(self.persons)

    def __len__(self) -> int:
        return len(self.persons)

    def add(self, person: PersonDraft) -> None:
        """Add a person found later (a quoted speaker)."""
        self.persons.append(person)
        self._patterns.append((person, _name_pattern(person)))

    def by_id(self, person_id: str) -> PersonDraft | None:
        return next((p for p in self.persons if p.id == person_id), None)

    def found_in(self, text: str) -> list[PersonDraft]:
        """People named in `text` (full name or family name), in order of first appearance."""
        folded = fold(text)
        hits = []
        for person, pattern in self._patterns:
            match = pattern.search(folded)
            if match:
                hits.append((match.start(), person))
        return [person for _, person in sorted(hits, key=lambda hit: hit[0])]

    def resolve(self, speaker: str) -> PersonDraft | None:
        """The person a speaker phrase ("Minister Häkkänen", "Häkkänen") refers to."""
        found = self.found_in(speaker)
        return found[-1] if found else None


def find_people(document: Document, review: Review) -> People:
    """Everyone named with a title in the release (contact lines excluded)."""
    mentions = [
        (mention, sentence)
        for sentence in document.sentences
        if not document.paragraphs[sentence.paragraph].is_contact
        for mention in find_mentions(sentence.clean)
    ]
    persons: dict[str, PersonDraft] = {}
    for mention, sentence in mentions:
        if mention.is_full_name:
            _add(persons, mention, sentence)
    for mention, sentence in mentions:
        if not mention.is_full_name:
            _add_by_surname(persons, mention, sentence, review)
    for person in persons.values():
        _settle_role_and_country(person)
    return People(_with_unique_ids(list(persons.values())))


def assume_home_country(people: People, home: str | None, how: str, review: Review) -> None:
    """Give people without a stated country the release's own country, with a review note."""
    for person in people:
        if person.country:
            continue
        if home:
            person.country = home
            review.note(f"country of {person.name} not stated: {home} assumed from {how}")
        else:
            person.country = COUNTRY_PLACEHOLDER
            review.note(f"country of {person.name} unknown: '{COUNTRY_PLACEHOLDER}' written")


def add_speaker(people: People, name: str, sentence: Sentence, review: Review) -> PersonDraft:
    """A quoted speaker who is never introduced with a title becomes a person to review."""
    words = name.split()
    person = PersonDraft(
        id=_free_id(people, slug(words[-1], separator="")),
        name=name,
        surname=" ".join(words[1:]) if len(words) > 1 else name,
        role=ROLE_PLACEHOLDER,
        country=COUNTRY_PLACEHOLDER,
        sources=[sentence],
    )
    people.add(person)
    review.note(
        f"speaker {name} is quoted but never given a title: '{ROLE_PLACEHOLDER}' and "
        f"'{COUNTRY_PLACEHOLDER}' written"
    )
    return person


def _add(persons: dict[str, PersonDraft], mention: Mention, sentence: Sentence) -> None:
    key = fold(mention.name)
    person = persons.get(key)
    if person is None:
        person = PersonDraft(id="", name=mention.name, surname=mention.surname)
        persons[key] = person
    person.mentions.append(mention)
    if sentence not in person.sources:
        person.sources.append(sentence)


def _add_by_surname(
    persons: dict[str, PersonDraft], mention: Mention, sentence: Sentence, review: Review
) -> None:
    matches = [p for p in persons.values() if fold(p.surname) == fold(mention.surname)]
    if len(matches) > 1:
        review.note(f"'{mention.title} {mention.name}' could be several people: not linked")
        return
    if matches:
        matches[0].mentions.append(mention)
        return
    review.note(f"{mention.title} {mention.name} is named by family name only: check the name")
    _add(persons, mention, sentence)


def _settle_role_and_country(person: PersonDraft) -> None:
    """Role from the fullest titled mention; country from the title, else an adjective."""
    full = [m for m in person.mentions if m.is_full_name] or person.mentions
    person.role = max((m.title for m in full), key=len)
    ranked = sorted(
        (m for m in person.mentions if m.country),
        key=lambda m: (not m.country_from_title, not m.is_full_name),
    )
    if ranked:
        person.country = ranked[0].country or ""
        person.country_stated = True


def _with_unique_ids(persons: list[PersonDraft]) -> list[PersonDraft]:
    used: set[str] = set()
    for person in persons:
        base = slug(person.surname, separator="") or "person"
        candidate = base if base not in used else slug(person.name, separator="")
        number = 2
        while candidate in used:
            candidate, number = f"{base}{number}", number + 1
        person.id = candidate
        used.add(candidate)
    return persons


def _free_id(people: People, base: str) -> str:
    base = base or "person"
    candidate, number = base, 2
    while people.by_id(candidate) is not None:
        candidate, number = f"{base}{number}", number + 1
    return candidate


def _name_pattern(person: PersonDraft) -> re.Pattern[str]:
    """Full name or family name, folded, as whole words (a possessive 's allowed)."""
    names = sorted({fold(person.name), fold(person.surname)}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names if n) + r")s?\b")
