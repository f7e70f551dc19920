"""Who met (or will meet) whom, where and when, and the visits meetings are part of.

The forms releases use: "A met B", "A and B met", "A held talks with B", "A will meet (with)
B", "A will have a meeting with B", "A will host B", "A will also hold talks on Friday with B",
and lists of people to meet ("He will also meet the Commissioner ..., the Director ... and
representatives of ..."). The subject may be a pronoun ("He will meet ...", for the person the
release is about), "the ministers" (the people of the first meeting) or "the Minister".

A visit ("X will visit Nairobi from 4 to 6 March", "A will host B in Helsinki on ...") gives the
meetings of the visitor that follow it their place and dates, unless they state their own. A
sentence that restates a meeting already found ("X will have a meeting with Y at the official
residence") adds its sentence to that meeting instead of making another.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.core.normalize import fold
from bot.ingest.dates import DatePhrase, find_date_phrase
from bot.ingest.parties import Offices, Party, parties_in
from bot.ingest.people import People, PersonDraft
from bot.ingest.places import headline_place, place_in
from bot.ingest.review import Review
from bot.ingest.sentences import Sentence

HELD = "held"
PLANNED = "planned"
_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w'’.-]*)*"
_PLANNED_VERB = (
    r"(?:will|shall|is\s+to|are\s+to|is\s+(?:also\s+)?going\s+to|are\s+going\s+to|is\s+due\s+to)"
    r"\s+(?:also\s+)?(?:meet(?:\s+with)?|host|receive|hold\s+talks(?:\s+[\w.]+){0,3}?\s+with|"
    r"have\s+(?:a\s+meeting|meetings|talks)\s+with|hold\s+(?:a\s+meeting|meetings)\s+with)"
)
_HELD_VERB = (
    r"held\s+talks\s+with|had\s+(?:a\s+meeting|meetings|talks)\s+with|"
    r"(?:has|have)\s+(?:also\s+)?met(?:\s+with)?|met\s+with|met|hosted"
)
_VERB = re.compile(rf"\b(?:(?P<planned>{_PLANNED_VERB})|(?P<held>{_HELD_VERB}))\b")
_NO_MEETING = re.compile(r"\bagreed?\s+to\s+meet\b")
_HOST = re.compile(r"\bhost(?:ed|s)?\b")
_VISIT = re.compile(
    r"\b(?P<verb>(?:will|is\s+to)\s+(?:also\s+)?(?:visit|travel\s+to|pay\s+(?:an?\s+)?(?:\w+\s+)?"
    r"visit\s+to)|is\s+(?:visiting|travelling\s+to)|visited|travelled\s+to|traveled\s+to|"
    rf"paid\s+(?:an?\s+)?(?:\w+\s+)?visit\s+to)\s+(?P<place>{_NAME})"
)
_CLAUSE_END = re.compile(
    r",?\s+(?:where|when|while|during|after|before|because|as\s+well\s+as)\b|;|"
    r"\s+to\s+(?=[a-z])|\s+at\s+(?=the\b|[A-Z])|(?<!based)(?<!located)\s+in\s+(?=[A-Z])"
)
_CLAUSE_START = re.compile(r",\s+(?:where|when|while)\b|;")
_GROUP_SUBJECT = re.compile(
    r"\bthe\s+(?:two\s+)?(?:ministers|prime ministers|leaders|premiers|presidents|heads of "
    r"government|foreign ministers|finance ministers)(?:\s+(?:also|last|then|later|first|"
    r"again|previously|already|jointly))*\s*$"
)
_THE_MINISTER = re.compile(r"\bthe\s+minister(?:\s+(?:also|then|later))*\s*$")
_PRONOUN = re.compile(r"\b(?P<pronoun>he|she|they)(?:\s+(?:also|then|later))*\s*$")


@dataclass(frozen=True)
class Visit:
    """Someone's visit to a place, with its dates if the release gives them."""

    person: PersonDraft
    place: str
    when: DatePhrase | None
    sentence: Sentence
    status: str


@dataclass(eq=False)
class MeetingDraft:
    """A meeting: its participants (the host first), held or planned, place and date phrase,
    and the sentences that say so (with the visit's sentence when place or date come from it)."""

    participants: list[Party]
    status: str
    sentences: list[Sentence]
    place: str | None = None
    when: DatePhrase | None = None
    own_place: bool = False  # stated in the meeting's own sentence
    own_when: bool = False
    id: str = ""
    visit: Visit | None = None

    @property
    def host(self) -> Party:
        return self.participants[0]

    @property
    def people(self) -> list[PersonDraft]:
        return [party.person for party in self.participants if party.person is not None]

    def keys(self) -> frozenset[int]:
        return frozenset(party.key for party in self.participants)


@dataclass
class Meetings:
    """Every meeting and visit of a release, in reading order."""

    meetings: list[MeetingDraft] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    offices: Offices = field(default_factory=Offices)

    @property
    def places(self) -> list[str]:
        found = [m.place for m in self.meetings if m.place] + [v.place for v in self.visits]
        return list(dict.fromkeys(found))


def find_meetings(
    sentences: tuple[Sentence, ...],
    headline: Sentence,
    people: People,
    published: dt.date | None,
    review: Review,
) -> Meetings:
    """Every meeting and visit that `sentences` (the release's own, quotes left out) report."""
    reader = _Reader(headline, people, published, review)
    for sentence in sentences:
        reader.read(sentence)
    return reader.found


class _Reader:
    """Reads sentences in order, keeping the visit and the meetings found so far."""

    def __init__(
        self, headline: Sentence, people: People, published: dt.date | None, review: Review
    ) -> None:
        self.headline = headline
        self.people = people
        self.published = published
        self.review = review
        self.found = Meetings()
        self.names = [name for p in people for name in (p.name, p.surname, *p.name.split())]

    def read(self, sentence: Sentence) -> None:
        text = sentence.clean
        visit = self.visit_in(sentence)
        verb = _VERB.search(text)
        if verb is None or _NO_MEETING.search(text):
            if visit is not None:
                self.found.visits.append(visit)
            return
        status = PLANNED if verb["planned"] else HELD
        before = _clause_before(text[: verb.start()])
        hosts = self.subject(before)
        guests = parties_in(_object(text[verb.end() :]), sentence, self.people, self.found.offices)
        participants = _joined(hosts, guests)
        if len(participants) < 2:
            if visit is not None:
                self.found.visits.append(visit)
            if hosts or guests:
                self.review.note(f"meeting in '{_excerpt(text)}': participants not found")
            return
        meeting = MeetingDraft(participants, status, [sentence])
        self.locate(meeting, sentence)
        if _HOST.search(verb.group(0)) and meeting.place and guests and guests[0].person:
            visit = Visit(guests[0].person, meeting.place, meeting.when, sentence, status)
        if visit is not None:
            self.found.visits.append(visit)
        self.add(meeting)

    def visit_in(self, sentence: Sentence) -> Visit | None:
        """'X will visit Nairobi from 4 to 6 March': X's visit, with its place and dates."""
        text = sentence.clean
        found = _VISIT.search(text)
        if found is None:
            return None
        place = place_in(f"in {found['place']}", [], self.names)
        visitors = self.subject(_clause_before(text[: found.start()]))
        if place is None or len(visitors) != 1 or visitors[0].person is None:
            return None
        status = PLANNED if found["verb"].startswith(("will", "is")) else HELD
        when = find_date_phrase(text, self.published, self.review)
        return Visit(visitors[0].person, place, when, sentence, status)

    def subject(self, before: str) -> list[Party]:
        """Who does what the verb says: named people, "he"/"she", "the ministers"."""
        folded = fold(before)
        pronoun = _PRONOUN.search(folded)
        if (pronoun and pronoun["pronoun"] == "they") or _GROUP_SUBJECT.search(folded):
            return self.first_meeting_people()
        if pronoun or _THE_MINISTER.search(folded):
            protagonist = self.protagonist()
            return [Party(person=protagonist)] if protagonist else []
        return [Party(person=person) for person in self.people.found_in(before)]

    def protagonist(self) -> PersonDraft | None:
        """Whom "he", "she" or "the Minister" stands for: the visitor, else the host of the
        last meeting, else the first person named."""
        if self.found.visits:
            return self.found.visits[-1].person
        if self.found.meetings:
            host = self.found.meetings[-1].host.person
            if host is not None:
                return host
        return next(iter(self.people), None)

    def first_meeting_people(self) -> list[Party]:
        if not self.found.meetings:
            return []
        return [party for party in self.found.meetings[0].participants if party.person]

    def locate(self, meeting: MeetingDraft, sentence: Sentence) -> None:
        """Place and date from the meeting's own sentence, else from the visit it is part of,
        else (for the first meeting) the place at the end of the headline."""
        text = sentence.clean
        for party in meeting.participants:  # "the Mayor of Helsinki" says nothing of where
            if party.office is not None:
                text = re.sub(re.escape(party.office.name), " ", text, flags=re.IGNORECASE)
        meeting.place = place_in(text, self.found.places, self.names)
        meeting.when = find_date_phrase(text, self.published, self.review)
        meeting.own_place, meeting.own_when = meeting.place is not None, meeting.when is not None
        visit = self.visit_for(meeting)
        if visit is not None and (meeting.place is None or meeting.when is None):
            meeting.visit = visit
            meeting.place = meeting.place or visit.place
            meeting.when = meeting.when or visit.when
            if visit.sentence not in meeting.sentences:
                meeting.sentences.insert(0, visit.sentence)
        if meeting.place is None and not self.found.meetings:
            meeting.place = headline_place(self.headline.clean, self.names)
            if meeting.place is not None:
                meeting.sentences.append(self.headline)

    def visit_for(self, meeting: MeetingDraft) -> Visit | None:
        people = set(map(id, meeting.people))
        return next((v for v in reversed(self.found.visits) if id(v.person) in people), None)

    def add(self, meeting: MeetingDraft) -> None:
        """Add `meeting`, or merge it into the same meeting found before (a restatement)."""
        for earlier in self.found.meetings:
            if earlier.keys() == meeting.keys() and _same_occasion(earlier, meeting):
                for sentence in meeting.sentences:
                    if sentence not in earlier.sentences:
                        earlier.sentences.append(sentence)
                earlier.place = earlier.place or meeting.place
                earlier.when = earlier.when or meeting.when
                return
        self.found.meetings.append(meeting)


def _same_occasion(earlier: MeetingDraft, later: MeetingDraft) -> bool:
    """Whether two meetings of the same people are one: same status, and no place or date
    of the later one's own that differs ("the two ministers last met in Oslo" is another)."""
    if earlier.status != later.status:
        return False
    if later.own_place and earlier.place and fold(later.place or "") != fold(earlier.place):
        return False
    return not (later.own_when and earlier.when and later.when != earlier.when)


def _clause_before(text: str) -> str:
    """The clause a verb belongs to: after ", where" or a semicolon."""
    starts = [m.end() for m in _CLAUSE_START.finditer(text)]
    return text[starts[-1] :] if starts else text


def _object(text: str) -> str:
    """What follows a meeting verb, up to where the clause goes on to say where, when or why."""
    end = _CLAUSE_END.search(text)
    text = text[: end.start()] if end else text
    date = find_date_phrase(text)
    if date is not None:
        text = text.replace(date.text, " ")
    return " ".join(text.split()).strip(" ,.")


def _joined(hosts: list[Party], guests: list[Party]) -> list[Party]:
    seen = {party.key for party in hosts}
    return [*hosts, *(party for party in guests if party.key not in seen)]


def _excerpt(text: str) -> str:
    return text if len(text) <= 60 else text[:60].rsplit(" ", 1)[0] + "…"
