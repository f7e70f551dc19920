"""Plain facts: paragraphs (or parts of them) that no other rule explained, kept with their
sentences and questions made from their keywords, and put on the review list."""

from __future__ import annotations

from bot.ingest.entries import DraftEntry
from bot.ingest.extraction import Extracted
from bot.ingest.keywords import Keywords
from bot.ingest.names import IdMaker
from bot.ingest.review import Review
from bot.ingest.sentences import Sentence

MAX_TAGS = 20


def plain_facts(
    extracted: Extracted,
    covered: set[str],
    keywords: Keywords,
    ids: IdMaker,
    review: Review,
) -> list[DraftEntry]:
    """One fact per paragraph that has a sentence no fact covers yet."""
    quoted = extracted.quoted_sentences
    facts = []
    for paragraph in extracted.document.body:
        if paragraph.is_contact:
            continue
        kept = [s for s in paragraph.sentences if s not in quoted]
        if not any(s.clean not in covered for s in paragraph.sentences):
            continue
        if not kept:  # a quote's sentence left uncovered: cannot happen, but never drop text
            kept = list(paragraph.sentences)
        facts.append(_paragraph_fact(kept, keywords, ids))
        review.note(
            f"paragraph {paragraph.index} kept as a plain fact "
            f"('{_start(kept[0])}'): check its questions"
        )
    return facts


def _paragraph_fact(sentences: list[Sentence], keywords: Keywords, ids: IdMaker) -> DraftEntry:
    """A paragraph's sentences, verbatim, with questions from its keywords."""
    text = " ".join(s.clean for s in sentences)
    ranked = keywords.ranked(text)
    words = ranked[:4]
    return DraftEntry(
        id=ids.make("about", words[0] if words else "paragraph"),
        questions=_questions(words, sentences[0]),
        answer=text,
        source=[s.clean for s in sentences],
        tags=ranked[:MAX_TAGS],
    )


def _questions(words: list[str], first: Sentence) -> list[str]:
    if not words:
        return [f"What does the release say about “{_start(first)}”?"]
    questions = [f"What does the release say about {words[0]}?", f"What about {words[0]}?"]
    questions.append(words[0])
    for word in words[1:]:
        questions.extend([f"What about {word}?", f"What does the release say about {word}?"])
    if len(words) > 1:
        questions.append(f"{words[0]} and {words[1]}")
    return questions


def _start(sentence: Sentence, length: int = 40) -> str:
    text = sentence.clean
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + "…"
