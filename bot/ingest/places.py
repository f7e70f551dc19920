"""Where something happens, as a sentence says it: "in Tromsø", "While in Brussels", "During his
visit to Moscow", or a town already known appearing in the sentence ("at the Narva border
crossing point"). Never a month ("in November") or a person, and not "based in Moscow"."""

from __future__ import annotations

import re

from bot.core.normalize import fold
from bot.ingest.lexicon import MONTHS

_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’-]*(?:\.[A-Z]\.?)?(?:\s+[A-ZÀ-ÖØ-Þ][\w'’.-]*)*"
_IN = re.compile(rf"(?<!based )(?<!located )(?<!living )\b(?:in|visit\s+to)\s+(?P<place>{_NAME})")
_HEADLINE = re.compile(rf"\bin\s+(?P<place>{_NAME})\s*$")
_NOT_PLACES = frozenset({*MONTHS, "Finnish", "English", "Swedish", "January"})


def place_in(text: str, known: list[str], excluded: list[str]) -> str | None:
    """The place `text` names: "in <Place>" (or "visit to <Place>"), else a known place that
    appears in it. `excluded` are names that are no place (the people of the release)."""
    for found in _IN.finditer(text):
        place = _trim(found["place"])
        if place and not _is_excluded(place, excluded):
            return place
    folded = fold(text)
    for place in known:
        if re.search(rf"\b{re.escape(fold(place))}\b", folded):
            return place
    return None


def headline_place(headline: str, excluded: list[str]) -> str | None:
    """'... discussed cooperation in criminal matters in Moscow': Moscow."""
    found = _HEADLINE.search(headline)
    if found is None:
        return None
    place = _trim(found["place"])
    return place if place and not _is_excluded(place, excluded) else None


def _trim(place: str) -> str:
    words = place.split()
    if words and words[-1].endswith(".") and words[-1].count(".") == 1:
        words[-1] = words[-1].rstrip(".")  # "in New York." but "in Washington D.C."
    while words and words[-1] in _NOT_PLACES:
        words.pop()
    if words and words[0] in _NOT_PLACES:
        return ""
    return " ".join(words).rstrip(",")


def _is_excluded(place: str, excluded: list[str]) -> bool:
    """A place named like someone ("Tamm Hall" in a release naming Mari Tamm) is not taken."""
    words = set(fold(place).split())
    return any(words & set(fold(name).split()) for name in excluded)
