"""Put the entries together: every fact in reading order, the "not stated" entries, and the
links between them. Every sentence of the release ends up in some fact's sources."""

from __future__ import annotations

import re

from bot.ingest.entries import DraftEntry
from bot.ingest.extraction import Extracted
from bot.ingest.facts import (
    contact_fact,
    date_fact,
    location_fact,
    meeting_fact,
    other_meetings_fact,
    person_fact,
    summary_fact,
)
from bot.ingest.keywords import Keywords
from bot.ingest.links import link_related
from bot.ingest.names import IdMaker
from bot.ingest.not_stated import not_stated_entries
from bot.ingest.plain import plain_facts
from bot.ingest.quote_facts import quote_facts, speaker_facts
from bot.ingest.review import Review
from bot.ingest.topic_facts import topic_fact, topics_fact

_BRACES = re.compile(r"\{[^{}]*\}")


def build_entries(
    extracted: Extracted, ids: IdMaker, review: Review
) -> tuple[list[DraftEntry], list[DraftEntry]]:
    """The facts and the "not stated" entries of a release."""
    facts = build_facts(extracted, ids, review)
    not_stated = not_stated_entries(extracted, ids, review)
    _without_braces([*facts, *not_stated], review)
    return facts, not_stated


def build_facts(extracted: Extracted, ids: IdMaker, review: Review) -> list[DraftEntry]:
    """Every fact, in the order a reader meets them; every sentence is some fact's source."""
    facts: list[DraftEntry] = [summary_fact(extracted, ids)]
    meeting = extracted.meeting
    if meeting is not None:
        facts.append(meeting_fact(meeting, ids))
        facts.extend(_present(location_fact(meeting, ids)))
    else:
        review.note("no sentence says who met whom: no meeting fact")
    facts.extend(_present(date_fact(extracted, ids), topics_fact(extracted.topics, extracted, ids)))
    keywords = _keywords(extracted)
    per_quote = quote_facts(extracted.quotes, keywords, ids)
    facts.extend(per_quote.values())
    facts.extend(speaker_facts(extracted.quotes, per_quote, ids))
    facts.extend(topic_fact(topic, extracted, ids) for topic in extracted.topics.topics)
    facts.extend(other_meetings_fact(other, ids) for other in extracted.other_meetings)
    facts.extend(person_fact(person, ids) for person in extracted.people if person.sources)
    covered = {source for fact in facts for source in fact.source}
    facts.extend(plain_facts(extracted, covered, keywords, ids, review))
    facts.extend(_present(contact_fact(extracted, ids)))
    link_related(facts, extracted)
    return facts


def _keywords(extracted: Extracted) -> Keywords:
    names = {word for person in extracted.people for word in person.name.split()}
    paragraphs = [p.clean for p in extracted.document.body if not p.is_contact]
    topics = [topic.text for topic in extracted.topics.topics]
    return Keywords(paragraphs, names, topics, extracted.document.headline.clean)


def _without_braces(entries: list[DraftEntry], review: Review) -> None:
    """Answers may hold no {...} but the loader's placeholders: text in braces gets brackets."""
    for entry in entries:
        if _BRACES.search(entry.answer):
            entry.answer = entry.answer.replace("{", "(").replace("}", ")")
            review.note(f"answer of {entry.id}: braces from the text written as ( )")


def _present(*facts: DraftEntry | None) -> list[DraftEntry]:
    return [fact for fact in facts if fact is not None]
