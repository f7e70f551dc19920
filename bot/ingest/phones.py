"""Phone numbers: find them in a contact line and write them in E.164.

The loader requires the printed number and the E.164 form to hold the same digits, so a number
printed without a country code ("040 123 4567") is written with one ("+358 40 123 4567"), keeping
the printed grouping, and the change is put on the review list; so is a trunk 0 that is dropped
after the country code ("+358 (0)295 ...", "+ 358 0295 ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ingest.lexicon import calling_code
from bot.ingest.review import Review

PHONE = re.compile(
    r"(?P<label>\b(?:tel|puh|phone|mobile|mob|gsm|p)\b\.?:?\s*)?"
    r"(?P<number>(?:\+\s?)?\(?\d[\d \u00a0()/-]{4,}\d)"
)
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_TRUNK_ZERO = re.compile(r"\(0\)\s*")
_SPACED_PLUS = re.compile(r"^\+\s+")
_FINNISH_TRUNK = re.compile(r"^\+358\s*0(?=\d)")  # "+358 0295 ...": the 0 is dialled only at home
FINLAND = "Finland"


@dataclass(frozen=True)
class Phone:
    """A number as printed, as written in the knowledge base, and in E.164."""

    printed: str
    written: str
    e164: str


def digits(text: str) -> str:
    """Only the digits of `text`."""
    return "".join(char for char in text if char.isdigit())


def to_phone(printed: str, home: str | None, who: str, review: Review) -> Phone | None:
    """`printed` as a Phone, or None (with a review note) when it cannot be made E.164."""
    printed = " ".join(printed.split())
    written = _international(printed, home, who, review)
    e164 = "+" + digits(written)
    if not _E164.match(e164):
        review.note(f"phone of {who} '{printed}' is not a valid phone number: contact left out")
        return None
    return Phone(printed, written, e164)


def _international(printed: str, home: str | None, who: str, review: Review) -> str:
    """The printed number with a country code, changed as little as possible."""
    if printed.startswith("+"):
        written = _FINNISH_TRUNK.sub("+358 ", _SPACED_PLUS.sub("+", printed))
        if "(0)" in written:
            written = _TRUNK_ZERO.sub("", written)
            review.note(f"phone of {who} '{printed}': the (0) was dropped, written as '{written}'")
        elif written != printed:
            review.note(f"phone of {who} '{printed}' written as '{written}'")
        return written
    if printed.startswith("00"):
        written = "+" + printed[2:].lstrip()
        review.note(f"phone of {who} '{printed}' written as '{written}'")
        return written
    code, reason = _assumed_code(home)
    national = printed[1:].lstrip() if printed.startswith("0") else printed
    written = f"+{code} {national}"
    review.note(
        f"phone of {who} '{printed}' has no country code: written as '{written}' ({reason})"
    )
    return written


def _assumed_code(home: str | None) -> tuple[str, str]:
    """The calling code to assume for a national number, and why, for the review note."""
    if home == FINLAND:
        return "358", "the release is Finnish"
    code = calling_code(home)
    if code:
        return code, f"ASSUMED from the release's country, {home}: check it"
    return "358", "ASSUMED +358, the release's country is unknown: check it"
