"""Facts that add to the structured records: the summary, each visit (where and when someone
goes), each host's programme of meetings, where and when a planned meeting with its own place
or date takes place, the publication line, and the press contacts as printed.

Answers restate the release in its own words (a visit's or a meeting's answer is its sentence);
every fact carries the sentences it comes from.
"""

from __future__ import annotations

import re

from bot.core.wording import listed
from bot.ingest.contacts import ContactDraft
from bot.ingest.entries import DraftEntry
from bot.ingest.extraction import Extracted
from bot.ingest.lexicon import TITLE_HEADS
from bot.ingest.meetings import PLANNED, MeetingDraft, Visit
from bot.ingest.names import IdMaker
from bot.ingest.parties import Party

SUMMARY_QUESTIONS = [
    "What is this release about?",
    "What is the news?",
    "Summarise the release",
    "Give me a summary",
    "What happened?",
    "What is the story here?",
    "Overview please",
    "tl;dr",
]
CONTACT_QUESTIONS = [
    "Who is the press contact?",
    "Who do I contact?",
    "Who do I call about this story?",
    "What is the phone number?",
    "Phone number?",
    "What is the press contact's phone number?",
    "What are the phone numbers of the press contacts?",
    "Who can I contact for more information?",
    "Inquiries",
    "Contact",
    "Who is the spokesperson?",
    "How can I get in touch?",
    "Who answers press questions?",
]
PUBLICATION_QUESTIONS = [
    "When was the release published?",
    "When was this published?",
    "What is the publication date?",
    "Publication date?",
    "Who published the release?",
    "Who published this?",
    "Which ministry published the release?",
]
_TITLE_HEAD = re.compile(r"^(?P<head>.+?)\s+(?:to|of|for)\s+")


def headline_with_stop(extracted: Extracted) -> str:
    """The headline ending with a full stop, to start a sentence after it."""
    headline = extracted.document.headline.clean
    return headline if headline.endswith((".", "!", "?")) else headline + "."


def summary_text(extracted: Extracted) -> str:
    """Headline and first sentence of the body: the release's own summary."""
    first = extracted.document.body_sentences()[:1]
    return " ".join([headline_with_stop(extracted), *(s.clean for s in first)])


def summary_fact(extracted: Extracted, ids: IdMaker) -> DraftEntry:
    """What the release is about: its headline and first sentence."""
    first = extracted.document.body_sentences()[:1]
    return DraftEntry(
        id=ids.make("summary"),
        questions=SUMMARY_QUESTIONS,
        answer=summary_text(extracted),
        source=[extracted.document.headline.clean, *(s.clean for s in first)],
        tags=["overview", "news", "headline", "summary", "gist", "story"],
    )


def visit_fact(visit: Visit, ids: IdMaker) -> DraftEntry:
    """Where someone travels and when: 'X will visit Nairobi from 4 to 6 March.'"""
    who, place = visit.person.surname, visit.place
    if visit.status == PLANNED:
        questions = [
            f"Where will {who} travel?",
            f"Where is {who} travelling?",
            f"Where is {who} going?",
            f"Which city will {who} visit?",
            f"Where will {who} go?",
            "Where will the visit take place?",
            "Where is the visit?",
            "When will the visit take place?",
            "When is the visit?",
            f"When will {who} visit {place}?",
            f"When will {who} travel to {place}?",
            "What are the dates of the visit?",
            f"Will {who} visit {place}?",
            "Where will they meet?",
            "When will they meet?",
            "When will the meeting take place?",
        ]
    else:
        questions = [
            f"Where did {who} travel?",
            f"Where did {who} go?",
            "Where was the visit?",
            "When was the visit?",
            f"When did {who} visit {place}?",
            "What were the dates of the visit?",
        ]
    return DraftEntry(
        id=ids.make("visit", visit.person.id),
        questions=questions,
        answer=visit.sentence.clean,
        source=[visit.sentence.clean],
        tags=["visit", "trip", "travel", "where", "when", "dates", place],
    )


def programme_fact(host: Party, meetings: list[MeetingDraft], ids: IdMaker) -> DraftEntry:
    """Everyone a person will meet, over several meetings: 'Whom will Aarnio meet?'."""
    assert host.person is not None
    who = host.person.surname
    guests = [party for m in meetings for party in m.participants[1:]]
    places = list(dict.fromkeys(m.place for m in meetings if m.place))
    where = f" in {places[0]}" if len(places) == 1 else ""
    questions = [
        f"Whom will {who} meet?",
        f"Who will {who} meet?",
        f"Whom will {who} meet during the visit?",
        f"Who is {who} meeting?",
        f"Whom is {who} going to meet?",
        f"Which people will {who} meet?",
        f"Who is on {who}'s programme?",
        f"What meetings does {who} have?",
        "Who will they meet?",
        "Whom will the minister meet?",
        # what the bot asks of each planned meeting, so that the programme answers it
        f"Who else will {who} meet?",
        f"Will {who} meet anyone else?",
        f"Who is {who} meeting during the visit?",
        "What other meetings are planned?",
        "Who else is on the programme?",
        "Who else will he meet?",
        "Who else will she meet?",
        "Other meetings?",
    ]
    title = short_title(host.person.role)
    if title:
        questions += [f"Whom will {title} {who} meet?", f"Who will {title} {who} meet?"]
    if where:
        questions += [
            f"Whom will {who} meet{where}?",
            f"Who will {who} meet{where}?",
            f"Whom else will {who} meet{where}?",
        ]
        if title:
            questions.append(f"Whom will {title} {who} meet{where}?")
    sources = list(
        dict.fromkeys(
            s.clean
            for m in meetings
            for s in m.sentences
            if m.visit is None or s is not m.visit.sentence
        )
    )
    return DraftEntry(
        id=ids.make("programme", host.person.id),
        questions=questions,
        answer=_programme_answer(who, [_guest(party) for party in guests], where),
        source=sources,
        related=[meeting.id for meeting in meetings if meeting.id],
        tags=["programme", "meet", "meetings", "whom", "visit"],
    )


def _programme_answer(who: str, guests: list[str], where: str) -> str:
    names = listed(guests)
    return f"{who} will meet {names}{where if where.strip() not in names else ''}."


def short_title(role: str) -> str:
    """'Minister of Justice' -> 'Minister', 'Prime Minister' -> 'Prime Minister': the title
    people put before a surname ("Minister Aarnio")."""
    words = role.split()
    head = next((i for i, word in enumerate(words) if word in TITLE_HEADS), None)
    if head is None:
        return ""
    start = head
    while start > 0 and words[start - 1] in ("Prime", "Foreign", "Deputy", "Vice"):
        start -= 1
    return " ".join(words[start : head + 1])


# Where and when "the meeting" is, asked of the release's first meeting when it is still to
# come; the bot asks the same (in the past tense) of every held meeting, and these take them.
MAIN_MEETING_QUESTIONS = [
    "Where will they meet?",
    "Where will the meeting take place?",
    "Where will the meeting be held?",
    "When will they meet?",
    "When will the meeting take place?",
    "When is the meeting?",
    "Where was the meeting?",
    "Where did they meet?",
    "Where did the meeting take place?",
    "In which city did they meet?",
    "Where were the talks held?",
    "When did they meet?",
    "When was the meeting?",
    "What date was the meeting?",
    "Date?",
    "What day did they meet?",
    "When?",
]


def meeting_details_fact(meeting: MeetingDraft, ids: IdMaker, main: bool) -> DraftEntry | None:
    """Where and when a planned meeting takes place, when its own sentences say (not a
    visit's): 'On 10 September, Prime Minister Kettunen will also meet ... in Riga.' The `main`
    meeting (the first planned one, with no visit to answer for it) also takes the general
    questions: "Where will they meet?"."""
    host = meeting.host.person
    if meeting.status != PLANNED or host is None or not (meeting.own_place or meeting.own_when):
        return None
    who = host.surname
    questions = []
    for party in meeting.participants[1:]:
        for name in _names_of(party):
            if meeting.own_when:
                questions += [
                    f"When will {who} meet {name}?",
                    f"On what day will {who} meet {name}?",
                ]
            if meeting.own_place:
                questions += [
                    f"Where will {who} meet {name}?",
                    f"In which city will {who} meet {name}?",
                ]
    if main:
        questions += MAIN_MEETING_QUESTIONS
    questions += ["When are the other meetings?"] if meeting.own_when and not main else []
    questions += ["Where are the other meetings?"] if meeting.own_place and not main else []
    own = [
        s.clean
        for s in meeting.sentences
        if meeting.visit is None or s is not meeting.visit.sentence
    ]
    return DraftEntry(
        id=ids.make(meeting.id, "details"),
        questions=questions,
        answer=" ".join(own),
        source=own,
        related=[meeting.id],
        tags=["when", "where", "date", "place"],
    )


TOPIC_QUESTIONS = [
    "What did they discuss?",
    "What was discussed?",
    "What did they talk about?",
    "What was on the agenda?",
    "Which topics came up?",
    "Which topics were discussed?",
    "What were the talks about?",
    "What was the meeting about?",
    "What did the ministers discuss?",
    "What will they discuss?",
    "What will be discussed?",
    "What will the ministers discuss?",
    "What is on the agenda?",
    "Which topics will be discussed?",
    "What will the talks be about?",
    "Which issues will they discuss?",
    "Topics?",
    "Agenda?",
]


def topics_fact(extracted: Extracted, topic_ids: list[str], ids: IdMaker) -> DraftEntry | None:
    """Everything discussed (or to be discussed), answered with the sentences that list it, so
    that the tense is the release's own."""
    found = extracted.topics
    if not found.topics:
        return None
    questions = list(TOPIC_QUESTIONS)
    for meeting in extracted.meetings.meetings:
        host = meeting.host.person
        if host is None:
            continue
        verb = "will" if meeting.status == PLANNED else "did"
        for party in meeting.participants[1:]:
            for name in _names_of(party):
                questions.append(f"What {verb} {host.surname} and {name} discuss?")
    sentences = [s.clean for s in found.sentences]
    return DraftEntry(
        id=ids.make("topics"),
        questions=questions,
        answer=" ".join(sentences),
        source=sentences,
        related=topic_ids[:3],
        tags=["topics", "agenda", "subjects", "issues", "discussed", "discuss"],
    )


def _names_of(party: Party) -> list[str]:
    """How a question names a participant: 'Volkonov', 'the Prosecutor General'."""
    if party.person is None:
        assert party.office is not None
        return [party.office.name if party.office.is_group else f"the {party.office.name}"]
    role = party.person.role
    return [party.person.surname, *([f"the {role}"] if not role.startswith("REVIEW") else [])]


def publication_fact(extracted: Extracted, ids: IdMaker) -> DraftEntry | None:
    """The header under the headline: who published the release, when, with which number."""
    header = extracted.header
    if not header.sentences:
        return None
    parts = []
    if header.publisher:
        parts.append(f"Publisher: {header.publisher}.")
    if header.published_text:
        parts.append(f"Published: {header.published_text}.")
    if header.number:
        parts.append(f"Press release {header.number}.")
    return DraftEntry(
        id=ids.make("publication"),
        questions=PUBLICATION_QUESTIONS,
        answer=" ".join(parts) or " ".join(s.clean for s in header.sentences),
        source=[s.clean for s in header.sentences],
        tags=["published", "publication", "publisher", "ministry", "number"],
    )


def contact_fact(extracted: Extracted, ids: IdMaker) -> DraftEntry | None:
    """The press contacts as printed, every one of them; None without contact lines."""
    lines = extracted.contact_lines
    if not lines.paragraphs:
        return None
    questions = list(CONTACT_QUESTIONS)
    tags = ["contact", "phone", "call", "inquiries", "press", "information"]
    for contact in extracted.contacts:
        surname = contact.name.split()[-1]
        questions += [
            contact.name,
            f"Who is {surname}?",
            f"What is {surname}'s phone number?",
            f"What is {contact.name}'s phone number?",
            *(f"What is the {title}'s phone number?" for title in _titles(contact)),
        ]
        if contact.email:
            questions += [f"What is {surname}'s e-mail address?", "What are the e-mail addresses?"]
        tags.append(surname)
    answer = "; ".join(_printed(contact) for contact in extracted.contacts)
    return DraftEntry(
        id=ids.make("contact"),
        questions=questions,
        answer=(answer + ".") if answer else " ".join(lines.sources),
        source=lines.sources,
        tags=tags,
    )


def _printed(contact: ContactDraft) -> str:
    """'Name, Title, Organisation, tel. +358 ..., name@...' with what the release prints."""
    parts = [contact.name, contact.title]
    if contact.printed_organisation:
        parts.append(contact.printed_organisation)
    parts.append(f"tel. {contact.printed_phone}")
    if contact.email:
        parts.append(contact.email)
    return ", ".join(parts)


def _titles(contact: ContactDraft) -> list[str]:
    """The contact's title and its head ("Press Secretary" of "Press Secretary to the PM")."""
    head = _TITLE_HEAD.match(contact.title)
    return list(dict.fromkeys([contact.title, *([head["head"]] if head else [])]))


def _guest(party: Party) -> str:
    if party.person is not None:
        role = "" if party.person.role.startswith("REVIEW") else party.person.role
        return f"{role} {party.person.name}".strip()
    assert party.office is not None
    return party.office.name if party.office.is_group else f"the {party.office.name}"
