"""Plain facts: paragraphs (or parts of them) that no other rule explained, kept with their
sentences and questions made from their keywords, and put on the review list."""

from __future__ import annotations

import re

from bot.ingest.entries import DraftEntry
from bot.ingest.extraction import Extracted
from bot.ingest.keywords import Keywords
from bot.ingest.names import IdMaker
from bot.ingest.people import People, PersonDraft
from bot.ingest.review import Review
from bot.ingest.sentences import Sentence

MAX_TAGS = 20
_DURATION = re.compile(r"\b(?:lasted|lasting|last for)\b.*\b(?:hours?|minutes|days?)\b")
_HOW_LONG = ["How long did the meeting last?", "How long was the meeting?", "How long did it last?"]
_SUBJECT = re.compile(
    r"^The\s+(?P<subject>(?:[\w-]+\s+){0,3}[\w-]+?)\s+(?P<verb>will|has|have|is|are|was|were|"
    r"agreed|presented|described|started|began|said)\b"
)


def plain_facts(
    extracted: Extracted,
    covered: set[str],
    keywords: Keywords,
    ids: IdMaker,
    review: Review,
) -> list[DraftEntry]:
    """One fact per paragraph with sentences no record or fact covers yet: those sentences."""
    quoted = extracted.quoted_sentences
    facts = []
    for paragraph in extracted.document.text_paragraphs:
        kept = [s for s in paragraph.sentences if s not in quoted and s.clean not in covered]
        if not kept:
            continue
        facts.append(_paragraph_fact(kept, keywords, extracted.people, ids))
        review.note(
            f"paragraph {paragraph.index} kept as a plain fact "
            f"('{_start(kept[0])}'): check its questions"
        )
    return facts


def _paragraph_fact(
    sentences: list[Sentence], keywords: Keywords, people: People, ids: IdMaker
) -> DraftEntry:
    """A paragraph's sentences, verbatim, with questions from its keywords. The people it
    names, by name and title, are tags: questions about it name them ("What did Dr Liepiņš
    brief Prime Minister Kettunen on?")."""
    text = " ".join(s.clean for s in sentences)
    ranked = keywords.ranked(text)
    words = ranked[:4]
    named = people.found_in(text)
    return DraftEntry(
        id=ids.make("about", words[0] if words else "paragraph"),
        questions=[
            *_questions(words, sentences[0]),
            *_subject_questions(sentences),
            *(_HOW_LONG if _DURATION.search(text) else []),
        ],
        answer=text,
        source=[s.clean for s in sentences],
        tags=[*ranked[:MAX_TAGS], *(w for p in named for w in (*p.name.split(), *_role(p)))],
    )


def _role(person: PersonDraft) -> list[str]:
    return [] if person.role.startswith("REVIEW") else person.role.split()


def _questions(words: list[str], first: Sentence) -> list[str]:
    """'What about X?', 'Tell me about X', 'X': no "say", which asks for a quote."""
    if not words:
        return [f"Tell me about “{_start(first)}”"]
    questions = [f"What about {words[0]}?", f"Tell me about {words[0]}", words[0]]
    for word in words[1:]:
        questions.extend([f"What about {word}?", f"Tell me about {word}"])
    if len(words) > 1:
        questions.append(f"{words[0]} and {words[1]}")
    return questions


def _subject_questions(sentences: list[Sentence]) -> list[str]:
    """'The working group will report to ...' -> 'What will the working group do?'."""
    questions = []
    for sentence in sentences:
        found = _SUBJECT.match(sentence.clean)
        if found is None:
            continue
        subject, verb = found["subject"].lower(), found["verb"]
        questions.append(f"What about the {subject}?")
        if verb == "will":
            questions.append(f"What will the {subject} do?")
        elif verb in ("has", "have"):
            questions.append(f"What has the {subject} done?")
        elif verb not in ("is", "are", "was", "were"):
            questions.append(f"What did the {subject} do?")
    return questions


def _start(sentence: Sentence, length: int = 40) -> str:
    text = sentence.clean
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + "…"
