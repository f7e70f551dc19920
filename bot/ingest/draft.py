"""`ingest_text`: a press release in, a draft knowledge base (and what to review) out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.ingest.assemble import build_entries
from bot.ingest.contacts import ORGANISATION_PLACEHOLDER, TITLE_PLACEHOLDER, ContactDraft
from bot.ingest.extraction import Extracted, extract
from bot.ingest.facts import summary_text
from bot.ingest.lexicon import GENERIC_SYNONYMS
from bot.ingest.names import IdMaker, is_valid_id, slug
from bot.ingest.not_stated import small_talk
from bot.ingest.people import PersonDraft
from bot.ingest.quotes import Quote
from bot.ingest.review import Review
from bot.ingest.sentences import parse_document

PUBLISHER_PLACEHOLDER = "REVIEW: publisher"
PLACEHOLDER_PHONE = "+999 000 0000"  # not a real number: +999 is no country's code
RELEASE_FILE = "release.txt"


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
