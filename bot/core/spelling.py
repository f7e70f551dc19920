"""Typo correction against a known vocabulary, shared by the analyser and the report's grouping.

A word is corrected to the closest known word that starts with the same letter and is one edit
away (two for words of seven letters or more), edits being optimal string alignment: the
restricted Damerau-Levenshtein distance, where swapped neighbours count once ("contcat").
Typos rarely hit the first letter, and requiring it keeps ordinary words ("report") from being
"corrected" into known ones ("deport"). Words shorter than `MIN_CORRECTABLE` are never
corrected, nor corrected to: "who" and "how" are one edit apart, and "code" is not the acronym
"coe". A short word (one edit allowed) is never corrected to a shorter one: a letter too many is a
rarer typo than one too few, and dropping one turns ordinary words into known ones ("party" ->
"part", "means" -> "mean"). Nor is a word corrected to its own beginning ("personal" ->
"person", "officers" -> "officer"): that is another word, or a form the stemmer already reads.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

MIN_CORRECTABLE = 4
SHORT_WORD = 7  # shorter words are allowed one edit, and never corrected to a shorter word


def correctable(word: str) -> bool:
    """Whether `word` is long enough and alphabetic, so that correcting it is safe."""
    return len(word) >= MIN_CORRECTABLE and word.isalpha()


def edit_limit(word: str) -> int:
    return 1 if len(word) < SHORT_WORD else 2


class SpellingIndex:
    """Known words by first letter; `closest` finds a correction, `add` grows the index."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._by_initial: dict[str, list[str]] = {}
        for word in words:
            self.add(word)

    def add(self, word: str) -> None:
        self._by_initial.setdefault(word[0], []).append(word)

    def closest(self, word: str) -> str | None:
        """The known word within the edit limit of `word` (the first of equals), or None."""
        limit = edit_limit(word)
        shortest = max(MIN_CORRECTABLE, len(word) if len(word) < SHORT_WORD else 0)
        same_initial = [
            known
            for known in self._by_initial.get(word[0], ())
            if len(known) >= shortest and (known == word or not word.startswith(known))
        ]
        found = process.extractOne(word, same_initial, scorer=OSA.distance, score_cutoff=limit)
        return found[0] if found else None
