"""Press contacts from the "Inquiries:" / "Further information:" line.

A line may hold several people: "Inquiries: A, Special Adviser, tel. +358 50 421 0422, B, Special
Adviser, tel. +358 50 574 0956 and C, Director, tel. +358 40 536 4821, Prime Minister's Office".
Each person is a name, a title, a phone and, after (or before) the phone, an organisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.ingest.lexicon import ORGANISATION_WORDS, country_names, country_of_calling_code
from bot.ingest.phones import PHONE, Phone, to_phone
from bot.ingest.review import Review
from bot.ingest.sentences import Document, Paragraph

ORGANISATION_PLACEHOLDER = "REVIEW: organisation"
TITLE_PLACEHOLDER = "REVIEW: title"
_LABEL = re.compile(r"^[^:]{1,40}:\s*")
_EMAIL_OR_WEB = re.compile(r"@|https?://|www\.", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*$")


@dataclass
class RawContact:
    """A contact as read from the line, before its phone is turned into E.164."""

    name: str
    title_parts: list[str] = field(default_factory=list)
    printed_phone: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class ContactDraft:
    """A press contact ready for the knowledge base."""

    name: str
    title: str
    organisation: str
    phone: str
    phone_e164: str
    printed_phone: str

    def as_yaml(self) -> dict[str, str]:
        return {
            "name": self.name,
            "title": self.title,
            "organisation": self.organisation,
            "phone": self.phone,
            "phone_e164": self.phone_e164,
        }


@dataclass(frozen=True)
class ContactLines:
    """The contact paragraphs and the contacts read from them."""

    paragraphs: tuple[Paragraph, ...]
    raw: tuple[RawContact, ...]

    @property
    def sources(self) -> list[str]:
        return [paragraph.clean for paragraph in self.paragraphs]

    def international_numbers(self) -> list[str]:
        """Numbers printed with a country code."""
        return [c.printed_phone for c in self.raw if c.printed_phone.startswith("+")]


def read_contact_lines(document: Document, review: Review) -> ContactLines:
    """Every contact named on the release's contact lines."""
    paragraphs = tuple(p for p in document.body if p.is_contact)
    raw: list[RawContact] = []
    for paragraph in paragraphs:
        raw.extend(parse_contact_line(_LABEL.sub("", paragraph.clean, count=1), review))
    if not paragraphs:
        review.note("no 'Inquiries:' or 'Further information:' line found")
    return ContactLines(paragraphs, tuple(raw))


def parse_contact_line(line: str, review: Review) -> list[RawContact]:
    """The people on one contact line (label removed), in order."""
    contacts: list[RawContact] = []
    position = 0
    for match in PHONE.finditer(line):
        if sum(char.isdigit() for char in match.group("number")) < 6:
            continue
        parts = _parts(line[position : match.start()])
        _give_leading_organisation(parts, contacts)
        if not parts:
            if contacts and not contacts[-1].printed_phone:
                contacts[-1].printed_phone = match.group("number")
            position = match.end()
            continue
        contacts.append(_contact_from_parts(parts, match.group("number")))
        position = match.end()
    _give_trailing_organisation(_parts(line[position:]), contacts, review)
    return contacts


def home_country(publisher: str | None, lines: ContactLines) -> tuple[str | None, str]:
    """The release's own country and how it was found: from the publisher, else from the
    country code of the contacts' international numbers (when they all agree)."""
    if publisher:
        for name, country in country_names().items():
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", publisher):
                return country, f"the publisher '{publisher}'"
    countries = {country_of_calling_code(n) for n in lines.international_numbers()}
    if len(countries) == 1 and None not in countries:
        (found,) = countries
        return found, "the country code of the press contact's phone"
    return None, ""


def finish_contacts(
    lines: ContactLines, home: str | None, publisher: str | None, review: Review
) -> list[ContactDraft]:
    """Contacts with E.164 phones and an organisation (or its placeholder)."""
    drafts = []
    for raw in lines.raw:
        phone = _phone_of(raw, home, review)
        if phone is None:
            continue
        drafts.append(
            ContactDraft(
                name=raw.name,
                title=_title_of(raw, review),
                organisation=_organisation_of(raw, publisher, review),
                phone=phone.written,
                phone_e164=phone.e164,
                printed_phone=phone.printed,
            )
        )
    return drafts


def _phone_of(raw: RawContact, home: str | None, review: Review) -> Phone | None:
    if not raw.printed_phone:
        review.note(f"contact {raw.name} has no phone number: left out (the loader needs one)")
        return None
    return to_phone(raw.printed_phone, home, raw.name, review)


def _title_of(raw: RawContact, review: Review) -> str:
    if raw.title_parts:
        return ", ".join(raw.title_parts)
    review.note(f"contact {raw.name} has no title: '{TITLE_PLACEHOLDER}' written")
    return TITLE_PLACEHOLDER


def _organisation_of(raw: RawContact, publisher: str | None, review: Review) -> str:
    if raw.organisation:
        return raw.organisation
    if publisher:
        review.note(f"organisation of contact {raw.name} not given: the publisher was used")
        return publisher
    review.note(
        f"organisation of contact {raw.name} unknown: '{ORGANISATION_PLACEHOLDER}' written "
        "(give --publisher or fix it)"
    )
    return ORGANISATION_PLACEHOLDER


def _parts(text: str) -> list[str]:
    """Comma-separated parts of a stretch of the line, "and" between people split off."""
    parts: list[str] = []
    for piece in text.split(","):
        piece = piece.strip().removeprefix("and ").strip()
        if not piece or piece.lower() in ("tel.", "tel", "puh.", "phone", "p."):
            continue
        parts.extend(_split_organisation_and_name(piece))
    return [_strip_phone_label(part) for part in parts if _strip_phone_label(part)]


def _strip_phone_label(part: str) -> str:
    return re.sub(r"\s*\b(?:tel|puh|phone|mobile|mob|gsm)\b\.?:?\s*$", "", part).strip()


def _split_organisation_and_name(piece: str) -> list[str]:
    """'Ministry of the Environment and Sari Koivu' -> the organisation and the name."""
    head, separator, tail = piece.rpartition(" and ")
    if separator and is_organisation(head) and looks_like_name(tail):
        return [head, tail]
    return [piece]


def _give_leading_organisation(parts: list[str], contacts: list[RawContact]) -> None:
    """Parts before the next person's name belong to the person before (organisation, email)."""
    while parts and contacts and (is_organisation(parts[0]) or _EMAIL_OR_WEB.search(parts[0])):
        part = parts.pop(0)
        if is_organisation(part) and not contacts[-1].organisation:
            contacts[-1].organisation = part


def _give_trailing_organisation(
    parts: list[str], contacts: list[RawContact], review: Review
) -> None:
    """What follows the last phone: the last person's organisation (emails are skipped)."""
    kept = [part for part in parts if not _EMAIL_OR_WEB.search(part)]
    if not kept:
        return
    if not contacts:
        review.note(f"contact line without a phone number: '{', '.join(kept)}'")
        return
    if not contacts[-1].organisation:
        contacts[-1].organisation = ", ".join(kept)


def _contact_from_parts(parts: list[str], number: str) -> RawContact:
    """name, title..., [organisation] before a phone number."""
    contact = RawContact(name=parts[0], printed_phone=number)
    rest = [part for part in parts[1:] if not _EMAIL_OR_WEB.search(part)]
    if len(rest) > 1 and is_organisation(rest[-1]):
        contact.organisation = rest.pop()
    contact.title_parts = rest
    return contact


def is_organisation(text: str) -> bool:
    """Whether a part of a contact line names an organisation ("Prime Minister's Office")."""
    words = re.findall(r"[\w']+", text.lower())
    return any(word.removesuffix("'s") in ORGANISATION_WORDS for word in words)


def looks_like_name(text: str) -> bool:
    """Two to four capitalised words, none of them an organisation word."""
    words = text.split()
    return (
        2 <= len(words) <= 4
        and all(_NAME_WORD.match(word) for word in words)
        and not is_organisation(text)
    )
