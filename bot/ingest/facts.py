"""Facts about the event: summary, meeting, place, date, topics discussed (the list and one fact
per topic), people, other meetings, contact.

Answers restate the release with its own words; every fact carries the sentences it comes from.
"""

from __future__ import annotations

from bot.ingest.entries import DraftEntry
from bot.ingest.extraction import Extracted
from bot.ingest.lexicon import DATE_QUESTIONS, STOPWORDS, TITLE_HEADS
from bot.ingest.meetings import Meeting, OtherMeetings
from bot.ingest.mentions import country_in, country_of_adjective
from bot.ingest.names import IdMaker
from bot.ingest.people import COUNTRY_PLACEHOLDER, ROLE_PLACEHOLDER, PersonDraft
from bot.ingest.topics import Topic, Topics

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
    "Who can I contact for more information?",
    "Inquiries",
    "Contact",
    "Who is the spokesperson?",
    "How can I get in touch?",
    "Who answers press questions?",
]
_PRONOUN_SUBJECTS = frozenset({"they", "he", "she", "we"})


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


def meeting_fact(meeting: Meeting, ids: IdMaker) -> DraftEntry:
    """Who met whom, answered with the sentence that says so."""
    questions = [
        "Who met whom?",
        "Who met?",
        "Who was at the meeting?",
        "Who took part in the talks?",
        "Who were the participants?",
        "Between whom was the meeting?",
        f"Which {_plural_head(meeting.participants)} met?",
    ]
    for host in meeting.hosts:
        questions.append(f"Who did {host.surname} meet?")
        questions.extend(f"Did {host.surname} meet {guest.surname}?" for guest in meeting.guests)
    questions.extend(f"Who met {guest.surname}?" for guest in meeting.guests)
    return DraftEntry(
        id=ids.make("meeting"),
        questions=questions,
        answer=meeting.sentence.clean,
        source=[meeting.sentence.clean],
        tags=["who", "participants", "met", "meeting"],
    )


def location_fact(meeting: Meeting, ids: IdMaker) -> DraftEntry | None:
    """Where they met, if the release says; None otherwise."""
    if meeting.place is None or meeting.place_sentence is None:
        return None
    names = join_names([p.name for p in meeting.participants])
    return DraftEntry(
        id=ids.make("location"),
        questions=[
            "Where was the meeting?",
            "Where did they meet?",
            "Where did the meeting take place?",
            "In which city did they meet?",
            "Where were the talks held?",
            "Which city?",
            "Where?",
            f"Was the meeting in {meeting.place}?",
            f"Did they meet in {meeting.place}?",
        ],
        answer=f"{names} met in {meeting.place}.",
        source=[meeting.place_sentence.clean],
        tags=["where", "place", "city", "location", "venue", meeting.place],
    )


def date_fact(extracted: Extracted, ids: IdMaker) -> DraftEntry | None:
    """The date as printed, if the release gives one; None otherwise."""
    stated = extracted.date
    if stated is None:
        return None
    answer = f"The release gives the date as {stated.printed}."
    if stated.iso is None:
        answer = f"The release gives the date only as {stated.printed}; it does not give the year."
    questions = list(DATE_QUESTIONS)
    if stated.iso:
        questions.append("What year was this?")
    return DraftEntry(
        id=ids.make("date"),
        questions=questions,
        answer=answer,
        source=[stated.sentence.clean],
        tags=["date", "when", "day"],
    )


def topics_fact(topics: Topics, extracted: Extracted, ids: IdMaker) -> DraftEntry | None:
    """Everything discussed, in one answer; None when no sentence says."""
    if not topics.topics:
        return None
    subject = _subject(topics.subject, extracted)
    listed = join_names([topic.text for topic in topics.topics])
    more = ", among other things" if topics.among_other_things else ""
    return DraftEntry(
        id=ids.make("topics"),
        questions=[
            "What did they discuss?",
            "What was discussed?",
            "What did they talk about?",
            "What was on the agenda?",
            "Which topics came up?",
            "What were the talks about?",
            "What was the meeting about?",
            "Topics?",
            "List all the topics",
        ],
        answer=f"{subject} discussed {listed}{more}.",
        source=[s.clean for s in topics.sentences],
        tags=["topics", "agenda", "subjects", "issues", "discussed", "discuss"],
    )


def topic_fact(topic: Topic, extracted: Extracted, ids: IdMaker) -> DraftEntry:
    """One topic: 'Did they discuss X?'."""
    short = topic.text.removeprefix("the ").removeprefix("The ")
    head = _head_phrase(topic.text)
    subject = _subject(topic.subject, extracted)
    questions = [f"Did they discuss {head}?", f"What about {head}?"] if head != topic.text else []
    questions.extend(
        [
            f"Did they discuss {topic.text}?",
            f"What about {topic.text}?",
            short,
            f"What did they say about {topic.text}?",
        ]
    )
    return DraftEntry(
        id=ids.make("topic", " ".join(topic.ordered_words[:3])),
        questions=questions,
        answer=f"{subject} discussed {topic.text}.",
        source=[s.clean for s in topic.sentences],
        tags=sorted(topic.words),
    )


def person_fact(person: PersonDraft, ids: IdMaker) -> DraftEntry:
    """Who someone is: the title the release gives them."""
    questions = [
        f"Who is {person.name}?",
        f"Who is {person.surname}?",
        f"What is {person.surname}'s role?",
        f"What is {person.surname}'s title?",
        f"Tell me about {person.name}",
        f"{person.surname}?",
    ]
    if person.role != ROLE_PLACEHOLDER:
        questions.append(f"Who is the {person.role}?")
    return DraftEntry(
        id=ids.make(person.id),
        questions=questions,
        answer=_introduction(person),
        source=[s.clean for s in person.sources[:1]],
        tags=["who", "role", "title", "position", person.surname],
    )


def other_meetings_fact(other: OtherMeetings, ids: IdMaker) -> DraftEntry:
    """Whom else someone meets, with a question for each."""
    who = other.person.surname if other.person else "they"
    questions = [
        f"Who else will {who} meet?",
        f"Whom else will {who} meet?",
        f"Will {who} meet anyone else?",
        f"Who else is {who} meeting?",
        "Other meetings",
        f"What else is on {who}'s programme?" if other.person else "What else is planned?",
    ]
    questions.extend(f"Will {who} meet {whom}?" for whom in other.whom)
    return DraftEntry(
        id=ids.make("other_meetings"),
        questions=questions,
        answer=other.sentence.clean,
        source=[other.sentence.clean],
        tags=["else", "other", "also", "will", "programme", "visit"],
    )


def contact_fact(extracted: Extracted, ids: IdMaker) -> DraftEntry | None:
    """The press contact line(s), as printed; None without a contact line."""
    lines = extracted.contact_lines
    if not lines.paragraphs:
        return None
    questions = list(CONTACT_QUESTIONS)
    tags = ["contact", "phone", "call", "inquiries", "press", "information"]
    for contact in extracted.contacts:
        surname = contact.name.split()[-1]
        questions.extend([contact.name, f"Who is {surname}?", f"What is {surname}'s phone number?"])
        tags.append(surname)
    return DraftEntry(
        id=ids.make("contact"),
        questions=questions,
        answer=" ".join(lines.sources),
        source=lines.sources,
        tags=tags,
    )


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _introduction(person: PersonDraft) -> str:
    """'The release names X as <role>.' (with the country when the title lacks it)."""
    if person.role == ROLE_PLACEHOLDER:
        return f"The release quotes {person.name} but does not give a title."
    country = ""
    stated = person.country_stated and person.country != COUNTRY_PLACEHOLDER
    if stated and not (country_in(person.role) or country_of_adjective(person.role.split()[0])):
        country = f" ({person.country})"
    return f"The release names {person.name} as {person.role}{country}."


def _plural_head(people: tuple[PersonDraft, ...]) -> str:
    """'ministers' when everyone's role has the same head word, else 'leaders'."""
    heads = {next((w for w in p.role.split() if w in TITLE_HEADS), "") for p in people}
    if len(heads) == 1 and "" not in heads:
        return heads.pop().lower().rstrip("s") + "s"
    return "leaders"


def _head_phrase(text: str) -> str:
    """'the number of foreign prisoners in Finnish and Russian prisons' -> up to ' in ', if
    what is left still has two words that carry meaning."""
    words = text.split()
    for index, word in enumerate(words[2:], start=2):
        if word in ("in", "and", "to", "for", "between", "with", "within"):
            head = words[:index]
            meaningful = [w for w in head if w.lower() not in STOPWORDS]
            return " ".join(head) if len(meaningful) >= 2 else text
    return text


def _subject(subject: str, extracted: Extracted) -> str:
    """Who discussed: the sentence's subject, or the meeting's people instead of 'They'."""
    if subject.lower() in _PRONOUN_SUBJECTS and extracted.meeting is not None:
        return join_names([p.name for p in extracted.meeting.participants])
    return subject[:1].upper() + subject[1:]
