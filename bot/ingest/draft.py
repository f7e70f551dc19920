"""`ingest_text`: a press release in, a draft knowledge base (and what to review) out.

The draft is put together here: the release section, the contacts, the structured records
(people, offices, places, meetings, topics, quotes) the bot derives most answers from, the facts
that add to them in the order a reader meets them, the "not stated" entries and the small talk.
Every sentence of the release ends up in the sources of some record or fact.
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
    meeting_details_fact,
    programme_fact,
    publication_fact,
    summary_fact,
    summary_text,
    topics_fact,
    visit_fact,
)
from bot.ingest.keywords import Keywords
from bot.ingest.lexicon import GENERIC_SYNONYMS
from bot.ingest.meetings import PLANNED, MeetingDraft
from bot.ingest.names import IdMaker, is_valid_id, slug
from bot.ingest.not_stated import not_stated_entries, small_talk
from bot.ingest.parties import Party
from bot.ingest.people import PersonDraft
from bot.ingest.plain import plain_facts
from bot.ingest.quotes import Quote
from bot.ingest.records import Records, build_records
from bot.ingest.review import Review
from bot.ingest.sentences import parse_document

PUBLISHER_PLACEHOLDER = "REVIEW: publisher"
CONTACT_PLACEHOLDER = "REVIEW: press contact"
PLACEHOLDER_PHONE = "+999 000 0000"  # not a real number: +999 is no country's code
RELEASE_FILE = "release.txt"
MIN_PROGRAMME = 2  # planned meetings of one host that get a fact listing them all
_BRACES = re.compile(r"\{[^{}]*\}")
_MODEL_SECTIONS = ("people", "offices", "places", "meetings", "topics", "quotes")


class IngestError(ValueError):
    """The release cannot be turned into a draft (empty text, a bad --id)."""


@dataclass(frozen=True)
class Draft:
    """A draft knowledge base: the YAML-ready data, the release text, what to review, and what
    the rules found (for tests and the review list)."""

    release_id: str
    text: str
    data: dict[str, Any]
    review: tuple[str, ...]
    people: tuple[PersonDraft, ...]
    contacts: tuple[ContactDraft, ...]
    quotes: tuple[Quote, ...]
    extracted: Extracted
    records: Records


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
    given = publisher.strip() if publisher and publisher.strip() else None
    extracted = extract(document, given, review)
    ids = IdMaker()
    facts = [summary_fact(extracted, ids)]
    for meeting in extracted.meetings.meetings:
        meeting.id = ids.make("meeting")
    events, related = _event_facts(extracted, ids)
    records = build_records(extracted, _keywords(extracted), ids, related)
    facts.extend(events)
    facts.extend(_present(topics_fact(extracted, list(records.topic_ids.values()), ids)))
    covered = records.sources() | {source for fact in facts for source in fact.source}
    facts.extend(plain_facts(extracted, covered, _keywords(extracted), ids, review))
    facts.extend(_present(contact_fact(extracted, ids)))
    not_stated = not_stated_entries(extracted, ids, review)
    _without_braces([*facts, *not_stated], review)
    chat = small_talk([fact.questions[0] for fact in facts[:4]], ids)
    contacts = list(extracted.contacts) or [_placeholder_contact(extracted.publisher, review)]
    if extracted.publisher is None:
        review.note(f"publisher not given (--publisher): '{PUBLISHER_PLACEHOLDER}' written")
    if not records.sections["people"]:
        review.note("no people with titles found")
    if not records.sections["meetings"]:
        review.note("no sentence says who met whom: no meeting written")
    data: dict[str, Any] = {
        "release": _release(extracted, release_id, order),
        "contacts": [contact.as_yaml() for contact in contacts],
        **{name: records.sections[name] for name in _MODEL_SECTIONS if records.sections[name]},
        "synonyms": GENERIC_SYNONYMS,
        "facts": [fact.as_yaml() for fact in facts],
        "not_stated": [entry.as_yaml(with_source=False) for entry in not_stated],
        "smalltalk": [entry.small_talk() for entry in chat],
    }
    return Draft(
        release_id=release_id,
        text=text,
        data=data,
        review=review.notes,
        people=tuple(extracted.people),
        contacts=tuple(contacts),
        quotes=extracted.quotes,
        extracted=extracted,
        records=records,
    )


def _programmes(extracted: Extracted) -> list[tuple[Party, list[MeetingDraft]]]:
    """Hosts with several planned meetings, and those meetings."""
    by_host: dict[int, tuple[Party, list[MeetingDraft]]] = {}
    for meeting in extracted.meetings.meetings:
        if meeting.status == PLANNED and meeting.host.person is not None:
            by_host.setdefault(meeting.host.key, (meeting.host, []))[1].append(meeting)
    return [(host, found) for host, found in by_host.values() if len(found) >= MIN_PROGRAMME]


def _event_facts(
    extracted: Extracted, ids: IdMaker
) -> tuple[list[DraftEntry], dict[int, list[str]]]:
    """Visits, programmes, planned meetings' own places and dates, the publication line; and
    for each meeting the facts to link to it (offered next, and no reason to ask back which
    was meant). A visit stated by a meeting's own sentence ("A will host B in Helsinki on ...")
    is that meeting's."""
    facts: list[DraftEntry] = []
    related: dict[int, list[str]] = {}
    meetings = extracted.meetings.meetings
    own = {id(sentence) for m in meetings for sentence in m.sentences if m.visit is None}
    seen: set[tuple[int, str]] = set()
    for visit in extracted.meetings.visits:
        if (id(visit.person), visit.place) in seen or id(visit.sentence) in own:
            continue
        seen.add((id(visit.person), visit.place))
        facts.append(visit_fact(visit, ids))
    for host, programme in _programmes(extracted):
        fact = programme_fact(host, programme, ids)
        facts.append(fact)
        for meeting in programme:
            related.setdefault(id(meeting), []).append(fact.id)
    for meeting in meetings:
        main = meeting is meetings[0] and not seen  # the release's event, no visit told first
        details = meeting_details_fact(meeting, ids, main)
        if details is None:
            continue
        facts.append(details)
        people = {id(person) for person in meeting.people}
        for other in meetings:
            if people & {id(person) for person in other.people}:
                related.setdefault(id(other), []).append(details.id)
    facts.extend(_present(publication_fact(extracted, ids)))
    return facts, related


def _keywords(extracted: Extracted) -> Keywords:
    names = {word for person in extracted.people for word in person.name.split()}
    paragraphs = [p.clean for p in extracted.document.text_paragraphs]
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


def _release(extracted: Extracted, release_id: str, order: int) -> dict[str, Any]:
    """The release section; `published` (and `date`) only when the header prints the date."""
    release: dict[str, Any] = {
        "id": release_id,
        "headline": extracted.document.headline.clean,
        "publisher": extracted.publisher or PUBLISHER_PLACEHOLDER,
        "language": "en",
        "text": RELEASE_FILE,
        "summary": summary_text(extracted),
        "order": order,
    }
    if extracted.header.published_iso is not None:
        release["published"] = extracted.header.published_iso
        release["date"] = extracted.header.published_iso
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
        name=CONTACT_PLACEHOLDER,
        title=TITLE_PLACEHOLDER,
        organisation=publisher or ORGANISATION_PLACEHOLDER,
        phone=PLACEHOLDER_PHONE,
        phone_e164="+" + "".join(char for char in PLACEHOLDER_PHONE if char.isdigit()),
        printed_phone="",
    )
