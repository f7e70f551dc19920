"""What people ask that the release does not say, and the small talk every base answers.

A "not stated" entry is only written when the release really does not say it: no outcome entry
when the release speaks of an agreement or a decision, no "how long" entry when it says how long
a meeting lasted, no year entry when a year is printed. What the structured records already show
is missing (an office holder's name, the day of a meeting without a date, the words of a
participant never quoted) is derived by the bot itself and not written here.
"""

from __future__ import annotations

import re

from bot.core.normalize import fold
from bot.ingest.entries import DraftEntry
from bot.ingest.extraction import Extracted
from bot.ingest.lexicon import DATE_QUESTIONS, OUTCOME_WORDS
from bot.ingest.meetings import HELD, PLANNED
from bot.ingest.names import IdMaker
from bot.ingest.review import Review

_DURATION = re.compile(r"\b(?:lasted|lasting|hours?|minutes|all day|half an hour)\b")
_CLOCK = re.compile(r"\b(?:at\s+)?\d{1,2}[.:]\d{2}\b|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)")


def not_stated_entries(extracted: Extracted, ids: IdMaker, review: Review) -> list[DraftEntry]:
    """Outcome and agreements (unless mentioned), the date (when nothing is dated), the year,
    the time of day, how long it lasted, people's countries, what offices and others said."""
    entries = []
    meetings = extracted.meetings.meetings
    text = " ".join(s.clean for s in extracted.document.body_sentences())
    if not meetings and not any(v.when for v in extracted.meetings.visits):
        entries.append(_no_date(ids))
    entries.extend(_no_year(extracted, ids))
    entries.extend(_days_unknown(extracted, ids))
    mentioned = OUTCOME_WORDS & set(fold(extracted.document.text).split())
    if mentioned:
        review.note(
            f"the release mentions {', '.join(sorted(mentioned))}: no 'not stated' entries "
            "written for the outcome or agreements"
        )
    else:
        entries.extend([_no_outcome(ids), _no_agreement(ids)])
    if meetings and not _DURATION.search(text):
        entries.append(_no_duration(ids))
    if any(m.when for m in meetings) and not _CLOCK.search(text):
        entries.append(_no_time_of_day(ids))
    entries.extend(_no_country(extracted, ids))
    entries.extend(_unquoted(extracted, ids))
    return entries


def _no_date(ids: IdMaker) -> DraftEntry:
    return DraftEntry(
        id=ids.make("ns_date"),
        questions=[*DATE_QUESTIONS, "What year was this?"],
        answer="The release does not say when this took place; it gives no date.",
        tags=["date", "when", "day", "year", "time"],
    )


def _no_year(extracted: Extracted, ids: IdMaker) -> list[DraftEntry]:
    """A meeting dated by day and month only, with no publication date to give the year."""
    undated = [m.when for m in extracted.meetings.meetings if m.when and not m.when.days]
    with_day = [when for when in undated if any(char.isdigit() for char in when.text)]
    if not with_day or extracted.header.published is not None:
        return []
    printed = with_day[0].bare
    questions = [
        "What year was this?",
        "Which year?",
        "What year?",
        "In which year did they meet?",
        "In what year did the meeting take place?",
    ]
    for meeting in extracted.meetings.meetings:
        if meeting.when in with_day and meeting.place:
            questions.append(f"In which year did they meet in {meeting.place}?")
        if meeting.when in with_day and meeting.host.person and len(meeting.people) > 1:
            host, guest = meeting.host.person.surname, meeting.people[1].surname
            questions.append(f"In which year did {host} meet {guest}?")
    return [
        DraftEntry(
            id=ids.make("ns_year"),
            questions=questions,
            answer=f"The release does not say the year; it gives the date only as {printed}.",
            tags=["year"],
        )
    ]


HELD_WHEN = [
    "When did they meet?",
    "When was the meeting?",
    "What date was the meeting?",
    "What day did they meet?",
    "When?",
    "What time was the meeting?",
    "When did this happen?",
    "When were the talks held?",
    "When did the talks take place?",
    "When were the talks?",
    "On which day did they meet?",
    "When did the meeting take place?",
]
PLANNED_WHEN = [
    "When are the other meetings?",
    "What day are the other meetings?",
    "When will the meetings take place?",
    "When will they meet?",
]


def _days_unknown(extracted: Extracted, ids: IdMaker) -> list[DraftEntry]:
    """When no meeting of a kind (held, planned) is dated, the first one's "not stated" entry
    for its day takes the general questions ("When did they meet?"), so that the bot's own
    entries for the others do not compete for them. Its id is the one the bot gives it."""
    entries = []
    meetings = extracted.meetings.meetings
    published = extracted.header.published
    for status, questions, answer in (
        (HELD, HELD_WHEN, "on which day the meeting took place."),
        (PLANNED, PLANNED_WHEN, "when these meetings take place."),
    ):
        of_kind = [m for m in meetings if m.status == status]
        if not of_kind or any(m.when for m in of_kind):
            continue
        first = of_kind[0]
        said = f"The release does not say {answer}"
        if published is not None:
            said += f" The release itself was published on {published.day} {published:%B %Y}."
        entries.append(
            DraftEntry(id=ids.make(f"{first.id}_when"), questions=questions, answer=said)
        )
    return entries


def _no_outcome(ids: IdMaker) -> DraftEntry:
    return DraftEntry(
        id=ids.make("ns_outcome"),
        questions=[
            "What was the outcome?",
            "What were the results of the meeting?",
            "Were any decisions made?",
            "What happens next?",
            "Was the meeting a success?",
        ],
        answer="The release does not say what the outcome was; it reports no decision.",
        tags=["outcome", "result", "results", "decision", "success", "next"],
    )


def _no_agreement(ids: IdMaker) -> DraftEntry:
    return DraftEntry(
        id=ids.make("ns_agreement"),
        questions=[
            "Was anything agreed?",
            "Did they sign an agreement?",
            "Was a treaty signed?",
            "Was a deal made?",
            "Is there an agreement?",
            "Which agreements will be signed?",
            "Will any agreements be signed during the visit?",
            "Will anything be signed during the visit?",
        ],
        answer="The release does not say that anything was agreed or signed.",
        tags=["agreement", "agreed", "sign", "signed", "treaty", "deal"],
    )


def _no_duration(ids: IdMaker) -> DraftEntry:
    return DraftEntry(
        id=ids.make("ns_duration"),
        questions=[
            "How long did the meeting last?",
            "How long was the meeting?",
            "How long did the talks last?",
            "How long will the meeting last?",
            "How many hours did they meet?",
        ],
        answer="The release does not say how long the meeting lasted.",
        tags=["long", "duration", "hours", "last"],
    )


def _no_time_of_day(ids: IdMaker) -> DraftEntry:
    return DraftEntry(
        id=ids.make("ns_time"),
        questions=[
            "At what time will the meeting start?",
            "At what time did the meeting start?",
            "What time is the meeting?",
            "What time did they meet?",
            "At what time?",
            "At what time of day?",
        ],
        answer="The release does not say at what time of day; it gives only the date.",
        tags=["time", "clock", "hour", "start"],
    )


def _no_country(extracted: Extracted, ids: IdMaker) -> list[DraftEntry]:
    """For each person whose country the release does not give."""
    entries = []
    for person in extracted.people:
        if person.country is not None:
            continue
        name, surname = person.name, person.surname
        entries.append(
            DraftEntry(
                id=ids.make(person.id, "country"),
                questions=[
                    f"Which country does {surname} represent?",
                    f"Which country is {surname} from?",
                    f"Where is {surname} from?",
                    f"What is {surname}'s nationality?",
                    f"What country does {name} represent?",
                ],
                answer=f"The release does not say which country {name} represents.",
                tags=["country", "nationality", surname],
            )
        )
    return entries


def _unquoted(extracted: Extracted, ids: IdMaker) -> list[DraftEntry]:
    """For offices that take part in meetings, and people outside any meeting, who are never
    quoted: the release does not say what they said. (For people in meetings the bot derives
    this itself.)"""
    speakers = list(dict.fromkeys(quote.speaker.name for quote in extracted.quotes))
    quoted = " and ".join(speakers)
    also = f"; it quotes only {quoted}" if quoted else "; it quotes no one"
    in_meetings = {id(p) for m in extracted.meetings.meetings for p in m.people}
    entries = []
    for person in extracted.people:
        if person.name in speakers or id(person) in in_meetings:
            continue
        entries.append(
            _said_nothing(ids, person.id, person.surname, person.name, also, [person.surname])
        )
    hosts = {m.host.person.surname for m in extracted.meetings.meetings if m.host.person}
    for office in extracted.meetings.offices.records:
        if office.is_group:
            continue
        name = f"the {office.name}"
        words = [word for word in office.name.split() if word[:1].isupper()]
        entry = _said_nothing(ids, office.id or office.name, name, name, also, words)
        entry.questions += [f"What did {name} say to {host}?" for host in sorted(hosts)]
        entries.append(entry)
    return entries


def _said_nothing(
    ids: IdMaker, record_id: str, short: str, name: str, also: str, tags: list[str]
) -> DraftEntry:
    return DraftEntry(
        id=ids.make(record_id, "said"),
        questions=[
            f"What did {short} say?",
            f"What did {name} say?",
            f"Any comment from {short}?",
            f"How did {short} respond?",
            f"What is the position of {short.removeprefix('the ')}?"
            if short.startswith("the ")
            else f"What is {short}'s position?",
        ],
        answer=f"The release does not say what {name} said{also}.",
        tags=["say", "respond", "reaction", "comment", *tags],
    )


def small_talk(examples: list[str], ids: IdMaker) -> list[DraftEntry]:
    """Greeting, thanks, goodbye, help and identity, like the bundled knowledge base."""
    tries = ", ".join(f"“{question}”" for question in examples)
    return [
        DraftEntry(
            ids.make("greeting"),
            [
                "Hi",
                "Hello",
                "Hey",
                "Good morning",
                "Good afternoon",
                "Good evening",
                "Hi there",
                "Moi",
                "Hei",
                "Terve",
                "Greetings",
                "How are you?",
            ],
            "Hello! I answer questions about the release “{headline}”. Ask me, for example, "
            "who met whom, what they discussed, or whom to call.",
        ),
        DraftEntry(
            ids.make("thanks"),
            [
                "Thanks",
                "Thank you",
                "Thanks a lot",
                "Thank you very much",
                "Cheers",
                "Much appreciated",
                "Kiitos",
                "Thx",
                "Great",
                "Perfect",
            ],
            "You're welcome. Ask me anything else about the release.",
        ),
        DraftEntry(
            ids.make("bye"),
            ["Bye", "Goodbye", "See you", "See you later", "Have a nice day", "Take care"],
            "Goodbye! The press contact below can help with anything the release does not cover.",
        ),
        DraftEntry(
            ids.make("help"),
            [
                "Help",
                "What can you do?",
                "What can I ask?",
                "How does this work?",
                "What do you know?",
                "What questions can you answer?",
                "Start",
                "Menu",
            ],
            "I answer questions about the release “{headline}”, using only what the release "
            f"says. Try: {tries}.",
        ),
        DraftEntry(
            ids.make("identity"),
            [
                "Who are you?",
                "Are you a bot?",
                "Are you human?",
                "What are you?",
                "Am I talking to a bot?",
                "Are you AI?",
            ],
            "I am an automated assistant for the release “{headline}”. I answer only from the "
            "release's text; for anything else, please contact the press contact below.",
        ),
    ]
