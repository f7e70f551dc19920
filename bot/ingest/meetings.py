"""Who met whom, where, and whom else someone will meet: "X met Y in Moscow.",
"During his visit to Moscow, X will also meet the Prosecutor General, ..."."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ingest.lists import split_items
from bot.ingest.people import People, PersonDraft
from bot.ingest.sentences import Sentence

_MEET = re.compile(
    r"\b(?P<also>also\s+)?(?P<verb>met|meets|has\s+met|have\s+met|will\s+(?:also\s+)?meet|"
    r"held\s+talks\s+with|holds\s+talks\s+with|hosted|received|welcomed)\b"
)
_OTHER = re.compile(r"\b(?:will|is\s+to|is\s+going\s+to)\s+also\s+meet\b|\balso\s+(?:met|meets)\b")
_PLACE = re.compile(r"\bin\s+(?P<place>[A-ZÀ-ÖØ-Þ][\w-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w-]+)*)")
_HEADLINE_PLACE = re.compile(r"\bin\s+(?P<place>[A-ZÀ-ÖØ-Þ][\w-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w-]+)*)\s*$")


@dataclass(frozen=True)
class Meeting:
    """A meeting the release reports: who on each side, and where if it says."""

    sentence: Sentence
    hosts: tuple[PersonDraft, ...]
    guests: tuple[PersonDraft, ...]
    place: str | None
    place_sentence: Sentence | None

    @property
    def participants(self) -> tuple[PersonDraft, ...]:
        return self.hosts + self.guests


@dataclass(frozen=True)
class OtherMeetings:
    """Whom else someone meets ("will also meet A, B and C")."""

    sentence: Sentence
    person: PersonDraft | None
    whom: tuple[str, ...]


def find_meeting(
    sentences: tuple[Sentence, ...], headline: Sentence, people: People
) -> Meeting | None:
    """The first sentence where named people meet named people."""
    for sentence in sentences:
        text = sentence.clean
        match = _MEET.search(text)
        if match is None or match.group("also") or "also" in match.group("verb"):
            continue
        hosts = tuple(people.found_in(text[: match.start()]))
        guests = tuple(p for p in people.found_in(text[match.end() :]) if p not in hosts)
        if hosts and guests:
            place, where = _place(text[match.end() :], sentence, headline, people)
            return Meeting(sentence, hosts, guests, place, where)
    return None


def find_other_meetings(sentences: tuple[Sentence, ...], people: People) -> list[OtherMeetings]:
    """Sentences saying whom else someone meets."""
    found = []
    for sentence in sentences:
        text = sentence.clean
        match = _OTHER.search(text)
        if match is None:
            continue
        before = people.found_in(text[: match.start()])
        whom = _listed(text[match.end() :].rstrip("."))
        found.append(OtherMeetings(sentence, before[-1] if before else None, whom))
    return found


def _place(
    after: str, sentence: Sentence, headline: Sentence, people: People
) -> tuple[str | None, Sentence | None]:
    """Where the meeting was: "in <Place>" after the verb, else at the end of the headline."""
    for text, source in ((after, sentence), (headline.clean, headline)):
        pattern = _PLACE if source is sentence else _HEADLINE_PLACE
        match = pattern.search(text)
        if match and not people.found_in(match.group("place")):
            return match.group("place"), source
    return None, None


def _listed(text: str) -> tuple[str, ...]:
    """'the Prosecutor General of Russia, the President of the Supreme Court and X' -> parts."""
    return tuple(part for part in split_items(text) if len(part.split()) <= 12)
