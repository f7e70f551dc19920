"""Spellings of names: ASCII forms people type, aliases, and ids made from text."""

from __future__ import annotations

import re
import unicodedata

# The German-style transliteration people use when they cannot type the letter.
_DOUBLE_LETTER = str.maketrans(
    {"ä": "ae", "Ä": "Ae", "ö": "oe", "Ö": "Oe", "ü": "ue", "Ü": "Ue", "å": "aa", "Å": "Aa"}
)
_EXTRA = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss", "đ": "d", "ł": "l"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def ascii_spelling(text: str) -> str:
    """'Häkkänen' -> 'Hakkanen': accents dropped, case kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def double_letter_spelling(text: str) -> str:
    """'Häkkänen' -> 'Haekkaenen', 'Åström' -> 'Aaströem' then accents dropped."""
    return ascii_spelling(text.translate(_DOUBLE_LETTER))


def spellings(text: str) -> list[str]:
    """`text` as printed, in ASCII and in the ae/oe form, without repeats."""
    return unique([text, ascii_spelling(text), double_letter_spelling(text)])


def aliases_for(name: str, surname: str) -> list[str]:
    """What people type for someone: surname and full name, each as printed and in ASCII."""
    return unique([*spellings(surname), *spellings(name)])


def slug(text: str, limit: int = 60, separator: str = "-") -> str:
    """Lower-case ASCII words joined by `separator`, cut at a word boundary within `limit`."""
    words = [w for w in _NOT_SLUG.split(ascii_spelling(text).lower()) if w]
    kept: list[str] = []
    for word in words:
        if kept and len(separator.join([*kept, word])) > limit:
            break
        kept.append(word[:limit])
    return separator.join(kept)


def is_valid_id(text: str) -> bool:
    """Whether `text` is an id the loader accepts: lower case, digits, - and _."""
    return bool(_ID_PATTERN.match(text))


def unique(items: list[str]) -> list[str]:
    """`items` without repeats (compared as printed), in first-seen order, empties dropped."""
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return list(seen)


class IdMaker:
    """Hands out entry ids that are unique within one knowledge base."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def take(self, taken: str) -> None:
        """Mark an id made elsewhere (a person's) as used."""
        self._used.add(taken)

    def make(self, *parts: str) -> str:
        """A new id from `parts`, with _2, _3 ... added if already used."""
        base = "_".join(p for p in (slug(part, 40, "_") for part in parts) if p) or "fact"
        candidate, number = base, 2
        while candidate in self._used:
            candidate, number = f"{base}_{number}", number + 1
        self._used.add(candidate)
        return candidate
