"""Press contacts, in every layout the Government's sites use: after "Inquiries:", "Further
information:" or "Additional information:", or with no label at all (name, title, phone and
e-mail each on a line of its own at the end); several people separated by commas, semicolons or
"and"; phones with or without "tel.", e-mail addresses, and a full stop at the end of the line.

    Inquiries: A, Special Adviser, tel. +358 50 421 0422, B, Special Adviser, tel. +358 50 574
    0956 and C, Director, tel. +358 40 536 4821, Prime Minister's Office

A line is cut into fields (at semicolons, commas, and an "and" before a name); each field is a
name, a title, a phone, an e-mail address or an organisation, and a name starts the next person.
An "E-mail addresses:" line gives its addresses to the people before it, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.ingest.layout import is_contact_line
from bot.ingest.lexicon import (
    ORGANISATION_WORDS,
    TITLE_VOCABULARY,
    country_names,
    country_of_calling_code,
)
from bot.ingest.phones import PHONE, Phone, to_phone
from bot.ingest.review import Review
from bot.ingest.sentences import Document, Paragraph

ORGANISATION_PLACEHOLDER = "REVIEW: organisation"
TITLE_PLACEHOLDER = "REVIEW: title"
_LABEL = re.compile(r"^[^:]{1,40}:\s*")
_EMAIL = re.compile(r"[^@\s,;]+@[^@\s,;]+\.[a-z]{2,}", re.IGNORECASE)
_WEB = re.compile(r"https?://|www\.", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*$")
_AND_NAME = re.compile(r"^(?P<head>.*\S)\s+and\s+(?P<name>\S.*)$")
_PHONE_LABEL = re.compile(r"\b(?:tel|puh|phone|mobile|mob|gsm|p)\b\.?:?", re.IGNORECASE)
_ORGANISATION_ENDS = frozenset(
    """
    office department ministry agency embassy government service services authority police
    secretariat chancellery parliament bank directorate inspectorate presidency
    """.split()
)
_SEPARATOR = ";"  # a field that separates people whatever follows


@dataclass
class RawContact:
    """A contact as read from the lines, before its phone is turned into E.164."""

    name: str
    title_parts: list[str] = field(default_factory=list)
    printed_phone: str = ""
    organisation: str = ""
    email: str = ""


@dataclass(frozen=True)
class ContactDraft:
    """A press contact ready for the knowledge base."""

    name: str
    title: str
    organisation: str
    phone: str
    phone_e164: str
    printed_phone: str
    email: str | None = None
    printed_organisation: str | None = None  # None: the release prints none for this person

    def as_yaml(self) -> dict[str, str]:
        data = {
            "name": self.name,
            "title": self.title,
            "organisation": self.organisation,
            "phone": self.phone,
            "phone_e164": self.phone_e164,
        }
        if self.email:
            data["email"] = self.email
        return data


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
    """Every contact named on the release's contact lines, labelled or not. A labelled line
    is read on its own; lines without a label (a block, or the lines under "Inquiries:") are read
    together; a line of e-mail addresses only gives them to the people before it."""
    paragraphs = tuple(p for p in document.body if p.is_contact)
    contacts: list[RawContact] = []
    for group in _groups(paragraphs):
        fields = [f for text in group for f in _fields(text)]
        if fields and all(_kind(f) == "email" for f in fields if f != _SEPARATOR):
            _give_emails(contacts, [a.rstrip(".") for f in fields for a in _EMAIL.findall(f)])
        else:
            contacts.extend(_assemble(fields, review))
    if not paragraphs:
        review.note("no contact lines found ('Inquiries:', 'Further information:' or a block)")
    return ContactLines(paragraphs, tuple(contacts))


def _groups(paragraphs: tuple[Paragraph, ...]) -> list[list[str]]:
    """The contact paragraphs' texts (labels removed), grouped into what is read together."""
    groups: list[list[str]] = []
    joined = False  # the last group takes the next unlabelled line
    for paragraph in paragraphs:
        text = paragraph.clean
        label = _LABEL.match(text) if is_contact_line(text) else None
        if label is not None:
            rest = text[label.end() :]
            groups.append([rest] if rest.strip() else [])
            joined = not rest.strip()
        elif joined and groups:
            groups[-1].append(text)
        else:
            groups.append([text])
            joined = True
    return groups


def parse_contact_line(line: str, review: Review) -> list[RawContact]:
    """The people on one contact line (label removed), in order."""
    return _assemble(_fields(line), review)


def home_country(publisher: str | None, lines: ContactLines) -> tuple[str | None, str]:
    """The release's own country and how it was found: from the publisher, else from the
    country code of the contacts' international numbers (when they all agree). Used only to
    write national phone numbers in E.164, never as anyone's country."""
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
    """Contacts with E.164 phones and an organisation (the publisher's, or a placeholder, when
    the release prints none for them)."""
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
                email=raw.email or None,
                printed_organisation=raw.organisation or None,
            )
        )
    return drafts


def is_organisation(text: str) -> bool:
    """Whether a field names an organisation ("Prime Minister's Office", "Police Department",
    "Ministry of Defence") rather than a title ("Head of Unit", "Director of the Unit for ...")."""
    words = [w.removesuffix("'s").removesuffix("’s") for w in re.findall(r"[\w'’]+", text.lower())]
    if not words:
        return False
    return words[0] in ORGANISATION_WORDS or words[-1] in _ORGANISATION_ENDS


def looks_like_name(text: str) -> bool:
    """Two to four capitalised words, none of them a word of titles, offices or countries."""
    words = text.split()
    return (
        2 <= len(words) <= 4
        and all(_NAME_WORD.match(word) for word in words)
        and not any(word.strip(".,") in TITLE_VOCABULARY for word in words)
        and not any(word in country_names() for word in words)
        and not is_organisation(text)
    )


# -- fields -----------------------------------------------------------------------------------


def _fields(line: str) -> list[str]:
    """The line cut at semicolons (kept as separators), commas, and "and" before a name."""
    fields: list[str] = []
    for number, group in enumerate(line.split(";")):
        if number:
            fields.append(_SEPARATOR)
        for piece in group.split(","):
            fields.extend(_split_before_name(piece.strip().removeprefix("and ").strip()))
    return [f for f in fields if f == _SEPARATOR or f.strip(" .")]


def _split_before_name(piece: str) -> list[str]:
    """'tel. +358 295 160 318 and Jussi Laaksonen' -> the phone and the name."""
    found = _AND_NAME.match(piece)
    if found and looks_like_name(found["name"].rstrip(".")):
        return [found["head"], found["name"].rstrip(".")]
    return [piece]


def _kind(text: str) -> str:
    """name, phone, email, web, organisation or title."""
    if _EMAIL.search(text):
        return "email"
    if _WEB.search(text):
        return "web"
    number = PHONE.search(text)
    if number and sum(char.isdigit() for char in number["number"]) >= 6:
        rest = _PHONE_LABEL.sub("", text.replace(number["number"], ""))
        if not rest.strip(" .:"):
            return "phone"
    if looks_like_name(text.rstrip(".")):
        return "name"
    if is_organisation(text):
        return "organisation"
    return "title"


def _assemble(fields: list[str], review: Review) -> list[RawContact]:
    """People from fields: a name starts a person; what follows is theirs."""
    contacts: list[RawContact] = []
    unnamed: list[str] = []
    current: RawContact | None = None
    emails_only: list[str] = []
    for text in fields:
        if text in (_SEPARATOR, ""):
            continue
        kind = _kind(text)
        if kind == "name":
            current = RawContact(text.rstrip("."))
            contacts.append(current)
        elif current is None:
            if kind == "email":
                emails_only.extend(_EMAIL.findall(text))
            elif kind != "web":
                unnamed.append(text)
        elif kind == "phone":
            number = PHONE.search(text)
            if number and not current.printed_phone:
                current.printed_phone = number["number"].strip()
        elif kind == "email":
            address = _EMAIL.search(text)
            if address and not current.email:
                current.email = address.group(0).rstrip(".")
            elif address:
                emails_only.append(address.group(0))
        elif kind == "organisation":
            current.organisation = current.organisation or text.rstrip(".")
        elif kind == "title" and not current.printed_phone:
            current.title_parts.append(text.rstrip("."))
    _give_emails(contacts, [e.rstrip(".") for e in emails_only])
    if unnamed and not contacts:
        review.note(f"contact line without a phone number: '{', '.join(unnamed)}'")
    return contacts


def _give_emails(contacts: list[RawContact], emails: list[str]) -> None:
    """'E-mail addresses: a@..., b@...' after the contacts: in the order of the names."""
    waiting = [contact for contact in contacts if not contact.email]
    for contact, email in zip(waiting, emails, strict=False):
        contact.email = email


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
