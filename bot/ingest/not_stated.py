"""What people ask that the release does not say, and the small talk every base answers.

A "not stated" entry is only written when the release really does not say it: no date entry when
a date is given, no outcome entry when the release speaks of an agreement or a decision.
"""

from __future__ import annotations

from bot.core.normalize import fold
from bot.ingest.entries import DraftEntry
from bot.ingest.extraction import Extracted
from bot.ingest.lexicon import DATE_QUESTIONS, OUTCOME_WORDS
from bot.ingest.names import IdMaker
from bot.ingest.review import Review


def not_stated_entries(extracted: Extracted, ids: IdMaker, review: Review) -> list[DraftEntry]:
    """Date (if absent), outcome and agreements (unless mentioned), unquoted people."""
    entries = []
    if extracted.date is None:
        entries.append(_no_date(ids))
    elif extracted.date.iso is None:
        entries.append(_no_year(extracted.date.printed, ids))
    mentioned = OUTCOME_WORDS & set(fold(extracted.document.text).split())
    if mentioned:
        review.note(
            f"the release mentions {', '.join(sorted(mentioned))}: no 'not stated' entries "
            "written for the outcome or agreements"
        )
    else:
        entries.extend([_no_outcome(ids), _no_agreement(ids)])
    entries.extend(_unquoted_people(extracted, ids))
    return entries


def _no_date(ids: IdMaker) -> DraftEntry:
    return DraftEntry(
        id=ids.make("ns_date"),
        questions=[*DATE_QUESTIONS, "What year was this?", "When was the release published?"],
        answer="The release does not say when this took place; it gives no date.",
        tags=["date", "when", "day", "year", "time", "published"],
    )


def _no_year(printed: str, ids: IdMaker) -> DraftEntry:
    return DraftEntry(
        id=ids.make("ns_year"),
        questions=["What year was this?", "Which year?", "In what year did they meet?"],
        answer=f"The release does not say the year; it gives the date only as {printed}.",
        tags=["year"],
    )


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
            "Did they reach a deal?",
            "Is there an agreement?",
        ],
        answer="The release does not say that anything was agreed or signed.",
        tags=["agreement", "agreed", "sign", "signed", "treaty", "deal"],
    )


def _unquoted_people(extracted: Extracted, ids: IdMaker) -> list[DraftEntry]:
    """For each person never quoted: the release does not say what they said."""
    speakers = list(dict.fromkeys(quote.speaker.surname for quote in extracted.quotes))
    quoted = " and ".join(speakers) if speakers else ""
    entries = []
    for person in extracted.people:
        if person.surname in speakers:
            continue
        also = f"; it quotes only {quoted}" if quoted else "; it quotes no one"
        entries.append(
            DraftEntry(
                id=ids.make("ns", person.id, "said"),
                questions=[
                    f"What did {person.surname} say?",
                    f"What did {person.name} say?",
                    f"Any comment from {person.surname}?",
                    f"How did {person.surname} respond?",
                    f"What is {person.surname}'s position?",
                ],
                answer=f"The release does not say what {person.name} said{also}.",
                tags=["say", "respond", "reaction", "comment", person.surname],
            )
        )
    return entries


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
