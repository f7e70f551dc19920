"""Entries made from the structured model of a release, so that a release with only structured
records (and no hand-written alternative questions) can be answered.

Each meeting, person, topic, quote and contact gives an entry whose phrasings are the questions
people ask about such a record, and whose answer is composed from the record with its verbatim
sources. What the model shows the release does not say gives "not stated" entries: the name of
an office held by no named person, the day of a meeting without a time, the words of a
participant the release does not quote. Where the knowledge base has an authored entry with the
same id, the authored answer wins and the derived phrasings, intents and subjects are added to
it. The phrasings are English; they are data about how people ask, not about any one release.
The answers are worded by `bot.core.phrases` in each language it can compose them in without
translating an English word of the knowledge base (a role, a topic, a quote); the others are in
English only, and answered so, with a note, in the other languages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import TypedDict

import yaml

from bot.core.intents import intents_of
from bot.core.knowledge import (
    Entry,
    EntryKind,
    Intent,
    KnowledgeBase,
    Meeting,
    MeetingStatus,
    Office,
    Person,
    Quote,
    Topic,
)
from bot.core.language import asked_in
from bot.core.normalize import fold
from bot.core.phrases import ENGLISH, LANGUAGES, Phrases, phrases
from bot.core.wording import listed

NOT_STATED = phrases(ENGLISH).not_stated
Template = Callable[[Phrases], str]  # a phrase of the catalogue, for every language


def with_derived_entries(base: KnowledgeBase) -> KnowledgeBase:
    """`base` with the entries derived from its model merged into (or added to) its entries.
    Its phrasings are read in the release's language (no detection: they are the release's)."""
    with asked_in(base.release.language):
        return _with_derived_entries(base)


def _with_derived_entries(base: KnowledgeBase) -> KnowledgeBase:
    authored = {entry.id: entry for entry in base.entries}
    owner = {fold(q): entry.id for entry in base.entries for q in entry.questions}
    merged = dict(authored)
    for derived in (_in_release_language(e, base.release.language) for e in derive(base)):
        # a phrasing another entry was written for stays with that entry alone
        own = tuple(q for q in derived.questions if owner.get(fold(q), derived.id) == derived.id)
        derived = replace(derived, questions=own or derived.questions[:1])
        existing = merged.get(derived.id)
        merged[derived.id] = derived if existing is None else _merge(existing, derived)
    inferred = [
        entry if entry.intents or entry.kind is EntryKind.SMALLTALK else _with_inferred(entry)
        for entry in merged.values()
    ]
    # a person's record may cite their quote for what it implies ("trade between Finland and
    # Estonia": her country); the quote's words are the quote's phrasings, not who they are
    quoted = frozenset(s for quote in base.quotes for s in quote.sources)
    people = frozenset(person.id for person in base.people)
    return replace(
        base,
        entries=tuple(
            _with_sources_as_phrasings(e, quoted if e.id in people else frozenset())
            for e in inferred
        ),
    )


def _in_release_language(entry: Entry, language: str) -> Entry:
    """A composed entry whose `answer` is in the release's language when it is composed in it
    (the English wording then being one of its `answers`)."""
    own = entry.answer_in(language) if language != ENGLISH else None
    if own is None:
        return entry
    others = tuple((code, text) for code, text in entry.answers if code != language)
    return replace(entry, answer=own, answers=(*others, (ENGLISH, entry.answer)))


def _with_sources_as_phrasings(entry: Entry, skipped: frozenset[str] = frozenset()) -> Entry:
    """A fact matches the release's own words too: its source sentences (but `skipped`) are
    phrasings."""
    if entry.kind is not EntryKind.FACT or not entry.sources:
        return entry
    own = (s for s in entry.sources if s not in skipped)
    return replace(entry, questions=tuple(dict.fromkeys((*entry.questions, *own))))


def derive(base: KnowledgeBase) -> list[Entry]:
    entries: list[Entry] = []
    for meeting in base.meetings:
        entries.extend(_meeting_entries(base, meeting))
    for person in base.people:
        entries.append(_person_entry(base, person))
    entries.extend(_office_entries(base))
    for topic in base.topics:
        entries.append(_topic_entry(topic))
    if base.topics:
        entries.append(_topics_entry(base))
    for quote in base.quotes:
        entries.append(_quote_entry(base, quote))
    entries.extend(_speaker_entries(base))
    entries.append(_contact_entry(base))
    if not base.contact.email:
        entries.append(_email_unknown(base))
    entries.append(_summary_entry(base))
    entries.extend(_smalltalk_entries())
    return entries


# -- meetings -------------------------------------------------------------------------------


def _meeting_entries(base: KnowledgeBase, meeting: Meeting) -> list[Entry]:
    host, *others = meeting.participants
    host_name = _surname(base, host)
    place = base.named(meeting.place) if meeting.place else None
    in_place = f" in {place}" if place else ""
    guests = listed([_full(base, other) for other in others])
    if meeting.status is MeetingStatus.HELD:
        answer = f"{_full(base, host)} met {guests}{in_place}"
        answer += f" {meeting.time}." if meeting.time else "."
        questions = _held_questions(base, meeting, host_name, place)
        intents = {Intent.WHO} | ({Intent.WHERE} if place else set())
        intents |= {Intent.WHEN} if meeting.time else set()
    else:
        when = f" {meeting.time}" if meeting.time else ""
        answer = f"{host_name} will also meet {guests}{in_place}{when}."
        questions = _planned_questions(base, meeting, host_name, place)
        intents = {Intent.WHO}
    entry = Entry(
        id=meeting.id,
        kind=EntryKind.FACT,
        questions=(*meeting.questions, *questions),
        answer=answer,
        sources=meeting.sources,
        related=meeting.related,
        intents=frozenset(intents),
        about=meeting.participants,
        status=meeting.status,
    )
    if meeting.time and meeting.status is MeetingStatus.HELD:
        entry = replace(entry, questions=(*entry.questions, *WHEN_QUESTIONS))
    entries = [entry]
    if not meeting.time:
        entries.append(_meeting_time_unknown(base, meeting, host_name))
    if place and meeting.status is MeetingStatus.HELD:
        entries.append(_venue_unknown(meeting, place))
    return entries


WHEN_QUESTIONS = (
    "When did they meet?",
    "When was the meeting?",
    "What date was the meeting?",
    "Date?",
    "What day did they meet?",
    "Which day of the week was it?",
    "When?",
    "What year?",
)


def _venue_unknown(meeting: Meeting, place: str) -> Entry:
    return Entry(
        id=f"{meeting.id}_venue",
        kind=EntryKind.NOT_STATED,
        questions=(
            "Where exactly did they meet?",
            f"Where exactly in {place} was the meeting?",
            "In which building did they meet?",
            "What was the venue?",
            "At what address did they meet?",
        ),
        **_composed(lambda say: say.venue_unknown, place=place),
        intents=frozenset({Intent.WHERE}),
        about=meeting.participants,
        status=meeting.status,
    )


def _held_questions(
    base: KnowledgeBase, meeting: Meeting, host: str, place: str | None
) -> list[str]:
    names = [_surname(base, p) for p in meeting.participants]
    guest = names[1]
    questions = [
        "Who met whom?",
        "Who met?",
        f"Who did {host} meet?",
        f"Who did {guest} meet?",
        f"Who met {guest}?",
        f"Who met {host}?",
        f"{host} met whom?",
        f"Who was {host} meeting with?",
        f"Who did {host} hold talks with?",
        f"Did {host} meet {guest}?",
        f"{host} and {guest}",
        "Who was at the meeting?",
        "Who took part in the meeting?",
        "Who were the participants?",
        "Who was the other participant?",
        "Which officials met?",
        "Who held talks?",
    ]
    if place:
        questions += [
            f"Who was {host} with in {place}?",
            f"Whom did {host} meet in {place}?",
            f"Where did {host} and {guest} meet?",
            f"Where did {host} meet {guest}?",
            "Where was the meeting?",
            "Where?",
            "Where did they meet?",
            "Where did the meeting take place?",
            "In which city did they meet?",
            "Where were the talks held?",
            f"Was the meeting in {place}?",
        ]
    return questions


def _planned_questions(
    base: KnowledgeBase, meeting: Meeting, host: str, place: str | None
) -> list[str]:
    questions = [
        f"Who else will {host} meet?",
        f"Who will {host} meet?",
        f"Will {host} meet anyone else?",
        f"Who is {host} meeting during the visit?",
        "What other meetings are planned?",
        "Who else is on the programme?",
        "Who else will he meet?",
        "Other meetings?",
    ]
    if place:
        questions.append(f"Whom else will {host} meet in {place}?")
    for other in meeting.participants[1:]:
        questions.append(f"Will {host} meet the {base.named(other)}?")
    return questions


def _meeting_time_unknown(base: KnowledgeBase, meeting: Meeting, host: str) -> Entry:
    names = [base.named(p) for p in meeting.participants[1:]]
    if meeting.status is MeetingStatus.HELD:
        guest = _surname(base, meeting.participants[1])
        questions = [
            "When did they meet?",
            "When was the meeting?",
            f"When did {host} meet {guest}?",
            "What date was the meeting?",
            "What day did they meet?",
            "When?",
            "What time was the meeting?",
            "When did this happen?",
            "When did the meeting take place?",
            "What year was the meeting?",
        ]
    else:
        questions = [
            f"When will {host} meet the {names[0]}?",
            "When are the other meetings?",
            "What day are the other meetings?",
            *(f"When will {host} meet the {name}?" for name in names[1:]),
        ]
    held = meeting.status is MeetingStatus.HELD
    published = _published(base)
    texts = {
        code: " ".join(
            [say.day_unknown if held else say.times_unknown]
            + ([say.published.format(date=say.date(published))] if published else [])
        )
        for code, say in _languages()
    }
    return Entry(
        id=f"{meeting.id}_when",
        kind=EntryKind.NOT_STATED,
        questions=tuple(questions),
        **_in_languages(texts),
        intents=frozenset({Intent.WHEN}),
        about=meeting.participants,
        status=meeting.status,
    )


# -- people and offices ---------------------------------------------------------------------


def _person_entry(base: KnowledgeBase, person: Person) -> Entry:
    surname = person.surname
    role = person.role
    of_country = (
        f" of {person.country}"
        if person.country and person.country.lower() not in role.lower() and not _demonym_in(role)
        else ""
    )
    answer = f"{person.name} is the {role}{of_country}."
    questions = [
        f"Who is {person.name}?",
        f"Who is {surname}?",
        f"What is {surname}'s job?",
        f"What is {surname}'s role?",
        f"What is {surname}'s title?",
        f"What is {surname}'s position?",
        f"What is {surname}'s first name?",
        f"What is {surname}'s full name?",
        f"Who is the {role}?",
        f"What is the name of the {role}?",
        f"Is {surname} the {role}?",
        f"What does {surname} do?",
    ]
    title = role.split(" of ")[0]  # "Prime Minister of Estonia" -> "Prime Minister"
    questions += [
        role,
        f"{person.name}, {title}",
        f"What is {surname}'s surname?",
        f"What is the {title}'s surname?",
        f"What is the {title}'s first name?",
    ]
    if person.country:
        questions += [
            f"The {person.country} {title}",  # "the Estonian PM", "the Russian minister"
            f"What is the surname of the {person.country} {title}?",
            f"Where is {surname} from?",
            f"Which country is {surname} from?",
            f"What is {surname}'s nationality?",
            f"Which country does {surname} represent?",
        ]
    return Entry(
        id=person.id,
        kind=EntryKind.FACT,
        questions=tuple(questions),
        answer=answer,
        sources=person.sources,
        intents=frozenset({Intent.ATTRIBUTE}),
        about=(person.id,),
    )


def _office_entries(base: KnowledgeBase) -> list[Entry]:
    """For each office held by no named person: the release does not name them."""
    entries = []
    for office in base.offices:
        if not _is_office(office):
            entries.append(_group_unnamed(office))
            continue
        questions = (
            f"Who is the {office.name}?",
            f"What is the name of the {office.name}?",
            f"Name of the {office.name}?",
            *(f"Who is the {alias}?" for alias in office.aliases),
        )
        entries.append(
            Entry(
                id=f"{office.id}_name",
                kind=EntryKind.NOT_STATED,
                questions=questions,
                **_composed(lambda say: say.office_unnamed, office=office.name),
                sources=office.sources,
                intents=frozenset({Intent.ATTRIBUTE}),
                about=(office.id,),
            )
        )
    return entries


def _group_unnamed(group: Office) -> Entry:
    """For a group ("representatives of business life"): the release names none of them."""
    names = (group.name, *group.aliases)
    return Entry(
        id=f"{group.id}_names",
        kind=EntryKind.NOT_STATED,
        questions=(
            *(f"Which {name}?" for name in names),
            *(f"Which {name} will he meet?" for name in names),
            *(f"Which {name} take part in the meetings?" for name in names),
            f"Who are the {group.name}?",
            f"Names of the {group.name}?",
            f"Which {group.name} exactly?",
        ),
        **_composed(lambda say: say.group_unnamed, group=group.name),
        sources=group.sources,
        intents=frozenset({Intent.ATTRIBUTE}),
        about=(group.id,),
    )


def _is_office(office: Office) -> bool:
    """An office held by one person, not a group ("representatives of ...")."""
    return not office.name.lower().startswith(("representatives", "members", "people"))


# -- topics and quotes ----------------------------------------------------------------------


def _topic_entry(topic: Topic) -> Entry:
    names = (topic.name, *topic.words)
    questions = [
        *topic.questions,
        *(f"What about {name}?" for name in names),
        f"Did they discuss {topic.name}?",
        f"Was {topic.name} discussed?",
        f"What did they discuss about {topic.name}?",
        *names,
    ]
    return Entry(
        id=topic.id,
        kind=EntryKind.FACT,
        questions=tuple(questions),
        **_composed(lambda say: say.topic, topic=topic.name),
        sources=topic.sources,
        related=topic.related,
        tags=topic.words,
        intents=frozenset({Intent.DISCUSSED}),
        about=(topic.id,),
    )


def _topics_entry(base: KnowledgeBase) -> Entry:
    """Everything the release says was discussed, in one answer."""
    names = listed([topic.name for topic in base.topics])
    return Entry(
        id="topics",
        kind=EntryKind.FACT,
        questions=(
            "What did they discuss?",
            "What was discussed?",
            "What did they talk about?",
            "What was on the agenda?",
            "Which topics came up?",
            "What were the talks about?",
            "What was the meeting about?",
            "What was the main topic?",
            "Topics?",
            "Agenda?",
        ),
        answer=f"They discussed {names}.",
        sources=tuple(dict.fromkeys(s for topic in base.topics for s in topic.sources)),
        related=tuple(topic.id for topic in base.topics[:3]),
        intents=frozenset({Intent.DISCUSSED}),
    )


def _quote_entry(base: KnowledgeBase, quote: Quote) -> Entry:
    speaker = _surname(base, quote.speaker)
    topic = next((t for t in base.topics if t.id == quote.topic), None)
    questions = [*quote.questions]
    if topic is not None:
        # a word for the topic the release uses in a sentence outside the quote is what that
        # sentence says, not what the speaker said ("electronic evidence" beside the quote on
        # cybercrime)
        text = set(re.findall(r"\w+", fold(base.release.text)))
        quoted = set(re.findall(r"\w+", fold(" ".join(quote.sources))))
        words = [w for w in topic.words if _head(w) in quoted or _head(w) not in text]
        for name in (topic.name, *words):
            questions += [
                f"What did {speaker} say about {name}?",
                f"{speaker}'s quote on {name}",
                f"What is {speaker}'s view on {name}?",
                f"What does {speaker} think about {name}?",
            ]
    return Entry(
        id=quote.id,
        kind=EntryKind.FACT,
        questions=(*questions, *quote.sources),
        answer=f'{speaker} said: "{quote.text}"',
        sources=quote.sources,
        related=quote.related,
        intents=frozenset({Intent.SAID}),
        about=(quote.speaker, *([quote.topic] if quote.topic else [])),
    )


def _head(words: str) -> str:
    """The last word of a name, folded: "digital evidence", "e-evidence" -> "evidence"."""
    found = re.findall(r"\w+", fold(words))
    return found[-1] if found else ""


def _speaker_entries(base: KnowledgeBase) -> list[Entry]:
    """Each speaker's quotes together, and for each participant never quoted, a "not stated"."""
    entries = []
    speakers = list(dict.fromkeys(quote.speaker for quote in base.quotes))
    for speaker in speakers:
        quotes = [q for q in base.quotes if q.speaker == speaker]
        name = _surname(base, speaker)
        entries.append(
            Entry(
                id=f"{speaker}_quotes" if len(quotes) > 1 else quotes[0].id,
                kind=EntryKind.FACT,
                questions=(
                    f"What did {name} say?",
                    "Any quotes?",
                    f"Quotes from {name}",
                    f"What were {name}'s comments?",
                    "What did the minister say?",
                    "Give me a quote",
                    "Who is quoted?",
                ),
                answer=f"{name} said: " + " … ".join(f'"{q.text}"' for q in quotes),
                sources=tuple(source for q in quotes for source in q.sources),
                related=tuple(q.id for q in quotes) if len(quotes) > 1 else (),
                intents=frozenset({Intent.SAID}),
                about=(speaker,),
            )
        )
    quoted = set(speakers)
    quoted_full = listed([_full(base, s) for s in speakers])
    names = [base.named(s) for s in speakers]
    participants = dict.fromkeys(p for m in base.meetings for p in m.participants)
    for person_id in participants:
        person = base.person(person_id)
        if person is None or person_id in quoted:
            continue
        name = person.surname
        entries.append(
            Entry(
                id=f"{person_id}_said",
                kind=EntryKind.NOT_STATED,
                questions=(
                    f"What did {name} say?",
                    f"How did {name} respond?",
                    f"What was {name}'s reaction?",
                    f"Did {name} comment?",
                    f"What is {name}'s position?",
                ),
                **_in_languages(
                    {
                        code: (say.not_quoted if speakers else say.nobody_quoted).format(
                            full_name=person.name,
                            quoted_full=quoted_full,
                            quoted=say.listed(names),
                        )
                        for code, say in _languages()
                    }
                ),
                intents=frozenset({Intent.SAID}),
                about=(person_id,),
            )
        )
    return entries


# -- the contact and the release ------------------------------------------------------------


def _contact_entry(base: KnowledgeBase) -> Entry:
    contact = base.contact
    surname = contact.name.split()[-1]
    line = next((ln for ln in base.release.text.splitlines() if contact.phone in ln), None)
    email = f", {contact.email}" if contact.email else ""
    texts = {code: say.contact_line(contact) + email + "." for code, say in _languages()}
    return Entry(
        id="contact",
        kind=EntryKind.FACT,
        questions=(
            "Who is the press contact?",
            "Who do I call?",
            "Phone number?",
            "What is the phone number?",
            "Who can I contact for more information?",
            "How do I reach the press office?",
            "Contact",
            "Inquiries",
            f"Who is {contact.name}?",
            f"Who is {surname}?",
            f"What is {surname}'s phone number?",
            f"What is {surname}'s title?",
            f"What is {surname}'s role?",
            f"What is {surname}'s job?",
            f"What is {surname}'s first name?",
            f"What is the {contact.title}'s name?",
            f"What is the {contact.title}'s first name?",
            "What is the country code of the phone number?",
            "Who is the spokesperson?",
            "Number for the press person?",
        ),
        **_in_languages(texts),
        sources=(line.strip(),) if line else (),
        intents=frozenset({Intent.CONTACT}),
    )


def _email_unknown(base: KnowledgeBase) -> Entry:
    contact = base.contact
    surname = contact.name.split()[-1]
    return Entry(
        id="contact_email",
        kind=EntryKind.NOT_STATED,
        questions=(
            "E-mail address?",
            "What is the e-mail address?",
            f"What is {surname}'s e-mail?",
            f"What is {contact.name}'s e-mail address?",
            f"What is the {contact.title}'s e-mail?",
            "Can I e-mail the press contact?",
        ),
        **_composed(lambda say: say.email_unknown, name=contact.name, phone=contact.phone),
        intents=frozenset({Intent.CONTACT}),
    )


def _summary_entry(base: KnowledgeBase) -> Entry:
    headline = base.release.text.strip().splitlines()[0].strip()
    return Entry(
        id="summary",
        kind=EntryKind.FACT,
        questions=(
            "What is this release about?",
            "What is the news?",
            "Summary",
            "What happened?",
            "Give me the gist",
            "What is the story?",
        ),
        answer=base.release.summary,
        sources=(headline,) if headline == base.release.headline else (),
        intents=frozenset({Intent.SUMMARY}),
    )


# -- helpers --------------------------------------------------------------------------------


SMALLTALK_FILE = Path(__file__).with_name("smalltalk.yaml")


@cache
def _smalltalk_entries() -> tuple[Entry, ...]:
    """Greetings, thanks, goodbyes, help and "who are you" (smalltalk.yaml beside this file),
    for a release that has none of its own; a release's own entry of the same id is merged."""
    data = yaml.safe_load(SMALLTALK_FILE.read_text(encoding="utf-8"))
    return tuple(
        Entry(
            id=str(entry_id),
            kind=EntryKind.SMALLTALK,
            questions=tuple(str(q) for q in item["questions"]),
            answer=str(item["answer"]).strip(),
            answers=tuple(
                (code, say.smalltalk[str(entry_id)])
                for code, say in _languages()
                if str(entry_id) in say.smalltalk
            ),
        )
        for entry_id, item in data.items()
    )


def _merge(authored: Entry, derived: Entry) -> Entry:
    """The authored entry, with the derived phrasings, intents and subjects added."""
    questions = tuple(dict.fromkeys((*authored.questions, *derived.questions)))
    return replace(
        authored,
        questions=questions,
        intents=authored.intents | derived.intents,
        about=authored.about or derived.about,
        status=authored.status or derived.status,
        related=authored.related or derived.related,
    )


def _with_inferred(entry: Entry) -> Entry:
    """An authored entry's intents: what its phrasings ask for."""
    found: set[Intent] = set()
    for question in entry.questions:
        found |= intents_of(question)
    return replace(entry, intents=frozenset(found))


def _full(base: KnowledgeBase, record_id: str) -> str:
    person = base.person(record_id)
    if person is None:
        return f"the {base.named(record_id)}"
    return f"{person.role} {person.name}"


def _surname(base: KnowledgeBase, record_id: str) -> str:
    person = base.person(record_id)
    return person.surname if person else f"the {base.named(record_id)}"


def _published(base: KnowledgeBase) -> date | None:
    published = base.release.published or base.release.date
    return date.fromisoformat(published) if published else None


def _languages() -> list[tuple[str, Phrases]]:
    return [(code, phrases(code)) for code in LANGUAGES]


class _Answer(TypedDict):
    answer: str
    answers: tuple[tuple[str, str], ...]


def _in_languages(texts: dict[str, str]) -> _Answer:
    """An entry's `answer` (English, as the templates are) and `answers` (the other languages
    whose phrase for it is composed; an empty text is one that is not)."""
    return {
        "answer": texts[ENGLISH],
        "answers": tuple((code, text) for code, text in texts.items() if code != ENGLISH and text),
    }


def _composed(template: Template, **values: str) -> _Answer:
    """The answer composed from the catalogue's phrase `template` in every language with one."""
    return _in_languages({code: template(say).format(**values) for code, say in _languages()})


def _demonym_in(role: str) -> bool:
    words = set(role.lower().split())
    return bool(words & DEMONYMS)


DEMONYMS = frozenset(
    "finnish russian estonian swedish norwegian danish german french british american".split()
)
