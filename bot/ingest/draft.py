"""`ingest_text`: a press release in, a draft knowledge base (and what to review) out.

The draft is put together here: the release section, the contacts and people, every fact in the
order a reader meets them, the "not stated" entries, the small talk, and the `related` links
between facts. Every sentence of the release ends up in some fact's sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.ingest.contacts import ORGANISATION_PLACEHOLDER, TITLE_PLACEHOLDER, ContactDraft
from bot.ingest.entries import DraftEntry
from bot.ingest.extraction import Extracted, extract
from bot.ingest.facts import (
    contact_fact,
    date_fact,
    location_fact,
    meeting_fact,
    other_meetings_fact,
    person_fact,
    summary_fact,
    summary_text,
    topic_fact,
    topics_fact,
)
from bot.ingest.keywords import Keywords
from bot.ingest.lexicon import GENERIC_SYNONYMS
from bot.ingest.names import IdMaker, is_valid_id, slug
from bot.ingest.not_stated import not_stated_entries, small_talk
from bot.ingest.people import PersonDraft
from bot.ingest.plain import plain_facts
from bot.ingest.quote_facts import quote_facts, speaker_facts
from bot.ingest.quotes import Quote
from bot.ingest.review import Review
from bot.ingest.sentences import parse_document

PUBLISHER_PLACEHOLDER = "REVIEW: publisher"
PLACEHOLDER_PHONE = "+999 000 0000"  # not a real number: +999 is no country's code
RELEASE_FILE = "release.txt"
_BRACES = re.compile(r"\{[^{}]*\}")


class IngestError(ValueError):
    """The release cannot be turned into a draft (empty text, a bad --id)."""


@dataclass(frozen=True)
class Draft:
    """A draft knowledge base: the YAML-ready data, the release text, and what to review."""

    release_id: str
    text: str
    data: dict[str, Any]
    review: tuple[str, ...]
    people: tuple[PersonDraft, ...]
    contacts: tuple[ContactDraft, ...]
    quotes: tuple[Quote, ...]


def ingest_text(
    text: str, release_id: str | None, order: int = 0, publisher: str | None = None
) -> Draft:
    """Turn a press release into a draft knowledge base, offline and without inventing."""
    try:
        document = parse_document(text)
    except ValueError as error:
        raise IngestError(str(error)) from None
    review = Review()
    release_id = _release_id(release_id, document.headline.clean)
    publisher = publisher.strip() if publisher and publisher.strip() else None
    extracted = extract(document, publisher, review)
    ids = IdMaker()
    facts, not_stated = build_entries(extracted, ids, review)
    chat = small_talk([fact.questions[0] for fact in facts[:4]], ids)
    contacts = list(extracted.contacts) or [_placeholder_contact(publisher, review)]
    if publisher is None:
        review.note(f"publisher not given (--publisher): '{PUBLISHER_PLACEHOLDER}' written")
    data = {
        "release": _release(extracted, release_id, order, publisher),
        "contacts": [contact.as_yaml() for contact in contacts],
        "people": [person.as_yaml() for person in extracted.people],
        "synonyms": GENERIC_SYNONYMS,
        "facts": [fact.as_yaml() for fact in facts],
        "not_stated": [entry.as_yaml(with_source=False) for entry in not_stated],
        "smalltalk": [entry.small_talk() for entry in chat],
    }
    if not data["people"]:
        del data["people"]
        review.note("no people with titles found")
    return Draft(
        release_id=release_id,
        text=text,
        data=data,
        review=review.notes,
        people=tuple(extracted.people),
        contacts=tuple(contacts),
        quotes=extracted.quotes,
    )


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


def link_related(facts: list[DraftEntry], extracted: Extracted) -> None:
    """Fill `related` with the facts a reader would ask about next."""
    known = {fact.id for fact in facts} | ({"ns_date"} if extracted.date is None else set())
    date_id = "date" if "date" in known else "ns_date"
    topic_ids = [fact.id for fact in facts if fact.id.startswith("topic_")]
    wanted = {
        "summary": ["meeting", "topics", "contact"],
        "meeting": ["location", "topics", "other_meetings", date_id],
        "location": ["meeting", date_id],
        "date": ["meeting", "location"],
        "topics": topic_ids[:3],
        "other_meetings": ["meeting", "location"],
        **{person.id: ["meeting", f"{person.id}_quotes"] for person in extracted.people},
    }
    for fact in facts:
        if fact.id.startswith("topic_"):
            wanted[fact.id] = ["topics"]
        for listed in fact.related:  # a speaker's quotes point back to the speaker's fact
            if listed.startswith("quote_"):
                wanted.setdefault(listed, []).append(fact.id)
    for fact in facts:
        fact.related = [r for r in [*fact.related, *wanted.get(fact.id, [])] if r in known]


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


def _release_id(given: str | None, headline: str) -> str:
    """The given id if valid, else a slug of the headline."""
    if given:
        if not is_valid_id(given):
            raise IngestError(f"release id '{given}' must be lower-case letters, digits, - or _")
        return given
    made = slug(headline)
    if not made:
        raise IngestError("cannot make a release id from the headline; give --id")
    return made


def _release(
    extracted: Extracted, release_id: str, order: int, publisher: str | None
) -> dict[str, Any]:
    """The release section; `date` only when a full date is printed."""
    release: dict[str, Any] = {
        "id": release_id,
        "headline": extracted.document.headline.clean,
        "publisher": publisher or PUBLISHER_PLACEHOLDER,
        "language": "en",
        "text": RELEASE_FILE,
        "summary": summary_text(extracted),
        "order": order,
    }
    if extracted.date is not None and extracted.date.iso is not None:
        release["date"] = extracted.date.iso
    release["draft"] = True
    release["source_note"] = "Draft made by release-bot ingest from release.txt; not reviewed."
    return release


def _placeholder_contact(publisher: str | None, review: Review) -> ContactDraft:
    """A clearly fake contact when the release has none (the loader needs one)."""
    review.note(
        f"no press contact with a phone found: a placeholder contact with {PLACEHOLDER_PHONE} "
        "was written, replace it"
    )
    return ContactDraft(
        name="REVIEW: press contact",
        title=TITLE_PLACEHOLDER,
        organisation=publisher or ORGANISATION_PLACEHOLDER,
        phone=PLACEHOLDER_PHONE,
        phone_e164="+" + "".join(char for char in PLACEHOLDER_PHONE if char.isdigit()),
        printed_phone="",
    )
