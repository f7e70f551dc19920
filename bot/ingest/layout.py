"""What a line of a release is, by its layout: a press-contact line ("Inquiries: ..."), a line of
the header under the headline (publisher, publication date, "Press release 74/2019"), or a line
of a contact block printed without a label (name, title, phone and e-mail lines at the end).

Only the shape of single lines is judged here; `sentences` decides which lines form which
paragraphs, and `header` and `contacts` read what the lines say.
"""

from __future__ import annotations

import re

from bot.ingest.lexicon import CONTACT_LABELS, MONTHS, ORGANISATION_WORDS

CONTACT_LINE = re.compile(
    r"^\s*(?:" + "|".join(re.escape(label) for label in CONTACT_LABELS) + r")\s*:", re.IGNORECASE
)
_MONTH = "|".join(MONTHS)
_CLOCK = r"(?:\s+(?:at\s+)?\d{1,2}[.:]\d{2})?"
HEADER_DATE = (
    rf"(?P<date>\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{1,2}}\s+(?:{_MONTH})\s+\d{{4}}|"
    rf"(?:{_MONTH})\s+\d{{1,2}},\s+\d{{4}}){_CLOCK}"
)
DATE_LINE = re.compile(
    rf"^(?:(?:Publication\s+date|Published|Date)\s*:?\s*)?{HEADER_DATE}$", re.IGNORECASE
)
ORGANISATION_AND_DATE = re.compile(rf"^(?P<organisation>.+?)\s+{HEADER_DATE}$")
RELEASE_NUMBER = re.compile(r"^(?:Press|News)\s+release(?:\s+(?P<number>\d+/\d{4}))?$", re.I)
PHONE_LINE = re.compile(
    r"^(?:(?:tel|puh|phone|mobile|mob|gsm)\.?:?\s*)?\+?\s?\(?\d[\d \u00a0()/-]{5,}\d$", re.I
)
EMAIL_LINE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_END_OF_SENTENCE = tuple(".!?:;”\"’'»…")
_MAX_BLOCK_WORDS = 12
_MAX_PUBLISHER_WORDS = 9


def is_contact_line(line: str) -> bool:
    """A line that starts with a contact label: "Inquiries:", "Further information:"."""
    return CONTACT_LINE.match(line) is not None


def is_header_line(line: str) -> bool:
    """A line of the header under the headline: a date, "Press release 74/2019", the publisher,
    or several of them separated by "|"."""
    parts = [part.strip() for part in line.split("|")]
    return all(part and _is_header_part(part) for part in parts)


def _is_header_part(part: str) -> bool:
    if DATE_LINE.match(part) or RELEASE_NUMBER.match(part):
        return True
    combined = ORGANISATION_AND_DATE.match(part)
    return is_publisher_line(combined["organisation"] if combined else part)


def is_publisher_line(line: str) -> bool:
    """A short line naming an organisation, without a full stop: "Ministry of Justice"."""
    words = line.split()
    if not words or len(words) > _MAX_PUBLISHER_WORDS or line.endswith(_END_OF_SENTENCE):
        return False
    if not words[0][:1].isupper():
        return False
    folded = {word.lower().removesuffix("'s").removesuffix("’s") for word in words}
    return bool(folded & ORGANISATION_WORDS)


def is_block_line(line: str) -> bool:
    """A line that can belong to an unlabelled contact block: a phone, an e-mail address, or a
    short capitalised line that does not end like a sentence (a name, a title)."""
    if PHONE_LINE.match(line) or EMAIL_LINE.match(line):
        return True
    words = line.split()
    return (
        0 < len(words) <= _MAX_BLOCK_WORDS
        and line[:1].isupper()
        and not line.endswith(_END_OF_SENTENCE)
        and not is_contact_line(line)
    )


def is_phone_line(line: str) -> bool:
    return PHONE_LINE.match(line) is not None
