"""Text normalisation shared by the knowledge base, the matcher and everything that echoes text.

Two levels:
- `clean_text` makes text safe to store and show: NFKC, no control or format characters
  (zero-width spaces, bidi overrides), whitespace collapsed. Case and accents are kept.
- `fold` makes text comparable: `clean_text`, then case-folded, accents stripped
  (Häkkänen -> hakkanen), apostrophes dropped (what's -> whats) and punctuation turned into spaces.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that NFKD does not decompose into a base letter and a combining mark.
_EXTRA_FOLDS = str.maketrans(
    {"ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"}
)
# Invisible characters that people (or pasted web text) use between words.
_INVISIBLE_SPACES = frozenset("\u200b\u180e")
_APOSTROPHES = re.compile(r"['’ʼ`´‘]")
_ASCII_APOSTROPHES = re.compile(r"['`]")
# English contractions whose letters alone are another word ("he'll" -> "hell", "we're" ->
# "were", "we've" -> "weve"): spelt out before the apostrophes go
_CONTRACTIONS = re.compile(r"(?<=[a-z])['’ʼ`´‘](ll|re|ve)\b")
_SPELT_OUT = {"ll": " will", "re": " are", "ve": " have"}
_NOT_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Return `text` in NFKC with control and format characters removed and spaces collapsed."""
    text = unicodedata.normalize("NFKC", text)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char in _INVISIBLE_SPACES:
            kept.append(" ")
            continue
        if category == "Cf" or char in "\ufffe\uffff":
            continue  # zero-width joiners and bidi controls: invisible, and dangerous when echoed
        if category in ("Cc", "Zl", "Zp"):
            kept.append(" ")
            continue
        if category in ("Cs", "Co", "Cn"):
            continue  # lone surrogates, private use, unassigned: no meaning to match on
        kept.append(char)
    return _SPACES.sub(" ", "".join(kept)).strip()


def strip_accents(text: str) -> str:
    """Remove diacritics: 'Häkkänen' -> 'Hakkanen'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_EXTRA_FOLDS)


def _spell_out(text: str) -> str:
    if _APOSTROPHES.search(text) is None:  # most text: no regular-expression substitution
        return text
    return _CONTRACTIONS.sub(lambda m: _SPELT_OUT[m.group(1)], text)


FOLDS_KEPT = 8192  # folded texts remembered (a question is folded whole and in parts many times)
FOLD_KEPT_CHARS = 300  # longer texts (release sentences, chatty messages) are folded each time


def fold(text: str) -> str:
    """The comparable form of `text`: lower case, no accents, words separated by one space."""
    if len(text) <= FOLD_KEPT_CHARS:
        return _folded(text)
    return _fold(text)


@lru_cache(maxsize=FOLDS_KEPT)
def _folded(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    if text.isascii():  # most text: the same result without the per-character Unicode work
        text = _spell_out(text.lower())
        text = _ASCII_APOSTROPHES.sub("", text)
        return _SPACES.sub(" ", _NOT_WORD.sub(" ", text)).strip()
    text = _spell_out(strip_accents(clean_text(text).casefold()))
    text = _APOSTROPHES.sub("", text)
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", text)).strip()
