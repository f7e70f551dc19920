"""Reading the structured model of a release: people, offices, organisations, places, meetings,
topics and quotes, each with its verbatim sources; every problem with file, line and field.

Cross-references (a meeting's participants and place, a quote's speaker and topic) must name
records of the same file; every `source` must be verbatim in the release text, and a quote's
`text` must be verbatim too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as default

from yaml.nodes import Node

from bot.core.knowledge import (
    Meeting,
    MeetingStatus,
    Office,
    Organisation,
    Person,
    Place,
    Quote,
    Topic,
    squash,
)
from bot.core.nodes import NodeReader

__all__ = ["MODEL_SECTIONS", "Model", "ModelReader", "VerbatimText", "squash"]
MODEL_SECTIONS = ("offices", "organisations", "places", "meetings", "topics", "quotes")


class _Chunks:
    """A node of a trie over quotes cut into chunks of `VerbatimText.CHUNK` characters."""

    __slots__ = ("children", "tails")

    def __init__(self) -> None:
        self.children: dict[str, _Chunks] = {}
        self.tails: list[tuple[str, str]] = []  # (what is left of the quote, the whole quote)


def _starts(initials: Iterable[str]) -> re.Pattern[str]:
    """Where a quote that begins with one of `initials` can begin in the text: a word that
    begins with one of them, or one of them that is not a word character (a quotation mark)."""
    chosen = sorted(set(initials))
    letters = "".join(re.escape(c) for c in chosen if re.match(r"\w", c))
    marks = "".join(re.escape(c) for c in chosen if not re.match(r"\w", c))
    parts = ([rf"(?<!\w)[{letters}]"] if letters else []) + ([f"[{marks}]"] if marks else [])
    return re.compile("|".join(parts) or "(?!)")


class VerbatimText:
    """The release text as quotes are compared with it (`squash`), searched for many quotes at once.

    Searching the whole text for each quote grows with the square of the base. `missing` walks
    the text once instead, from every place a quote can begin, down a trie of all the quotes cut
    into chunks. Quotes shorter than a chunk, and those the walk does not find (one that begins
    inside a word, or one that is not in the text), are searched the plain way: the result is
    exactly `squash(quote) in text`."""

    CHUNK = 16

    def __init__(self, text: str) -> None:
        self.text = squash(text)

    def missing(self, quotes: Iterable[str]) -> set[str]:
        """The quotes (as given) that are not verbatim in the text."""
        squashed = {quote: squash(quote) for quote in quotes}
        found = self._found({value for value in squashed.values() if len(value) >= self.CHUNK})
        return {
            quote
            for quote, value in squashed.items()
            if value not in found and value not in self.text
        }

    def _found(self, quotes: set[str]) -> set[str]:
        """Those of `quotes` (each at least a chunk long) that the walk finds in the text."""
        root = _Chunks()
        for quote in quotes:
            node, at = root, 0
            while len(quote) - at >= self.CHUNK:
                chunk = quote[at : at + self.CHUNK]
                node = node.children.get(chunk) or node.children.setdefault(chunk, _Chunks())
                at += self.CHUNK
            node.tails.append((quote[at:], quote))
        found: set[str] = set()
        text, size = self.text, self.CHUNK
        for start in _starts(quote[0] for quote in quotes).finditer(text):
            at = start.start()
            child = root.children.get(text[at : at + size])
            while child is not None:
                at += size
                for tail, quote in child.tails:
                    if text.startswith(tail, at):
                        found.add(quote)
                child = child.children.get(text[at : at + size])
            if len(found) == len(quotes):
                break
        return found


@dataclass
class Model:
    """The structured records of one knowledge file, with the field path each was read from."""

    people: list[tuple[Person, str]] = default(default_factory=list)
    offices: list[tuple[Office, str]] = default(default_factory=list)
    organisations: list[tuple[Organisation, str]] = default(default_factory=list)
    places: list[tuple[Place, str]] = default(default_factory=list)
    meetings: list[tuple[Meeting, str]] = default(default_factory=list)
    topics: list[tuple[Topic, str]] = default(default_factory=list)
    quotes: list[tuple[Quote, str]] = default(default_factory=list)


class ModelReader(NodeReader):
    """The structured sections of a knowledge file."""

    def model(self, top: dict[str, Node]) -> Model:
        return Model(
            people=self.items(top.get("people"), "people", self.person),
            offices=self.items(top.get("offices"), "offices", self.office),
            organisations=self.items(top.get("organisations"), "organisations", self.organisation),
            places=self.items(top.get("places"), "places", self.place),
            meetings=self.items(top.get("meetings"), "meetings", self.meeting),
            topics=self.items(top.get("topics"), "topics", self.topic),
            quotes=self.items(top.get("quotes"), "quotes", self.quote),
        )

    def person(self, node: Node, field: str) -> Person | None:
        optional = ("country", "aliases", "given_name", "family_name", "organisation", "source")
        fields = self.mapping(node, field, required=("id", "name", "role"), optional=optional)
        if fields is None:
            return None
        person_id = self.identifier(fields.get("id"), f"{field}.id")
        name = self.string(fields.get("name"), f"{field}.name")
        role = self.string(fields.get("role"), f"{field}.role")
        if person_id is None or name is None or role is None:
            return None
        return Person(
            id=person_id,
            name=name,
            role=role,
            country=self.string(fields.get("country"), f"{field}.country", required=False),
            aliases=self.strings(fields.get("aliases"), f"{field}.aliases", required=False),
            given_name=self.string(fields.get("given_name"), f"{field}.given_name", False),
            family_name=self.string(fields.get("family_name"), f"{field}.family_name", False),
            organisation=self.string(fields.get("organisation"), f"{field}.organisation", False),
            sources=self.strings(fields.get("source"), f"{field}.source", required=False),
        )

    def office(self, node: Node, field: str) -> Office | None:
        fields = self.mapping(
            node, field, required=("id", "name", "source"), optional=("country", "aliases")
        )
        if fields is None:
            return None
        office_id = self.identifier(fields.get("id"), f"{field}.id")
        name = self.string(fields.get("name"), f"{field}.name")
        if office_id is None or name is None:
            return None
        return Office(
            id=office_id,
            name=name,
            country=self.string(fields.get("country"), f"{field}.country", required=False),
            aliases=self.strings(fields.get("aliases"), f"{field}.aliases", required=False),
            sources=self.strings(fields.get("source"), f"{field}.source"),
        )

    def organisation(self, node: Node, field: str) -> Organisation | None:
        named = self._named(node, field)
        return Organisation(*named) if named else None

    def place(self, node: Node, field: str) -> Place | None:
        named = self._named(node, field)
        return Place(*named) if named else None

    def _named(
        self, node: Node, field: str
    ) -> tuple[str, str, tuple[str, ...], tuple[str, ...]] | None:
        """id, name, aliases and sources of a record that is only a name."""
        fields = self.mapping(node, field, required=("id", "name", "source"), optional=("aliases",))
        if fields is None:
            return None
        record_id = self.identifier(fields.get("id"), f"{field}.id")
        name = self.string(fields.get("name"), f"{field}.name")
        if record_id is None or name is None:
            return None
        aliases = self.strings(fields.get("aliases"), f"{field}.aliases", required=False)
        return record_id, name, aliases, self.strings(fields.get("source"), f"{field}.source")

    def meeting(self, node: Node, field: str) -> Meeting | None:
        fields = self.mapping(
            node,
            field,
            required=("id", "participants", "status", "source"),
            optional=("place", "time", "questions", "related"),
        )
        if fields is None:
            return None
        meeting_id = self.identifier(fields.get("id"), f"{field}.id")
        participants = self.strings(fields.get("participants"), f"{field}.participants")
        status = self.string(fields.get("status"), f"{field}.status")
        if status is not None and status not in {s.value for s in MeetingStatus}:
            self.problem(fields["status"], f"{field}.status", "must be held or planned")
            status = None
        if meeting_id is None or len(participants) < 2 or status is None:
            if participants and len(participants) < 2:
                self.problem(fields["participants"], f"{field}.participants", "needs two or more")
            return None
        return Meeting(
            id=meeting_id,
            participants=participants,
            status=MeetingStatus(status),
            sources=self.strings(fields.get("source"), f"{field}.source"),
            place=self.string(fields.get("place"), f"{field}.place", required=False),
            time=self.string(fields.get("time"), f"{field}.time", required=False),
            questions=self.strings(fields.get("questions"), f"{field}.questions", False),
            related=self.strings(fields.get("related"), f"{field}.related", required=False),
        )

    def topic(self, node: Node, field: str) -> Topic | None:
        fields = self.mapping(
            node,
            field,
            required=("id", "name", "source"),
            optional=("words", "questions", "related"),
        )
        if fields is None:
            return None
        topic_id = self.identifier(fields.get("id"), f"{field}.id")
        name = self.string(fields.get("name"), f"{field}.name")
        if topic_id is None or name is None:
            return None
        return Topic(
            id=topic_id,
            name=name,
            sources=self.strings(fields.get("source"), f"{field}.source"),
            words=self.strings(fields.get("words"), f"{field}.words", required=False),
            questions=self.strings(fields.get("questions"), f"{field}.questions", False),
            related=self.strings(fields.get("related"), f"{field}.related", required=False),
        )

    def quote(self, node: Node, field: str) -> Quote | None:
        fields = self.mapping(
            node,
            field,
            required=("id", "speaker", "text", "source"),
            optional=("topic", "questions", "related"),
        )
        if fields is None:
            return None
        quote_id = self.identifier(fields.get("id"), f"{field}.id")
        speaker = self.string(fields.get("speaker"), f"{field}.speaker")
        text = self.string(fields.get("text"), f"{field}.text")
        if quote_id is None or speaker is None or text is None:
            return None
        return Quote(
            id=quote_id,
            speaker=speaker,
            text=text,
            sources=self.strings(fields.get("source"), f"{field}.source"),
            topic=self.string(fields.get("topic"), f"{field}.topic", required=False),
            questions=self.strings(fields.get("questions"), f"{field}.questions", False),
            related=self.strings(fields.get("related"), f"{field}.related", required=False),
        )

    # -- checks across records --------------------------------------------------------------

    def check_model(self, model: Model, text: str | VerbatimText) -> None:
        """Cross-references resolve, ids are unique, and sources are verbatim in `text`."""
        release = text if isinstance(text, VerbatimText) else VerbatimText(text)
        groups = (model.people, *(getattr(model, s) for s in MODEL_SECTIONS))
        missing = release.missing(
            [quote for group in groups for record, _ in group for quote in record.sources]
            + [quote.text for quote, _ in model.quotes]
        )
        people = {p.id for p, _ in model.people}
        parties = people | {o.id for o, _ in model.offices}
        places = {p.id for p, _ in model.places}
        topics = {t.id for t, _ in model.topics}
        for section in ("people", *MODEL_SECTIONS):
            self.check_ids(getattr(model, section))
        for group in groups:
            for record, field in group:
                for index, quote in enumerate(record.sources):
                    if quote in missing:
                        self.at(field, "source", index, "is not verbatim in the release text")
        for meeting, field in model.meetings:
            for index, participant in enumerate(meeting.participants):
                if participant not in parties:
                    self.at(field, "participants", index, f"'{participant}' is no person or office")
            if meeting.place is not None and meeting.place not in places:
                self.at(field, "place", None, f"'{meeting.place}' is not the id of a place")
        for quote, field in model.quotes:
            if quote.speaker not in people:
                self.at(field, "speaker", None, f"'{quote.speaker}' is not the id of a person")
            if quote.topic is not None and quote.topic not in topics:
                self.at(field, "topic", None, f"'{quote.topic}' is not the id of a topic")
            if quote.text in missing:
                self.at(field, "text", None, "is not verbatim in the release text")

    def check_ids(self, records: list[tuple[object, str]]) -> None:
        seen: dict[str, str] = {}
        for record, field in records:
            record_id = getattr(record, "id")  # noqa: B009 - every record type has one
            if record_id in seen:
                self.at(field, "id", None, f"'{record_id}' is already used by {seen[record_id]}")
            else:
                seen[record_id] = field
