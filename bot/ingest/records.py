"""The structured records of a draft, as the knowledge base holds them: people, offices (and
groups), places, meetings, topics and quotes, each with its id and its verbatim sources. The
bot derives its answers from these (`bot.core.derive`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.core.normalize import fold
from bot.ingest.extraction import Extracted
from bot.ingest.keywords import Keywords
from bot.ingest.meetings import MeetingDraft
from bot.ingest.names import IdMaker
from bot.ingest.parties import Party
from bot.ingest.quotes import Quote
from bot.ingest.topics import Topic

_ID_FILLER = frozenset({"of", "the", "for", "and", "on", "to", "in", "a", "an"})
QUOTE_WORDS = 3  # keywords a quote's questions are made from


@dataclass
class Records:
    """The YAML of the structured sections, and the ids given to what the rules found."""

    sections: dict[str, list[dict[str, Any]]]
    meeting_ids: dict[int, str] = field(default_factory=dict)  # id(MeetingDraft) -> id
    party_ids: dict[int, str] = field(default_factory=dict)  # Party.key -> person/office id
    quote_ids: dict[int, str] = field(default_factory=dict)  # id(Quote) -> id
    topic_ids: dict[int, str] = field(default_factory=dict)  # id(Topic) -> id

    def sources(self) -> set[str]:
        """Every sentence some record of an answering kind cites."""
        answering = ("people", "meetings", "topics", "quotes")
        return {s for name in answering for record in self.sections[name] for s in record["source"]}


def build_records(
    extracted: Extracted,
    keywords: Keywords,
    ids: IdMaker,
    related: dict[int, list[str]] | None = None,
) -> Records:
    """The structured sections of the draft. `related` holds, per meeting, entries to link."""
    records = Records(sections={})
    for person in extracted.people:
        ids.take(person.id)
        records.party_ids[id(person)] = person.id
    offices = extracted.meetings.offices.records
    for office in offices:
        office.id = ids.make(_short(office.name))
        records.party_ids[id(office)] = office.id
    places = _places(extracted, ids)
    records.sections = {
        "people": [person.as_yaml() for person in extracted.people],
        "offices": [office.as_yaml() for office in offices],
        "places": [{"id": pid, "name": name, "source": src} for name, (pid, src) in places.items()],
        "meetings": [],
        "topics": [],
        "quotes": [],
    }
    meetings = extracted.meetings.meetings
    for meeting in meetings:
        meeting.id = meeting.id or ids.make("meeting")
        records.meeting_ids[id(meeting)] = meeting.id
    for meeting in meetings:
        place = places[meeting.place][0] if meeting.place else None
        links = [*(related or {}).get(id(meeting), []), *_siblings(meeting, meetings)]
        records.sections["meetings"].append(_meeting(meeting, records, place, links))
    for topic in extracted.topics.topics:
        topic_id = ids.make("topic", " ".join(topic.ordered_words[:3]))
        records.topic_ids[id(topic)] = topic_id
        records.sections["topics"].append(_topic(topic_id, topic))
    said: dict[int, int] = {}
    for quote in extracted.quotes:
        said[id(quote.speaker)] = said.get(id(quote.speaker), 0) + 1
    for quote in extracted.quotes:
        words = keywords.ranked(quote.text)[:QUOTE_WORDS]
        quote_id = ids.make("quote", quote.speaker.id, words[0] if words else "")
        records.quote_ids[id(quote)] = quote_id
        # the bot joins a speaker's quotes in one entry, "<speaker>_quotes", offered next
        together = [f"{quote.speaker.id}_quotes"] if said[id(quote.speaker)] > 1 else []
        records.sections["quotes"].append(_quote(quote_id, quote, words, together))
    return records


def party_id(records: Records, party: Party) -> str:
    return records.party_ids[party.key]


def _meeting(
    meeting: MeetingDraft, records: Records, place: str | None, related: list[str]
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": meeting.id,
        "participants": [party_id(records, party) for party in meeting.participants],
    }
    if place:
        data["place"] = place
    if meeting.when is not None:
        data["time"] = meeting.when.wording
    data["status"] = meeting.status
    data["source"] = [sentence.clean for sentence in meeting.sentences]
    questions = _meeting_questions(meeting, any(r.startswith("programme") for r in related))
    if questions:
        data["questions"] = questions
    if related:
        data["related"] = related
    return data


def _siblings(meeting: MeetingDraft, meetings: list[MeetingDraft]) -> list[str]:
    """The other meetings with someone of this one: offered next, and no reason to ask back
    which one is meant (the first one written answers)."""
    people = {id(person) for person in meeting.people}
    return [
        other.id
        for other in meetings
        if other is not meeting and people & {id(person) for person in other.people}
    ]


def _meeting_questions(meeting: MeetingDraft, in_programme: bool) -> list[str]:
    """Phrasings the derived ones lack: the verb the release uses ("host", "hold talks")."""
    host = meeting.host.person
    if host is None:
        return []
    verbs = " ".join(fold(sentence.clean) for sentence in meeting.sentences)
    name = host.surname
    questions = []
    if " host" in verbs:
        questions += [
            f"Whom will {name} host?",
            f"Who will {name} host?",
            f"Who is {name} hosting?",
        ]
    if "talks" in verbs and meeting.status == "held":
        questions += ["Who held talks with whom?", f"With whom did {name} hold talks?"]
    if meeting.status == "planned" and not in_programme:
        questions += [f"Whom will {name} meet?", f"Who will {name} meet with?"]
    return questions


def _topic(topic_id: str, topic: Topic) -> dict[str, Any]:
    return {
        "id": topic_id,
        "name": topic.text,
        "source": [sentence.clean for sentence in topic.sentences],
    }


def _quote(quote_id: str, quote: Quote, words: list[str], related: list[str]) -> dict[str, Any]:
    speaker = quote.speaker
    questions = [f"What did {speaker.surname} say about {word}?" for word in words]
    if words:
        questions += [
            f"What did {speaker.name} say about {words[0]}?",
            f"{speaker.surname}'s quote on {words[0]}",
            f"What does {speaker.surname} think about {words[0]}?",
        ]
    if len(words) > 1:
        questions.append(f"{speaker.surname} on {words[0]} and {words[1]}")
    data: dict[str, Any] = {
        "id": quote_id,
        "speaker": speaker.id,
        "text": quote.text,
        "source": quote.sources,
    }
    if questions:
        data["questions"] = questions
    if related:
        data["related"] = related
    return data


def _places(extracted: Extracted, ids: IdMaker) -> dict[str, tuple[str, list[str]]]:
    """Each place with its id and the sentences that name it."""
    places: dict[str, tuple[str, list[str]]] = {}
    meetings = extracted.meetings
    for name in meetings.places:
        sentences = [s for m in meetings.meetings if m.place == name for s in m.sentences]
        sentences += [v.sentence for v in meetings.visits if v.place == name]
        naming = [s.clean for s in sentences if fold(name) in fold(s.clean)]
        naming = naming or [s.clean for s in sentences]
        places[name] = (ids.make(_short(name)), list(dict.fromkeys(naming)))
    return places


def _short(name: str) -> str:
    """Words of a name worth an id: 'President of the Supreme Court' -> 'president supreme
    court'."""
    words = [word for word in name.split() if word.lower() not in _ID_FILLER]
    return " ".join(words[:5]) or name
