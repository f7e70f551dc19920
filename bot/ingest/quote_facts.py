"""Facts for quotes: one per quote ("What did Salonen say about energy?") and one per speaker
with all their quotes ("What did Salonen say?")."""

from __future__ import annotations

from bot.ingest.entries import DraftEntry
from bot.ingest.keywords import Keywords
from bot.ingest.names import IdMaker
from bot.ingest.people import PersonDraft
from bot.ingest.quotes import Quote

MAX_TAGS = 20
GENERAL_QUOTE_QUESTIONS = ["Any quotes?", "Give me a quote", "Who is quoted?", "All quotes"]


def quote_facts(
    quotes: tuple[Quote, ...], keywords: Keywords, ids: IdMaker
) -> dict[Quote, DraftEntry]:
    """One fact per quote, ids starting with quote_."""
    facts: dict[Quote, DraftEntry] = {}
    for quote in quotes:
        ranked = keywords.ranked(quote.text)
        words = ranked[:3]
        facts[quote] = DraftEntry(
            id=ids.make("quote", quote.speaker.id, words[0] if words else ""),
            questions=_quote_questions(quote.speaker, words),
            answer=render_quote(quote),
            source=quote.sources,
            tags=["say", "quote", *ranked[:MAX_TAGS]],
        )
    return facts


def render_quote(quote: Quote) -> str:
    """'Häkkänen said: "..."'."""
    return f"{quote.speaker.surname} {quote.verb}: “{quote.text}”"


def speaker_facts(
    quotes: tuple[Quote, ...], per_quote: dict[Quote, DraftEntry], ids: IdMaker
) -> list[DraftEntry]:
    """For each speaker, all their quotes; the general "any quotes?" go to the first speaker
    when there is only one."""
    speakers: dict[str, list[Quote]] = {}
    for quote in quotes:
        speakers.setdefault(quote.speaker.id, []).append(quote)
    facts = []
    for said in speakers.values():
        person = said[0].speaker
        questions = _speaker_questions(person)
        if len(speakers) == 1:
            questions.extend(GENERAL_QUOTE_QUESTIONS)
        facts.append(
            DraftEntry(
                id=ids.make(person.id, "quotes"),
                questions=questions,
                answer=" ".join(render_quote(quote) for quote in said),
                source=[quote.sources[0] for quote in said],
                related=[per_quote[quote].id for quote in said],
                tags=["say", "quote", "statement", "comment", person.surname],
            )
        )
    if len(speakers) > 1:
        facts.append(_everyone(quotes, per_quote, ids))
    return facts


def _everyone(
    quotes: tuple[Quote, ...], per_quote: dict[Quote, DraftEntry], ids: IdMaker
) -> DraftEntry:
    """Several speakers: who is quoted."""
    names = list(dict.fromkeys(quote.speaker.name for quote in quotes))
    return DraftEntry(
        id=ids.make("quotes"),
        questions=GENERAL_QUOTE_QUESTIONS,
        answer=f"The release quotes {', '.join(names[:-1])} and {names[-1]}.",
        source=[quote.sources[0] for quote in quotes],
        related=[per_quote[quote].id for quote in quotes][:3],
        tags=["quote", "quoted", "say"],
    )


def _quote_questions(person: PersonDraft, words: list[str]) -> list[str]:
    questions = []
    for word in words:
        questions.append(f"What did {person.surname} say about {word}?")
    if words:
        questions.append(f"What did {person.name} say about {words[0]}?")
        questions.append(f"{person.surname}'s quote on {words[0]}")
        questions.append(f"What does {person.surname} think about {words[0]}?")
    if len(words) > 1:
        questions.append(f"{person.surname} on {words[0]} and {words[1]}")
    return questions or [f"What did {person.surname} say?"]


def _speaker_questions(person: PersonDraft) -> list[str]:
    return [
        f"What did {person.surname} say?",
        f"What did {person.name} say?",
        f"Quotes from {person.surname}",
        f"What were {person.surname}'s comments?",
        f"All of {person.surname}'s quotes",
        f"Can I quote {person.surname}?",
    ]
