"""Facts about what was discussed: the list of topics, and one fact per topic."""

from __future__ import annotations

from bot.ingest.entries import DraftEntry
from bot.ingest.extraction import Extracted
from bot.ingest.facts import join_names
from bot.ingest.lexicon import STOPWORDS
from bot.ingest.names import IdMaker
from bot.ingest.topics import Topic, Topics

_PRONOUN_SUBJECTS = frozenset({"they", "he", "she", "we"})


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
