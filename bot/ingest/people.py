"""People the release names: their name, courtesy title, role and country, and how to find them
again by name.

Mentions with a full name make a person; a mention by family name alone ("Russian Minister of
Justice Konovalov", "Ms Salo") adds to the person with that family name, or makes a person of
its own (put on the review list) when no full name is given anywhere. The role is the fullest
title printed with the name, or the one a sentence gives ("Sandvold serves as Norway's Minister
of Trade and Industry"). The country is only what the text says: a title ("of the Russian
Federation", "Sweden's", "British"), "his Estonian counterpart", or a headline that pairs the
countries ("Prime Ministers of Finland and Sweden"). Otherwise there is none, and the review list
says so: the publisher's country is never assumed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot.core.normalize import fold
from bot.ingest.mentions import Mention, country_of_adjective, find_mentions, role_and_country
from bot.ingest.names import aliases_for, ascii_spelling, slug
from bot.ingest.review import Review
from bot.ingest.sentences import Document, Sentence

ROLE_PLACEHOLDER = "REVIEW: role"
_COUNTERPART = re.compile(
    r"\b(?:his|her|their)\s+(?P<adjective>[A-Z][\w'’]*)\s+(?:counterpart|colleague)s?,?\s*$"
)
_SERVES_AS = (
    r"\b{name}\s+(?:serves|served|is|was|works|worked|acts)\s+as\s+"
    r"(?P<title>(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:of|for|the|and|on|[A-Z][\w'’-]*))*)"
)
_PAIRED = re.compile(
    r"\b(?i:ministers|prime ministers|premiers|leaders|presidents)\s+of\s+"
    r"(?P<a>[A-Z]\w*(?:\s+[A-Z]\w*)?)\s+and\s+(?P<b>[A-Z]\w*(?:\s+[A-Z]\w*)?)\b"
)


@dataclass(eq=False)  # compared and hashed by identity: one record per person
class PersonDraft:
    """A person the release names, and the sentences that say who they are."""

    id: str
    name: str
    surname: str
    given_name: str = ""
    role: str = ""
    country: str | None = None
    honorific: str | None = None
    sources: list[Sentence] = field(default_factory=list)
    mentions: list[tuple[Mention, Sentence]] = field(default_factory=list)

    @property
    def aliases(self) -> list[str]:
        """What people type: the family name and full name, as printed and in ASCII, and both
        with the courtesy title the release uses ("Ms Dahlström")."""
        names = aliases_for(self.name, self.surname)
        if self.honorific:
            honoured = [f"{self.honorific} {self.surname}", f"{self.honorific} {self.name}"]
            names += [*honoured, *(ascii_spelling(name) for name in honoured)]
        return list(dict.fromkeys(names))

    def add_source(self, sentence: Sentence) -> None:
        if sentence not in self.sources:
            self.sources.append(sentence)

    def as_yaml(self) -> dict[str, object]:
        data: dict[str, object] = {"id": self.id, "name": self.name}
        if self.given_name and self.given_name != self.name:
            data["given_name"] = self.given_name
            data["family_name"] = self.surname
        data["role"] = self.role or ROLE_PLACEHOLDER
        if self.country:
            data["country"] = self.country
        data["aliases"] = self.aliases
        data["source"] = [sentence.clean for sentence in self.sources]
        return data


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
        return [person for _, person in self.positions(text)]

    def positions(self, text: str) -> list[tuple[int, PersonDraft]]:
        """(where in the folded `text`, person) for everyone named in it, in order."""
        folded = fold(text)
        hits = []
        for person, pattern in self._patterns:
            match = pattern.search(folded)
            if match:
                hits.append((match.start(), person))
        return sorted(hits, key=lambda hit: hit[0])

    def resolve(self, speaker: str) -> PersonDraft | None:
        """The person a speaker phrase ("Minister Häkkänen", "Häkkänen") refers to."""
        found = self.found_in(speaker)
        return found[-1] if found else None


def find_people(document: Document, review: Review) -> People:
    """Everyone the release names with a title or a courtesy title (contact lines excluded)."""
    sentences = [document.headline, *document.body_sentences()]
    mentions = [(m, s) for s in sentences for m in find_mentions(s.clean)]
    persons: dict[str, PersonDraft] = {}
    for mention, sentence in mentions:
        if mention.is_full_name:
            _add(persons, mention, sentence)
    for mention, sentence in mentions:
        if not mention.is_full_name:
            _add_by_surname(persons, mention, sentence, review)
    people = People(_with_unique_ids(list(persons.values())))
    for person in people:
        _settle(person, sentences, review)
    return people


def countries_from_headline(
    headline: Sentence, participants: list[PersonDraft], review: Review
) -> None:
    """'Prime Ministers of Finland and Sweden met ...': with one of two participants from one of
    the countries, the other is from the other."""
    paired = _PAIRED.search(headline.clean)
    if paired is None or len(participants) != 2:
        return
    countries = [country_of_adjective(paired[key].strip()) for key in ("a", "b")]
    if None in countries or countries[0] == countries[1]:
        return
    known = [p for p in participants if p.country in countries]
    unknown = [p for p in participants if p.country is None]
    if len(known) == 1 and len(unknown) == 1:
        other = next(c for c in countries if c != known[0].country)
        unknown[0].country = other
        unknown[0].add_source(headline)
        review.note(f"country of {unknown[0].name} taken from the headline: {other}")


def note_unstated_countries(people: People, review: Review) -> None:
    for person in people:
        if person.country is None:
            review.note(f"country of {person.name} not stated: none written (add it if known)")


def add_speaker(people: People, name: str, sentence: Sentence, review: Review) -> PersonDraft:
    """A quoted speaker who is never introduced with a title becomes a person to review."""
    words = name.split()
    person = PersonDraft(
        id=_free_id(people, slug(words[-1], separator="")),
        name=name,
        surname=words[-1],
        given_name=" ".join(words[:-1]),
        role=ROLE_PLACEHOLDER,
        sources=[sentence],
    )
    people.add(person)
    review.note(f"speaker {name} is quoted but never given a title: '{ROLE_PLACEHOLDER}' written")
    return person


def _add(persons: dict[str, PersonDraft], mention: Mention, sentence: Sentence) -> None:
    key = fold(mention.name)
    person = persons.get(key)
    if person is None:
        person = PersonDraft(
            id="", name=mention.name, surname=mention.surname, given_name=mention.given_name
        )
        persons[key] = person
    person.mentions.append((mention, sentence))
    if mention.role or not person.sources:
        person.add_source(sentence)


def _add_by_surname(
    persons: dict[str, PersonDraft], mention: Mention, sentence: Sentence, review: Review
) -> None:
    matches = [p for p in persons.values() if fold(p.surname) == fold(mention.surname)]
    if len(matches) > 1:
        review.note(f"'{mention.title} {mention.name}' could be several people: not linked")
        return
    if matches:
        matches[0].mentions.append((mention, sentence))
        return
    if not mention.role:
        return  # "Ms Salo" with no Salo named in full: nobody to add it to
    review.note(f"{mention.title} {mention.name} is named by family name only: check the name")
    _add(persons, mention, sentence)


def _settle(person: PersonDraft, sentences: list[Sentence], review: Review) -> None:
    """Role from the fullest titled mention (or a sentence that gives it), country from the
    title, an adjective before "counterpart", or that sentence; the courtesy title if any."""
    titled = [(m, s) for m, s in person.mentions if m.role]
    full = [m for m, _ in titled if m.is_full_name]
    if full:
        person.role = max((m.role for m in full), key=len)
    else:
        _from_a_sentence(person, sentences)  # "Sandvold serves as ..." before "Minister Sandvold"
        roles = [person.role, *(m.role for m, _ in titled)]
        person.role = max(roles, key=len)
    person.honorific = next((m.honorific for m, _ in person.mentions if m.honorific), None)
    for mention, sentence in sorted(titled, key=lambda pair: not pair[0].is_full_name):
        if mention.country:
            person.country = mention.country
            person.add_source(sentence)
            break
    if person.country is None:
        person.country = _counterpart_country(person)
    if not person.role or person.country is None:
        _from_a_sentence(person, sentences)
    if not person.role:
        person.role = ROLE_PLACEHOLDER
        review.note(f"{person.name} is named without a title: '{ROLE_PLACEHOLDER}' written")


def _counterpart_country(person: PersonDraft) -> str | None:
    """'... met his Estonian counterpart, Minister of Climate Tarmo Kallaste': Estonia."""
    for mention, sentence in person.mentions:
        found = _COUNTERPART.search(sentence.clean[: mention.start])
        if found and country_of_adjective(found["adjective"]):
            person.add_source(sentence)
            return country_of_adjective(found["adjective"])
    return None


def _from_a_sentence(person: PersonDraft, sentences: list[Sentence]) -> None:
    """'Sandvold serves as Norway's Minister of Trade and Industry': role and country."""
    pattern = re.compile(_SERVES_AS.format(name=re.escape(person.surname)))
    for sentence in sentences:
        found = pattern.search(sentence.clean)
        if found is None:
            continue
        title = re.sub(r"(?:\s+(?:of|for|the|and|on))+$", "", found["title"])
        role, country = role_and_country(title)
        if not person.role and role:
            person.role = role
            person.add_source(sentence)
        if person.country is None and country:
            person.country = country
            person.add_source(sentence)
        return


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
