"""Who takes part in a meeting, read from what follows the verb ("met the Speaker of the
Parliament of Latvia and the Latvian Minister of Defence"): people the release names, offices
named without a person ("the President of the Supreme Court"), and groups ("representatives of
Nordic law firms based in Moscow").

An office's name is printed without its country words, which give its country ("the Latvian
Minister of Defence": Minister of Defence, Latvia); so does the institution it belongs to when
the sentence names that institution's country ("a visit to the Supreme Court of the Russian
Federation, where he is to meet the President of the Supreme Court").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.normalize import fold
from bot.ingest.lexicon import GROUP_WORDS, TITLE_HEADS
from bot.ingest.lists import split_items
from bot.ingest.mentions import country_in, find_mentions, role_and_country
from bot.ingest.people import People, PersonDraft
from bot.ingest.sentences import Sentence

_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_INSTITUTION = re.compile(
    r"\b(?:of|for)\s+(?:the\s+)?(?P<institution>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)"
)


@dataclass(eq=False)
class OfficeDraft:
    """An office held by a person the release does not name, or a group of people."""

    id: str
    name: str
    country: str | None
    is_group: bool
    sources: list[Sentence] = field(default_factory=list)

    def as_yaml(self) -> dict[str, object]:
        data: dict[str, object] = {"id": self.id, "name": self.name}
        if self.country:
            data["country"] = self.country
        data["source"] = [sentence.clean for sentence in self.sources]
        return data


@dataclass(frozen=True)
class Party:
    """One participant: a person, or an office or group."""

    person: PersonDraft | None = None
    office: OfficeDraft | None = None

    @property
    def name(self) -> str:
        if self.person is not None:
            return self.person.name
        assert self.office is not None
        return self.office.name

    @property
    def key(self) -> int:
        return id(self.person if self.person is not None else self.office)


class Offices:
    """The offices and groups of a release, one record per name."""

    def __init__(self) -> None:
        self.records: list[OfficeDraft] = []

    def get(
        self, name: str, country: str | None, is_group: bool, sentence: Sentence
    ) -> OfficeDraft:
        key = fold(name)
        record = next((r for r in self.records if fold(r.name) == key), None)
        if record is None:
            record = OfficeDraft("", name, country, is_group)
            self.records.append(record)
        record.country = record.country or country
        if sentence not in record.sources:
            record.sources.append(sentence)
        return record


def parties_in(text: str, sentence: Sentence, people: People, offices: Offices) -> list[Party]:
    """The participants named in `text` (the words after a meeting verb), in order."""
    spans = [(m.start, m.end) for m in find_mentions(text)]
    parties: list[Party] = []
    cursor = 0
    for item in split_items(text):
        start = text.find(item, cursor)
        start = start if start >= 0 else cursor
        end = start + len(item)
        cursor = end
        named = people.found_in(item)
        covered = any(a < end and start < b for a, b in spans)
        if named:
            parties.extend(Party(person=person) for person in named)
        elif covered:
            parties.extend(
                Party(person=p) for p in people.found_in(_span_text(text, spans, start, end))
            )
        else:
            office = _office(item, sentence, offices)
            if office is not None:
                parties.append(Party(office=office))
    return _unique(parties)


def office_name(item: str, sentence: str) -> tuple[str, str | None] | None:
    """An office's name and country from a list item ("the Latvian Minister of Defence"), or
    None if the item names no office."""
    item = _LEADING_ARTICLE.sub("", item.strip())
    words = item.split()
    if not words or not words[0][:1].isupper():
        return None
    if not any(word.strip(",.") in TITLE_HEADS for word in words):
        return None
    name, country = role_and_country(item)
    return name, country or _institution_country(name, sentence)


def group_name(item: str) -> str | None:
    """A group's name as printed ("representatives of Nordic farmers' organisations")."""
    item = _LEADING_ARTICLE.sub("", item.strip())
    words = item.split()
    if words and words[0].lower() in GROUP_WORDS and words[0][:1].islower():
        return item
    return None


def _office(item: str, sentence: Sentence, offices: Offices) -> OfficeDraft | None:
    office = office_name(item, sentence.clean)
    if office is not None:
        return offices.get(office[0], office[1], False, sentence)
    group = group_name(item)
    if group is not None:
        return offices.get(group, None, True, sentence)
    return None


def _institution_country(name: str, sentence: str) -> str | None:
    """'President of the Supreme Court' in a sentence naming 'the Supreme Court of the Russian
    Federation': Russia."""
    for found in _INSTITUTION.finditer(name):
        institution = re.escape(found["institution"])
        elsewhere = re.search(
            rf"{institution}(?P<rest>\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w ]*)", sentence
        )
        if elsewhere:
            country = country_in(elsewhere["rest"])
            if country:
                return country
    return None


def _span_text(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    """The mentions overlapping text[start:end], whole."""
    return " ".join(text[a:b] for a, b in spans if a < end and start < b)


def _unique(parties: list[Party]) -> list[Party]:
    seen: dict[int, Party] = {}
    for party in parties:
        seen.setdefault(party.key, party)
    return list(seen.values())
